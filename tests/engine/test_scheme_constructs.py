"""Other cities' schemes written without workarounds: a weighted party rounds its own
share, a score sheet counts any expression while its items stay listed, grades say how
totals are graded, targets are prorated by date arithmetic and rounded up, and each
example policy under `policies/examples/` passes its own policy tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

import swrules
from swrules.base.values import date_span
from swrules.explanation.text import render_explanation

EXAMPLES = ROOT / "policies" / "examples"
FAMILIES = ["weighted-shares", "spot-check", "whole-number-grades", "prorated-targets", "chinese-scoring-types"]


def example(name: str) -> swrules.Policy:
    return swrules.load_policy(EXAMPLES / name / f"{name}.swr")


def explained(policy: swrules.Policy, facts: dict[str, Any]) -> str:
    result = policy.evaluate(facts, explain=True)
    return render_explanation(result, swrules.explain(result), "zh")


@pytest.mark.parametrize("name", FAMILIES)
def test_each_example_passes_its_policy_tests(name: str) -> None:
    out = run_cli("test", str(EXAMPLES / name / f"{name}.swr"))
    assert out.exit_code == 0, out.output
    assert "0 个失败" in out.output


@pytest.mark.parametrize("name", FAMILIES)
def test_every_invented_number_is_marked_as_an_example(name: str) -> None:
    folder = EXAMPLES / name
    text = (folder / f"{name}.swr").read_text(encoding="utf-8")
    assert "示例" in text.split("policy")[0] or "示例" in text.split("政策")[0]
    for case in (folder / "tests").glob("*.toml"):
        assert case.read_text(encoding="utf-8").startswith('description = "示例'), case


# ---------------------------------------------------------------- per-share rounding


def test_a_weighted_party_truncates_its_own_share() -> None:
    facts = {"评分": {"细则": D("93.65"), "业主": D("96.33"), "满意度": D("95.57")}}
    result = example("weighted-shares").evaluate(facts)
    assert {p.id: p.counted for p in result.parties} == {"评估细则": D("65.55"), "业主单位": D("19.26"),
                                                          "服务对象": D("9.55")}
    assert result.total == D("94.36")  # truncating only the sum would give 94.37


def test_the_explanation_shows_the_share_and_its_rounding() -> None:
    text = explained(example("weighted-shares"), {"评分": {"细则": D("93.65"), "业主": D("96.33"),
                                                          "满意度": D("95.57")}})
    assert "「评估细则」得分 65.55（权重 70%），为各项折算分之和 × 权重：(93.65) × 70%，再截断保留 2 位小数。" in text
    assert "65.5550 → 65.55（截断，保留 2 位小数）" in text


# ---------------------------------------------------------------- a counted total


def test_the_sheet_counts_the_spot_check_when_there_was_one() -> None:
    policy = example("spot-check")
    own = {"自评": {"项目管理": D("35.5"), "专业服务": D("52.25")}}
    result = policy.evaluate(own)
    assert result.total == D("83.36") and result.grade == "良好"
    assert [s.id for s in result.scores] == ["项目管理", "专业服务"]  # the items stay on the sheet
    checked = policy.evaluate({**own, "抽查": {"得分": D("91")}})
    assert checked.total == D("91") and checked.grade == "优秀"
    assert "按评分表的规定计入：if known(抽查.得分) then 抽查.得分 else 机构自评 * 95%" in explained(policy, own)


# ---------------------------------------------------------------- how totals are graded


@pytest.mark.parametrize(("manage", "serve", "grade"), [
    ("35.5", "54", "优秀"),    # 89.5 rounds to 90
    ("35.4", "54", "良好"),    # 89.4 rounds to 89
    ("30", "49.4", "合格"),    # 79.4 rounds to 79: the gap 79..80 is never reached
    ("31", "60", "良好"),      # 91, but 项目管理 under 80%: the open-ended band below catches it
])
def test_totals_are_rounded_before_grading(manage: str, serve: str, grade: str) -> None:
    result = example("whole-number-grades").evaluate({"评分": {"管理": D(manage), "服务": D(serve)}})
    assert result.grade == grade


def test_the_explanation_says_the_total_was_rounded_before_grading() -> None:
    text = explained(example("whole-number-grades"), {"评分": {"管理": D("35.5"), "服务": D("54")}})
    assert "评级前，总分 89.5 四舍五入保留 0 位小数为 90；等级为优秀" in text


def test_a_total_in_no_band_takes_the_outcome_the_grades_state(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text('policy "p" { version "1" }\nfacts s "s" { x decimal min 0 max 100 "x" }\n'
                    'score sheet { party p "p" points 100 { item a "a" max 100 = s.x } total max 100 }\n'
                    'grades { otherwise 不合格\n 合格 60 <= total <= 100\n 不合格 total <= 50 }\n', encoding="utf-8")
    policy = swrules.load_policy(path)
    assert policy.evaluate({"s": {"x": D("55")}}).grade == "不合格"
    text = explained(policy, {"s": {"x": D("55")}})
    assert "总分 55 不在任何等级区间内，按等级表的规定（其余为不合格）定为不合格" in text


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("a", "b", "months"), [
    ("2025-01-01", "2025-07-01", 6), ("2025-01-01", "2025-06-30", 5), ("2025-01-15", "2025-02-14", 0),
    ("2025-01-31", "2025-02-28", 1), ("2024-02-29", "2025-02-28", 12), ("2025-07-01", "2025-01-01", -6),
])
def test_whole_months_follow_the_calendar(a: str, b: str, months: int) -> None:
    assert date_span("months_between", dt.date.fromisoformat(a), dt.date.fromisoformat(b)) == D(months)


def _add_months(d: dt.date, n: int) -> dt.date:
    import calendar
    year, month = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + year, month + 1, min(d.day, calendar.monthrange(d.year + year, month + 1)[1]))


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_months_between_is_the_last_anniversary_reached(a: dt.date, b: dt.date) -> None:
    m = int(date_span("months_between", a, b))
    first, last = (a, b) if a <= b else (b, a)
    assert m == (abs(m) if a <= b else -abs(m))
    assert _add_months(first, abs(m)) <= last < _add_months(first, abs(m) + 1)
    assert date_span("days_between", a, b) == D((b - a).days)


def test_a_target_prorated_to_the_window_is_rounded_up() -> None:
    facts = {"站点": {"考核期开始": dt.date(2025, 1, 16), "考核期结束": dt.date(2025, 7, 1), "评估得分": D("85")},
             "协议指标": [{"名称": "探访", "年度指标": D("3273"), "实际": D("1501")}]}
    result = example("prorated-targets").evaluate(facts)
    rules = {r.id: r.value for r in result.rules}
    assert rules["考核月数"] == D("5.5")
    [line] = result.indicators
    assert line.value == D(1)  # 3273 × 5.5 / 12 = 1500.125 → 1501, and 1501 / 1501 = 100%
