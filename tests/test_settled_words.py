"""The words settled with the domain for the report (issue 13) hold in every output, and
`swrules eval` on one station lists what the station must act on, as the report does.

A grade that an unverified veto could still change is 待核实, never 暂定; facts a station
did not report are 未填报的事项, never 缺失事实. Each output of the bundled examples is made
the way a user makes it (the command line; the workbook opened again with openpyxl; the
workbench pages in a real browser: tests/web/test_browser.py) and searched for the old
words. Then the one-station text: the station's findings under 需要关注的地方, the checks on
the evaluation's own process (评估工作：…) in their own section as the report's annex has
them, and 未填报的事项 listing the required facts and only the optional facts a check needed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run_cli, text_sections

ROOT = Path(__file__).resolve().parents[1]
POLICY = "policies/guangzhou/station-evaluation.swr"
STATIONS = "examples/stations"
LUOPU = "examples/luopu-midterm-2025.toml"
UNVERIFIED = "examples/stations/22-missing-compliance.toml"  # its vetoes unverified: the grade is 待核实
OLD_WORDS = ("暂定", "缺失事实")


def _clean(name: str, text: str) -> None:
    said = [line for line in text.splitlines() if any(old in line for old in OLD_WORDS)]
    assert not said, f"{name} still says {' or '.join(OLD_WORDS)}:\n" + "\n".join(said)


def _run(*args: str) -> str:
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_batch_table_says_the_settled_words() -> None:
    text = _run("eval", POLICY, STATIONS)
    _clean("the batch table", text)
    head = text.splitlines()[0].split()
    assert "待核实" in head and "未填报的事项" in head
    assert "（其中等级待核实 2 个）" in text


def test_the_csv_says_the_settled_words(tmp_path: Path) -> None:
    out = tmp_path / "站点.csv"
    _run("eval", POLICY, STATIONS, "--format", "csv", "-o", str(out))
    text = out.read_text(encoding="utf-8-sig")
    _clean("the CSV", text)
    head = next(csv.reader(io.StringIO(text)))
    assert head[6] == "待核实" and head[8] == "未填报的事项"


def test_the_workbook_reopened_says_the_settled_words(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "站点.xlsx"
    _run("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(out))
    book = load_workbook(out)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    _clean("the workbook", "\n".join(cells + book.sheetnames))
    summary = [c.value for c in book.worksheets[0][1]]
    assert "待核实" in summary and "未填报的事项" in summary
    totals = {row[0].value: row[1].value for row in book["汇总数"].iter_rows(min_row=2)}
    assert totals["等级待核实"] == 2


@pytest.mark.parametrize("facts", [LUOPU, UNVERIFIED])
def test_the_one_station_text_says_the_settled_words(facts: str) -> None:
    text = _run("eval", POLICY, facts)
    _clean(f"eval {facts}", text)
    assert "未填报的事项" in text


def test_the_one_station_text_says_待核实_beside_a_grade_an_unverified_veto_could_change() -> None:
    text = _run("eval", POLICY, UNVERIFIED)
    assert "等级：良好（待核实）" in text


def test_diff_says_the_settled_words() -> None:
    text = _run("diff", POLICY, "tests/tools/diff/station-evaluation-v2.swr", "--facts", STATIONS)
    _clean("diff", text)
    assert "变为待核实" in text and "等级是否待核实：确定 → 待核实" in text


def test_facts_check_says_the_settled_words() -> None:
    text = _run("facts", "check", POLICY, UNVERIFIED)
    _clean("facts check", text)
    assert "等级将待核实或无法判定" in text


def test_a_policy_test_names_the_outcome_in_the_settled_words() -> None:
    from swrules.base.words import OUTCOME_WORDS

    assert OUTCOME_WORDS["provisional"][0] == "等级是否待核实"


# ---------------------------------------------------------------- what a station must act on


_sections = text_sections


def test_the_station_findings_are_apart_from_the_evaluations_own_process_checks() -> None:
    sections = _sections(_run("eval", POLICY, LUOPU))
    findings = sections["需要关注的地方"]
    assert not any("评估工作" in line for line in findings), findings
    assert any("社工继续教育时数未达到规定时数" in line for line in findings)
    process = sections["评估工作程序核对"]  # as the report's annex heads them
    assert process[0] == "下列要求约束评估机构和区民政局的工作，不是对社工站的评价："
    assert [line.split()[1] for line in process[1:]] == [
        "满意度调查样本不足", "初评意见未在规定时限内反馈", "评估报告未在规定时限内出具",
        "区民政局未在规定时限内确认评估报告", "评估报告公示期短于规定"]
    # what a process check lacked is said on its own line, not among the station's facts, by its label
    assert "未填报：评估工作结束至反馈初评意见（工作日）" in process[2]


def test_only_the_facts_the_station_must_act_on_are_listed_as_not_reported() -> None:
    sections = _sections(_run("eval", POLICY, LUOPU))
    keys = [line.split()[0] for line in sections["未填报的事项"]]
    # the required target, and the optional retention rate a finding could not be checked without;
    # not the optional shortfalls (decided by the 符合规定 conclusions), nor the survey population
    # (the survey check was decided without it), nor the working days only a process check reads
    assert keys == ["staff.retention_rate", "indicators[3].target"]


def test_a_station_that_gives_every_needed_fact_has_no_not_reported_section() -> None:
    text = _run("eval", POLICY, "examples/stations/01-excellent.toml")
    assert "未填报的事项" not in text and "选填" not in text


def test_optional_facts_an_unverified_veto_needs_are_listed() -> None:
    keys = [line.split()[0] for line in _sections(_run("eval", POLICY, UNVERIFIED))["未填报的事项"]]
    assert "compliance.staffing_conforms" in keys and "compliance.non_social_workers_in_posts" in keys
    assert not any(k.startswith("evaluation.") for k in keys)


def test_the_json_keeps_every_finding_and_every_fact_not_given_and_marks_the_process_checks() -> None:
    # a JSON consumer relies on the document's keys and lists: they are what they were, and each
    # finding says, in a field of its own, whether it checks the evaluation's process
    document = json.loads(_run("eval", POLICY, LUOPU, "--format", "json"))
    findings = {f["label"]: f for f in document["findings"]}
    assert list(findings["评估工作：初评意见未在规定时限内反馈"]) == [
        "id", "label", "citation", "status", "reads", "missing", "process"]
    assert [label for label, f in findings.items() if f["process"]] == [
        "评估工作：满意度调查样本不足", "评估工作：初评意见未在规定时限内反馈", "评估工作：评估报告未在规定时限内出具",
        "评估工作：区民政局未在规定时限内确认评估报告", "评估工作：评估报告公示期短于规定"]
    assert not findings["稳岗率未达到规定比例"]["process"]
    assert all("process" not in v for v in document["vetoes"])
    assert len(document["missing"]) == 10
