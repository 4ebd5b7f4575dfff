"""A fact's value in a message reads as the official wrote it, wherever the message is shown.

An out-of-range percentage is `150%`, not the fact file's `"150%"`: in the terminal, in a batch's
rows and in the result workbook, in Chinese and in English (the workbench's form: `tests/web/
test_form.py`); the sibling messages (a date, a choice) likewise. The file's quotes are shown only where they are
the mistake (a number written in quotes). The percent shift of a fact file's `"85.50%"` and of
the form's `85.50` is one function, which keeps the digits written.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from pathlib import Path

from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook

from swrules.base.values import shifted
from swrules.check.ir import FactKind
from swrules.facts.validators import show_value
from swrules.web.form import percent_typed

POLICY = str(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
LUOPU = ROOT / "examples" / "luopu-midterm-2025.toml"
SAID_ZH = "（年度服务期内人员费用支出比例）的值 150% 超出范围：应在 0% 到 100% 之间"
SAID_EN = "(年度服务期内人员费用支出比例) is 150%, out of range: it must be between 0% and 100%"


def _station_at_150(folder: Path) -> Path:
    text = LUOPU.read_text(encoding="utf-8").replace(
        "spending_conforms = true", 'spending_conforms = true\npersonnel_spending_ratio = "150%"', 1)
    path = folder / "站点.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_out_of_range_percentage_reads_150_percent_in_the_terminal_in_both_languages(tmp_path: Path) -> None:
    path = str(_station_at_150(tmp_path))
    zh = run_cli("eval", POLICY, path)
    en = run_cli("--lang", "en", "eval", POLICY, path)
    assert SAID_ZH in zh.stdout + zh.stderr and '"150%" 超出' not in zh.stdout + zh.stderr
    assert SAID_EN in en.stdout + en.stderr


def test_an_out_of_range_percentage_reads_150_percent_in_batch_rows_and_the_result_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "区"
    folder.mkdir()
    _station_at_150(folder)
    rows = [json.loads(line) for line in run_cli("eval", POLICY, str(folder), "--format", "jsonl").stdout.splitlines()]
    assert any(SAID_ZH in e["message"] for e in rows[0]["errors"])
    out = tmp_path / "结果.xlsx"
    for lang, said in (("zh", SAID_ZH), ("en", SAID_EN)):
        run_cli("--lang", lang, "eval", POLICY, str(folder), "--format", "xlsx", "-o", str(out))
        wb = load_workbook(out)
        cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert any(said in c for c in cells), cells


def test_a_value_is_shown_without_the_files_quotes_unless_they_are_the_mistake() -> None:
    assert show_value("150%", FactKind.PERCENT) == "150%"
    assert show_value("2025-02-30", FactKind.DATE) == "2025-02-30"
    assert show_value("mid", FactKind.CHOICE) == "mid"
    assert show_value("九分", FactKind.DECIMAL) == "九分"
    assert show_value(Decimal("-3"), FactKind.INTEGER) == "-3"
    # A number or a yes/no in quotes: the quotes are what the help tells to remove.
    assert show_value("11.65", FactKind.DECIMAL) == '"11.65"'
    assert show_value("0.85", FactKind.PERCENT) == '"0.85"'
    assert show_value("否", FactKind.BOOLEAN) == '"否"'
    # Text whose ends would not show.
    assert show_value(" midterm", FactKind.CHOICE) == '" midterm"'
    assert show_value("", FactKind.TEXT) == '""'


def test_a_percentage_is_shifted_keeping_its_digits_by_the_form_and_by_a_fact_file() -> None:
    with localcontext() as ctx:
        ctx.prec = 5  # the shift never rounds, whatever the context
        assert str(shifted(Decimal("85.50"), -2)) == "0.8550"
        assert str(shifted(Decimal("123456.789"), -2)) == "1234.56789"
    assert percent_typed("85.50%") == shifted(Decimal("85.50"), -2)
    assert str(percent_typed("85.50%")) == "0.8550"
