"""Top-level declarations found by a lexical scan, so completion costs one declaration.

Input: policy text (also broken text) and an offset. Output: where the top-level
declaration holding the offset starts (`declaration_start`), the records an indicator
being written runs over (`indicator_over`), and the names the text declares
(`declared_names`), each declaration parsed on its own and kept by its text, so a
keystroke parses only the declaration it changed. A declaration starts at a line whose
first word, at the left margin, is a top-level keyword (`syntax.prescan.TOP_KEYWORDS`:
`param`, `参数`, `override`, `score sheet`, …), as `swrules fmt` writes every policy:
what is inside a block is indented. So a syntax error in one declaration leaves the
others as they are, and the work is proportional to the declaration being edited,
not to the file. Nothing is read from disk.
"""

from __future__ import annotations

import functools
import re

from swrules.base.source import Source
from swrules.syntax.grammar import CHINESE_KEYWORDS
from swrules.syntax.lowering import parse_good_declarations
from swrules.syntax.prescan import TOP_KEYWORDS

from .symbols import Symbol, build_index

_WORDS = "|".join(sorted((re.escape(k) for k in TOP_KEYWORDS if k != "score"), key=len, reverse=True))
# A top-level keyword as the first word of a line, at the left margin (`score` only in `score sheet`).
_MARGIN = re.compile(rf"^(?:{_WORDS}|score(?=[ \t]+sheet(?!\w)))(?!\w)", re.MULTILINE)
_FOR_EACH = r"for\s+each|" + re.escape(CHINESE_KEYWORDS["for each"])
_INDICATOR = "|".join(re.escape(w) for w in ("indicator", CHINESE_KEYWORDS["indicator"]))
# `indicator 名称 "说明" for each staff.members` (or `override indicator …`): the records it runs over.
_OVER = re.compile(rf"(?:override\s+|{re.escape(CHINESE_KEYWORDS['override'])}\s+)?(?:{_INDICATOR})(?!\w)"
                   rf"[^{{]*?(?<!\w)(?:{_FOR_EACH})\s+([^\W\d]\w*(?:\.[^\W\d]\w*)*)")


def declaration_start(text: str, offset: int) -> int:
    """The offset where the top-level declaration holding `offset` starts: the nearest
    line at or before it that begins with a top-level keyword ending before `offset`;
    0 when there is none."""
    pos = offset
    while True:
        line = text.rfind("\n", 0, pos) + 1
        m = _MARGIN.match(text, line)
        if m is not None and m.end() <= offset:
            return line
        if line == 0:
            return 0
        pos = line - 1


def indicator_over(text: str, offset: int) -> str | None:
    """The records (`staff.members`) the indicator being written at `offset` runs over,
    None when the declaration there is no indicator."""
    m = _OVER.match(text, declaration_start(text, offset), offset)
    return m.group(1) if m is not None else None


def declared_names(text: str, name: str = "") -> dict[str, Symbol]:
    """The names the text declares, as `symbols.build_index` keys them (the first
    declaration of a key wins); a declaration that does not parse declares nothing."""
    starts = [m.start() for m in _MARGIN.finditer(text)]
    found: dict[str, Symbol] = {}
    for begin, end in zip([0, *starts], [*starts, len(text)], strict=True):
        for sym in _names_of(text[begin:end], name):
            found.setdefault(sym.key, sym)
    return found


# What is kept: the names of at most this many declaration texts, each of at most this
# many characters (a longer one, not a declaration `fmt` would write, is parsed each
# time), so a long-running workbench holds a few megabytes at most.
KEEP = 1024
KEEP_CHARS = 16_000


def _names_of(declaration: str, name: str) -> tuple[Symbol, ...]:
    """The symbols one declaration's text declares (its spans are of that text alone)."""
    if not declaration.strip():
        return ()
    return _kept_names(declaration, name) if len(declaration) <= KEEP_CHARS else _parsed_names(declaration, name)


def _parsed_names(declaration: str, name: str) -> tuple[Symbol, ...]:
    policy = parse_good_declarations(Source.from_text(name, declaration))
    return tuple(build_index(policy).values()) if policy is not None else ()


_kept_names = functools.lru_cache(maxsize=KEEP)(_parsed_names)
