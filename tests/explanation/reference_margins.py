"""The band margins as they were written before they showed each decimal once (issue 17).

The oracle of `test_explain_words.py`: `band_margins` here shows the total and each
distance once for each language and describes each band afresh (`reference_sentences`),
as `explanation.margins.band_margins` did. Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reference_sentences import describe_band

from swrules.base.show import show
from swrules.base.words import Say
from swrules.check.bands import above, below, contains, graded_total
from swrules.check.ir import CheckedPolicy
from swrules.explanation.margins import Event, band_of
from swrules.explanation.model import Margin
from swrules.explanation.names import text


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
