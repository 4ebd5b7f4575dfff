"""The margins as they were written before they were worked out once per policy (issue 17).

The oracle of `test_explain_words.py`: `band_margins` here shows the total and each
distance once for each language and describes each band afresh (`reference_sentences`),
as `explanation.margins.band_margins` did. The oracle of `reference_build` and so of
`test_explain_fast.py` and `test_explain_checks.py`: `check_margins` here walks a veto's or
finding's condition for every station and works out each comparison's sides, literals,
percent flag and names afresh, as `explanation.margins.check_margins` did before its
conditions were planned (`explanation.checks`). Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from reference_sentences import describe_band

from swrules.base.show import show
from swrules.base.values import Unknown
from swrules.base.words import Say
from swrules.check import ir
from swrules.check.bands import above, below, contains, graded_total
from swrules.check.ir import CheckedPolicy, Rule
from swrules.explanation import sentences as W
from swrules.explanation.margins import Event, band_of
from swrules.explanation.model import Margin
from swrules.explanation.names import Names, constant, text

MIRROR = {ir.CmpOp.LT: ir.CmpOp.GT, ir.CmpOp.GT: ir.CmpOp.LT, ir.CmpOp.LE: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LE,
          ir.CmpOp.EQ: ir.CmpOp.EQ, ir.CmpOp.NE: ir.CmpOp.NE}

NEGATE = {ir.CmpOp.LT: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LT, ir.CmpOp.GT: ir.CmpOp.LE, ir.CmpOp.LE: ir.CmpOp.GT,
          ir.CmpOp.EQ: ir.CmpOp.NE, ir.CmpOp.NE: ir.CmpOp.EQ}


def band_margins(c: CheckedPolicy, total: Any, grade_events: list[Event]) -> tuple[Margin, ...]:
    """For every band but the station's own: how far the total is from it."""
    if not isinstance(total, Decimal):
        return ()
    total = graded_total(total, c.grades.rounding)
    current = band_of(c, total, grade_events)
    out = []
    for band in c.grades.bands:
        if current is not None and band.name == current.name:
            continue
        interval = describe_band(band)
        cond = Say("", "")
        if band.provided is not None:
            cond = Say(f"，且须满足 {text(band.provided)}", f", provided {text(band.provided)}")
        if contains(band, total):
            condition = text(band.provided)
            say = Say(f"总分 {show(total, 'zh')} 在{band.name}的区间（{interval.zh}）内，但不满足 {condition}",
                      f"total {show(total, 'en')} lies in {band.name} ({interval.en}) but {condition} does not hold")
            out.append(Margin("band", band.name, band.name, "total", total, None, None, None, say))
        elif below(band, total):
            assert band.low is not None
            d = band.low - total
            trig = ">=" if band.low_inclusive else ">"
            more = "" if band.low_inclusive else "以上"
            say = Say(f"总分 {show(total, 'zh')} 距{band.name}（{interval.zh}）还差 {show(d, 'zh')}{more}",
                      f"total {show(total, 'en')} is {show(d, 'en')} short of {band.name} ({interval.en})"
                      + ("" if band.low_inclusive else ", and must exceed it")) + cond
            out.append(Margin("band", band.name, band.name, "total", total, band.low, trig, d, say))
        elif above(band, total):
            assert band.high is not None
            d = total - band.high
            trig = "<" if not band.high_inclusive else "<="
            say = Say(f"总分 {show(total, 'zh')} 比{band.name}（{interval.zh}）的上限 {show(band.high, 'zh')} "
                      f"高 {show(d, 'zh')}", f"total {show(total, 'en')} is {show(d, 'en')} above {band.name} "
                      f"({interval.en}), whose upper bound is {show(band.high, 'en')}") + cond
            out.append(Margin("band", band.name, band.name, "total", total, band.high, trig, d, say))
    return tuple(out)


def comparable(a: Any, b: Any) -> bool:
    """Two determined values a sentence can compare: numbers with numbers, dates with dates."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    if type(a) is Unknown or type(b) is Unknown:
        return False
    numeric = (Decimal, int)
    return (isinstance(a, numeric) and isinstance(b, numeric)) or type(a) is type(b) and not isinstance(a, str)


def conditions(node: Any, negated: bool = False) -> Iterator[tuple[Any, bool]]:
    """The comparisons and yes/no values a condition is made of, each with whether a `not` turns it."""
    if isinstance(node, ir.Logical):
        yield from conditions(node.left, negated)
        yield from conditions(node.right, negated)
    elif isinstance(node, ir.Not):
        yield from conditions(node.operand, not negated)
    elif isinstance(node, ir.Cond):  # both branches: only the one evaluated has values, and counts
        yield from conditions(node.then, negated)
        yield from conditions(node.otherwise, negated)
    elif isinstance(node, (ir.Compare, ir.Ref)):
        yield node, negated


def check_margins(names: Names, rule: Rule, d: ir.Veto | ir.Finding, events: list[Event]) -> Iterator[Margin]:
    """For a veto or finding not hit: each condition holding it back, and by how much."""
    latest = {id(n): v for n, v in events}
    for node, negated in conditions(d.when):
        # Under a `not`, a condition holds the rule back by being true.
        if latest.get(id(node)) is not negated:
            continue
        if isinstance(node, ir.Ref):
            desc = names.describe(node)
            yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, negated, not negated, None, None,
                         W.margin_sentence(desc, not negated, None, "", None, None, percent=False))
            continue
        measure, threshold, op = node.left, node.right, NEGATE[node.op] if negated else node.op
        if names.is_threshold(measure) and not names.is_threshold(threshold):
            measure, threshold, op = threshold, measure, MIRROR[op]
        m = latest.get(id(measure), constant(measure))
        t = latest.get(id(threshold), constant(threshold))
        if not comparable(m, t) or not isinstance(m, Decimal | int) or not isinstance(t, Decimal | int):
            continue
        distance: Any = None
        if op in (ir.CmpOp.GE, ir.CmpOp.GT):
            distance = Decimal(t) - Decimal(m)
        elif op in (ir.CmpOp.LE, ir.CmpOp.LT):
            distance = Decimal(m) - Decimal(t)
        percent = names.is_percent(measure) or names.is_percent(threshold)
        desc = names.describe(measure)
        tdesc = None if isinstance(threshold, ir.Number) else names.describe(threshold)
        yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, m, t, op.value, distance,
                     W.margin_sentence(desc, m, op.value, t, tdesc, distance, percent=percent), percent)
