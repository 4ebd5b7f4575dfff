"""The served folder: every file the workbench reads or writes goes through here.

Input: the folder `swrules serve` was started on and paths as a page sends them
(relative, `/`-separated). Output: real paths inside that folder, or `Refused` with a
Chinese reason. Guarantees: a path with a NUL, an absolute path, a `..` part, a hidden
part, or one whose real location (links followed) is outside the folder is refused; so
nothing outside the served folder is read or written through the workbench. Writes are
atomic (a temporary file renamed into place) and refuse a file changed on disk since the
page read it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from swrules.base.atomic import replaced_on_success
from swrules.base.limits import MAX_FACT_FILE_BYTES
from swrules.base.pagewords import pw

POLICY_SUFFIXES = (".swr",)
FACT_SUFFIXES = (".toml", ".json", ".xlsx")
MAX_LISTED = 2000  # files listed per kind: a served home folder must not hang the page


class Refused(Exception):
    """A path or a write the workbench will not do; `status` is the HTTP status to answer with."""

    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Folder:
    """The served folder, its real path fixed when the server starts."""

    root: Path

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Folder:
        return cls(Path(os.path.realpath(path)))

    def resolve(self, rel: str, *, must_exist: bool = True) -> Path:
        """The real path of `rel` inside the folder, or `Refused`."""
        if not isinstance(rel, str) or not rel or "\0" in rel or "\\" in rel:
            raise Refused(pw("refused_path"))
        pure = PurePosixPath(rel)
        if pure.is_absolute() or rel.startswith("~") or (len(rel) > 1 and rel[1] == ":"):
            raise Refused(pw("refused_absolute"))
        if any(part in ("..", "") or part.startswith(".") for part in pure.parts):
            raise Refused(pw("refused_parts"))
        real = Path(os.path.realpath(self.root.joinpath(*pure.parts)))
        if real != self.root and self.root not in real.parents:
            raise Refused(pw("refused_outside"))
        if must_exist and not real.exists():
            raise Refused(pw("refused_missing", path=rel), 404)
        return real

    def relative(self, real: Path) -> str:
        return real.relative_to(self.root).as_posix()

    def listing(self, suffixes: tuple[str, ...]) -> list[str]:
        """Files under the folder with these suffixes (hidden ones and links out of it skipped), sorted,
        those inside test folders last (an officer looks for the policies and stations first)."""
        return sorted(self._found(suffixes), key=lambda rel: ("tests" in rel.split("/")[:-1], rel))

    def _found(self, suffixes: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
            for name in sorted(filenames):
                if name.startswith((".", "~$")) or not name.lower().endswith(suffixes):
                    continue
                rel = Path(dirpath, name).relative_to(self.root).as_posix()
                with contextlib.suppress(Refused):
                    self.resolve(rel)
                    found.append(rel)
                if len(found) >= MAX_LISTED:
                    return found
        return found

    def folders_with(self, suffixes: tuple[str, ...]) -> list[str]:
        """Folders that directly hold fact files: the candidates for a district."""
        return sorted({str(PurePosixPath(p).parent) for p in self.listing(suffixes) if "/" in p})

    def read_text(self, rel: str) -> tuple[str, str]:
        """A text file's content and its digest (what a later save compares against)."""
        path = self.resolve(rel)
        if not path.is_file():
            raise Refused(pw("refused_not_file", path=rel), 400)
        if path.stat().st_size > MAX_FACT_FILE_BYTES:
            raise Refused(pw("refused_too_big", path=rel, mb=MAX_FACT_FILE_BYTES // (1024 * 1024)), 413)
        data = path.read_bytes()
        try:
            return data.decode("utf-8"), digest(data)
        except UnicodeDecodeError:
            raise Refused(pw("refused_not_utf8", path=rel), 400) from None

    def write_text(self, rel: str, text: str, expected: str | None) -> str:
        """Write `text` to `rel` atomically; refuse when the file's digest is no longer `expected`
        (None: the file must not exist yet). Returns the new digest."""
        path = self.resolve(rel, must_exist=False)
        if not path.parent.is_dir():
            raise Refused(pw("refused_no_folder", path=rel), 400)
        current = digest(path.read_bytes()) if path.is_file() else None
        if path.exists() and current is None:
            raise Refused(pw("refused_not_regular", path=rel), 400)
        if current != expected:
            raise Refused(_conflict(rel, current, expected), 409)
        data = text.encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with replaced_on_success(fd, tmp, path, path.stat().st_mode if current is not None else None,
                                 binary=True) as handle:
            handle.write(data)
        return digest(data)


def _conflict(rel: str, current: str | None, expected: str | None) -> str:
    if expected is None:
        return pw("refused_exists", path=rel)
    return pw("refused_gone" if current is None else "refused_changed", path=rel)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
