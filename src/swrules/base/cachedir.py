"""Where swrules keeps its caches, and whether they are on.

Input: the environment (`SWRULES_CACHE_DIR`, `XDG_CACHE_HOME`, `SWRULES_AST_CACHE`) and
the file system. Output: the private cache folder, or None when there is no safe one;
`enabled()`, False when `SWRULES_AST_CACHE=0` turns the caches off. Lark's grammar
tables, the parsed-policy cache (`syntax.cache`) and the compiled-policy snapshots
(`engine.snapshot`) all live there; all are pickles, so the folder must be the user's
own. Imports nothing else of swrules, so that a warm start finds it without the parser.
"""

from __future__ import annotations

import os
from pathlib import Path


def enabled() -> bool:
    return os.environ.get("SWRULES_AST_CACHE", "1") != "0"


def private_cache_folder() -> Path | None:
    """The folder for swrules' caches, or None when there is no safe one.

    The caches (Lark's grammar tables, parsed policies, compiled-policy snapshots) are
    pickles, and loading a pickle runs code: a cache is used only in a folder that
    belongs to this user and that nobody else can write to, never in a shared temporary
    folder. `SWRULES_CACHE_DIR` names the folder itself (the test suite points it at a
    folder of its own, so that a test run never writes to the user's cache); otherwise
    it is `swrules` in `XDG_CACHE_HOME` or `~/.cache`.
    """
    chosen = os.environ.get("SWRULES_CACHE_DIR")
    if chosen:
        folder = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "swrules"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        probe = folder / ".probe"
        probe.touch()
        probe.unlink()
    except OSError:
        return None
    return folder
