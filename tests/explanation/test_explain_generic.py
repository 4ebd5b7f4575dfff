"""Explanations come from the policy's own comparisons, not from Guangzhou: a small
policy with weighted parties, a rounded total, a conditional band, a strict veto, a
negated veto and a limit written on the left of a comparison."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import swrules
from swrules.explanation.text import render_explanation

WEIGHTED = Path(__file__).parent / "policies" / "weighted.swr"


@pytest.fixture(scope="module")
def weighted() -> swrules.Policy:
    return swrules.load_policy(WEIGHTED)


def run(policy: swrules.Policy, a: str, b: str, late: int = 3, ok: bool = True) -> swrules.Result:
    return policy.evaluate({"s": {"a": D(a), "b": D(b), "late": late, "ok": ok}}, explain=True)


def test_weighted_policy_golden(golden, weighted: swrules.Policy) -> None:
    result = run(weighted, "88.25", "91.1", late=12)
    for lang in ("zh", "en"):
        text = render_explanation(result, swrules.explain(result), lang)
        golden(f"explain/weighted.{lang}.txt", text.replace(str(WEIGHTED), "weighted.swr"))


def test_total_rounding_is_a_rounding_step(weighted: swrules.Policy) -> None:
    total = swrules.explain(run(weighted, "88.25", "91.1")).rule("total")
    [step] = total.rounding
    assert (step.before, step.after, step.places, step.mode) == (D("89.1050"), D("89.1"), 1, "half_up")


def test_strict_and_negated_vetoes_and_a_limit_on_the_left(weighted: swrules.Policy) -> None:
    expl = swrules.explain(run(weighted, "88.25", "91.1", late=12))
    margins = {m.subject: m for m in expl.why_not}
    late = margins["逾期"]
    assert (late.value, late.threshold, late.trigger, late.distance) == (12, D(30), ">", D(18))
    assert margins["不合规"].sentence.en == "it would be hit if 合规 were no"
    finding = expl.rule("低分")
    assert finding.sentence.en == "“甲评分偏低” is clear because 甲评分 is 88.25, above 60."
    [m] = finding.margins
    assert (m.value, m.threshold, m.trigger, m.distance) == (D("88.25"), D(60), "<=", D("28.25"))


def test_a_band_whose_condition_fails_says_so(weighted: swrules.Policy) -> None:
    expl = swrules.explain(run(weighted, "100", "70"))  # total 91.0, but the mean 85 is not above 85
    assert expl.grade == "B"
    [a] = [m for m in expl.why_not if m.subject == "A"]
    assert a.sentence.en == "total 91.0 lies in A (90 ≤ total) but 平均 > 85 does not hold"
    assert "lies in B (60 ≤ total)" in expl.rule("grade").sentence.en


def test_vetoes_hit_name_the_grade_the_total_would_have_had(weighted: swrules.Policy) -> None:
    expl = swrules.explain(run(weighted, "95", "91.1", late=31, ok=False))
    assert expl.rule("grade").sentence.zh == (
        "等级为C：触发一票否决「逾期过久」、「不合规」；按总分 93.8（90 ≤ 总分）本为A。")
    assert expl.capped_by == ("逾期过久", "不合规")
