"""The names a policy declares, and where: the index hover, definition and completion read.

Input: a syntax tree (composed with its bases, or the declarations of a broken text
that parsed). Output: `Symbol`s keyed by the name an expression writes for them:
`scores.purchaser` for a fact, `scores` for a group of facts, `社工缺口不合格人次` for a
parameter, `良好` for a grade, `midterm` for a phase. Each carries the span of the
name where it is declared, in whichever file declared it (an overlay's base too).
The index is built from the syntax tree, so it exists on text that does not check;
what only checking knows (types) the hover takes from the checked policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from swrules.base.source import Span as SourceSpan
from swrules.syntax import ast as A

from .lexing import lex

Node = (A.FactField | A.RecordsField | A.FactSection | A.Param | A.Define | A.Item | A.Party | A.Veto | A.Finding
        | A.Indicator | A.Band | A.PhaseDecl)

_KIND: dict[type, str] = {A.FactField: "fact", A.RecordsField: "records", A.FactSection: "section",
                          A.Param: "param", A.Define: "define", A.Item: "item", A.Party: "party", A.Veto: "veto",
                          A.Finding: "finding", A.Indicator: "indicator", A.Band: "grade", A.PhaseDecl: "phase"}


@dataclass(frozen=True, slots=True)
class Symbol:
    key: str
    kind: str  # a key of _KIND's values: "fact", "records", "section", "param", …
    node: Node
    name_span: SourceSpan | None  # the name where it is declared
    parent: str | None = None  # the label of the group of facts it belongs to


def name_span(span: SourceSpan | None, name: str) -> SourceSpan | None:
    """The first place `name` is written as a word inside `span` (not in a string)."""
    if span is None:
        return None
    for pos, value, kind in lex(span.text):
        if value == name and kind in ("name", "keyword"):
            return SourceSpan(span.source, span.start + pos, span.start + pos + len(value))
    return SourceSpan(span.source, span.start, span.start)


def build_index(policy: A.Policy) -> dict[str, Symbol]:
    """Every declared name of `policy`; the first declaration of a key wins."""
    found: dict[str, Symbol] = {}
    for sym in _symbols(policy):
        found.setdefault(sym.key, sym)
    return found


def _symbols(policy: A.Policy) -> Iterator[Symbol]:
    for d in policy.declarations:
        yield from _declared(d.target if isinstance(d, A.Override) else d)


def _declared(d: A.Decl | A.Band | A.Party | A.Item) -> Iterator[Symbol]:
    if isinstance(d, A.FactSection | A.RecordsField):
        yield _symbol(d.name, d)
        yield from _fields(d.name, d.fields, d.label or d.name)
    elif isinstance(d, A.Phases):
        for p in d.phases:
            yield _symbol(p.name, p)
    elif isinstance(d, A.Sheet):
        for party in d.parties:
            yield from _declared(party)
    elif isinstance(d, A.Party):
        yield _symbol(d.name, d)
        for item in d.items:
            yield _symbol(item.name, item)
    elif isinstance(d, A.Grades):
        for band in d.bands:
            yield _symbol(band.name, band)
    elif isinstance(d, A.Indicator):
        yield _symbol(d.name, d)
        for f in d.findings:
            yield _symbol(f.name, f)
    elif isinstance(d, A.Param | A.Define | A.Veto | A.Finding | A.Item | A.Band):
        yield _symbol(d.name, d)


def _fields(prefix: str, fields: tuple[A.FactField | A.RecordsField, ...], parent: str) -> Iterator[Symbol]:
    for f in fields:
        key = f"{prefix}.{f.name}"
        yield _symbol(key, f, parent)
        if isinstance(f, A.RecordsField):
            yield from _fields(key, f.fields, f.label or f.name)


def _symbol(key: str, node: Node, parent: str | None = None) -> Symbol:
    return Symbol(key, _KIND[type(node)], node, name_span(node.span, key.rsplit(".", 1)[-1]), parent)


def symbol_at(index: dict[str, Symbol], name: str, offset: int) -> Symbol | None:
    """The symbol whose declared name in the file `name` covers `offset`."""
    for sym in index.values():
        s = sym.name_span
        if s is not None and s.source.name == name and s.start <= offset <= s.end and s.end > s.start:
            return sym
    return None


def enclosing(policy: A.Policy, name: str, offset: int) -> A.Decl | A.Party | A.Item | A.Band | None:
    """The top-level declaration of the file `name` that holds `offset`."""
    for d in policy.declarations:
        s = d.span
        if s is not None and s.source.name == name and s.start <= offset <= s.end:
            return d.target if isinstance(d, A.Override) else d
    return None
