"""Source text and positions.

Input: a file's path and text. Output: `Source` objects that turn character offsets
into 1-based lines and columns, and `Span`s that name a stretch of one source. Every
later stage points at policy text through a `Span`; nothing else knows about offsets.
"""

from __future__ import annotations

import bisect
from dataclasses import field
from itertools import accumulate
from operator import add
from pathlib import Path

from .nodes import node


@node
class Source:
    """A policy or fact file as read: its display name and its full text."""

    name: str
    text: str
    _line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_text(cls, name: str, text: str) -> Source:
        # The line starts are found when first needed (`_starts`): fact files are read by the
        # thousand, and most are never pointed into.
        return cls(name, text)

    def _starts(self) -> tuple[int, ...]:
        starts = self._line_starts
        if not starts:  # never empty once found: a text without a line break starts one line, at 0
            lines = self.text.split("\n")  # each start: the lengths before it, plus a break per line
            starts = (0, *map(add, accumulate(map(len, lines[:-1])), range(1, len(lines))))
            object.__setattr__(self, "_line_starts", starts)  # the same value whoever finds it first
        return starts

    @classmethod
    def read(cls, path: Path | str) -> Source:
        """Read a file as UTF-8 (a byte-order mark is tolerated)."""
        p = Path(path)
        text = p.read_text(encoding="utf-8-sig")
        return cls.from_text(str(path), text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts(), offset) - 1
        return line + 1, offset - self._starts()[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if line < 1 or line > len(self._starts()):
            return ""
        start = self._starts()[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def span(self, start: int, end: int) -> Span:
        return Span(self, start, max(start, end))


@node
class Span:
    """A stretch [start, end) of one source, in character offsets."""

    source: Source = field(repr=False)
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.source.position(self.start)[0]

    @property
    def column(self) -> int:
        return self.source.position(self.start)[1]

    @property
    def end_position(self) -> tuple[int, int]:
        return self.source.position(self.end)

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def location(self) -> str:
        """`file:line` as auditors cite it."""
        return f"{self.source.name}:{self.line}"

    def join(self, other: Span) -> Span:
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))
