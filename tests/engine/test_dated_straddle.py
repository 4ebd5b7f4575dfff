"""A `by date` parameter over an evaluation period that straddles a change: the value in
force on the `dated by` date is used, and the result says so — which value, why, and
what it was when the period began — in the rule's JSON line, in the explanation and as a
warning (W0920) on standard error. A period within one value says nothing more."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import run_cli

import swrules

POLICY = """
policy "按日期取值（示例）" { version "示例-1" dated by station.period_end }
facts station { period_start date  period_end date }
facts s { short integer min 0  score decimal min 0 max 100 }
param 上限 "缺口上限" = by date {
  from 2023-01-01: 5 "穗民规字〔2023〕1号（示例）"
  from 2025-07-01: 4 "穗民规字〔2025〕9号（示例）"
}
score sheet { party a points 100 { item x max 100 = s.score } total max 100 }
grades { 合格 60 <= total  不合格 total < 60 }
veto 缺口 "人员缺口" { when s.short >= 上限 forces 不合格 }
"""


def facts(start: dt.date, end: dt.date) -> dict[str, object]:
    return {"station": {"period_start": start, "period_end": end}, "s": {"short": 4, "score": D(70)}}


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> swrules.Policy:
    path = tmp_path_factory.mktemp("straddle") / "p.swr"
    path.write_text(POLICY, encoding="utf-8")
    return swrules.load_policy(path)


def test_a_straddling_period_says_which_value_was_used_and_why(policy: swrules.Policy) -> None:
    result = policy.evaluate(facts(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), explain=True)
    assert result.grade == "不合格"  # 4 >= 4: the value in force on 2025-12-31
    [warning] = result.warnings
    assert warning.code == "W0920"
    assert warning.message("zh") == (
        "参数 `上限` 在考核期 2025-01-01 至 2025-12-31 内改变了取值（2025-07-01 起）："
        "按 `dated by station.period_end`，采用 2025-12-31 有效的取值 4（穗民规字〔2025〕9号（示例））；"
        "考核期开始时的取值为 5（穗民规字〔2023〕1号（示例））")
    rule = next(r for r in json.loads(result.to_json())["rules"] if r["id"] == "上限")
    assert rule["changed_within_period"] == {
        "period_start": "2025-01-01", "date": "2025-12-31", "dated_by": "station.period_end",
        "changed_on": ["2025-07-01"], "earlier_value": "5", "earlier_document": "穗民规字〔2023〕1号（示例）"}
    assert json.loads(result.to_json())["warnings"][0]["code"] == "W0920"
    sentence = next(r for r in swrules.explain(result).rules if r.id == "上限").sentence
    assert "2025-07-01 起的取值，穗民规字〔2025〕9号（示例）" in sentence("zh")
    assert "考核期开始时为 5" in sentence("zh") and "`dated by station.period_end`" in sentence("zh")
    assert "was 5 (穗民规字〔2023〕1号（示例）) when the period began" in sentence("en")


def test_a_period_within_one_value_only_names_its_date(policy: swrules.Policy) -> None:
    result = policy.evaluate(facts(dt.date(2025, 7, 1), dt.date(2025, 12, 31)), explain=True)
    assert result.warnings == () and "warnings" not in json.loads(result.to_json())
    rule = next(r for r in result.rules if r.id == "上限")
    assert rule.changed_within_period is None
    sentence = next(r for r in swrules.explain(result).rules if r.id == "上限").sentence("zh")
    assert sentence.startswith("「上限」（缺口上限）为 4（2025-07-01 起的取值") and "考核期开始时" not in sentence


def test_eval_and_explain_print_the_warning(tmp_path: Path) -> None:
    (tmp_path / "p.swr").write_text(POLICY, encoding="utf-8")
    (tmp_path / "f.toml").write_text("[station]\nperiod_start = 2025-01-01\nperiod_end = 2025-12-31\n"
                                     "[s]\nshort = 4\nscore = 70\n", encoding="utf-8")
    for command in ("eval", "explain"):
        result = run_cli(command, str(tmp_path / "p.swr"), str(tmp_path / "f.toml"), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "warning[W0920]: the parameter `上限` changed within the evaluation period" in result.stderr
        assert "W0920" not in result.stdout


def test_a_batch_names_the_stations_whose_period_straddles_a_change(tmp_path: Path) -> None:
    (tmp_path / "p.swr").write_text(POLICY, encoding="utf-8")
    for name, start in (("a.toml", "2025-01-01"), ("b.toml", "2025-07-01")):
        (tmp_path / name).write_text(f"[station]\nperiod_start = {start}\nperiod_end = 2025-12-31\n"
                                     "[s]\nshort = 0\nscore = 70\n", encoding="utf-8")
    result = run_cli("eval", str(tmp_path / "p.swr"), str(tmp_path / "a.toml"), str(tmp_path / "b.toml"),
                     "--format", "csv")
    assert result.exit_code == 0
    assert "警告[W0920]：1 个站点的考核期内，按日期取值的参数（上限）改变了取值" in result.stderr
    assert str(tmp_path / "a.toml") in result.stderr and str(tmp_path / "b.toml") not in result.stderr
