"""Keyword spelling: the same policy text with its keywords in English or in Chinese.

Input: policy text that parses, and the spelling wanted (`en` or `zh`). Output: the text
with every keyword and keyword phrase (`policy` ↔ `政策`, `score sheet` ↔ `评分表`),
builtin function name (`mean` ↔ `平均`) and rounding mode (`half_up` ↔ `四舍五入`) in that
spelling; names, labels, numbers, comments and layout are kept byte for byte.
Guarantees: the parser and the lowering read both spellings alike, so the result
parses to the same AST as the input (`swrules fmt` verifies it before printing).
Where a keyword names a fact (`station.phase`, `declared.total`) it is a name and is
left as written. The table of spellings is `syntax/grammar.py`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from lark import Token, Tree

from swrules.syntax.grammar import (
    CHINESE_FUNCTIONS,
    CHINESE_KEYWORDS,
    CHINESE_MODES,
    CHINESE_NAMES,
    UNTRANSLATED,
    keywords,
)
from swrules.syntax.parser import parser

__all__ = ["Style", "cell_in_chinese", "keyword_style", "with_keywords"]

Style = Literal["en", "zh"]

_NOT_KEYWORDS = frozenset({"NAME", "STRING", "NUMBER", "PERCENT", "DATE", "CMP_OP", "ADD_OP", "MUL_OP",
                           "LOW_OP", "HIGH_OP", "GE_OP"})
# The keyword types that name a fact where they are kept in the tree.
_NAME_TYPES = frozenset({"PHASE_KW", "TOTAL_KW", "SCORE_KW", "UNIT_KW"})
# The trees in which such a token is a name: a dotted name, a fact's declaration.
_NAME_HOLDERS = frozenset({"ref", "fact_field", "records_field"})
_KEYWORD_EN = {zh: en for en, zh in CHINESE_KEYWORDS.items()}
_FUNCTION_EN = {zh: en for en, zh in CHINESE_FUNCTIONS.items()}
_MODE_EN = {zh: en for en, zh in CHINESE_MODES.items()}
_NAME_EN = {zh: en for en, zh in CHINESE_NAMES.items()}


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def _parse(text: str) -> tuple[list[Token], Tree[Token]]:
    interactive = parser().parse_interactive(text)
    tokens = list(interactive.iter_parse())
    tree: Tree[Token] = interactive.feed_eof()  # type: ignore[no-untyped-call]
    return tokens, tree


def _kept_names(tree: Tree[Token]) -> set[int]:
    """Where a keyword token stands as a name (kept in the tree: `station.phase`)."""
    return {t.start_pos for holder in tree.iter_subtrees() if holder.data in _NAME_HOLDERS
            for t in holder.children
            if isinstance(t, Token) and t.type in _NAME_TYPES and t.start_pos is not None}


def _is_keyword(token: Token, names: set[int]) -> bool:
    return token.type not in _NOT_KEYWORDS and token.start_pos not in names and token.type != "$END"


def keyword_style(text: str) -> Style:
    """The spelling most of a policy's keywords are written in (English when even)."""
    tokens, tree = _parse(text)
    names = _kept_names(tree)
    words = [text[t.start_pos:t.end_pos] for t in tokens
             if _is_keyword(t, names) and t.start_pos is not None and t.end_pos is not None]
    chinese = sum(1 for w in words if w in _KEYWORD_EN)
    english = sum(1 for w in words if w in CHINESE_KEYWORDS or w.isascii() and w.isalpha())
    return "zh" if chinese > english else "en"


def _name_edits(tree: Tree[Token], style: Style) -> list[_Edit]:
    """Function names in calls and rounding modes, in the spelling wanted."""
    edits: list[_Edit] = []

    def rename(token: Token, table_en: dict[str, str], table_zh: dict[str, str]) -> None:
        word = str(token)
        if style == "zh" and word in table_zh:
            edits.append(_Edit(token.start_pos or 0, token.end_pos or 0, table_zh[word]))
        elif style == "en" and word in table_en:
            edits.append(_Edit(token.start_pos or 0, token.end_pos or 0, table_en[word]))

    for call in tree.find_data("call"):
        func = call.children[0]
        args = [a for a in call.children[1:] if a is not None]
        if not isinstance(func, Token):
            continue
        if func.type == "NAME" and str(func) in _MODE_EN and len(args) == 2:
            # `四舍五入(x, 2)` has no English shorthand: `round(x, 2, half_up)`.
            if style == "en":
                edits.append(_Edit(func.start_pos or 0, func.end_pos or 0, "round"))
                close = (call.meta.end_pos or 1) - 1
                edits.append(_Edit(close, close, f", {_MODE_EN[str(func)]}"))
            continue
        if func.type == "NAME":
            rename(func, _FUNCTION_EN, CHINESE_FUNCTIONS)
        is_round = func.type == "ROUND" or _FUNCTION_EN.get(str(func), str(func)) == "round"
        last = args[-1] if args else None
        if is_round and len(args) == 3 and isinstance(last, Tree) and last.data == "ref" and len(last.children) == 1:
            mode = last.children[0]
            if isinstance(mode, Token):
                rename(mode, _MODE_EN, CHINESE_MODES)
    for ref in tree.find_data("ref"):  # `grade` ↔ `评定等级`, a name on its own
        if len(ref.children) == 1 and isinstance(ref.children[0], Token):
            rename(ref.children[0], _NAME_EN, CHINESE_NAMES)
    for rounding in tree.find_data("rounding"):
        mode = rounding.children[-1]
        if isinstance(mode, Token):
            rename(mode, _MODE_EN, CHINESE_MODES)
    return edits


def with_keywords(text: str, style: Style) -> str:
    """`text` with its keywords, function names and rounding modes spelled in `style`."""
    tokens, tree = _parse(text)
    names = _kept_names(tree)
    keywords = [t for t in tokens if _is_keyword(t, names) and t.start_pos is not None and t.end_pos is not None]
    edits = _name_edits(tree, style)
    i = 0
    while i < len(keywords):
        token = keywords[i]
        start, end = token.start_pos or 0, token.end_pos or 0
        word = text[start:end]
        if style == "en":
            if word in _KEYWORD_EN:
                edits.append(_Edit(start, end, _KEYWORD_EN[word]))
            i += 1
            continue
        following = keywords[i + 1] if i + 1 < len(keywords) else None
        if following is not None:
            after = text[following.start_pos:following.end_pos]
            phrase = f"{word} {after}"
            if phrase in CHINESE_KEYWORDS and not text[end:following.start_pos].strip():
                edits.append(_Edit(start, following.end_pos or 0, CHINESE_KEYWORDS[phrase]))
                i += 2
                continue
        if word in CHINESE_KEYWORDS and word not in UNTRANSLATED:
            edits.append(_Edit(start, end, CHINESE_KEYWORDS[word]))
        i += 1
    out: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at:edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


# Keywords that may also name a fact (`station.phase`, a field `unit`) are respelled in a
# cell only where they cannot be a name (`total` in a band's range, below).
_SPELLED_IN_CELLS = [w for w in CHINESE_KEYWORDS if w not in UNTRANSLATED and w not in ("phase", "total", "unit")
                     and set(w.split()) <= set(keywords())]
_WORD = "|".join(sorted((re.escape(w) for w in _SPELLED_IN_CELLS), key=len, reverse=True))
_CELL = re.compile(
    rf'"[^"\n]*"'  # labels are kept as written
    rf'|(?<![\w.])(?P<function>{"|".join(CHINESE_FUNCTIONS)})(?=\()'
    rf'|(?<=, )(?P<mode>{"|".join(CHINESE_MODES)})(?=\))'
    rf'|(?<![\w.])(?P<keyword>{_WORD})(?!\w)')


def cell_in_chinese(cell: str) -> str:
    """A cell of an aligned column (`decimal min 0 max 10`, `90 <= total`) with its
    keywords in Chinese, so that columns are measured as printed. `phase` and `total`
    may name a fact and are respelled only as `total` in a band's range; the whole text
    is respelled afterwards and verified, so a cell is only ever measured."""

    def one(m: re.Match[str]) -> str:
        if m.group("function"):
            return CHINESE_FUNCTIONS[m.group("function")]
        if m.group("mode"):
            return CHINESE_MODES[m.group("mode")]
        if m.group("keyword"):
            return CHINESE_KEYWORDS[re.sub(r"\s+", " ", m.group("keyword"))]
        return m.group(0)

    return _CELL.sub(one, re.sub(r"(?<![\w.])total(?!\w)", CHINESE_KEYWORDS["total"], cell)
                     if re.search(r"(<|>|≤|≥)=?\s*total|total\s*(<|>|≤|≥)", cell) else cell)
