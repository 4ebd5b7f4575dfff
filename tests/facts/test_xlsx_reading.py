"""Reading fact workbooks: exact decimals, percentages, dates, every bad cell named,
a folder mixing .toml, .json and .xlsx, and one station picked for report/explain."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook
from openpyxl.utils.datetime import to_excel
from xlsx_fill import fill

from swrules.engine.policy import load_policy
from swrules.facts.template_xlsx import template_workbook
from swrules.facts.workbook import workbook_bytes
from swrules.facts.xlsx import excel_decimal, read_workbook

POLICY = str(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")


@pytest.fixture(scope="module")
def checked() -> Any:
    return load_policy(POLICY).checked


def _toml(name: str) -> Any:
    return tomllib.loads((ROOT / name).read_text(encoding="utf-8"), parse_float=Decimal)


def _edit(book: bytes, edits: dict[tuple[str, str], Any], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """The workbook with cells set: {(sheet, "F4"): value}."""
    wb = load_workbook(io.BytesIO(book))
    for (sheet, ref), value in edits.items():
        wb[sheet][ref].value = value
        if isinstance(value, str):
            wb[sheet][ref].data_type = "s"
    for (sheet, ref), fmt in (formats or {}).items():
        wb[sheet][ref].number_format = fmt
    return workbook_bytes(wb)


def _column(book: bytes, key: str) -> str:
    ws = load_workbook(io.BytesIO(book))["站点"]
    return next(c.column_letter for c in ws[2] if c.value == key)


def test_stored_text_is_read_as_the_decimal_excel_shows() -> None:
    # Excel writes up to 17 significant digits of the double, openpyxl 16; Excel shows 15.
    assert excel_decimal("9.140000000000001") == Decimal("9.14")
    assert str(excel_decimal("1.1000000000000001")) == "1.1"
    assert str(excel_decimal("0.30000000000000004")) == "0.3"
    assert str(excel_decimal("86.39")) == "86.39" and str(excel_decimal("2400000")) == "2400000"
    assert str(excel_decimal("123456789012345")) == "123456789012345"  # 15 digits: untouched


def test_a_cell_showing_9_42_is_the_decimal_9_42(checked: Any, tmp_path: Path) -> None:
    luopu = _toml("examples/luopu-midterm-2025.toml")
    book = fill(template_workbook(checked), checked, [luopu])
    col = _column(book, "scores.operations")
    # Floats as a spreadsheet holds them; 9.14 is stored as 9.140000000000001 by openpyxl.
    book = _edit(book, {("站点", f"{col}3"): 9.14})
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(book)
    [station] = read_workbook(str(path), checked).stations
    scores = station.data["scores"]
    assert scores["operations"] == Decimal("9.14") and str(scores["operations"]) == "9.14"
    assert str(scores["service_monitoring"]) == "9.42" and str(scores["civil_affairs"]) == "8.8"
    assert all(type(v) is Decimal for v in (scores["service_monitoring"], scores["operations"]))


def test_85_percent_typed_in_excel_is_85_percent_and_dates_both_ways(checked: Any, tmp_path: Path) -> None:
    station = _toml("policies/guangzhou/tests/facts/clean-station.toml")
    book = fill(template_workbook(checked), checked, [station])
    ratio, end, start = (_column(book, k) for k in
                         ("compliance.personnel_spending_ratio", "station.period_end", "station.period_start"))
    serial = int(to_excel(dt.date(2025, 1, 31)))
    book = _edit(book, {("站点", f"{ratio}3"): 0.85, ("站点", f"{end}3"): serial,
                        ("站点", f"{start}3"): dt.date(2024, 8, 6)},
                 {("站点", f"{ratio}3"): "0%", ("站点", f"{end}3"): "General"})
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(book)
    [row] = read_workbook(str(path), checked).stations
    assert row.data["compliance"]["personnel_spending_ratio"] == "85%"  # as a fact file holds it: the fraction 0.85
    assert row.data["station"]["period_end"] == dt.date(2025, 1, 31)  # a plain serial number
    assert row.data["station"]["period_start"] == dt.date(2024, 8, 6)  # a date cell
    result = load_policy(POLICY).evaluate(row.data)
    assert not any(v.status == "hit" for v in result.vetoes)


def test_yes_no_and_phase_as_words_and_numbers_as_text(checked: Any, tmp_path: Path) -> None:
    station = _toml("policies/guangzhou/tests/facts/clean-station.toml")
    book = fill(template_workbook(checked), checked, [station])
    posts = _column(book, "compliance.non_social_workers_in_posts")
    monitoring = _column(book, "scores.service_monitoring")
    phase = _column(book, "station.phase")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(_edit(book, {("站点", f"{posts}3"): "是", ("站点", f"{monitoring}3"): "9.42",
                                  ("站点", f"{phase}3"): "末期评估"}))
    [row] = read_workbook(str(path), checked).stations
    assert row.data["compliance"]["non_social_workers_in_posts"] is True
    assert row.data["scores"]["service_monitoring"] == Decimal("9.42")
    assert row.data["station"]["phase"] == "final"  # the drop-down's word for it


def _bad_book(checked: Any) -> bytes:
    good = _toml("examples/stations/02-good.toml")
    luopu = _toml("examples/luopu-midterm-2025.toml")
    book = fill(template_workbook(checked), checked, [luopu, good])
    cols = {k: _column(book, k) for k in ("compliance.personnel_spending_ratio", "compliance.staffing_shortfall",
                                          "station.phase", "scores.purchaser")}
    return _edit(book, {
        ("站点", f"{cols['compliance.personnel_spending_ratio']}4"): "很高",
        ("站点", f"{cols['compliance.staffing_shortfall']}4"): 2.5,
        ("站点", f"{cols['station.phase']}4"): "中期",
        ("站点", f"{cols['scores.purchaser']}4"): 25,
        ("服务质量（各片区）", "C6"): 21,
        ("服务质量（各片区）", "A30"): "不存在的站",
        ("服务质量（各片区）", "C30"): 5,
    })


def test_every_bad_cell_is_named_with_workbook_sheet_cell_and_label(checked: Any, tmp_path: Path) -> None:
    book = _bad_book(checked)
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(book)
    cols = {k: _column(book, k) for k in ("compliance.personnel_spending_ratio", "compliance.staffing_shortfall",
                                          "station.phase", "scores.purchaser")}
    result = run_cli("facts", "check", POLICY, str(path))
    assert result.exit_code == 1
    out = result.stdout
    where = f"{path}!站点!"
    assert f"{where}{cols['compliance.personnel_spending_ratio']}4: " in out
    assert "（年度服务期内人员费用支出比例）的值 很高 不是百分数" in out  # as the cell holds it, no quotes
    assert f"{where}{cols['compliance.staffing_shortfall']}4: " in out and "的值 2.5 不是整数" in out
    assert f"{where}{cols['station.phase']}4: " in out and "不是可选值之一（midterm、final）" in out
    assert f"{where}{cols['scores.purchaser']}4: " in out and "（购买方（街道办事处）评分）的值 25 超出范围" in out
    # A record's cell, on its own sheet (the fourth service-quality row belongs to the second station).
    assert f"{path}!服务质量（各片区）!C6: " in out and "（片区服务质量评分）的值 21 超出范围" in out
    assert f"{path}!服务质量（各片区）!A30: " in out and "不存在的站" in out
    assert f"{path}!站点!3:3: 有效" in out  # the good row (Luopu, complete) is still checked, and valid


def test_mixed_folder_each_station_row_like_a_file_and_a_bad_row_its_own_row(checked: Any, tmp_path: Path) -> None:
    folder = tmp_path / "区"
    folder.mkdir()
    shutil.copy(ROOT / "examples/stations/01-excellent.toml", folder)
    shutil.copy(ROOT / "examples/stations/07-veto-certified-shortfall-midterm.json", folder)
    (folder / "区评估.xlsx").write_bytes(_bad_book(checked))
    (folder / "~$区评估.xlsx").write_bytes(b"lock file of an open workbook")
    result = run_cli("eval", POLICY, str(folder), "--format", "jsonl")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    book = (folder / "区评估.xlsx").as_posix()
    assert [r["path"] for r in rows] == [
        (folder / "01-excellent.toml").as_posix(), (folder / "07-veto-certified-shortfall-midterm.json").as_posix(),
        f"{book}!站点!3:3", f"{book}!站点!4:4", book]
    assert [r["status"] for r in rows] == ["evaluated", "evaluated", "evaluated", "failed", "failed"]
    assert rows[2]["station"] == "洛浦街社工服务站" and rows[2]["total"] == "86.39"
    assert rows[1]["vetoes_hit"] == ["持证比例不达标"]
    assert len(rows[3]["errors"]) == 5 and rows[4]["errors"][0]["code"] == "E0832"
    cells = [e["cell"].rsplit("!", 1)[-1] for e in rows[3]["errors"]]
    # four cells of the station's row 4, one of its service-quality row (C6)
    assert len([c for c in cells if c.endswith("4")]) == 4 and "C6" in cells
    assert rows[4]["errors"][0]["cell"] == f"{book}!服务质量（各片区）!A30"


def test_one_station_commands_take_a_workbook_row_or_refuse(checked: Any, tmp_path: Path) -> None:
    luopu, good = _toml("examples/luopu-midterm-2025.toml"), _toml("examples/stations/02-good.toml")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(fill(template_workbook(checked), checked, [luopu, good]))
    refused = run_cli("explain", POLICY, str(path))
    assert refused.exit_code == 2 and "E0835" in refused.stderr and "有 2 个站点" in refused.stderr
    assert "洛浦街社工服务站（3:3）" in refused.stderr
    # `report` on a workbook of several stations writes the district's summary (docs/district.md).
    summary = run_cli("report", POLICY, str(path))
    assert summary.exit_code == 0 and "结果汇总报告" in summary.stdout and "洛浦街社工服务站" in summary.stdout
    by_name = run_cli("explain", POLICY, f"{path}#洛浦街社工服务站")
    assert by_name.exit_code == 0 and "86.39" in by_name.stdout
    by_row = run_cli("eval", POLICY, f"{path}#4")
    assert by_row.exit_code == 0 and "示例站点02" in by_row.stdout and "88.50" in by_row.stdout
    unknown = run_cli("report", POLICY, f"{path}#5")
    assert unknown.exit_code == 2 and "E0836" in unknown.stderr
    # Without a row named, a workbook of several stations is a batch.
    table = run_cli("eval", POLICY, str(path))
    assert table.exit_code == 0 and "洛浦街社工服务站" in table.stdout and "示例站点02" in table.stdout


def test_a_file_that_is_not_a_workbook_and_a_workbook_without_stations(tmp_path: Path) -> None:
    fake = tmp_path / "坏.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    result = run_cli("facts", "check", POLICY, str(fake))
    assert result.exit_code == 1 and "E0830" in result.stdout
    empty = tmp_path / "空.xlsx"
    from openpyxl import Workbook
    empty.write_bytes(workbook_bytes(Workbook()))
    result = run_cli("eval", POLICY, str(empty))
    assert result.exit_code == 2 and "E0831" in result.stdout


def test_an_english_template_reads_the_same(checked: Any, tmp_path: Path) -> None:
    out = tmp_path / "district.xlsx"
    assert run_cli("facts", "template", POLICY, "--format", "xlsx", "--lang", "en", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "stations" and wb.sheetnames[-1] == "instructions"
    assert "unit: %" in next(c.comment.text for c in wb["stations"][1] if c.value == "年度服务期内人员费用支出比例")
    ws = wb["stations"]
    keys = {c.value: c.column for c in ws[2] if c.value}
    ws.cell(3, keys["station.name"], "示例街社工服务站")
    ws.cell(3, keys["scores.operations"], 9.14)
    records = wb["服务质量（各片区）"]
    records.cell(3, 1, "示例街社工服务站")
    records.cell(3, 3, 15.6)
    out.write_bytes(workbook_bytes(wb))
    [row] = read_workbook(str(out), checked).stations
    assert row.key == "示例街社工服务站" and row.data["scores"]["operations"] == Decimal("9.14")
    assert row.data["scores"]["service_quality"] == [{"score": Decimal("15.6")}]


def test_a_station_twice_is_refused_on_its_second_row(checked: Any, tmp_path: Path) -> None:
    good = _toml("examples/stations/02-good.toml")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(fill(template_workbook(checked), checked, [good, good]))
    rows = [json.loads(line) for line in run_cli("eval", POLICY, str(path), "--format", "jsonl").stdout.splitlines()]
    assert [r["status"] for r in rows] == ["evaluated", "failed"]
    assert rows[1]["errors"][0]["code"] == "E0833" and rows[1]["errors"][0]["cell"] == f"{path}!站点!A4"


def test_a_note_beside_the_table_is_not_a_station(checked: Any, tmp_path: Path) -> None:
    good = _toml("examples/stations/02-good.toml")
    book = fill(template_workbook(checked), checked, [good])
    wb = load_workbook(io.BytesIO(book))
    ws = wb["站点"]
    note_col = ws.max_column + 2  # no key in row 2 above it
    ws.cell(10, note_col, "备注：第 4 行以后待补")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(workbook_bytes(wb))
    assert [s.key for s in read_workbook(str(path), checked).stations] == ["示例站点02"]


def test_a_policy_without_a_name_fact_gets_a_key_column(tmp_path: Path) -> None:
    text = (ROOT / "policies/examples/weighted-letter-grades.swr").read_text(encoding="utf-8")
    named = '名称            text     "项目名称"'
    assert named in text
    policy = tmp_path / "p.swr"
    policy.write_text(text.replace(named, named + "  optional"), encoding="utf-8")
    checked = load_policy(policy).checked
    facts = {"项目": {"财务审计不合格": False}, "评分": {"专业服务": Decimal("55"), "项目管理": Decimal("30"),
                                                  "业主": Decimal("90"), "满意度": Decimal("95")},
             "服务指标": [{"名称": "探访", "实际": Decimal("75"), "目标": Decimal("100")}]}
    book = fill(template_workbook(checked), checked, [facts, facts])
    ws = load_workbook(io.BytesIO(book))["站点"]
    assert (ws["A1"].value, ws["A2"].value) == ("站点编号", "#key")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(book)
    read = read_workbook(str(path), checked)
    assert [s.key for s in read.stations] == ["S1", "S2"] and read.problems == []
    assert all(s.data == facts for s in read.stations)


def test_a_percentage_cell_out_of_range_is_named_as_the_cell_shows_it(checked: Any, tmp_path: Path) -> None:
    # 150% typed into a percentage cell is stored as 1.5: the message names 150%, as the officer sees
    # it, not "1.5 looks like a percentage written as a whole number; write "1.5%"" (E0806).
    book = fill(template_workbook(checked), checked, [_toml("examples/luopu-midterm-2025.toml")])
    col = _column(book, "compliance.personnel_spending_ratio")
    path = tmp_path / "区评估.xlsx"
    path.write_bytes(_edit(book, {("站点", f"{col}3"): Decimal("1.5")}, {("站点", f"{col}3"): "0%"}))
    for lang, said in (("zh", "（年度服务期内人员费用支出比例）的值 150% 超出范围：应在 0% 到 100% 之间"),
                       ("en", "(年度服务期内人员费用支出比例) is 150%, out of range: it must be between 0% and 100%")):
        out = run_cli("--lang", lang, "facts", "check", POLICY, str(path)).stdout
        assert f"{path}!站点!{col}3: " in out and said in out and "E0806" not in out
    # An 85.5% cell still reads as the fraction 0.855, every digit kept.
    path.write_bytes(_edit(book, {("站点", f"{col}3"): Decimal("0.855")}, {("站点", f"{col}3"): "0.0%"}))
    [row] = read_workbook(str(path), checked).stations
    assert row.data["compliance"]["personnel_spending_ratio"] == "85.5%"  # as a fact file writes it
    assert run_cli("facts", "check", POLICY, str(path)).exit_code == 0
