"""Replacing a file all at once: what `-o FILE` (cli) and the workbench's save (web) share.

A file is written to a temporary file beside it, which is renamed over the target only when
writing succeeded, so a crash or a bad input never leaves a half-written file. The new file
keeps the mode of the file it replaces, or gets the mode any new file would have. Opening the
temporary file is the caller's (each reports its failure in its own words); this module only
finishes or removes it. Imports nothing of swrules."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def new_file_mode() -> int:
    """The mode a file created now would get (0666 less the umask); `mkstemp` makes 0600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def replaced_on_success(fd: int, tmp: str, target: Path, mode: int | None, *,
                        binary: bool = False) -> Iterator[IO[Any]]:
    """The open temporary file `tmp` (descriptor `fd`, from `tempfile.mkstemp` beside `target`);
    when the block ends without an error it gets `mode` (None: a new file's mode) and replaces
    `target`; on any error it is removed and the error goes on."""
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            yield handle
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
