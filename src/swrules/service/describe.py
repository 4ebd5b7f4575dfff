"""What a hover says about a declared name, as Markdown.

Input: a `Symbol`, the checked policy when the text checks, and the syntax tree.
Output: a few Markdown lines: the label and the name, what kind of name it is and its
type; for a fact its range, choices and whether it may be left out; for a parameter
the value in force by phase and by date, each dated value with its document; for a
rule its formula as written; the clause and the regulations it cites; the file that
declares it when that is a base the policy extends. Words come from `base.words`,
values from `base.show`.
"""

from __future__ import annotations

from decimal import Decimal

from swrules.base.show import as_written, colon, date_text, join, join_clauses, one_line
from swrules.base.source import Span as SourceSpan
from swrules.base.words import FACT_KIND_WORDS, type_words, w
from swrules.check.ir import CheckedPolicy
from swrules.syntax import ast as A

from .symbols import Symbol

_KIND_WORD = {"fact": "kind_fact", "records": "kind_records", "section": "kind_section", "param": "kind_param",
              "define": "kind_define", "item": "kind_item", "party": "kind_party", "veto": "kind_veto",
              "finding": "kind_finding", "indicator": "kind_indicator", "grade": "kind_grade", "phase": "kind_phase"}


def describe(sym: Symbol, checked: CheckedPolicy | None, policy: A.Policy, here: str, lang: str = "zh") -> str:
    node = sym.node
    label = getattr(node, "label", None)
    name = sym.key
    head = f"**{label}** `{name}`" if label else f"`{name}`"
    kind = w(_KIND_WORD[sym.kind], lang)
    rule = checked.rules_by_name.get(name) if checked is not None and "." not in name else None
    if rule is not None:
        kind += " · " + type_words(rule.ty.base.value, rule.ty.many)[0 if lang == "zh" else 1]
    if sym.parent:
        kind += " · " + sym.parent
    lines = [head, "", kind]
    lines.extend(_details(node, _phase_labels(policy), lang))
    clause = getattr(node, "clause", None)
    if isinstance(clause, A.Clause):
        lines.append(_line("hover_clause", clause.text, lang))
        regs = _regulations(policy)
        if regs:
            lines.append(_line("hover_regulation", join(regs, lang), lang))
    span = sym.name_span
    if span is not None and span.source.name != here:
        lines.append(_line("hover_declared", f"{span.source.name}:{span.line}", lang))
    return "\n\n".join(x for x in lines if x)


def _line(key: str, value: str, lang: str) -> str:
    return f"{w(key, lang)}{colon(lang)}{value}"


def _details(node: object, phases: dict[str, str], lang: str) -> list[str]:
    if isinstance(node, A.FactField):
        return _fact(node, lang)
    if isinstance(node, A.RecordsField) and (node.min_count is not None or node.max_count is not None):
        return [_line("hover_count", _range(_count(node.min_count), _count(node.max_count), False), lang)]
    if isinstance(node, A.Param):
        return _values(node.value, phases, lang)
    if isinstance(node, A.Define):
        return [_line("hover_formula", f"`{_written(node.expr.span)}`", lang)]
    if isinstance(node, A.Item):
        shown = [_line("max", as_written(node.maximum), lang)]
        return shown + [_line("hover_formula", f"`{_written(node.awarded.span)}`", lang)]
    if isinstance(node, A.Veto):
        return [_line("hover_when", f"`{_written(node.when.span)}`", lang), _line("hover_forces", node.forces, lang)]
    if isinstance(node, A.Finding):
        return [_line("hover_when", f"`{_written(node.when.span)}`", lang)]
    if isinstance(node, A.Indicator):
        return [_line("hover_formula", f"`{_written(node.compute.span)}`", lang)]
    if isinstance(node, A.Band):
        return [_line("hover_range", _band(node), lang)]
    return []


def _fact(f: A.FactField, lang: str) -> list[str]:
    out = [_line("hover_type", FACT_KIND_WORDS[f.kind.value][0 if lang == "zh" else 1], lang)]
    if f.minimum is not None or f.maximum is not None:
        out.append(_line("hover_range", _range(f.minimum, f.maximum, f.kind is A.FactKind.PERCENT), lang))
    if f.choices:
        out.append(_line("hover_choices", join((f"`{c}`" for c in f.choices), lang), lang))
    if f.optional:
        out.append(w("hover_optional", lang))
    return out


def _count(n: int | None) -> Decimal | None:
    return None if n is None else Decimal(n)


def _range(low: Decimal | None, high: Decimal | None, percent: bool) -> str:
    if low is None:
        return f"≤ {as_written(high, percent)}" if high is not None else ""
    if high is None:
        return f"≥ {as_written(low, percent)}"
    return f"{as_written(low, percent)} – {as_written(high, percent)}"


def _band(b: A.Band) -> str:
    low = "" if b.low is None else f"{as_written(b.low)} {'≤' if b.low_inclusive else '<'} "
    high = "" if b.high is None else f" {'≤' if b.high_inclusive else '<'} {as_written(b.high)}"
    return f"{low}total{high}" if (low or high) else "total"


def _written(span: SourceSpan | None) -> str:
    return one_line(span.text) if span is not None else ""


def _by_phase(values: A.ByPhase, phases: dict[str, str], lang: str) -> str:
    return join_clauses((f"{phases.get(v.phase, v.phase)} {_written(v.value.span)}" for v in values.values), lang)


def _values(value: A.Expr | A.ByPhase | A.ByDate, phases: dict[str, str], lang: str) -> list[str]:
    if isinstance(value, A.ByPhase):
        return [_line("hover_value", _by_phase(value, phases, lang), lang)]
    if not isinstance(value, A.ByDate):
        return [_line("hover_value", f"`{_written(value.span)}`", lang)]
    out = [w("hover_value", lang) + colon(lang)]
    for dated in value.values:
        shown = (_by_phase(dated.value, phases, lang) if isinstance(dated.value, A.ByPhase)
                 else f"`{_written(dated.value.span)}`")
        document = f"（{dated.document}）" if dated.document and lang == "zh" else \
            f" ({dated.document})" if dated.document else ""
        out.append(f"- {w('hover_from', lang).format(date=date_text(dated.start, lang))}{colon(lang)}{shown}{document}")
    return ["\n".join(out)]


def _phase_labels(policy: A.Policy) -> dict[str, str]:
    for d in policy.declarations:
        if isinstance(d, A.Phases):
            return {p.name: p.label or p.name for p in d.phases}
    return {}


def _regulations(policy: A.Policy) -> list[str]:
    for d in policy.declarations:
        if isinstance(d, A.Header):
            return [f"《{r.title}》" + (f"（{r.document}）" if r.document else "") for r in d.regulations]
    return []
