"""Plain versions of the sentence parts the explanation builder keeps once per policy (issue 17).

The oracle of `test_explain_words.py`: `describe_band` here works a band's interval out
every time it is asked, with nothing remembered, as `explanation.sentences.describe_band`
did before it kept what it had described by the band's identity. `reference_build.py`
shares `explanation.sentences`, so it cannot catch a wrong band remembered there: this can.
Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from swrules.base.show import show
from swrules.base.words import Say
from swrules.check import ir


def describe_band(band: ir.Band) -> Say:
    """A band's interval as written in regulations: 80 ≤ 总分 < 90."""
    zh, en = [], []
    if band.low is not None:
        op = "≤" if band.low_inclusive else "<"
        zh.append(f"{show(band.low)} {op} ")
        en.append(f"{show(band.low)} {op} ")
    zh.append("总分")
    en.append("total")
    if band.high is not None:
        op = "≤" if band.high_inclusive else "<"
        zh.append(f" {op} {show(band.high)}")
        en.append(f" {op} {show(band.high)}")
    return Say("".join(zh), "".join(en))
