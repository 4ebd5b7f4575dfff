"""Plain versions of the sentence parts the explanation builder keeps once per policy (issue 17).

The oracle of `test_explain_words.py`: `describe_band` here works a band's interval out
every time it is asked, with nothing remembered, as `explanation.sentences.describe_band`
did before it kept what it had described by the band's identity; `item`, `party` and
`total` show every value once for each language, as they did before `sentences.shown`
showed a decimal once for both. `reference_build.py` shares `explanation.sentences`, so it
cannot catch a wrong word there: this can.
Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from swrules.base.show import join, show
from swrules.base.words import Say, w
from swrules.check import ir
from swrules.engine.result import PartyLine, ScoreLine


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


def item(line: ScoreLine, places: int | None = None) -> Say:
    """An item's sentence; points (not maxima) shown with the places the eval table uses."""
    def pts(v: Any, lang: str) -> str:
        return show(v, lang, places=places)

    counted = Say(f"折算分 {pts(line.counted, 'zh')}（标准分 {show(line.max, 'zh')}）",
                  f" counts {pts(line.counted, 'en')} of a maximum {show(line.max, 'en')}")
    if line.details:
        zh = join((f"{n} {pts(v, 'zh')}" for n, v in line.details), "zh")
        en = join((f"{n} {pts(v, 'en')}" for n, v in line.details), "en")
        return Say(f"评分 {zh}，", "") + counted + Say("", f" (awarded {en})")
    if line.awarded != line.counted:
        return Say(f"评分 {pts(line.awarded, 'zh')}，", "") + counted + Say(
            "", f" (awarded {pts(line.awarded, 'en')})")
    return counted


def _sum(parts: Sequence[Any], lang: str, places: int | None = None) -> str:
    return " + ".join(show(getattr(p, "value", p), lang, places=places) for p in parts)


def _rounded(rounding: tuple[str, int] | None) -> Say:
    """`，再截断保留 2 位小数` for a party's or a total's own rounding (mode, places)."""
    if rounding is None:
        return Say("", "")
    mode, places = rounding
    key = mode if mode in ("half_up", "half_even", "down", "up") else "half_up"
    return Say(f"，再{w(key, 'zh')}{w('places', 'zh').format(n=places)}",
               f", then {w(key, 'en')} to {places} place{'' if places == 1 else 's'}")


def party(line: PartyLine, reads: Sequence[Any], places: int | None = None,
          rounding: tuple[str, int] | None = None) -> Say:
    zh_sum, en_sum = _sum(reads, "zh", places), _sum(reads, "en", places)
    if line.share_kind == "weight":
        share = Say(f"（权重 {show(line.share, 'zh', True)}）", f" (weight {show(line.share, 'en', True)})")
        how = Say(f"，为各项折算分之和 × 权重：({zh_sum}) × {show(line.share, 'zh', True)}",
                  f", its items' counted scores summed and weighted: ({en_sum}) × "
                  f"{show(line.share, 'en', True)}")
    else:
        share = Say(f"（占 {show(line.share, 'zh')} 分）", f" of {show(line.share, 'en')} points")
        how = Say(f"，为各项折算分之和：{zh_sum}", f", the sum of its items' counted scores: {en_sum}")
    return Say(f"得分 {show(line.counted, 'zh', places=places)}",
               f" scores {show(line.counted, 'en', places=places)}") + share + how + _rounded(rounding)


def total(value: Any, maximum: Decimal, reads: Sequence[Any], places: int | None = None,
          counted: str | None = None, rounding: tuple[str, int] | None = None) -> Say:
    if counted is not None:
        return Say(f"总分 {show(value, 'zh', places=places)}（满分 {show(maximum, 'zh')}），"
                   f"按评分表的规定计入：{counted}",
                   f"The total is {show(value, 'en', places=places)} of {show(maximum, 'en')}, counted as the "
                   f"score sheet says: {counted}") + _rounded(rounding)
    zh_sum, en_sum = _sum(reads, "zh", places), _sum(reads, "en", places)
    return Say(f"总分 {show(value, 'zh', places=places)}（满分 {show(maximum, 'zh')}），为各方得分之和：{zh_sum}",
               f"The total is {show(value, 'en', places=places)} of {show(maximum, 'en')}, the sum of the "
               f"parties' scores: {en_sum}")
