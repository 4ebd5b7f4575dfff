"""The canonical printer: a policy's AST and comments back to policy text.

Input: an `ast.Policy` and, optionally, the comments of the text it was parsed from
(`format_source` parses and collects them). Output: the policy in one canonical
layout: two-space indentation, one declaration per block separated by a blank line,
aligned columns for facts, phases, items and bands, one space around operators,
header entries in a fixed order, expressions with only the parentheses precedence
needs. Guarantees: the output parses to an equal AST (`parse(fmt(p)) == parse(p)`),
formatting is idempotent, every comment is kept (before or after the line it stood
before or after), and names, labels and number literals are printed as written
(trailing zeros and percent signs included). Canonical operators are ASCII (`<=`,
`*`, `/`): `≤` and `×` are printed as their ASCII spelling. This module prints
declarations; `fmt_expr` prints expressions and `fmt_layout` places lines and comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import assert_never

from swrules.base.diagnostics import display_width
from swrules.base.source import Source, Span
from swrules.syntax import ast as A
from swrules.syntax.lowering import parse_policy
from swrules.syntax.parser import collecting_comments

from .fmt_expr import expr_text, number_text
from .fmt_keywords import Style, cell_in_chinese, keyword_style, with_keywords
from .fmt_layout import CELL_SPELLING, INDENT, Comment, Line, aligned, comments_of, place_comments

__all__ = ["Comment", "band_range", "expr_text", "format_policy", "format_source", "format_text", "number_text",
           "parse_with_comments"]

# A param or define wider than this (in terminal columns) puts its expression on the next line.
WIDTH = 80


def _start(span: Span | None) -> int | None:
    return span.start if span is not None else None


def _end(span: Span | None) -> int | None:
    return span.end - 1 if span is not None and span.end > span.start else None


def _q(text: str | None) -> str:
    return f'"{text}"' if text is not None else ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


class _Printer:
    def __init__(self, text: str | None) -> None:
        self.text = text
        self.lines: list[Line] = []

    def emit(self, depth: int, text: str, anchor: int | None = None, closing: bool = False) -> None:
        self.lines.append(Line(depth, text, anchor, closing))

    def keyword_at(self, span: Span | None, keyword: str) -> int | None:
        """Where `keyword` first stands as a token within `span` (skipping strings and
        comments), for lines whose AST node carries no span of its own."""
        if span is None or self.text is None:
            return None
        pattern = re.compile(rf'"[^"\n]*"|#[^\n]*|(?<!\w){keyword}(?!\w)')
        for m in pattern.finditer(self.text, span.start, span.end):
            if m.group(0) == keyword:
                return m.start()
        return None

    # -- declarations
    def policy(self, policy: A.Policy) -> None:
        for i, decl in enumerate(policy.declarations):
            if i:
                self.emit(0, "")
            self.decl(decl, 0)

    def decl(self, d: A.Decl, depth: int) -> None:
        match d:
            case A.Header():
                self.header(d, depth)
            case A.Extends():
                self.emit(depth, f'extends "{d.path}"', _start(d.span))
            case A.Phases():
                self.emit(depth, f"phases from {d.source.dotted} {{", _start(d.span))
                rows = aligned([[p.name, _q(p.label)] for p in d.phases])
                for p, row in zip(d.phases, rows, strict=True):
                    self.emit(depth + 1, row, _start(p.span))
                self.emit(depth, "}", _end(d.span), closing=True)
            case A.FactSection():
                self.emit(depth, _join("facts", d.name, _q(d.label), "{"), _start(d.span))
                self.fields(d.fields, depth + 1)
                self.emit(depth, "}", _end(d.span), closing=True)
            case A.RecordsField():
                self.records(d, depth, top=True)
            case A.Param():
                self.param(d, depth)
            case A.Define():
                word = "output" if d.output else "define"
                self.simple_value(depth, _join(word, d.name, _q(d.label), _unit(d.unit), "="), d.expr, d.clause, d.span)
            case A.Sheet():
                self.sheet(d, depth)
            case A.Grades():
                self.grades(d, depth)
            case A.Veto():
                self.rule(d, depth, "veto", [("forces " + d.forces, _start(d.forces_span))])
            case A.Finding():
                self.rule(d, depth, "finding", [])
            case A.Indicator():
                self.indicator(d, depth)
            case A.Reconcile():
                self.emit(depth, "reconcile {", _start(d.span))
                for line in d.lines:
                    self.emit(depth + 1, f"{line.declared.dotted} with {expr_text(line.computed)}", _start(line.span))
                self.emit(depth, "}", _end(d.span), closing=True)
            case A.Require():
                self.emit(depth, f'require {expr_text(d.expr)} "{d.message}"', _start(d.span))
            case A.Remove():
                name = f'"{d.name}"' if d.kind == "require" else d.name
                self.emit(depth, f"remove {d.kind} {name}", _start(d.span))
            case A.Override():
                self.override(d, depth)
            case _:
                assert_never(d)  # pragma: no cover

    def override(self, d: A.Override, depth: int) -> None:
        """`override <declaration>` in a district overlay; parties, items and bands stand
        alone there, outside their blocks (`override band 良好 85 <= total < 90`)."""
        first = len(self.lines)
        target = d.target
        word = "override "
        if isinstance(target, A.Party):
            self.party(target, depth)
        elif isinstance(target, A.Item):
            self.items([target], depth)
        elif isinstance(target, A.Band):
            word = "override band "
            self.emit(depth, aligned([_band_cells(target)])[0], _start(target.span))
        else:
            self.decl(target, depth)
        self.lines[first].text = word + self.lines[first].text
        self.lines[first].anchor = _start(d.span)

    def header(self, h: A.Header, depth: int) -> None:
        self.emit(depth, f'policy "{h.title}" {{', _start(h.span))
        inner = depth + 1
        if h.version is not None:
            self.emit(inner, f'version "{h.version}"', self.keyword_at(h.span, "version"))
        if h.effective_from is not None:
            to = f" to {h.effective_to.isoformat()}" if h.effective_to is not None else ""
            self.emit(inner, f"effective from {h.effective_from.isoformat()}{to}", self.keyword_at(h.span, "effective"))
        for r in h.regulations:
            self.emit(inner, _join("regulation", r.name or "", _q(r.title), _q(r.document)), _start(r.span))
        if h.dated_by is not None:
            self.emit(inner, f"dated by {h.dated_by.dotted}", self.keyword_at(h.span, "dated"))
        self.emit(depth, "}", _end(h.span), closing=True)

    def fields(self, fields: Sequence[A.FactField | A.RecordsField], depth: int) -> None:
        plain = [f for f in fields if isinstance(f, A.FactField)]
        rows = dict(zip((id(f) for f in plain), aligned([_field_cells(f) for f in plain], gap=2), strict=True))
        for f in fields:
            if isinstance(f, A.FactField):
                self.emit(depth, rows[id(f)], _start(f.span))
            else:
                self.records(f, depth, top=False)

    def records(self, r: A.RecordsField, depth: int, top: bool) -> None:
        bounds = _bounds(_count(r.min_count), _count(r.max_count))
        self.emit(depth, _join("records" if top else "", r.name, "" if top else "records", _q(r.label), bounds, "{"),
                  _start(r.span))
        self.fields(r.fields, depth + 1)
        self.emit(depth, "}", _end(r.span), closing=True)

    def param(self, p: A.Param, depth: int) -> None:
        head = _join("param", p.name, _q(p.label), "=")
        value = p.value
        if isinstance(value, A.ByPhase | A.ByDate):
            word = "phase" if isinstance(value, A.ByPhase) else "date"
            self.emit(depth, f"{head} by {word} {{", _start(p.span))
            if isinstance(value, A.ByPhase):
                self.phase_values(value, depth + 1)
            else:
                for dv in value.values:
                    head = f"from {dv.start.isoformat()}:"
                    if isinstance(dv.value, A.ByPhase):  # a dated value that itself differs by phase
                        self.emit(depth + 1, f"{head} by phase {{", _start(dv.span))
                        self.phase_values(dv.value, depth + 2)
                        self.emit(depth + 1, _join("}", _q(dv.document)), _end(dv.value.span), closing=True)
                    else:
                        self.emit(depth + 1, _join(f"{head} {expr_text(dv.value)}", _q(dv.document)), _start(dv.span))
            clause = " " + _clause(p.clause) if p.clause is not None else ""
            self.emit(depth, "}" + clause, _end(value.span), closing=True)
            return
        self.simple_value(depth, head, value, p.clause, p.span)

    def phase_values(self, value: A.ByPhase, depth: int) -> None:
        for pv in value.values:
            self.emit(depth, f"{pv.phase}: {expr_text(pv.value)},", _start(pv.span))

    def simple_value(self, depth: int, head: str, e: A.Expr, clause: A.Clause | None, span: Span | None) -> None:
        text = expr_text(e)
        one_line = f"{head} {text}"
        if display_width(INDENT * depth + one_line) <= WIDTH:
            self.emit(depth, one_line, _start(span))
        else:
            self.emit(depth, head, _start(span))
            self.emit(depth + 1, text, _start(e.span))
        if clause is not None:
            self.emit(depth + 1, _clause(clause), _start(clause.span))

    def sheet(self, s: A.Sheet, depth: int) -> None:
        self.emit(depth, _join("score sheet", _q(s.label), "{"), _start(s.span))
        inner = depth + 1
        for party in s.parties:
            self.party(party, inner)
        if s.total is not None:
            t = s.total
            rounding = f"round {t.rounding.places} {t.rounding.mode}" if t.rounding is not None else ""
            counted = f"counted {expr_text(t.counted)}" if t.counted is not None else ""
            self.emit(inner, _join("total", _q(t.label), f"max {number_text(t.maximum)}", rounding, counted),
                      _start(t.span))
        self.emit(depth, "}", _end(s.span), closing=True)

    def party(self, party: A.Party, depth: int) -> None:
        share = f"points {number_text(party.share)}" if party.share_kind is A.ShareKind.POINTS \
            else f"weight {number_text(party.share, True)}"
        rounding = f"round {party.rounding.places} {party.rounding.mode}" if party.rounding is not None else ""
        self.emit(depth, _join("party", party.name, _q(party.label), share, rounding, "{"), _start(party.span))
        self.items(party.items, depth + 1)
        self.emit(depth, "}", _end(party.span), closing=True)

    def items(self, items: Sequence[A.Item], depth: int) -> None:
        def head(i: A.Item) -> list[str]:
            return [f"item {i.name}", _q(i.label), f"max {number_text(i.maximum)}"]

        # An item too wide for one line puts its formula on the next, as officers write it.
        wrapped = {id(i) for i in items if i.counted is None and
                   display_width(INDENT * depth + _join(*head(i), f"= {expr_text(i.awarded)}")) > WIDTH}
        rows = aligned([[*head(i), f"= {expr_text(i.awarded)}" if i.counted is None and id(i) not in wrapped
                          else ""] for i in items])
        for item, row in zip(items, rows, strict=True):
            self.emit(depth, row, _start(item.span))
            if id(item) in wrapped:
                self.emit(depth + 1, f"= {expr_text(item.awarded)}", _start(item.awarded.span))
            if item.counted is not None:
                self.emit(depth + 1, f"awarded {expr_text(item.awarded)}", _start(item.awarded.span))
                self.emit(depth + 1, f"counted {expr_text(item.counted)}", _start(item.counted.span))
            if item.clause is not None:
                self.emit(depth + 1, _clause(item.clause), _start(item.clause.span))

    def grades(self, g: A.Grades, depth: int) -> None:
        self.emit(depth, _join("grades", _q(g.label), "{"), _start(g.span))
        if g.integer:
            self.emit(depth + 1, "grading integer", self.keyword_at(g.span, "grading"))
        if g.rounding is not None:
            self.emit(depth + 1, f"grading round {g.rounding.places} {g.rounding.mode}", _start(g.rounding.span))
        if g.otherwise is not None:
            self.emit(depth + 1, f"otherwise {g.otherwise}", self.keyword_at(g.span, "otherwise"))
        rows = aligned([_band_cells(b) for b in g.bands])
        for band, row in zip(g.bands, rows, strict=True):
            self.emit(depth + 1, row, _start(band.span))
        self.emit(depth, "}", _end(g.span), closing=True)

    def rule(self, d: A.Veto | A.Finding, depth: int, word: str, extra: list[tuple[str, int | None]]) -> None:
        self.emit(depth, _join(word, d.name, _q(d.label), "{"), _start(d.span))
        self.emit(depth + 1, f"when {expr_text(d.when)}", _start(d.when.span))
        for text, anchor in extra:
            self.emit(depth + 1, text, anchor)
        if d.clause is not None:
            self.emit(depth + 1, _clause(d.clause), _start(d.clause.span))
        self.emit(depth, "}", _end(d.span), closing=True)

    def indicator(self, d: A.Indicator, depth: int) -> None:
        self.emit(depth, _join("indicator", d.name, _q(d.label), f"for each {d.over.dotted}", _unit(d.unit), "{"),
                  _start(d.span))
        inner = depth + 1
        self.emit(inner, f"compute {expr_text(d.compute)}", _start(d.compute.span))
        if d.not_applicable is not None:
            self.emit(inner, f"not applicable when {expr_text(d.not_applicable)}", _start(d.not_applicable.span))
        if d.clause is not None:
            self.emit(inner, _clause(d.clause), _start(d.clause.span))
        for f in d.findings:
            self.emit(inner, _join("finding", f.name, _q(f.label), f"when {expr_text(f.when)}"), _start(f.span))
            if f.clause is not None:
                self.emit(inner + 1, _clause(f.clause), _start(f.clause.span))
        self.emit(depth, "}", _end(d.span), closing=True)


def _count(n: int | None) -> Decimal | None:
    return Decimal(n) if n is not None else None


def _bounds(low: Decimal | None, high: Decimal | None, percent: bool = False) -> str:
    parts = []
    if low is not None:
        parts.append(f"min {_literal(low, percent)}")
    if high is not None:
        parts.append(f"max {_literal(high, percent)}")
    return " ".join(parts)


def _literal(value: Decimal, percent: bool) -> str:
    """A bound as a literal; the AST keeps only its value, so a percent fact's bounds are
    printed as percentages (`max 100%`), as officers write them."""
    if value < 0:
        return "-" + _literal(-value, percent)
    return number_text(value, percent)


def _field_cells(f: A.FactField) -> list[str]:
    choices = ", ".join(f'"{c}"' for c in f.choices)
    type_text = f"one of {choices}" if f.kind is A.FactKind.CHOICE else f.kind.value
    bounds = _bounds(f.minimum, f.maximum, f.kind is A.FactKind.PERCENT)
    return [f.name, _join(type_text, bounds), _q(f.label), "optional" if f.optional else ""]


def _band_cells(b: A.Band) -> list[str]:
    return [b.name, _q(b.label), band_range(b)]


def band_range(b: A.Band) -> str:
    """`80 <= total < 90`, `90 <= total`, `total < 60`, plus any `provided` condition."""
    if b.low is not None:
        text = f"{_literal(b.low, False)} {'<=' if b.low_inclusive else '<'} total"
        if b.high is not None:
            text += f" {'<=' if b.high_inclusive else '<'} {_literal(b.high, False)}"
    elif b.high is not None:
        text = f"total {'<=' if b.high_inclusive else '<'} {_literal(b.high, False)}"
    else:  # pragma: no cover - the grammar gives every band a bound
        text = "0 <= total"
    if b.provided is not None:
        text += f" provided {expr_text(b.provided)}"
    return text


# ---------------------------------------------------------------- entry points


def format_policy(policy: A.Policy, comments: Sequence[Comment] = (), text: str | None = None,
                  keywords: Style = "en") -> str:
    """The canonical text of a policy, with its comments placed by source position
    (`text`, if given, is the English-keyword text the policy was parsed from), its
    keywords spelled in English or Chinese."""
    printer = _Printer(text)
    spelling = CELL_SPELLING.set(cell_in_chinese if keywords == "zh" else None)
    try:
        printer.policy(policy)
    finally:
        CELL_SPELLING.reset(spelling)
    lines = place_comments(printer.lines, comments)
    out = "\n".join(lines) + "\n" if lines else ""
    return with_keywords(out, "zh") if keywords == "zh" and out else out


def parse_with_comments(source: Source) -> tuple[A.Policy, list[Comment]]:
    """Parse a policy and keep its comments; raise `PolicyError` if it does not parse."""
    with collecting_comments() as tokens:
        policy = parse_policy(source)
    return policy, comments_of(source.text, tokens)


def format_source(source: Source, keywords: Style | None = None) -> str:
    """The canonical text of policy text, its keywords in `keywords` (by default in the
    spelling most of them are written in); raise `PolicyError` if it does not parse."""
    parse_with_comments(source)  # the diagnostics, if any, are the text's own
    style = keywords or keyword_style(source.text)
    english = Source.from_text(source.name, with_keywords(source.text, "en"))
    policy, comments = parse_with_comments(english)
    return format_policy(policy, comments, english.text, style)


def format_text(text: str, name: str = "<policy>") -> str:
    return format_source(Source.from_text(name, text))


def _unit(unit: A.Unit | None) -> str:
    """`unit yuan`, `unit count "人次"`, or nothing."""
    return "" if unit is None else _join("unit", unit.name, _q(unit.label))


def _clause(c: A.Clause) -> str:
    """`clause "text"`, or `clause 评估办法 "text"` when it names its regulation."""
    return _join("clause", c.source or "", f'"{c.text}"')
