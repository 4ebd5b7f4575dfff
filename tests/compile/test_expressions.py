"""The expression language: exact decimal arithmetic, percent literals, rounding in
each stated mode, aggregates over records, conditionals, grades compared by order,
three-valued logic, and division with a stated result for zero."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

import swrules

SKELETON = """
policy "t" {{ version "1" dated by s.day }}
phases from s.phase {{ midterm final }}
facts s {{
  phase one of "midterm", "final"
  day date
  x decimal optional
  y decimal optional
  flag boolean optional
}}
records rs {{ name text  v decimal }}
score sheet {{
  party p points 100 {{ item it max 100 = 0 }}
  total max 100
}}
grades {{
  好 60 <= total
  差 total < 60
}}
{extra}
define result = {expr}
finding uses_result {{ when known(result) }}
"""


def evaluate(tmp_path: Path, expr: str, extra: str = "", **facts: object) -> object:
    path = tmp_path / "t.swr"
    path.write_text(SKELETON.format(expr=expr, extra=extra), encoding="utf-8")
    policy = swrules.load_policy(path)
    s = {"phase": facts.pop("phase", "midterm"), "day": facts.pop("day", dt.date(2025, 1, 31))}
    s.update({k: v for k, v in facts.items() if k != "rs"})
    rs = facts.get("rs", [{"name": "a", "v": D("1.5")}, {"name": "b", "v": D("2")}, {"name": "c", "v": D("4.75")}])
    result = policy.evaluate({"s": s, "rs": rs})
    rule = next(r for r in result.rules if r.id == "result")
    return rule.value


@pytest.mark.parametrize(("expr", "value"), [
    ("0.1 + 0.2", "0.3"),
    ("1 / 8", "0.125"),
    ("80%", "0.80"),
    ("200 * 15%", "30.00"),
    ("round(2.345, 2, half_up)", "2.35"),
    ("round(2.345, 2, half_even)", "2.34"),
    ("round(2.349, 2, down)", "2.34"),
    ("round(-2.345, 2, half_up)", "-2.35"),
    ("round(15.383333, 2, 四舍五入)", "15.38"),
    ("sum(rs.v)", "8.25"),
    ("mean(rs.v)", "2.75"),
    ("min(rs.v)", "1.5"),
    ("max(rs.v)", "4.75"),
    ("count(rs)", "3"),
    ("min(3, 1, 2)", "1"),
    ("max(3, 1, 2)", "3"),
    ("abs(-4)", "4"),
    ("if 1 < 2 then 10 else 20", "10"),
    ("-(2 - 5)", "3"),
    ("2 + 3 * 4", "14"),
    ("(2 + 3) * 4", "20"),
    ("10 / 0 on zero 7", "7"),
    ("8 × 2 ÷ 4", "4"),
])
def test_arithmetic_is_exact(tmp_path: Path, expr: str, value: str) -> None:
    # str, not ==: Decimal("30.00") == Decimal("30"), but a report shows the digits
    result = evaluate(tmp_path, expr)
    assert type(result) is D and str(result) == value


def test_mean_of_no_records_is_undetermined_not_zero(tmp_path: Path) -> None:
    assert evaluate(tmp_path, "count(rs)", rs=[]) == D(0)
    value = evaluate(tmp_path, "mean(rs.v)", rs=[])
    assert type(value).__name__ == "Unknown"


def test_division_by_zero_without_a_stated_result_is_undetermined(tmp_path: Path) -> None:
    value = evaluate(tmp_path, "s.x / s.y", x=D(1), y=D(0))
    assert type(value).__name__ == "Unknown" and value.reason == "division by zero"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("expr", "flag", "value"), [
    ("s.flag and 1 > 2", None, False),
    ("s.flag or 1 < 2", None, True),
    ("not s.flag", True, False),
    ("known(s.flag)", None, False),
])
def test_three_valued_logic(tmp_path: Path, expr: str, flag: object, value: bool) -> None:
    kwargs = {"flag": flag} if flag is not None else {}
    assert evaluate(tmp_path, expr, **kwargs) is value


def test_unknown_and_true_is_unknown(tmp_path: Path) -> None:
    value = evaluate(tmp_path, "s.flag and 1 < 2")
    assert type(value).__name__ == "Unknown"


def test_phase_and_grade_comparisons(tmp_path: Path) -> None:
    assert evaluate(tmp_path, "phase = final", phase="final") is True
    assert evaluate(tmp_path, "grade >= 差") is True   # 0 points: 差, which is at least 差
    assert evaluate(tmp_path, "grade >= 好") is False


def test_values_by_date_take_effect_on_their_date(tmp_path: Path) -> None:
    extra = 'param limit = by date { from 2024-01-01: 5 "旧文件" from 2025-07-01: 4 "新文件" }'
    assert evaluate(tmp_path, "limit", extra, day=dt.date(2025, 6, 30)) == D(5)
    assert evaluate(tmp_path, "limit", extra, day=dt.date(2025, 7, 1)) == D(4)
    before = evaluate(tmp_path, "limit", extra, day=dt.date(2023, 12, 31))
    assert type(before).__name__ == "Unknown"


def test_values_by_phase(tmp_path: Path) -> None:
    extra = "param limit = by phase { midterm: 5, final: 10 }"
    assert evaluate(tmp_path, "limit", extra, phase="midterm") == D(5)
    assert evaluate(tmp_path, "limit", extra, phase="final") == D(10)
