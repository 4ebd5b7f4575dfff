"""Other regulations are expressible without changing Python: weights as multipliers
of 100-point sub-scores, truncation of the total only, letter grades, a grade that
needs more than a total, a veto that caps the grade, capped indicators with a zero
target, and Chinese names throughout."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import swrules

EXAMPLE = Path(__file__).resolve().parents[2] / "policies" / "examples" / "weighted-letter-grades.swr"


@pytest.fixture(scope="module")
def weighted() -> swrules.Policy:
    return swrules.load_policy(EXAMPLE)


def facts(专业服务: str = "55", 项目管理: str = "30", 业主: str = "90", 满意度: str = "95",
          审计不合格: bool = False) -> dict:
    return {
        "项目": {"名称": "示例项目", "财务审计不合格": 审计不合格},
        "评分": {"专业服务": D(专业服务), "项目管理": D(项目管理), "业主": D(业主), "满意度": D(满意度)},
        "服务指标": [{"名称": "探访", "实际": D("30"), "目标": D("40")},
               {"名称": "活动", "实际": D("50"), "目标": D("20")},
               {"名称": "新增", "实际": D("3"), "目标": D("0")}],
    }


def test_weights_multiply_the_hundred_point_subscores(weighted: swrules.Policy) -> None:
    result = weighted.evaluate(facts())
    parties = {p.id: p.counted for p in result.parties}
    assert parties == {"细则": D("59.5"), "业主单位": D("18.0"), "服务对象": D("9.5")}
    assert str(result.total) == "87.0"
    assert result.grade == "B_plus"


def test_the_total_is_truncated_not_rounded(weighted: swrules.Policy) -> None:
    # 56.39+30 = 86.39 x 70% = 60.473; + 18 + 9.5 = 87.973 -> 87.9 (down), not 88.0
    result = weighted.evaluate(facts(专业服务="56.39"))
    assert str(result.total) == "87.9"


def test_a_grade_that_needs_more_than_a_total_falls_to_the_next(weighted: swrules.Policy) -> None:
    # 项目管理 27 < 28 (70% of 40): the total qualifies for B+, the category does not.
    result = weighted.evaluate(facts(专业服务="60", 项目管理="27"))
    assert D(80) <= result.total < D(90)
    assert result.grade == "B"


def test_a_veto_caps_the_grade_at_the_grade_it_forces(weighted: swrules.Policy) -> None:
    result = weighted.evaluate(facts(专业服务="60", 项目管理="40", 业主="100", 满意度="100", 审计不合格=True))
    assert str(result.total) == "100.0"
    assert result.grade == "B"


def test_indicator_capped_at_one_and_zero_target_defined(weighted: swrules.Policy) -> None:
    result = weighted.evaluate(facts())
    values = {i.name: i.value for i in result.indicators}
    assert values == {"探访": D("0.75"), "活动": D("1"), "新增": D("1")}
    raised = [(f.id, f.record, f.status) for f in result.findings if f.id == "完成率偏低"]
    assert raised == [("完成率偏低", "探访", "clear"), ("完成率偏低", "活动", "clear"), ("完成率偏低", "新增", "clear")]


def test_the_example_policy_checks_cleanly(weighted: swrules.Policy) -> None:
    assert weighted.warnings == []
