"""How far a station is from a different outcome: another grade band, or a veto hit.

Input: the checked policy, the station's total, and the trace events of the grade and
of each veto or finding not hit. Output: `Margin`s, each with the measure, the
threshold, the comparison that would change the outcome, the distance and a sentence
in both languages. Values come from the trace, never from evaluating again, so a
margin always agrees with the figures printed beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from swrules.base.show import show
from swrules.base.values import Unknown
from swrules.base.words import Say
from swrules.check import ir
from swrules.check.bands import above, below, contains, first_band, graded_total
from swrules.check.ir import CheckedPolicy, Rule

from . import sentences as W
from .model import Margin
from .names import Names, text
from .sentences import describe_band

Event = tuple[Any, Any]

MIRROR = {ir.CmpOp.LT: ir.CmpOp.GT, ir.CmpOp.GT: ir.CmpOp.LT, ir.CmpOp.LE: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LE,
          ir.CmpOp.EQ: ir.CmpOp.EQ, ir.CmpOp.NE: ir.CmpOp.NE}

NEGATE = {ir.CmpOp.LT: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LT, ir.CmpOp.GT: ir.CmpOp.LE, ir.CmpOp.LE: ir.CmpOp.GT,
          ir.CmpOp.EQ: ir.CmpOp.NE, ir.CmpOp.NE: ir.CmpOp.EQ}


def provided(band: ir.Band, grade_events: list[Event]) -> Any:
    """A band's condition as evaluated (True when it has none; None when it was not reached)."""
    if band.provided is None:
        return True
    return {id(n): v for n, v in grade_events}.get(id(band.provided))


def band_of(c: CheckedPolicy, total: Any, grade_events: list[Event]) -> ir.Band | None:
    """The band the total falls in, before any veto: the first whose interval and condition hold."""
    if type(total) is Unknown:
        return None
    total = graded_total(total, c.grades.rounding)
    bands = c.grades.bands
    found = first_band(bands, total, lambda i: provided(bands[i], grade_events))
    return found[0] if found is not None else None


def comparable(a: Any, b: Any) -> bool:
    """Two determined values a sentence can compare: numbers with numbers, dates with dates."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    if type(a) is Unknown or type(b) is Unknown:
        return False
    numeric = (Decimal, int)
    return (isinstance(a, numeric) and isinstance(b, numeric)) or type(a) is type(b) and not isinstance(a, str)


def band_margins(c: CheckedPolicy, total: Any, grade_events: list[Event]) -> tuple[Margin, ...]:
    """For every band but the station's own: how far the total is from it."""
    if not isinstance(total, Decimal):
        return ()
    total = graded_total(total, c.grades.rounding)
    current = band_of(c, total, grade_events)
    total_text = show(total)  # a decimal: the same in both languages, as are `d` and a band's bounds
    out = []
    for band in c.grades.bands:
        if current is not None and band.name == current.name:
            continue
        interval = describe_band(band)
        cond_zh = cond_en = ""
        if band.provided is not None:
            cond_zh, cond_en = f"，且须满足 {text(band.provided)}", f", provided {text(band.provided)}"
        if contains(band, total):
            condition = text(band.provided)
            say = Say(f"总分 {total_text} 在{band.name}的区间（{interval.zh}）内，但不满足 {condition}",
                      f"total {total_text} lies in {band.name} ({interval.en}) but {condition} does not hold")
            out.append(Margin("band", band.name, band.name, "total", total, None, None, None, say))
        elif below(band, total):
            assert band.low is not None
            d = band.low - total
            trig = ">=" if band.low_inclusive else ">"
            more = "" if band.low_inclusive else "以上"
            d_text = show(d)
            say = Say(f"总分 {total_text} 距{band.name}（{interval.zh}）还差 {d_text}{more}{cond_zh}",
                      f"total {total_text} is {d_text} short of {band.name} ({interval.en})"
                      f"{'' if band.low_inclusive else ', and must exceed it'}{cond_en}")
            out.append(Margin("band", band.name, band.name, "total", total, band.low, trig, d, say))
        elif above(band, total):
            assert band.high is not None
            d = total - band.high
            trig = "<" if not band.high_inclusive else "<="
            d_text, high = show(d), show(band.high)
            say = Say(f"总分 {total_text} 比{band.name}（{interval.zh}）的上限 {high} 高 {d_text}{cond_zh}",
                      f"total {total_text} is {d_text} above {band.name} ({interval.en}), whose upper bound is "
                      f"{high}{cond_en}")
            out.append(Margin("band", band.name, band.name, "total", total, band.high, trig, d, say))
    return tuple(out)


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


def check_margins(names: Names, rule: Rule, d: ir.Veto | ir.Finding, events: list[Event],
                  latest: dict[int, Any] | None = None) -> Iterator[Margin]:
    """For a veto or finding not hit: each condition holding it back, and by how much
    (`latest`: each node's last value by its `id`, when the caller has it already)."""
    if latest is None:
        latest = {id(n): v for n, v in events}
    known = names.words.conditions
    found = known.get(id(d.when))
    if found is None:  # the policy's own: once per check
        found = known[id(d.when)] = tuple(conditions(d.when))
    for node, negated in found:
        # Under a `not`, a condition holds the rule back by being true.
        if latest.get(id(node)) is not negated:
            continue
        if isinstance(node, ir.Ref):
            desc = names.describe(node)
            yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, negated, not negated, None, None,
                         W.margin_sentence(desc, not negated, None, "", None, None, percent=False))
            continue
        measure, threshold, m, t, percent, swapped = names.compared(node)  # the limit on the right
        op = NEGATE[node.op] if negated else node.op
        if swapped:
            op = MIRROR[op]
        m = latest.get(id(measure), m)
        t = latest.get(id(threshold), t)
        if not comparable(m, t) or not isinstance(m, Decimal | int) or not isinstance(t, Decimal | int):
            continue
        distance: Any = None
        if op in (ir.CmpOp.GE, ir.CmpOp.GT):
            distance = Decimal(t) - Decimal(m)
        elif op in (ir.CmpOp.LE, ir.CmpOp.LT):
            distance = Decimal(m) - Decimal(t)
        desc = names.describe(measure)
        tdesc = None if isinstance(threshold, ir.Number) else names.describe(threshold)
        yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, m, t, op.value, distance,
                     W.margin_sentence(desc, m, op.value, t, tdesc, distance, percent=percent), percent)
