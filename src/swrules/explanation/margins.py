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
from swrules.check.bands import first_band, graded_total, sides
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


_UNSET: Any = object()


def band_margins(c: CheckedPolicy, total: Any, grade_events: list[Event], current: Any = _UNSET) -> tuple[Margin, ...]:
    """For every band but the station's own: how far the total is from it (`current`: the station's band,
    `band_of`, when the caller has it). Each band's words and sides are worked out once per policy
    (`_band_plans`): a station shows its total and each distance, and joins them in."""
    if not isinstance(total, Decimal):
        return ()
    total = graded_total(total, c.grades.rounding)
    if current is _UNSET:
        current = band_of(c, total, grade_events)
    current_name = current.name if current is not None else None
    total_text = show(total)  # a decimal: the same in both languages, as are `d` and a band's bounds
    out = []
    for (band, name, low_test, low, high_test, high, interval, cond_zh, cond_en, condition, low_trig, more, must,
         high_trig, high_text) in _band_plans(c.grades):
        if name == current_name:
            continue
        in_low = low_test(total, low)
        in_high = high_test(total, high)
        if in_low and in_high:
            say = Say(f"总分 {total_text} 在{name}的区间（{interval.zh}）内，但不满足 {condition}",
                      f"total {total_text} lies in {name} ({interval.en}) but {condition} does not hold")
            out.append(Margin("band", name, name, "total", total, None, None, None, say))
        elif not in_low:
            d = band.low - total
            d_text = show(d)
            say = Say(f"总分 {total_text} 距{name}（{interval.zh}）还差 {d_text}{more}{cond_zh}",
                      f"total {total_text} is {d_text} short of {name} ({interval.en}){must}{cond_en}")
            out.append(Margin("band", name, name, "total", total, band.low, low_trig, d, say))
        elif not in_high:
            d = total - band.high
            d_text = show(d)
            say = Say(f"总分 {total_text} 比{name}（{interval.zh}）的上限 {high_text} 高 {d_text}{cond_zh}",
                      f"total {total_text} is {d_text} above {name} ({interval.en}), whose upper bound is "
                      f"{high_text}{cond_en}")
            out.append(Margin("band", name, name, "total", total, band.high, high_trig, d, say))
    return tuple(out)


def _band_plans(grades: ir.Grades) -> tuple[tuple[Any, ...], ...]:
    """Each band of a policy's grades with what its margin says whatever the total: its name, its sides
    (`check.bands.sides`: the total is below the band when the lower test fails, above it when the upper
    one does), its interval and condition as written, its triggers and the words around its distance.
    Kept by the grades' identity, the grades with them (so their id is not reused while kept)."""
    found = _BAND_PLANS.get(id(grades))
    if found is None or found[0] is not grades:
        plans = []
        for band in grades.bands:
            cond_zh = cond_en = ""
            if band.provided is not None:
                cond_zh, cond_en = f"，且须满足 {text(band.provided)}", f", provided {text(band.provided)}"
            plans.append((band, band.name, *sides(band), describe_band(band), cond_zh, cond_en, text(band.provided),
                          ">=" if band.low_inclusive else ">", "" if band.low_inclusive else "以上",
                          "" if band.low_inclusive else ", and must exceed it",
                          "<" if not band.high_inclusive else "<=",
                          show(band.high) if band.high is not None else ""))
        if len(_BAND_PLANS) >= 64:
            _BAND_PLANS.clear()
        found = _BAND_PLANS[id(grades)] = (grades, tuple(plans))
    return found[1]


_BAND_PLANS: dict[int, tuple[Any, tuple[tuple[Any, ...], ...]]] = {}


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
