"""What the language service hands to editors: places, diagnostics, hovers, tokens.

Input: nothing of swrules but `base`. Output: frozen values that a language server and
a web page both turn into their own messages, and `Lines`, which converts between the
character offsets every stage uses and the positions editors use: **0-based line and
UTF-16 code-unit column** (what LSP and JavaScript strings count), so a character
outside the Basic Multilingual Plane counts two columns.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from swrules.base.source import Span as SourceSpan


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text from (start_line, start_col) to (end_line, end_col), end exclusive."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class ServiceDiagnostic:
    code: str  # "E0201"
    severity: str  # "error" | "warning" | "note"
    message: str  # as the command line prints it, without the file and place
    help: str | None  # the "= 帮助" text, did-you-mean included
    span: Span


@dataclass(frozen=True, slots=True)
class Hover:
    markdown: str
    span: Span


@dataclass(frozen=True, slots=True)
class Location:
    path: Path
    span: Span


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str  # "keyword" | "fact" | "param" | "name" | "function"
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """A lexical token. kind: "keyword" | "string" | "number" | "comment" | "name" |
    "operator" | "punctuation", or "error" for a character no token starts with."""

    line: int
    col: int
    length: int  # in UTF-16 code units
    kind: str


class ServiceError(Exception):
    """Raised when text cannot be served (formatting a policy that does not parse)."""

    def __init__(self, diagnostics: tuple[ServiceDiagnostic, ...]) -> None:
        super().__init__("; ".join(f"{d.code}: {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Lines:
    """Offsets of one text to editor positions and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, UTF-16 column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, utf16_len(self.text[self.starts[line]:offset])

    def offset(self, line: int, col: int) -> int:
        """The character offset of (line, UTF-16 column); past the end of a line is its end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        units = 0
        for i in range(start, end):
            if units >= col:
                return i
            units += 2 if ord(self.text[i]) > 0xFFFF else 1
        return end

    def span(self, start: int, end: int) -> Span:
        a, b = self.position(start)
        c, d = self.position(end)
        return Span(a, b, c, d)

    def of(self, span: SourceSpan | None) -> Span:
        """A source span of this text as an editor span; no span is the first position."""
        if span is None:
            return Span(0, 0, 0, 0)
        return self.span(span.start, span.end)
