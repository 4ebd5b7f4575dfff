"""How far a station is from a different outcome: another grade band, or a veto hit.

Input: the checked policy, the station's total, and the trace events of the grade and
of each veto or finding not hit. Output: `Margin`s, each with the measure, the
threshold, the comparison that would change the outcome, the distance and a sentence
in both languages. Values come from the trace, never from evaluating again, so a
margin always agrees with the figures printed beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from swrules.base.show import show
from swrules.base.values import Unknown
from swrules.base.words import Say
from swrules.check import ir
from swrules.check.bands import above, below, contains, first_band, graded_total
from swrules.check.ir import CheckedPolicy, Rule

from .checks import check_plan
from .checks import comparable as comparable  # what `build` and the reference compare with
from .model import Margin
from .names import Names, text
from .sentences import describe_band

Event = tuple[Any, Any]


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


def check_margins(names: Names, rule: Rule, latest: dict[int, Any]) -> list[Margin]:
    """For a veto or finding not hit: each condition holding it back, and by how much (`latest`: each
    node's last value by its `id`). What each condition needs is planned once per policy
    (`checks.CheckPlan.margins`)."""
    out = []
    for key, negated, margin in check_plan(names, rule).margins:
        # Under a `not`, a condition holds the rule back by being true.
        if latest.get(key) is negated:
            found = margin(latest, names)
            if found is not None:
                out.append(found)
    return out
