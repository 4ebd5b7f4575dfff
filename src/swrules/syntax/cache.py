"""The parsed-policy cache: a policy's AST kept on disk between runs, like a `.pyc`.

Input: a `Source` (a policy file's name and text) and, after a successful parse, its
`ast.Policy`. Output: the same `ast.Policy` on a later run, without parsing. Parsing
is most of the cost of loading a policy (Lark builds its lexer's regular expressions
on first use in every process), so `swrules eval` on an unchanged policy starts in
milliseconds instead of a quarter of a second.

Guarantee: a cached AST is used only if it was made from the same text, under the
same name, by the same grammar and the same parsing code (the grammar file and the
modules that shape the AST are part of the key), and by the same Python. Only
policies that parsed without error are stored, so diagnostics always come from a
real parse. Any problem with the cache (unwritable folder, damaged or foreign file)
just means parsing again. One file per policy path, so edits do not pile up files,
and at most `KEEP` files (the least recently written go first: test runs parse
policies under ever new temporary paths).
Set `SWRULES_AST_CACHE=0` to turn it off. The folder is the one Lark's own grammar
cache (also a pickle) lives in; both are used only where that folder is the user's
own and nobody else can write to it (`syntax.private_cache_folder`), since loading a
pickle runs code.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from swrules.base.cachedir import enabled
from swrules.base.source import Source
from swrules.base.version import __version__

from . import ast as A
from .parser import _COMMENT_SINK, grammar_path, private_cache_folder

KEEP = 64
# The packages whose code can change the AST a source parses to (see `_code_key`).
SHAPING_PACKAGES = ("base", "syntax")


@functools.cache
def _code_key() -> bytes:
    """What determines the AST of a source: the Python and swrules versions, the grammar,
    and the code of the packages that may shape it. The import contract lets `syntax`
    import only `base`, so every source file of those two packages is hashed, found by
    listing the folders rather than by a list of names that a move would make stale."""
    h = hashlib.sha256(sys.version.encode() + b"\0" + __version__.encode() + b"\0")
    h.update(grammar_path().read_bytes())
    package = Path(__file__).resolve().parents[1]
    for folder in SHAPING_PACKAGES:
        for path in sorted((package / folder).rglob("*.py")):
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


def _paths(source: Source) -> tuple[Path, bytes] | None:
    folder = private_cache_folder()
    if folder is None:
        return None
    h = hashlib.sha256(_code_key())
    h.update(source.name.encode("utf-8", "surrogatepass") + b"\0" + source.text.encode("utf-8", "surrogatepass"))
    name = hashlib.sha256(source.name.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return folder / f"policy-{name}.ast-cache", h.digest()


def load(source: Source) -> A.Policy | None:
    """The AST parsed earlier from exactly this source, or None."""
    if not enabled() or _COMMENT_SINK.get() is not None:  # the caller wants comments: only a parse has them
        return None
    where = _paths(source)
    if where is None:
        return None
    path, key = where
    try:
        with open(path, "rb") as fh:
            if fh.read(32) != key:
                return None
            policy = pickle.load(fh)
    except Exception:  # no file, unreadable, damaged: parse instead
        return None
    return policy if isinstance(policy, A.Policy) else None


def store(source: Source, policy: A.Policy) -> None:
    """Keep a successfully parsed AST for the next run; never fails."""
    where = _paths(source) if enabled() else None
    if where is None:
        return
    path, key = where
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ast-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key)
                pickle.dump(policy, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(path.parent)
    except Exception:  # a read-only home, a full disk: the cache is an optimisation only
        return


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("policy-*.ast-cache"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP]:
        old.unlink(missing_ok=True)
