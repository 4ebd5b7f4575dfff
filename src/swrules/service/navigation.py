"""Hover, go to definition and completion over an `Analysis`.

Input: an analysis and an editor position (0-based line, UTF-16 column). Output: what
the name there is (`hover`: Markdown from `describe`), where it is declared
(`definition`: in this file or in a base it extends, below the root; on the
quoted path after `extends`, the base file itself), and what may be
written there (`completions`: after a `.`, the fields of that group of facts or list
of records; elsewhere keywords, functions, parameters, rules, grades, phases and
groups of facts, those starting with the word being typed). A name is looked up in
the syntax tree's index (`symbols`), so this works on text with errors too; inside
an indicator a bare name is a field of the records it runs over.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from swrules.check.calls import FUNCTIONS
from swrules.syntax import ast as A

from .analysis import Analysis
from .describe import describe
from .lexing import keyword_set, lex, name_at
from .model import Completion, Hover, Lines, Location, Span
from .symbols import Symbol, build_index, enclosing, symbol_at


@functools.lru_cache(maxsize=8)
def _index(a: Analysis) -> dict[str, Symbol]:
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
    index = _index(a)
    declared = symbol_at(index, a.name, offset)
    if declared is not None:
        return declared, start, end
    key = ".".join(parts)
    sym = index.get(key)
    if sym is None:
        around = enclosing(a.syntax, a.name, offset)
        if isinstance(around, A.Indicator):  # a field of the records the indicator runs over
            sym = index.get(f"{around.over.dotted}.{key}")
    return (sym, start, end) if sym is not None else None


def hover(a: Analysis, line: int, col: int, lang: str = "zh") -> Hover | None:
    found = _lookup(a, line, col)
    if found is None or a.syntax is None:
        return _function(a, line, col)
    sym, start, end = found
    return Hover(describe(sym, a.policy, a.syntax, a.name, lang), a.lines.span(start, end))


def _function(a: Analysis, line: int, col: int) -> Hover | None:
    """A builtin function under the position: how it is called."""
    named = name_at(a.text, a.lines.offset(line, col))
    if named is None or len(named[2]) != 1 or named[2][0] not in FUNCTIONS:
        return None
    return Hover(f"`{FUNCTIONS[named[2][0]]}`", a.lines.span(named[0], named[1]))


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


_AFTER_DOT = re.compile(r"((?:[^\W\d]\w*\.)+)(\w*)$")
_WORD_BEFORE = re.compile(r"(?:[^\W\d]\w*)?$")


def completions(a: Analysis, line: int, col: int) -> list[Completion]:
    """What may be written at a position, those starting with the word typed so far."""
    offset = a.lines.offset(line, col)
    before = a.text[a.text.rfind("\n", 0, offset) + 1:offset]
    if _in_string_or_comment(before):
        return []
    index = _index(a)
    dotted = _AFTER_DOT.search(before)
    if dotted:
        prefix, typed = dotted.group(1), dotted.group(2)
        around = enclosing(a.syntax, a.name, offset) if a.syntax is not None else None
        if prefix.rstrip(".") not in index and isinstance(around, A.Indicator):
            prefix = f"{around.over.dotted}.{prefix}"
        depth = prefix.count(".")
        return [Completion(k.split(".")[-1], "fact", _detail(s)) for k, s in index.items()
                if k.startswith(prefix + typed) and k.count(".") == depth]
    match = _WORD_BEFORE.search(before)
    typed = match.group() if match else ""
    out: list[Completion] = []
    for key, sym in index.items():
        if "." in key or not key.startswith(typed):
            continue
        kind = "fact" if sym.kind in ("section", "records") else "param" if sym.kind == "param" else "name"
        out.append(Completion(key, kind, _detail(sym)))
    out.extend(Completion(f, "function", usage) for f, usage in FUNCTIONS.items() if f.startswith(typed))
    out.extend(Completion(k, "keyword", None) for k in sorted(keyword_set()) if k.startswith(typed))
    return out


def _detail(sym: Symbol) -> str | None:
    label = getattr(sym.node, "label", None)
    return label if isinstance(label, str) else None


def _in_string_or_comment(before: str) -> bool:
    found = list(lex(before))
    if not found:
        return False
    _, value, kind = found[-1]
    return kind == "comment" or (kind == "string" and (len(value) == 1 or not value.endswith('"')))
