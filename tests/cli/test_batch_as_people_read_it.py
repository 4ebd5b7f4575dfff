"""A district's batch says what one station's `eval` text says: under 未填报的事项 only the facts
the station must give, vetoes by the policy's labels (never a rule's id), and the checks of the
evaluation's own process apart from the station's findings in the result workbook."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook

POLICY = "policies/guangzhou/station-evaluation.swr"
STATIONS = "examples/stations"


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def to_give_in_eval_text(path: str) -> list[str]:
    """The fact keys one station's `eval` text lists under 未填报的事项."""
    text = run_cli("eval", POLICY, path).stdout
    _, _, section = text.partition("\n未填报的事项\n")
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def test_the_batch_lists_the_facts_the_station_must_give_as_its_own_text_does() -> None:
    rows = {Path(r["path"]).name: r for r in map(json.loads, run_cli(
        "eval", POLICY, STATIONS, "--format", "jsonl").stdout.splitlines())}
    for name in ("01-excellent.toml", "22-missing-compliance.toml", "23-missing-score.toml"):
        assert rows[name]["facts_to_give"] == to_give_in_eval_text(f"{STATIONS}/{name}"), name
    # The JSON key programs read is unchanged: every fact not given, optional ones too.
    assert len(rows["01-excellent.toml"]["facts_missing"]) == 7
    assert rows["01-excellent.toml"]["facts_to_give"] == []
    assert rows["22-missing-compliance.toml"]["facts_to_give"]  # a station that must act

    table = run_cli("eval", POLICY, STATIONS).stdout.splitlines()
    excellent = next(line for line in table if "01-excellent" in line)
    assert excellent.split()[-1] == "否"  # nothing to give: the 未填报的事项 cell is empty (before: 7)
    missing = next(line for line in table if "22-missing-compliance" in line)
    assert missing.split()[-1] == str(len(rows["22-missing-compliance.toml"]["facts_to_give"]))

    sheet = list(csv.reader(io.StringIO(run_cli("eval", POLICY, STATIONS, "--format", "csv").stdout.lstrip("\ufeff"))))
    col = sheet[0].index("未填报的事项")
    by_file = {Path(line[0]).name: line[col] for line in sheet[1:]}
    assert by_file["01-excellent.toml"] == ""
    # each by its label, its key beside it (where to write it in a fact file), as eval's 未填报的事项 table
    labels = {m["key"]: m["label"] for m in json.loads(run_cli(
        "eval", POLICY, f"{STATIONS}/22-missing-compliance.toml", "--format", "json").stdout)["missing"]}
    assert by_file["22-missing-compliance.toml"] == "; ".join(
        f"{labels[key]}（{key}）" for key in rows["22-missing-compliance.toml"]["facts_to_give"])
    assert "社工人员配备符合规定（评估结论）（compliance.staffing_conforms）" in by_file["22-missing-compliance.toml"]


def test_the_batch_table_and_csv_name_a_veto_by_its_label() -> None:
    table = run_cli("eval", POLICY, STATIONS).stdout
    line = next(line for line in table.splitlines() if "06-veto-staffing-shortfall" in line)
    assert "社工人员配备不足" in line and "社工配备不足" not in line  # the label, not the rule's id
    sheet = list(csv.reader(io.StringIO(run_cli("eval", POLICY, STATIONS, "--format", "csv").stdout.lstrip("\ufeff"))))
    col = sheet[0].index("一票否决")
    row = next(r for r in sheet if "06-veto-staffing-shortfall" in r[0])
    assert row[col] == "社工人员配备不足"


def test_the_result_workbook_puts_the_process_checks_apart_and_names_vetoes(tmp_path: Path) -> None:
    out = tmp_path / "区结果.xlsx"
    assert run_cli("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    names = book.sheetnames
    assert not [n for n in names if "评估工作" in n]  # no process check among the station's findings
    process = [n for n in names if n.startswith("程序：")]
    findings = [n for n in names if n.startswith("关注：")]
    assert "程序：初评意见未在规定时限内反馈" in process
    assert findings and max(names.index(n) for n in findings) < min(names.index(n) for n in process)
    summary = book[names[0]]
    head = [c.value for c in summary[1]]
    station = head.index("站点")
    rows = {r[station]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["示例站点06"][head.index("一票否决")] == "社工人员配备不足"
    assert rows["示例站点01"][head.index("未填报的事项")] in (None, "")


def test_the_batch_totals_and_differences_name_rules_and_figures_as_the_policy_does(tmp_path: Path) -> None:
    text = run_cli("eval", POLICY, STATIONS).stdout
    totals = text.split("\n汇总\n", 1)[1]
    assert "一票否决触发次数：保洁、安保等人员占用社工名额 2，社工人员配备不足 2" in totals
    assert "从未触发的规则：评估工作：初评意见未在规定时限内反馈" in totals
    assert "保洁安保占岗" not in totals and "初评意见反馈逾期" not in totals  # never a rule's id
    line = next(line for line in text.splitlines() if "24-declared-disagrees" in line)
    assert "报告公布的总分：89.50 ≠ 88.50" in line and "total:" not in line
    sheet = run_cli("eval", POLICY, STATIONS, "--format", "csv").stdout
    assert "报告公布的总分：89.50 ≠ 88.50" in sheet and "total: 89.50" not in sheet
    out = tmp_path / "区结果.xlsx"
    assert run_cli("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(out)).exit_code == 0
    cells = [str(c) for row in load_workbook(out)["汇总数"].iter_rows(values_only=True) for c in row]
    assert "一票否决 社工人员配备不足" in cells and "评估工作：初评意见未在规定时限内反馈" in cells
    assert "一票否决 社工配备不足" not in cells
