"""The example policies of other cities' schemes (`policies/examples/`) pass their own policy
tests, every invented number in them is marked 示例, and their figures read as an officer
expects: a reward in yuan, a rank, a prorated target in 人次, never a percentage by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook

EXAMPLES = ROOT / "policies" / "examples"
SCHEMES = ["grade-rewards", "district-without-party", "dated-change"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_example_passes_its_tests(scheme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("test", f"policies/examples/{scheme}")
    assert result.exit_code == 0, result.output
    assert "0 个失败" in result.output
    assert "预期出错" in result.output or scheme == "dated-change"  # a case that expects an error passes


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_invented_number_is_marked(scheme: str) -> None:
    folder = EXAMPLES / scheme
    written = [p for p in folder.rglob("*") if p.suffix in (".swr", ".toml") and "boundary" not in p.parts]
    for path in written:  # generated boundary cases take their figures from the marked fact file
        assert "示例" in path.read_text(encoding="utf-8"), path


def test_outputs_and_indicators_read_in_their_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    policy = "policies/examples/grade-rewards/station-evaluation.swr"
    facts = "policies/examples/grade-rewards/tests/facts/station.toml"
    text = run_cli("eval", policy, facts).output
    for shown in ("35,000 元", "28,000 元", "7,000 元", "第 2 名", "8.5 分", "1,500.12 人次", "100%"):
        assert shown in text, shown
    assert "150012%" not in text and "200%" not in text
    english = run_cli("eval", policy, facts, "--lang", "en").output
    assert "35,000 yuan" in english and "No. 2" in english and "8.5 points" in english
    explained = run_cli("explain", policy, facts, "团队奖励").output
    assert "「团队所得（示例）」为 28,000 元" in explained and "结果" in explained


def test_outputs_are_in_json_csv_xlsx_and_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    policy = "policies/examples/grade-rewards/station-evaluation.swr"
    facts = "policies/examples/grade-rewards/tests/facts/station.toml"
    doc = json.loads(run_cli("eval", policy, facts, "--format", "json").output)
    assert list(doc)[-2:] == ["outputs", "explanation"]
    assert doc["outputs"][0] == {"id": "奖励金额", "label": "奖励金额（示例）", "unit": "yuan", "unit_label": None,
                                 "value": "35000", "status": "determined",
                                 "location": f"{policy}:49", "clause": "（示例）奖励办法第五条"}
    csv_text = run_cli("eval", policy, facts, facts, "--format", "csv", "--no-bom").output
    head, row = csv_text.splitlines()[:2]
    assert head.endswith("奖励金额（示例）（元）,团队所得（示例）（元）,机构所得（示例）（元）,区内名次,投标得分（分）,"
                         "评定结果")
    assert row.endswith(",35000,28000.00,7000.00,2,8.5,A")
    book = tmp_path / "r.xlsx"
    assert run_cli("eval", policy, facts, facts, "--format", "xlsx", "-o", str(book)).exit_code == 0
    sheet = load_workbook(book).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("奖励金额（示例）（元）") + 1).value == 35000
    report = run_cli("report", policy, facts).output
    assert "**其他结果**" in report and "| 奖励金额（示例） | 35,000 元 | （示例）奖励办法第五条 |" in report
