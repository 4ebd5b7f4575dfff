"""Plain versions of the sentence parts the explanation builder keeps once per policy (issue 17).

The oracle of `test_explain_words.py`: `describe_band` here works a band's interval out
every time it is asked, with nothing remembered, as `explanation.sentences.describe_band`
did before it kept what it had described by the band's identity; `item`, `party`,
`total`, `margin_sentence` and `reconciliation_sentence` show every value once for each
language, as they did before `sentences.shown` showed a decimal once for both.
`reference_build.py` shares `explanation.sentences`, so it cannot catch a wrong word
there: this can.
Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from swrules.base.show import join, show
from swrules.base.words import Say, w
from swrules.check import ir
from swrules.engine.result import PartyLine, Reconciliation, ScoreLine


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


def margin_sentence(measure: Say, value: Any, op: str | None, threshold: Any, threshold_words: Say | None,
                    distance: Any, percent: bool) -> Say:
    """How far a condition is from holding: `X 为 1，达到 持证缺口不合格人次 3 即触发，还差 2`."""
    if op is None:
        word = Say(show(value is True, "zh"), show(value is True, "en"))
        return Say(f"若{measure.zh}为“{word.zh}”即触发", f"it would be hit if {measure.en} were {word.en}")
    m_zh, m_en = show(value, "zh", percent), show(value, "en", percent)
    t_zh = f"{threshold_words.zh} {show(threshold, 'zh', percent)}" if threshold_words else \
        f" {show(threshold, 'zh', percent)}"
    t_en = f"{threshold_words.en} {show(threshold, 'en', percent)}" if threshold_words else \
        show(threshold, "en", percent)
    d_zh, d_en = show(distance, "zh", percent), show(distance, "en", percent)
    head = Say(f"{measure.zh}为 {m_zh}，", f"{measure.en} is {m_en}; ")
    match op:
        case ">=":
            return head + Say(f"达到{t_zh} 即触发，还差 {d_zh}", f"reaching {t_en} would trigger it, {d_en} away")
        case ">":
            return head + Say(f"超过{t_zh} 即触发，还差 {d_zh} 以上",
                              f"exceeding {t_en} would trigger it, more than {d_en} away")
        case "<=":
            return head + Say(f"降至{t_zh} 即触发，现高出 {d_zh}", f"falling to {t_en} would trigger it, {d_en} above")
        case "<":
            return head + Say(f"低于{t_zh} 即触发，现高出 {d_zh}", f"falling below {t_en} would trigger it, "
                              f"{d_en} above")
        case "=":
            return head + Say(f"等于{t_zh} 时触发", f"it would trigger at {t_en}")
    return head + Say(f"不等于{t_zh} 时触发", f"it would trigger at any value but {t_en}")


def reconciliation_sentence(line: Reconciliation, rule_label: str, where: str) -> Say:
    declared_zh, declared_en = show(line.declared, "zh"), show(line.declared, "en")
    computed_zh, computed_en = show(line.computed, "zh"), show(line.computed, "en")
    by = Say(f"（由规则「{rule_label}」计算，{where}）", f" (computed by “{rule_label}”, {where})")
    if line.status == "differs":
        diff = Say("", "")
        if line.difference is not None:
            diff = Say(f"，相差 {show(line.difference)}（公布减计算）", f", a difference of {show(line.difference)} "
                       "(declared minus computed)")
        return Say(f"{line.label}：公布 {declared_zh}，计算 {computed_zh}，不一致",
                   f"{line.label}: declared {declared_en}, computed {computed_en}: they differ") + diff + by
    if line.status == "agrees":
        return Say(f"{line.label}：公布 {declared_zh}，计算 {computed_zh}，一致",
                   f"{line.label}: declared {declared_en}, computed {computed_en}: they agree") + by
    if line.status == "not_declared":
        return Say(f"{line.label}：未公布，计算 {computed_zh}",
                   f"{line.label}: not declared, computed {computed_en}") + by
    return Say(f"{line.label}：公布 {declared_zh}，计算结果无法判定", f"{line.label}: declared {declared_en}, "
               "the computed figure is undetermined") + by
