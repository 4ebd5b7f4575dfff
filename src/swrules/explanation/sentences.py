"""The sentences of explanations, in Chinese and in English.

Input: values already computed (a result's lines, a rule's reads, a comparison's two
sides). Output: `Say` pairs, one sentence per language, built from patterns kept side
by side here so that both languages say the same thing. Values are shown by the one
formatter, `base.show` (long fractions cut with an ellipsis, the exact value stays in
the JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from swrules.base.show import join, quote, show
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.base.words import NOTHING, Say, w
from swrules.check import ir
from swrules.check.ir import Rule
from swrules.engine.result import Check, PartyLine, Reconciliation, RuleResult, ScoreLine


def rule_name(shown: str) -> Say:
    """A rule as a sentence begins with it: 「社工配备不足」 / “社工配备不足”."""
    return Say(f"「{shown}」", f"“{shown}”")


def clause_end(clause: str | None) -> Say:
    """How a rule's sentence ends: with its clause, if it has one, and a full stop."""
    if clause:
        return Say(f"（依据：{clause}）。", f" (clause {clause}).")
    return Say("。", ".")


def describe_band(band: ir.Band) -> Say:
    """A band's interval as written in regulations: 80 ≤ 总分 < 90 (worked out once per band)."""
    found = _BANDS.get(id(band))
    if found is None or found[0] is not band:
        if len(_BANDS) >= 256:
            _BANDS.clear()
        found = _BANDS[id(band)] = (band, _describe_band(band))
    return found[1]


# `describe_band` by the band's identity, the band kept with it (so its id is never reused
# while it is here): a policy's bands are described for every station. Bounded.
_BANDS: dict[int, tuple[ir.Band, Say]] = {}


def _describe_band(band: ir.Band) -> Say:
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


_RELATION = {"below": ("低于", "below"), "equal": ("等于", "equal to"), "above": ("高于", "above")}


def relation(left: Say, a_zh: str, rel: str, right: Say, b_zh: str, a_en: str, b_en: str) -> Say:
    """`X is 2, below Y 5`: a comparison stated with both values and how they stand."""
    zh, en = _RELATION[rel]
    right_zh = f"{right.zh} {b_zh}" if right.zh else f" {b_zh}"
    right_en = f"{right.en} {b_en}" if right.en else b_en
    return Say(f"{left.zh}为 {a_zh}，{zh}{right_zh}", f"{left.en} is {a_en}, {en} {right_en}")


def param_by_phase(rule: Rule, value: Any, phase_label: str, phase: str,
                   others: Sequence[tuple[str, str, str]], percent: bool) -> Say:
    zh = f"（{rule.label}）在{phase_label}为 {show(value, 'zh', percent)}"
    en = f" ({rule.label}) is {show(value, 'en', percent)} for the {phase} phase"
    if others:
        zh += "（" + "，".join(f"{label}为 {text}" for label, _, text in others) + "）"
        en += " (" + ", ".join(f"{name}: {text}" for _, name, text in others) + ")"
    return Say(zh, en)


def param_plain(rule: Rule, value: Any, percent: bool) -> Say:
    label = Say(f"（{rule.label}）", f" ({rule.label})") if rule.label != rule.name else NOTHING
    return label + Say(f"为 {show(value, 'zh', percent)}", f" is {show(value, 'en', percent)}")


def dated(r: RuleResult) -> Say:
    """Which dated value was used and why: the date it took effect and its document; when
    it changed within the evaluation period, that the `dated by` date chose it, and what it
    was when the period began."""
    if r.in_force_from is None:
        return NOTHING
    doc_zh = f"，{r.document}" if r.document else ""
    doc_en = f", {r.document}" if r.document else ""
    out = Say(f"（{r.in_force_from.isoformat()} 起的取值{doc_zh}）",
              f" (the value in force from {r.in_force_from.isoformat()}{doc_en})")
    ch = r.changed_within_period
    if ch is None:
        return out
    changes_zh = join([d.isoformat() for d in ch.changed_on], "zh")
    changes_en = join([d.isoformat() for d in ch.changed_on], "en")
    before_zh = ch.earlier + (f"（{ch.earlier_document}）" if ch.earlier_document else "")
    before_en = ch.earlier + (f" ({ch.earlier_document})" if ch.earlier_document else "")
    return out + Say(
        f"；考核期 {ch.period_start.isoformat()} 至 {ch.date.isoformat()} 内，该参数自 {changes_zh} 起改变，"
        f"考核期开始时为 {before_zh}；政策按 `dated by {ch.date_key}` 采用 {ch.date.isoformat()} 有效的取值",
        f"; it changed within the evaluation period {ch.period_start.isoformat()} to {ch.date.isoformat()} "
        f"(from {changes_en}) and was {before_en} when the period began; the policy is `dated by {ch.date_key}`, "
        f"so the value in force on {ch.date.isoformat()} is used")


def shown(value: Any, percent: bool = False, places: int | None = None) -> tuple[str, str]:
    """`show(value)` in Chinese and in English: a decimal reads the same in both, so it is shown once
    (and a short one is kept by its digits and options, as `show` keeps it: see `_SHOWN`)."""
    if type(value) is Decimal:
        key = (str(value), percent, places)
        found = _SHOWN.get(key)
        if found is None:
            text = show(value, "zh", percent, places=places)
            found = (text, text)
            if len(key[0]) <= _SHOWN_CHARS and (places is None or 0 <= places <= _SHOWN_PLACES):
                if len(_SHOWN) >= _SHOWN_SIZE:
                    _SHOWN.clear()
                _SHOWN[key] = found
        return found
    return show(value, "zh", percent, places=places), show(value, "en", percent, places=places)


# `shown`'s pairs for short decimals, by their digits (`str` tells 1.0 from 1.00) and the options,
# kept under `show`'s own rule for what it keeps (`base.show._SHOWN`: at most 20 characters, places
# None or 0 to 6, so that the text never depends on the decimal context). A sentence shows about
# fifty values a station, most of them seen before (maxima, shares, scores). Bounded.
_SHOWN: dict[tuple[str, bool, int | None], tuple[str, str]] = {}
_SHOWN_SIZE = 4096
_SHOWN_CHARS = 20
_SHOWN_PLACES = 6


def item(line: ScoreLine, places: int | None = None) -> Say:
    """An item's sentence; points (not maxima) shown with the places the eval table uses."""
    return Say(*item_words(line, places))


def item_words(line: ScoreLine, places: int | None = None,
               maximum: tuple[str, str] | None = None) -> tuple[str, str]:
    """`item`'s sentence as its two texts, for a builder that writes them into a dict too (`explanation.sums`),
    which may give the maximum as already shown (`shown(line.max)`: the policy's number, the same every station)."""
    counted_zh, counted_en = shown(line.counted, places=places)
    max_zh, max_en = maximum or shown(line.max)
    zh = f"折算分 {counted_zh}（标准分 {max_zh}）"
    en = f" counts {counted_en} of a maximum {max_en}"
    if line.details:
        details = [(n, shown(v, places=places)) for n, v in line.details]
        awarded_zh = join((f"{n} {v[0]}" for n, v in details), "zh")
        awarded_en = join((f"{n} {v[1]}" for n, v in details), "en")
    elif line.awarded != line.counted:
        awarded_zh, awarded_en = shown(line.awarded, places=places)
    else:
        return zh, en
    return f"评分 {awarded_zh}，{zh}", f"{en} (awarded {awarded_en})"


def _sums(parts: Sequence[Any], places: int | None = None) -> tuple[str, str]:
    """The parts of a sum, `a + b + c`, in Chinese and in English: each a rule read (its `value`) or a value
    (a decimal tested first: `getattr` on one without a `value` costs an `AttributeError`, about 40 µs)."""
    texts = [shown(p if type(p) is Decimal else getattr(p, "value", p), places=places) for p in parts]
    return " + ".join([t[0] for t in texts]), " + ".join([t[1] for t in texts])


def _rounded(rounding: tuple[str, int] | None) -> tuple[str, str]:
    """`，再截断保留 2 位小数` for a party's or a total's own rounding (mode, places)."""
    if rounding is None:
        return "", ""
    mode, places = rounding
    key = mode if mode in ("half_up", "half_even", "down", "up") else "half_up"
    return (f"，再{w(key, 'zh')}{w('places', 'zh').format(n=places)}",
            f", then {w(key, 'en')} to {places} place{'' if places == 1 else 's'}")


def party(line: PartyLine, reads: Sequence[Any], places: int | None = None,
          rounding: tuple[str, int] | None = None) -> Say:
    return Say(*party_words(line, reads, places, rounding))


def party_words(line: PartyLine, reads: Sequence[Any], places: int | None = None,
                rounding: tuple[str, int] | None = None) -> tuple[str, str]:
    """`party`'s sentence as its two texts (`item_words`)."""
    zh_sum, en_sum = _sums(reads, places)
    counted_zh, counted_en = shown(line.counted, places=places)
    rounded_zh, rounded_en = _rounded(rounding)
    if line.share_kind == "weight":
        share_zh, share_en = shown(line.share, True)
        return (f"得分 {counted_zh}（权重 {share_zh}），为各项折算分之和 × 权重："
                f"({zh_sum}) × {share_zh}{rounded_zh}",
                f" scores {counted_en} (weight {share_en}), its items' counted scores summed and weighted: "
                f"({en_sum}) × {share_en}{rounded_en}")
    share_zh, share_en = shown(line.share)
    return (f"得分 {counted_zh}（占 {share_zh} 分），为各项折算分之和：{zh_sum}{rounded_zh}",
            f" scores {counted_en} of {share_en} points, the sum of its items' counted scores: {en_sum}{rounded_en}")


def total(value: Any, maximum: Decimal, reads: Sequence[Any], places: int | None = None,
          counted: str | None = None, rounding: tuple[str, int] | None = None) -> Say:
    return Say(*total_words(value, maximum, reads, places, counted, rounding))


def total_words(value: Any, maximum: Decimal, reads: Sequence[Any], places: int | None = None,
                counted: str | None = None, rounding: tuple[str, int] | None = None) -> tuple[str, str]:
    """`total`'s sentence as its two texts (`item_words`)."""
    value_zh, value_en = shown(value, places=places)
    max_zh, max_en = shown(maximum)
    if counted is not None:
        rounded_zh, rounded_en = _rounded(rounding)
        return (f"总分 {value_zh}（满分 {max_zh}），按评分表的规定计入：{counted}{rounded_zh}",
                f"The total is {value_en} of {max_en}, counted as the score sheet says: {counted}{rounded_en}")
    zh_sum, en_sum = _sums(reads, places)
    return (f"总分 {value_zh}（满分 {max_zh}），为各方得分之和：{zh_sum}",
            f"The total is {value_en} of {max_en}, the sum of the parties' scores: {en_sum}")


_CHECK_WORDS = {
    ("veto", True): ("成立，评估结果确定为{forces}", " is hit, forcing {forces}, because "),
    ("veto", False): ("不成立", " is clear because "),
    ("finding", True): ("需要关注", " is raised because "),
    ("finding", False): ("符合要求", " is clear because "),
}


def check(kind: str, value: bool, forces: str | None, reason: Say) -> Say:
    zh, en = _CHECK_WORDS[(kind, value)]
    zh, en = zh.format(forces=forces), en.format(forces=forces)
    if not reason.zh:
        return Say(zh, en.removesuffix(" because "))
    return Say(f"{zh}：{reason.zh}", en + reason.en)


def undetermined(missing: Say | None, value: Any) -> Say:
    if missing is not None:
        return Say(f"无法判定：缺少 {missing.zh}", f" is undetermined: missing {missing.en}")
    return Say(f"无法判定：{show(value, 'zh')}", f" is undetermined: {show(value, 'en')}")


def indicator_summary(records: Sequence[Any]) -> Say:
    done = [r for r in records if r.value is not NOT_APPLICABLE and type(r.value) is not Unknown]
    na = [r for r in records if r.value is NOT_APPLICABLE]
    unknown = [r for r in records if type(r.value) is Unknown]
    zh = f"{len(records)} 项记录中 {len(done)} 项已计算"
    en = f": {len(done)} of {len(records)} records computed"
    if na:
        zh += f"，{len(na)} 项不适用（{'、'.join(r.name for r in na)}）"
        en += f", {len(na)} not applicable ({', '.join(r.name for r in na)})"
    if unknown:
        zh += f"，{len(unknown)} 项无法判定（{'、'.join(r.name for r in unknown)}）"
        en += f", {len(unknown)} undetermined ({', '.join(r.name for r in unknown)})"
    return Say(zh, en)


def graded_words(total: Any, graded: Any, rounding: tuple[str, int] | None, integer: bool) -> Say:
    """What the grades say about the total before the bands apply: rounded first
    (`评级前，总分 89.6 四舍五入保留 0 位小数为 90；`), or meant to be a whole number."""
    if rounding is not None and isinstance(total, Decimal) and graded != total:
        mode, places = rounding
        key = mode if mode in ("half_up", "half_even", "down", "up") else "half_up"
        return Say(f"评级前，总分 {show(total)} {w(key, 'zh')}{w('places', 'zh').format(n=places)}为 {show(graded)}；",
                   f"Before grading, the total {show(total)} is rounded ({w(key, 'en')}, {places} places) to "
                   f"{show(graded)}; ")
    if integer and isinstance(total, Decimal) and total != total.to_integral_value():
        return Say(f"等级表规定总分为整数，而总分为 {show(total)}；",
                   f"The grades are for whole-number totals, and the total is {show(total)}; ")
    return Say("", "")


def grade_sentence(grade: Any, total_value: Any, band: ir.Band | None, hit: Sequence[Check],
                   pending: Sequence[Check], provisional: bool, total_missing: Say,
                   before: Say = NOTHING, otherwise: str | None = None) -> Say:
    said = _grade_sentence(grade, total_value, band, hit, pending, provisional, total_missing, otherwise)
    return Say(before.zh + said.zh, before.en + said.en) if before.zh else said


def _grade_sentence(grade: Any, total_value: Any, band: ir.Band | None, hit: Sequence[Check],
                    pending: Sequence[Check], provisional: bool, total_missing: Say, otherwise: str | None) -> Say:
    if type(grade) is Unknown:
        if type(total_value) is Unknown:
            return Say(f"等级无法判定：总分无法计算（缺少 {total_missing.zh}）。",
                       f"The grade is undetermined: the total cannot be computed (missing {total_missing.en}).")
        return Say(f"等级无法判定：总分 {show(total_value)} 不在任何等级区间内。",
                   f"The grade is undetermined: the total {show(total_value)} falls in no band.")
    if band is None and not hit and otherwise is not None:
        return Say(f"等级为{grade}：总分 {show(total_value)} 不在任何等级区间内，"
                   f"按等级表的规定（其余为{otherwise}）定为{grade}。",
                   f"The grade is {grade}: the total {show(total_value)} falls in no band, and the grades give "
                   f"{otherwise} to such a total.")
    if hit:
        zh_names = join((quote(v.label, "zh") for v in hit), "zh")
        en_names = join((quote(v.label, "en") for v in hit), "en")
        zh = f"等级为{grade}：触发一票否决{zh_names}"
        en = f"The grade is {grade}: vetoed by {en_names}"
        if band is not None and band.name != grade:
            zh += f"；按总分 {show(total_value)}（{describe_band(band).zh}）本为{band.name}"
            en += f"; by its total {show(total_value)} ({describe_band(band).en}) it would be {band.name}"
        return Say(zh + "。", en + ".")
    assert band is not None
    zh = f"等级为{grade}：总分 {show(total_value)} 在{grade}的区间（{describe_band(band).zh}）内"
    en = f"The grade is {grade}: the total {show(total_value)} lies in {grade} ({describe_band(band).en})"
    if provisional and pending:
        forced = sorted({v.forces for v in pending if v.forces})
        zh += (f"。等级待核实：{len(pending)} 项一票否决情形因缺少事实未能核实，若发现其中任一情形，"
               f"评估结果将确定为{'、'.join(forced)}")
        en += (f". The grade is provisional: {len(pending)} vetoes cannot be decided for missing facts, and if one "
               f"is hit the grade becomes {', '.join(forced)}")
    else:
        zh += "，一票否决情形均不成立"
        en += " and no veto is hit"
    return Say(zh + "。", en + ".")


def margin_sentence(measure: Say, value: Any, op: str | None, threshold: Any, threshold_words: Say | None,
                    distance: Any, percent: bool) -> Say:
    """How far a condition is from holding: `X 为 1，达到 持证缺口不合格人次 3 即触发，还差 2`."""
    if op is None:
        return Say(f"若{measure.zh}为“{show(value is True, 'zh')}”即触发",
                   f"it would be hit if {measure.en} were {show(value is True, 'en')}")
    m_zh, m_en = shown(value, percent)
    t_text = shown(threshold, percent)
    t_zh = f"{threshold_words.zh} {t_text[0]}" if threshold_words else f" {t_text[0]}"
    t_en = f"{threshold_words.en} {t_text[1]}" if threshold_words else t_text[1]
    d_zh, d_en = shown(distance, percent)
    head_zh, head_en = f"{measure.zh}为 {m_zh}，", f"{measure.en} is {m_en}; "
    match op:
        case ">=":
            zh, en = f"达到{t_zh} 即触发，还差 {d_zh}", f"reaching {t_en} would trigger it, {d_en} away"
        case ">":
            zh, en = f"超过{t_zh} 即触发，还差 {d_zh} 以上", f"exceeding {t_en} would trigger it, more than {d_en} away"
        case "<=":
            zh, en = f"降至{t_zh} 即触发，现高出 {d_zh}", f"falling to {t_en} would trigger it, {d_en} above"
        case "<":
            zh, en = f"低于{t_zh} 即触发，现高出 {d_zh}", f"falling below {t_en} would trigger it, {d_en} above"
        case "=":
            zh, en = f"等于{t_zh} 时触发", f"it would trigger at {t_en}"
        case _:
            zh, en = f"不等于{t_zh} 时触发", f"it would trigger at any value but {t_en}"
    return Say(head_zh + zh, head_en + en)


def reconciliation_sentence(line: Reconciliation, rule_label: str, where: str) -> Say:
    declared_zh, declared_en = shown(line.declared)
    computed_zh, computed_en = shown(line.computed)
    by_zh, by_en = f"（由规则「{rule_label}」计算，{where}）", f" (computed by “{rule_label}”, {where})"
    if line.status == "differs":
        diff_zh = diff_en = ""
        if line.difference is not None:
            difference = show(line.difference)
            diff_zh = f"，相差 {difference}（公布减计算）"
            diff_en = f", a difference of {difference} (declared minus computed)"
        return Say(f"{line.label}：公布 {declared_zh}，计算 {computed_zh}，不一致{diff_zh}{by_zh}",
                   f"{line.label}: declared {declared_en}, computed {computed_en}: they differ{diff_en}{by_en}")
    if line.status == "agrees":
        return Say(f"{line.label}：公布 {declared_zh}，计算 {computed_zh}，一致{by_zh}",
                   f"{line.label}: declared {declared_en}, computed {computed_en}: they agree{by_en}")
    if line.status == "not_declared":
        return Say(f"{line.label}：未公布，计算 {computed_zh}{by_zh}",
                   f"{line.label}: not declared, computed {computed_en}{by_en}")
    return Say(f"{line.label}：公布 {declared_zh}，计算结果无法判定{by_zh}",
               f"{line.label}: declared {declared_en}, the computed figure is undetermined{by_en}")
