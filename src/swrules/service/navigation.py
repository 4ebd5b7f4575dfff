"""Hover and go to definition over an `Analysis` (completion is `complete`).

Input: an analysis and an editor position (0-based line, UTF-16 column). Output: what
the name there is (`hover`: Markdown from `describe`; for the language's own names,
`total`, `grade`, `phase`, the functions and rounding modes in either spelling, from
`builtins`), and where it is declared (`definition`: in this file or in a base it
extends, below the root; on the quoted path after `extends`, the base file itself). A
name is looked up in the syntax tree's index (`symbols`, kept per analysis by `index`),
so this works on text with errors too; inside an indicator a bare name is a field of
the records it runs over.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from swrules.syntax import ast as A

from .analysis import Analysis
from .builtins import builtin, describe_builtin
from .describe import describe
from .lexing import lex, name_at
from .model import Hover, Lines, Location, Span
from .symbols import Symbol, build_index, enclosing, symbol_at


@functools.lru_cache(maxsize=8)
def index(a: Analysis) -> dict[str, Symbol]:
    """The names the analysed text declares (`symbols`), built once per analysis."""
    return build_index(a.syntax) if a.syntax is not None else {}


def _lookup(a: Analysis, line: int, col: int) -> tuple[Symbol, int, int] | None:
    """The symbol named at a position, and the [start, end) offsets of the name there."""
    if a.syntax is None:
        return None
    offset = a.lines.offset(line, col)
    found = name_at(a.text, offset)
    if found is None:
        return None
    start, end, parts = found
    names = index(a)
    declared = symbol_at(names, a.name, offset)
    if declared is not None:
        return declared, start, end
    key = ".".join(parts)
    sym = names.get(key)
    if sym is None:
        around = enclosing(a.syntax, a.name, offset)
        if isinstance(around, A.Indicator):  # a field of the records the indicator runs over
            sym = names.get(f"{around.over.dotted}.{key}")
    return (sym, start, end) if sym is not None else None


def hover(a: Analysis, line: int, col: int, lang: str = "zh") -> Hover | None:
    found = _lookup(a, line, col)
    if found is None or a.syntax is None:
        return _builtin(a, line, col, lang)
    sym, start, end = found
    return Hover(describe(sym, a.policy, a.syntax, a.name, lang), a.lines.span(start, end))


def _builtin(a: Analysis, line: int, col: int, lang: str) -> Hover | None:
    """One of the language's own names under the position (`total`, `评定等级`, `求和(`,
    `half_up`): what it is. A function's name counts only before its `(`: `max 10` in a
    fact's declaration is a bound."""
    named = name_at(a.text, a.lines.offset(line, col))
    if named is None or len(named[2]) != 1:
        return None
    found = builtin(named[2][0])
    if found is None or (found.kind == "function" and not a.text[named[1]:].lstrip(" ").startswith("(")):
        return None
    return Hover(describe_builtin(found, a.syntax, lang), a.lines.span(named[0], named[1]))


def definition(a: Analysis, line: int, col: int) -> Location | None:
    found = _lookup(a, line, col)
    if found is None or found[0].name_span is None:
        return _base_file(a, line, col)
    span = found[0].name_span
    return Location(Path(span.source.name), _lines(span.source.text).span(span.start, span.end))


def _base_file(a: Analysis, line: int, col: int) -> Location | None:
    """The policy file named by the quoted path under the position, after a keyword
    (`extends "../guangzhou/station-evaluation.swr"`): its first line, when it exists
    below the root."""
    offset = a.lines.offset(line, col)
    first = a.text.rfind("\n", 0, offset) + 1
    end = a.text.find("\n", offset)
    found = list(lex(a.text[first:end if end >= 0 else len(a.text)]))
    for i, (pos, value, kind) in enumerate(found):
        if kind == "string" and pos <= offset - first <= pos + len(value) and i > 0 and found[i - 1][2] == "keyword":
            target = Path(os.path.normpath(a.path.parent / value.strip('"')))
            inside = a.root is None or target.resolve().is_relative_to(a.root.resolve())
            if target.suffix == ".swr" and target.is_file() and inside:
                return Location(target, Span(0, 0, 0, 0))
    return None


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> Lines:
    return Lines(text)
