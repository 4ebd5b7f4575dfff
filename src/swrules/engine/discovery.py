"""Finding a batch's fact files: the files named and those under the folders named.

Input: the paths given on the command line. Output: `FactFiles`, the fact files in a
fixed order (arguments in the order given, each folder's files sorted by their path
within it, hidden files and folders skipped), each once. It is read from the file
system each time it is gone through, one folder at a time (`os.scandir`, that folder's
entries sorted), so that a batch of 100,000 files never holds every name: a repeat is
recognised from the arguments alone (a file named twice, or lying under a folder
already gone through), not from a set of every name seen.
"""

from __future__ import annotations

import heapq
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from swrules.base.diagnostics import Diagnostic, SwrulesError
from swrules.facts.xlsx import XLSX_SUFFIXES

FACT_SUFFIXES = (".toml", ".json", *XLSX_SUFFIXES)


class NoFactFiles(SwrulesError):
    """A folder named on the command line holds no fact file, or nothing was named."""


def _wanted(name: str) -> bool:
    """A file name a folder contributes: a fact file's suffix, not hidden, not an office lock file."""
    # `~$名称.xlsx` is the lock file Excel and WPS leave beside an open workbook.
    if name.startswith((".", "~$")):
        return False
    dot = name.rfind(".")  # as `Path.suffix` reads it
    return 0 < dot < len(name) - 1 and name[dot:].lower() in FACT_SUFFIXES


def _prefix(root: str) -> str:
    """What the names found under `root` begin with (`Path(root) / name`, as text)."""
    posix = Path(root).as_posix()
    return "" if posix == "." else posix if posix.endswith("/") else posix + "/"


def _walk(prefix: str, folder: str) -> Iterator[str]:
    """The fact files under `folder`, sorted by their path below it. Folders are gone into
    in the order of `name/`, which is the order of the whole paths sorted as text; links to
    folders are not followed, and a folder that cannot be read is passed over."""
    for name in _entries(folder):
        if name.endswith("/"):
            yield from _walk(prefix + name, folder + name if folder else name)
        else:
            yield prefix + name


# A folder's entries are sorted in runs of this many names, each run then kept as one
# string: 100,000 files in one folder hold about 2 MB of names, not 100,000 string objects.
RUN = 4096


def _kind(entry: os.DirEntry[str]) -> str | None:
    """What a batch makes of one folder entry: "/" for a folder to walk into, "" for a fact
    file, None for anything it leaves out (hidden, another kind of file, unreadable)."""
    name = entry.name
    if name.startswith("."):
        return None
    try:
        if entry.is_dir(follow_symlinks=False):
            return "/"
        if _wanted(name) and entry.is_file():
            return ""
    except OSError:
        pass
    return None


def _entries(folder: str) -> Iterator[str]:
    """The entries of one folder that a batch looks at, sorted: sub-folders as `name/`,
    fact files as `name`, hidden ones left out."""
    runs: list[str] = []
    names: list[str] = []
    try:
        with os.scandir(folder or ".") as found:
            for entry in found:
                kind = _kind(entry)
                if kind is None:
                    continue
                names.append(entry.name + kind)
                if len(names) == RUN:
                    names.sort()
                    runs.append("\0".join(names))  # no file name holds a NUL
                    names = []
    except OSError:
        return
    names.sort()
    if not runs:
        yield from names
        return
    if names:
        runs.append("\0".join(names))
    del names
    yield from heapq.merge(*(_split(run) for run in runs))


def _holds_one(folder: str) -> bool:
    """Whether `_walk(folder)` finds any file: the same test of each entry, in the order the
    folder gives them, stopping at the first (no folder of 100,000 names sorted to see it is not empty)."""
    try:
        with os.scandir(folder or ".") as found:
            folders = []
            for entry in found:
                kind = _kind(entry)
                if kind == "":
                    return True
                if kind:
                    folders.append(folder + entry.name + kind)
    except OSError:
        return False
    return any(_holds_one(sub) for sub in folders)


def _split(run: str) -> Iterator[str]:
    start = 0
    while (end := run.find("\0", start)) >= 0:
        yield run[start:end]
        start = end + 1
    yield run[start:]


def _found_under(name: str, prefix: str) -> bool:
    """Whether walking the folder written `prefix` finds the file written `name`."""
    if not name.startswith(prefix):
        return False
    parts = name[len(prefix):].split("/")
    if any(not part or part.startswith(".") for part in parts) or not _wanted(parts[-1]):
        return False
    folder = prefix
    for part in parts[:-1]:  # every folder on the way a real one, not a link
        folder += part + "/"
        if os.path.islink(folder.rstrip("/")) or not os.path.isdir(folder):
            return False
    return os.path.isfile(name)


class FactFiles(Sequence[str]):
    """The fact files named or found under the folders named, in order, without repeats.

    A sequence of paths (as text) that reads the file system each time it is gone
    through; its length is counted by going through it once, and kept.
    """

    def __init__(self, args: Iterable[str]) -> None:
        self.args = tuple(args)
        self._length: int | None = None

    def __iter__(self) -> Iterator[str]:
        named: set[str] = set()  # the files named (a few), not those found
        walked: list[str] = []  # the folders gone through, as their names' prefix
        for arg in self.args:
            if os.path.isdir(arg):
                prefix = _prefix(arg)
                if not named and not walked:  # the first folder: nothing to repeat yet
                    yield from _walk(prefix, prefix)
                    walked.append(prefix)
                    continue
                for name in _walk(prefix, prefix):
                    if name not in named and not any(_found_under(name, p) for p in walked):
                        yield name
                walked.append(prefix)
            elif arg not in named and not any(_found_under(arg, p) for p in walked):
                named.add(arg)
                yield arg

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(1 for _ in self)
        return self._length

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        found = next(itertools.islice(self, index, None), None) if index >= 0 else None
        if found is None:
            raise IndexError(index)
        return found

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FactFiles, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FactFiles({list(self.args)!r})"

    def at_most(self, n: int) -> list[str]:
        """The first `n` files, without going through the rest."""
        return list(itertools.islice(self, n))


def discover(paths: Iterable[str]) -> FactFiles:
    """The fact files named or found under the folders named, without repeats.

    Files are kept in the order given; a folder contributes its fact files (`.toml`,
    `.json`, workbooks; hidden files and folders skipped), sorted by their path within it.
    A path that does not exist is kept, so that it is reported as unreadable, not dropped.
    A folder with no fact file is an error (E0812), and so is naming nothing (E0813); the
    files themselves are found as they are gone through (`FactFiles`).
    """
    files = FactFiles(paths)
    problems = [Diagnostic("E0812", {"path": arg}, file=arg) for arg in files.args
                if os.path.isdir(arg) and not _holds_one(_prefix(arg))]
    if problems:
        raise NoFactFiles(problems)
    if not files.args:
        raise NoFactFiles([Diagnostic("E0813", {})])
    return files
