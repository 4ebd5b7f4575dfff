"""Lines of mixed Chinese and ASCII text folded to a terminal's width, with hanging indents.

Input: a line and a width in terminal columns (CJK characters count two). Output: the
line as one or more lines, each continuation indented past the line's own indent.
Guarantees: a run of ASCII without spaces (a `file:line`, a key path, a number, an
identifier) is never broken, nor is a word; Chinese text may break between characters,
but never before closing punctuation (，。）」…) or after opening punctuation (（「);
a piece longer than the width stands alone on its line rather than being cut. Folding
and joining back the pieces (without the added indents and breaks) gives the line.
"""

from __future__ import annotations

import re

from .diagnostics import display_width

HANG = 4  # continuation lines are indented this much past the line's own indent

_NO_START = set("，。、；：！？）」』》〉】〕”’,.;:!?)]}…%")
_NO_END = set("（「『《〈【〔“‘([{")
# A run of non-space ASCII, a run of spaces, or one other character.
_PIECE = re.compile(r"[!-~]+| +|[^ !-~]")


def _pieces(text: str) -> list[str]:
    """The unbreakable pieces of a line: punctuation stays with its neighbour."""
    out: list[str] = []
    for p in _PIECE.findall(text):
        if out and (p[0] in _NO_START or out[-1][-1] in _NO_END) and not out[-1].isspace() and not p.isspace():
            out[-1] += p
        else:
            out.append(p)
    return out


def wrap_line(line: str, width: int | None) -> list[str]:
    """The line folded to `width` columns (unchanged when it fits, or when `width` is None)."""
    if width is None or display_width(line) <= width:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    lead, body = line[:indent], line[indent:]
    hang = " " * min(indent + HANG, max(width // 2, 0))
    out: list[str] = []
    current, room = lead, width - indent
    for piece in _pieces(body):
        w = display_width(piece)
        if piece.isspace():
            if current.strip():
                current += piece
                room -= w
            continue
        if w > room and current.strip():
            out.append(current.rstrip())
            current, room = hang, width - len(hang)
        current += piece
        room -= w
    out.append(current.rstrip())
    return out


def wrap_lines(lines: list[str], width: int | None) -> list[str]:
    return [folded for line in lines for folded in wrap_line(line, width)]
