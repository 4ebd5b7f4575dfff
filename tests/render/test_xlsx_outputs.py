"""District results for spreadsheets and terminals: the result workbook, CSV that Excel
on Chinese Windows opens, and a table that fits the terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook

from swrules.base.diagnostics import display_width
from swrules.cli.batch_table import write_table
from swrules.engine.batch import discover, evaluate_rows, totals
from swrules.engine.versions import PolicySet

POLICY = str(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
STATIONS = str(ROOT / "examples" / "stations")
BAD = str(ROOT / "tests" / "facts" / "invalid" / "10-score-over-item-maximum.toml")


def _formula_station(tmp_path: Path) -> str:
    """A fact file whose station name a spreadsheet would run as a formula."""
    text = (ROOT / "examples/stations/02-good.toml").read_text(encoding="utf-8")
    bad = tmp_path / "formula.toml"
    bad.write_text(text.replace('name = "示例站点02"', 'name = "=HYPERLINK(\\"http://x\\",\\"点我\\")"'),
                   encoding="utf-8")
    assert "HYPERLINK" in bad.read_text(encoding="utf-8")
    return str(bad)


# ----------------------------------------------------------------- CSV

def test_csv_has_a_bom_and_chinese_headers_and_values(tmp_path: Path) -> None:
    out = tmp_path / "区评估.csv"
    assert run_cli("eval", POLICY, STATIONS, "--format", "csv", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:7] == ["文件", "状态", "站点", "阶段", "总分", "等级", "待核实"]
    first = rows[1]
    assert first[1:7] == ["已评估", "示例站点01", "中期评估", "95.75", "优秀", "否"]


def test_csv_without_bom_for_pipelines_and_english_under_lang_en() -> None:
    result = run_cli("eval", POLICY, STATIONS, "--format", "csv", "--no-bom", "--lang", "en")
    assert not result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["status"] == "evaluated" and rows[0]["phase"] == "midterm" and rows[0]["provisional"] == "false"


def test_csv_neutralises_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    result = run_cli("eval", POLICY, _formula_station(tmp_path), STATIONS, "--format", "csv", "--no-bom")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][2] == "'=HYPERLINK(\"http://x\",\"点我\")"
    from swrules.render.export import neutralise
    assert [neutralise(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "88.50", "良好")] == \
        ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "88.50", "良好"]


# ----------------------------------------------------------------- the result workbook

def test_result_workbook_summary_numbers_colours_and_sheets(tmp_path: Path) -> None:
    out = tmp_path / "区评估结果.xlsx"
    result = run_cli("eval", POLICY, STATIONS, BAD, _formula_station(tmp_path), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 1
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and "汇总数" in wb.sheetnames and "错误" in wb.sheetnames
    assert "否决：社工人员配备不足" in wb.sheetnames and any(n.startswith("关注：") for n in wb.sheetnames)
    ws = wb["汇总"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["文件", "站点", "阶段"] and "总分" in head and "等级" in head
    assert "第三方评估机构" in head  # a column per party
    total, grade = head.index("总分") + 1, head.index("等级") + 1
    first = ws.cell(2, total)
    assert first.data_type == "n" and first.value == pytest.approx(95.75) and first.number_format == "0.00"
    assert ws.cell(2, grade).value == "优秀" and ws.cell(2, grade).fill.fgColor.rgb.endswith("C6EFCE")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert '=HYPERLINK("http://x","点我")' in names  # stored as text, not as a formula
    assert all(ws.cell(r, 2).data_type != "f" for r in range(2, ws.max_row + 1))
    errors = wb["错误"]
    assert errors.cell(2, 1).value == BAD and errors.cell(2, 4).value.startswith("E08")


def test_result_workbook_in_english_and_byte_identical_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (a, b):
        run_cli("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(out), "--lang", "en")
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["summary"]
    assert [c.value for c in ws[1]][:3] == ["file", "station", "phase"]


# ----------------------------------------------------------------- the terminal table

@pytest.fixture(scope="module")
def batch() -> tuple[list, object]:
    policies = PolicySet.load(POLICY)
    rows = list(evaluate_rows(discover([STATIONS, BAD]), policies, POLICY, version=None, lang="zh"))
    return rows, totals(rows, policies)


def _table(batch: tuple[list, object], width: int) -> list[str]:
    rows, sums = batch
    out = io.StringIO()
    write_table(rows, sums, "zh", out, terminal=True, width=width)  # type: ignore[arg-type]
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_terminal_table_fits_and_never_cuts_total_or_grade(batch: tuple[list, object], width: int) -> None:
    lines = _table(batch, width)
    rows = batch[0]
    table = lines[: lines.index("") if "" in lines else len(lines)]
    assert all(display_width(line.rstrip()) <= width for line in table)
    header = table[0]
    assert "总分" in header and "等级" in header
    body = "\n".join(table)
    for r in rows:
        if r.evaluated and r.total is not None:  # each total and grade whole, on one line together
            assert any(f"{r.total:f}" in line and r.grade in line for line in table), (width, r.path)
    # Never a name one character per line: at most one continuation line per station.
    assert len(table) <= 2 + 2 * len(rows)
    # a veto by the policy's label, never its rule id (保洁安保占岗); long labels wrap onto a second line
    assert "保洁安保占岗" not in body and "保洁、安保等人" in body
    if width >= 100:
        assert "社工人员配备不足" in body  # a veto label whole
    note = [line for line in lines if "--format csv" in line]
    assert note and "--format xlsx" in note[0]  # how to get the full table


def test_terminal_table_drops_the_least_important_columns_first(batch: tuple[list, object]) -> None:
    narrow, wide = _table(batch, 60)[0], _table(batch, 140)[0]
    assert "一票否决" in narrow and "核对差异" not in narrow and "阶段" not in narrow
    assert "阶段" in wide and "未填报的事项" in wide


def test_a_very_narrow_terminal_still_shows_every_total_and_grade_whole(batch: tuple[list, object]) -> None:
    table = _table(batch, 40)
    table = table[: table.index("") if "" in table else len(table)]
    assert all(display_width(line.rstrip()) <= 40 for line in table)
    for r in batch[0]:
        if r.evaluated and r.total is not None:
            assert any(f"{r.total:f}" in line and r.grade in line for line in table), r.path


def test_a_workbook_goes_to_a_pipe_but_not_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = run_cli("eval", POLICY, STATIONS, "--format", "xlsx")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert load_workbook(io.BytesIO(piped.stdout_bytes))["汇总"]["B2"].value == "示例站点01"
    import types

    from swrules.cli import evaluate, facts

    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    for module in (evaluate, facts):
        monkeypatch.setattr(module, "sys", terminal)
    refused = run_cli("eval", POLICY, STATIONS, "--format", "xlsx")
    assert refused.exit_code == 2 and "-o 文件.xlsx" in refused.stderr
    refused = run_cli("facts", "template", POLICY, "--format", "xlsx")
    assert refused.exit_code == 2 and "-o 文件.xlsx" in refused.stderr


def test_the_result_workbook_has_native_charts_drawn_from_its_own_cells(tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "区.xlsx"
    assert run_cli("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    ws = wb["图表"]
    charts = ws._charts
    assert len(charts) == 3  # totals by interval and grade, stations per grade, stations per veto
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("总分", "优秀", "良好", "合格", "不合格")
    intervals = {r[0]: r[1:5] for r in rows[1:] if r[0] and "–" in str(r[0])}
    assert intervals["85–90"] == (0, 7, 0, 16) and intervals["95–100"] == (1, 0, 0, 0)
    per_grade = {r[0]: r[1] for r in rows if r[0] in ("优秀", "良好", "合格", "不合格", "无法判定")}
    assert per_grade == {"优秀": 1, "良好": 7, "合格": 2, "不合格": 17, "无法判定": 1}
    with zipfile.ZipFile(out) as book:
        xml = b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/charts/chart"))
    assert xml.count(b"<barChart>") == 3
    assert b'prst="wdUpDiag"' in xml  # the worst grade hatched, apart from the others in grey print
    again = tmp_path / "again.xlsx"
    assert run_cli("eval", POLICY, STATIONS, "--format", "xlsx", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
