"""Fact values as a station writes them: percent forms, exact decimals, missing versus
misspelled, and the template and check commands."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU
from helpers import run_cli, station

import swrules
from swrules.base.diagnostics import FactsError


def codes(policy: swrules.Policy, facts: dict) -> list[tuple[str, str | None]]:
    with pytest.raises(FactsError) as caught:
        policy.evaluate(facts)
    return [(d.code, d.key_path) for d in caught.value.diagnostics]


@pytest.mark.parametrize("written", ["85%", "85 %", "85％", D("0.85"), "85.0%"])
def test_percent_accepts_a_fraction_or_a_percent_string(guangzhou: swrules.Policy, written: object) -> None:
    result = guangzhou.evaluate(station(compliance__personnel_spending_ratio=written))
    reads = {r.name: r.value for v in result.vetoes for r in v.reads}
    # the same number however it is written ("85.0%" keeps its digit: 0.850)
    assert reads["compliance.personnel_spending_ratio"] == D("0.85")


def test_percent_written_as_a_whole_number_is_refused_with_the_percent_form(guangzhou: swrules.Policy) -> None:
    assert codes(guangzhou, station(compliance__personnel_spending_ratio=85)) == [
        ("E0806", "compliance.personnel_spending_ratio")]


def test_percent_of_exactly_one_is_one_hundred_percent(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(compliance__personnel_spending_ratio=1))
    assert {v.id: v.status for v in result.vetoes}["人员费用比例过低"] == "clear"


def test_decimals_stay_exact_from_toml_file_to_result(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate_file(LUOPU)
    monitoring = next(s for s in result.scores if s.id == "service_monitoring")
    assert str(monitoring.awarded) == "9.42"
    assert json.loads(result.to_json())["total"] == "86.39"


def test_decimals_stay_exact_from_json_file_to_result(guangzhou: swrules.Policy, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"scores": {"service_monitoring": 9.42, "civil_affairs": 0.1}}', encoding="utf-8")
    result = guangzhou.evaluate_file(path)
    lines = {s.id: s.counted for s in result.scores}
    assert str(lines["service_monitoring"]) == "9.42" and str(lines["civil_affairs"]) == "0.1"


def test_a_misspelled_fact_is_an_error_not_a_missing_fact(guangzhou: swrules.Policy) -> None:
    facts = station(compliance__serious_violation=None)
    facts["compliance"]["serious_violaton"] = True
    assert codes(guangzhou, facts) == [("E0802", "compliance.serious_violaton")]


def test_a_fact_left_out_is_missing_not_an_error(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(compliance__serious_violation=None))
    assert "compliance.serious_violation" in [m.key for m in result.missing]
    assert result.provisional is True


def test_json_null_reads_as_missing(guangzhou: swrules.Policy, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"compliance": {"serious_violation": null}}', encoding="utf-8")
    result = guangzhou.evaluate_file(path)
    assert "compliance.serious_violation" in [m.key for m in result.missing]


def test_every_problem_is_reported_at_once(guangzhou: swrules.Policy) -> None:
    import datetime as dt

    facts = station(scores__purchaser=D("21"), scores__civil_affairs="9", station__phase="mid",
                    station__period_start=dt.date(2025, 2, 1))
    assert sorted(codes(guangzhou, facts)) == [
        ("E0803", "scores.civil_affairs"), ("E0804", "scores.purchaser"), ("E0805", "station.phase"),
        ("E0808", "station.period_start, station.period_end")]


def test_records_beyond_the_first_are_named_by_index(guangzhou: swrules.Policy) -> None:
    facts = station()
    facts["scores"]["service_quality"].append({"area": "丙片区", "score": D("20.5")})
    assert codes(guangzhou, facts) == [("E0804", "scores.service_quality[2].score")]


def test_the_engine_never_evaluates_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[scores]\nservice_monitoring = 12\n', encoding="utf-8")
    result = run_cli("eval", str(GUANGZHOU), str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "scores.service_monitoring" in result.stderr and "E0804" in result.stderr


# ----------------------------------------------------------------- template and check

def test_template_lists_every_declared_fact_with_its_label(guangzhou: swrules.Policy) -> None:
    text = run_cli("facts", "template", str(GUANGZHOU)).stdout
    for info in guangzhou.checked.facts:
        assert f"{info.path[-1]} = " in text or f"[[{info.key}]]" in text, info.key
        assert info.label in text


def test_template_is_golden(golden) -> None:
    golden("facts/template.zh.toml", run_cli("facts", "template", str(GUANGZHOU)).stdout)
    golden("facts/template.en.toml", run_cli("facts", "template", str(GUANGZHOU), "--lang", "en").stdout)


def fill(template: str) -> str:
    """What a station does: uncomment every fact line and record header."""
    return re.sub(r"^# (\[\[[\w.]+\]\]|\w+ = .*)$", r"\1", template, flags=re.MULTILINE)


def test_template_validates_as_written_and_once_filled(guangzhou: swrules.Policy, tmp_path: Path) -> None:
    template = tmp_path / "t.toml"
    assert run_cli("facts", "template", str(GUANGZHOU), "-o", str(template)).exit_code == 0
    empty = guangzhou.evaluate_file(template)
    assert len(empty.missing) >= 20  # nothing is taken from an example value
    filled = tmp_path / "filled.toml"
    filled.write_text(fill(template.read_text(encoding="utf-8")), encoding="utf-8")
    result = guangzhou.evaluate_file(filled)
    assert all(m.key.startswith("indicators") is False for m in result.missing)
    assert not [m for m in result.missing if m.required]
    check = run_cli("facts", "check", str(GUANGZHOU), str(filled), "--lang", "en")
    assert check.exit_code == 0 and check.stdout.strip().endswith(": valid")


def test_template_output_is_not_written_when_the_policy_has_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.swr"
    bad.write_text('policy "x" {\n', encoding="utf-8")
    out = tmp_path / "t.toml"
    result = run_cli("facts", "template", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_check_says_which_required_facts_are_missing(tmp_path: Path) -> None:
    text = LUOPU.read_text(encoding="utf-8").replace("non_social_workers_in_posts = false", "")
    facts = tmp_path / "luopu.toml"
    facts.write_text(text, encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(facts), "--lang", "en")
    assert result.exit_code == 0
    assert "results will be provisional or undetermined. Missing: compliance.non_social_workers_in_posts" \
        in result.stdout


def test_an_unfilled_template_is_said_to_be_well_formed_but_incomplete(tmp_path: Path) -> None:
    template = tmp_path / "t.toml"
    assert run_cli("facts", "template", str(GUANGZHOU), "-o", str(template)).exit_code == 0
    result = run_cli("facts", "check", str(GUANGZHOU), str(template))
    # Not "有效，缺少…": the file can be evaluated, and the officer is told what that gives.
    said = f"{template}: 格式正确，但缺少 20 项必填事实，等级将待核实或无法判定。缺少：station.name、"
    assert said in result.stdout
    assert "有效，缺少" not in result.stdout
    assert result.exit_code == 0
    assert "有效的文件中 1 个缺少必填事实" in result.stderr
    gate = run_cli("facts", "check", str(GUANGZHOU), str(template), "--complete", "--format", "json")
    assert gate.exit_code == 1
    [report] = json.loads(gate.stdout)
    assert report["valid"] is True and report["complete"] is False and len(report["missing_required"]) == 20


def test_check_json_lists_errors_with_key_paths(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[station]\nphase = "mid"\n', encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(path), "--format", "json")
    assert result.exit_code == 1
    [report] = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(e["code"], e["key_path"]) for e in report["errors"]] == [("E0805", "station.phase")]
