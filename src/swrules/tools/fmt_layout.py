"""Lines, columns and comments: the layout under the canonical printer.

Input: the printer's `Line`s (text, depth, and the source offset of what each prints)
and the comments of the source (`comments_of` the comment tokens the lexer handed
over). Output: the final lines of text (`place_comments`), every comment placed before
the line it preceded or after the line it trailed, blank lines kept where the
officer left them but never doubled and never opening a block; and `aligned`, cells
padded to common columns by display width, so Chinese names line up.
"""

from __future__ import annotations

import bisect
import contextvars
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lark import Token

from swrules.base.diagnostics import display_width

INDENT = "  "

# How the cells of aligned columns are respelled before they are measured, so that
# columns line up in the spelling printed (`swrules fmt --keywords zh`); unset, as written.
CELL_SPELLING: contextvars.ContextVar[Callable[[str], str] | None] = contextvars.ContextVar(
    "swrules_cell_spelling", default=None)


@dataclass(slots=True)
class Line:
    """One output line. `anchor` is the source offset of what it prints, if known:
    comments are placed relative to anchors. A closing line (`}`) takes the comments
    that stood before the brace, indented as the block's content."""

    depth: int
    text: str
    anchor: int | None = None
    closing: bool = False


def aligned(rows: Sequence[Sequence[str]], gap: int = 1) -> list[str]:
    """Cells padded to common columns (display width, so Chinese aligns), `gap` spaces
    apart; a column empty in every row takes no room."""
    spell = CELL_SPELLING.get()
    if spell is not None:
        rows = [[spell(cell) for cell in row] for row in rows]
    ncols = max((len(r) for r in rows), default=0)
    used = [i for i in range(ncols) if any(i < len(r) and r[i] for r in rows)]
    rows = [[r[i] if i < len(r) else "" for i in used] for r in rows]
    ncols = len(used)
    widths = [max((display_width(r[i]) for r in rows if i < len(r)), default=0) for i in range(ncols)]
    out = []
    for row in rows:
        last = max((i for i, cell in enumerate(row) if cell), default=-1)
        cells = []
        for i, cell in enumerate(row[: last + 1]):
            cells.append(cell if i == last else cell + " " * (widths[i] - display_width(cell) + gap))
        out.append("".join(cells).rstrip())
    return out


@dataclass(frozen=True, slots=True)
class Comment:
    """A `# ...` comment: where it starts, its text, whether code precedes it on its line
    (a trailing comment), and whether a blank line stood before or after it."""

    offset: int
    text: str
    trailing: bool
    blank_before: bool
    blank_after: bool


def comments_of(text: str, tokens: Iterable[Token]) -> list[Comment]:
    out = []
    for tok in tokens:
        start = tok.start_pos or 0
        line_start = text.rfind("\n", 0, start) + 1
        trailing = text[line_start:start].strip() != ""
        prev_line_end = line_start - 1
        prev_start = text.rfind("\n", 0, max(prev_line_end, 0)) + 1
        blank_before = prev_line_end > 0 and text[prev_start:prev_line_end].strip() == ""
        next_start = text.find("\n", start)
        blank_after = False
        if next_start >= 0:
            following_end = text.find("\n", next_start + 1)
            following = text[next_start + 1: following_end if following_end >= 0 else len(text)]
            blank_after = following.strip() == "" and following_end >= 0
        out.append(Comment(start, str(tok).rstrip(), trailing, blank_before, blank_after))
    return out


def place_comments(lines: list[Line], comments: Sequence[Comment]) -> list[str]:
    """Render lines with each comment before the line it preceded, or after the line it trailed."""
    anchored = sorted((ln.anchor, i) for i, ln in enumerate(lines) if ln.anchor is not None)
    keys = [a for a, _ in anchored]
    before: dict[int, list[Comment]] = {}
    after: dict[int, list[Comment]] = {}
    tail: list[Comment] = []
    for c in comments:
        if c.trailing:
            k = bisect.bisect_right(keys, c.offset) - 1
            if k >= 0:
                i = anchored[k][1]
                if i in after:  # one trailing comment per line; more go above it
                    before.setdefault(i, []).append(c)
                else:
                    after[i] = [c]
                continue
        k = bisect.bisect_right(keys, c.offset)
        if k < len(keys):
            before.setdefault(anchored[k][1], []).append(c)
        else:
            tail.append(c)
    out: list[str] = []
    for i, ln in enumerate(lines):
        group = before.get(i, [])
        depth = ln.depth + 1 if ln.closing else ln.depth
        for j, c in enumerate(group):
            if j == 0 and c.blank_before and out and out[-1] != "" and depth == 0 and not c.trailing:
                out.append("")
            out.append(INDENT * depth + c.text)
            if c.blank_after and not c.trailing:
                out.append("")
        text = INDENT * ln.depth + ln.text if ln.text else ""
        if i in after:
            text += "  " + after[i][0].text
        out.append(text)
    for c in tail:
        if (c.blank_before or not out) and out and out[-1] != "":
            out.append("")
        out.append(c.text)
    while out and out[-1] == "":
        out.pop()
    # Blank lines never come in pairs, and never open a block.
    result: list[str] = []
    for line in out:
        if line == "" and (not result or result[-1] == "" or result[-1].endswith("{")):
            continue
        result.append(line)
    return result
