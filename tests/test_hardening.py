"""Issue 12: every input that crashed a run, gave a silently wrong value or clobbered a
file now gets a clear message and the right exit (or its row in a batch).

One test per input of the issue's table, named after it, each asserting what the user
sees: the exit status, the code and the words of the message, the file left intact.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli, station

import swrules
from swrules.base.diagnostics import FactsError, PolicyError
from swrules.base.textsafe import csv_cell, escape_controls
from swrules.cli.main import main
from swrules.render import report as report_module

GOOD = ROOT / "examples" / "stations" / "02-good.toml"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")


def _district(tmp_path: Path, **bad: str) -> Path:
    """A folder with two good stations and the bad fact files given as name=text."""
    folder = tmp_path / "district"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a-good.toml")
    shutil.copy(GOOD, folder / "b-good.toml")
    for name, text in bad.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def _with(old: str, new: str) -> str:
    assert old in GOOD_TEXT
    return GOOD_TEXT.replace(old, new, 1)


# 1 ------------------------------------------------------------------ huge and deep fact files

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_5000_digit_integer_and_2000_deep_toml_and_100000_deep_json_in_a_district_get_rows(
        tmp_path: Path, jobs: str) -> None:
    folder = _district(tmp_path, big_toml=_with("budget = 2400000.0", "budget = " + "9" * 5000),
                       deep_toml="a = " + "[" * 2000 + "]" * 2000 + "\n",
                       deep_json='{"station": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = run_cli("eval", str(GUANGZHOU), str(folder), "--format", "jsonl", "--jobs", jobs)
    assert result.exit_code == 1  # some evaluated, some not: the documented code
    rows = [line for line in result.stdout.splitlines() if line]
    assert len(rows) == 5
    failed = {r.split('"path": "')[1].split('"')[0].rsplit("/", 1)[1]: r for r in rows if '"failed"' in r}
    assert set(failed) == {"big.toml", "deep.toml", "deep.json"}
    assert "E0816" in failed["big.toml"] and "5000" in failed["big.toml"]
    assert "E0816" in failed["deep.json"] and "嵌套层数" in failed["deep.json"]


def test_5000_digit_integer_in_facts_check_and_the_api(tmp_path: Path, guangzhou: swrules.Policy) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"station": {"budget": ' + "9" * 5000 + "}}", encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "the length of a number exceeds the limit" in result.stdout
    with pytest.raises(FactsError):
        guangzhou.evaluate_file(path)


# 2 ------------------------------------------------------------------ formulas in CSV

@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_station_name_starting_with_a_formula_character_is_neutralised_in_csv(tmp_path: Path, start: str) -> None:
    written = (start + 'HYPERLINK(\\"http://x\\")').replace("\t", "\\t")  # as TOML escapes it
    folder = _district(tmp_path, evil_toml=_with('name = "示例站点02"', f'name = "{written}"'))
    out = tmp_path / "out.csv"
    result = run_cli("eval", str(GUANGZHOU), str(folder), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    cells = [line.split(",")[2] for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert any(c.startswith(('"\'' + start, "'" + start)) for c in cells), cells
    assert not any(c.startswith((start, '"' + start)) for c in cells)


def test_a_negative_total_in_csv_stays_a_number() -> None:
    assert csv_cell("-3") == "'-3"  # text cells are neutralised; the total column is written as is (csv_row)


# 3 ------------------------------------------------------------------ -o onto an input

def test_report_f_toml_onto_f_toml_eval_onto_the_policy_and_template_onto_the_policy_are_refused(
        tmp_path: Path) -> None:
    policy = tmp_path / "P.swr"
    shutil.copy(GUANGZHOU, policy)
    facts = tmp_path / "F.toml"
    shutil.copy(GOOD, facts)
    link = tmp_path / "link.swr"
    link.symlink_to(policy)
    for args in (["report", str(policy), str(facts), "-o", str(facts)],
                 ["eval", str(policy), str(facts), "-o", str(policy)],
                 ["facts", "template", str(policy), "-o", str(policy)],
                 ["facts", "template", str(policy), "-o", str(link)]):
        result = run_cli(*args)
        assert result.exit_code == 2, args
        assert "E0003" in result.stderr and "输入文件" in result.stderr
    assert policy.read_bytes() == GUANGZHOU.read_bytes()
    assert facts.read_bytes() == GOOD.read_bytes()
    assert link.is_symlink()


def test_eval_of_an_overlay_onto_the_base_it_extends_is_refused(tmp_path: Path) -> None:
    base = tmp_path / "base.swr"
    shutil.copy(GUANGZHOU, base)
    overlay = tmp_path / "district.swr"
    overlay.write_text('extends "base.swr"\n\npolicy "区政策（示例）" { version "1" }\n', encoding="utf-8")
    result = run_cli("eval", str(overlay), str(GOOD), "-o", str(base))
    assert result.exit_code == 2
    assert "E0003" in result.stderr
    assert base.read_bytes() == GUANGZHOU.read_bytes()


# 4 ------------------------------------------------------------------ more digits than computed exactly

def test_40_nines_total_and_a_mean_of_15_00499_95_and_a_percent_text_with_36_nines_are_refused_not_rounded(
        guangzhou: swrules.Policy) -> None:
    cases = {
        "scores__operations": D("7." + "9" * 40),
        "scores__service_monitoring": D("9.00499999999999999999999999999999995"),
        "compliance__personnel_spending_ratio": "79.999999999999999999999999999999999999%",
    }
    for key, value in cases.items():
        with pytest.raises(FactsError) as caught:
            guangzhou.evaluate(station(**{key: value}))
        assert [d.code for d in caught.value.diagnostics] == ["E0815"], key


def test_a_value_written_as_text_and_as_a_number_decides_the_same_way(guangzhou: swrules.Policy) -> None:
    as_text = station(compliance__personnel_spending_ratio="79.99999999%")
    as_number = station(compliance__personnel_spending_ratio=D("0.7999999999"))
    assert guangzhou.evaluate(as_text).vetoes_hit == guangzhou.evaluate(as_number).vetoes_hit
    with pytest.raises(FactsError):
        guangzhou.evaluate(station(compliance__personnel_spending_ratio="79.9999999999999%"))
    with pytest.raises(FactsError):
        guangzhou.evaluate(station(compliance__personnel_spending_ratio=D("0.799999999999999")))


# 5 ------------------------------------------------------------------ round(x, 40)

def test_round_x_40_in_a_policy_is_a_check_error_naming_the_limit(tmp_path: Path) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    assert "round(actual / target, 4, half_up)" in text
    changed = text.replace("round(actual / target, 4, half_up)", "round(actual / target, 40, half_up)")
    path = tmp_path / "p.swr"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        swrules.load_policy(path)
    assert "E0117" in [d.code for d in caught.value.diagnostics]
    result = run_cli("eval", str(path), str(GOOD), "--lang", "en")
    assert result.exit_code == 2
    assert "40 decimal places exceed the limit of 12" in result.stderr


# 6 ------------------------------------------------------------------ 1e40 and 1e-50

def test_an_actual_of_1e40_or_a_target_of_1e_50_is_refused_with_the_key_path(tmp_path: Path) -> None:
    for old, new, key in (("actual = 1278.0", "actual = 1e40", "indicators[0].actual"),
                          ("target = 1500.0", "target = 1e-50", "indicators[0].target")):
        path = tmp_path / "f.toml"
        path.write_text(_with(old, new), encoding="utf-8")
        result = run_cli("eval", str(GUANGZHOU), str(path))
        assert result.exit_code == 2
        assert key in result.stderr and "E0815" in result.stderr


# 7 ------------------------------------------------------------------ 1e300000000

def test_budget_1e300000000_is_refused_without_being_written_out(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text(_with("budget = 2400000.0", "budget = 1e300000000"), encoding="utf-8")
    start = time.monotonic()
    result = run_cli("eval", str(GUANGZHOU), str(path), "--format", "json")
    assert time.monotonic() - start < 10
    assert result.exit_code == 2
    assert "station.budget" in result.stderr and "10^300000000" in result.stderr
    assert len(result.stderr) < 2000 and result.stdout == ""


def test_1e999999999999999999_in_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"station": {"budget": 1e999999999999999999}}', encoding="utf-8")
    result = run_cli("eval", str(GUANGZHOU), str(path))
    assert result.exit_code == 2 and "E0815" in result.stderr


# 8 ------------------------------------------------------------------ unbounded templates

@pytest.mark.parametrize(("body", "words"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "rendering took longer"),
    ("{{ 'x' * 3000000000 }}", "over the template output limit"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "macros call each other more than 100"),
    ("{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}", "the output exceeds"),
])
def test_a_template_with_nested_range_loops_a_huge_repeat_or_a_recursive_macro_is_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, words: str) -> None:
    monkeypatch.setattr(report_module, "MAX_TEMPLATE_SECONDS", 1.0)
    monkeypatch.setattr(report_module, "MAX_TEMPLATE_CHARS", 10_000_000)
    template = tmp_path / "t.md.j2"
    template.write_text(body, encoding="utf-8")
    out = tmp_path / "r.md"
    start = time.monotonic()
    result = run_cli("report", str(GUANGZHOU), str(GOOD), "--template", str(template), "-o", str(out), "--lang", "en")
    assert time.monotonic() - start < 15
    assert result.exit_code == 2
    assert words in result.stderr
    assert not out.exists()


# 9 ------------------------------------------------------------------ 100,000 stray [

def test_a_policy_of_100000_stray_brackets_gets_at_most_31_messages_quickly(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text("[" * 100_000, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(PolicyError) as caught:
        swrules.load_policy(path)
    assert time.monotonic() - start < 15
    codes = [d.code for d in caught.value.diagnostics]
    assert len(codes) <= 31 and "E0118" in codes


# 10 ----------------------------------------------------------------- the mode of an existing file

def test_o_onto_an_existing_0600_file_keeps_0600(tmp_path: Path) -> None:
    out = tmp_path / "private.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    result = run_cli("eval", str(GUANGZHOU), str(GOOD), "-o", str(out))
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "示例站点02" in out.read_text(encoding="utf-8")


# 11 ----------------------------------------------------------------- terminal escapes in a name

def test_a_station_name_holding_terminal_escapes_is_shown_escaped_by_eval_the_table_and_explain(
        tmp_path: Path) -> None:
    folder = _district(tmp_path, evil_toml=_with('name = "示例站点02"', 'name = "坏\\u001b[2J站\\u009b"'))
    evil = str(folder / "evil.toml")
    for args in (["eval", str(GUANGZHOU), evil], ["eval", str(GUANGZHOU), str(folder)],
                 ["explain", str(GUANGZHOU), evil], ["eval", str(GUANGZHOU), str(folder), "--format", "csv"]):
        result = run_cli(*args)
        assert "\x1b" not in result.output and "\x9b" not in result.output, args
        # Escaped; or, where click.echo writes to a pipe, its ANSI sequences removed before that.
        assert "\\u001b[2J" in result.stdout or args[0] == "explain", args
        assert "\\u009b" in result.stdout, args


def test_escape_controls_keeps_line_breaks_and_escapes_bidi_overrides() -> None:
    assert escape_controls("a\nb\tc\x1b\u202e\x00") == "a\nb\tc\\u001b\\u202e\\u0000"


# 12 ----------------------------------------------------------------- NUL in extends

def test_a_nul_byte_in_an_extends_path_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text('extends "../gz\0.swr"\n', encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 1  # `check`: problems found
    assert "E0901" in result.output
    result = run_cli("eval", str(path), str(GOOD), "--lang", "en")
    assert result.exit_code == 2
    assert "cannot load the base policy" in result.stderr


# 13 ----------------------------------------------------------------- missing folder, folder

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_o_into_a_missing_folder_or_onto_a_folder_is_exit_2_with_a_message(tmp_path: Path, lang: str) -> None:
    words = {"zh": ("不存在", "这是一个目录"), "en": ("does not exist", "it is a folder")}[lang]
    for target, word in ((tmp_path / "nowhere" / "out.txt", words[0]), (tmp_path, words[1])):
        result = run_cli("eval", str(GUANGZHOU), str(GOOD), "-o", str(target), "--lang", lang)
        assert result.exit_code == 2
        assert word in result.stderr and "internal error" not in result.stderr and "内部错误" not in result.stderr
        assert ".tmp" not in result.stderr


# 14 ----------------------------------------------------------------- devices, FIFOs, links

def test_o_dev_null_stays_a_device() -> None:
    result = run_cli("eval", str(GUANGZHOU), str(GOOD), "-o", os.devnull)
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_o_a_fifo_is_written_directly_and_a_symlink_is_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert run_cli("eval", str(GUANGZHOU), str(GOOD), "-o", str(fifo)).exit_code == 0
    reader.join(10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and "示例站点02".encode() in got[0]
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run_cli("eval", str(GUANGZHOU), str(GOOD), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and "示例站点02" in target.read_text(encoding="utf-8")


# 15 ----------------------------------------------------------------- Ctrl-C

@pytest.mark.parametrize(("lang", "word"), [("zh", "已中断"), ("en", "interrupted")])
def test_ctrl_c_during_a_batch_says_interrupted_and_exits_130(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str,
        word: str) -> None:
    from swrules.cli import evaluate

    def interrupted(*args: object, **kwargs: object) -> object:
        yield from ()
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate, "evaluate_rows", interrupted)
    out = tmp_path / "out.csv"
    folder = _district(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(["eval", str(GUANGZHOU), str(folder), "--format", "csv", "-o", str(out), "--lang", lang])
    assert caught.value.code == 130
    assert word in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))


# 4 (arithmetic) ------------------------------------------------------ no unstated rounding

SMALL = """
policy "t" { version "1" }
facts s {
  x decimal optional
  y decimal optional
}
score sheet {
  party p points 100 { item it max 100 = 0 }
  total max 100
}
grades {
  好 60 <= total
  差 total < 60
}
define product = s.x * s.y * s.x
define third = s.y / 3
define half = s.y / 2
finding uses_them { when known(product) and known(third) and known(half) }
"""


def _small(tmp_path: Path) -> swrules.Policy:
    path = tmp_path / "t.swr"
    path.write_text(SMALL, encoding="utf-8")
    return swrules.load_policy(path)


def test_a_product_needing_more_than_34_digits_is_refused_not_rounded(tmp_path: Path) -> None:
    policy = _small(tmp_path)
    with pytest.raises(FactsError) as caught:
        policy.evaluate({"s": {"x": D("123456789012345.123456789012"), "y": D("2")}})
    assert [d.code for d in caught.value.diagnostics] == ["E0817"]
    assert "34" in caught.value.render("en")
    assert policy.evaluate({"s": {"x": D("1.5"), "y": D("2")}}).rules  # small digits: evaluated


def test_the_explanation_says_which_quotient_was_cut_to_34_digits(tmp_path: Path) -> None:
    from swrules.explanation.build import explain

    policy = _small(tmp_path)
    result = policy.evaluate({"s": {"x": D("1"), "y": D("1")}}, explain=True)
    steps = {s.text: s for r in explain(result).rules for s in r.steps}
    assert steps["s.y / 3"].cut and not steps["s.y / 2"].cut
    text = run_cli("explain", str(tmp_path / "t.swr"), str(_facts(tmp_path)), "--lang", "en").stdout
    assert "s.y / 3 → 0.33333… (not exact: rounded to 34 significant digits)" in text
    assert "not exact" not in text.split("s.y / 2")[1].splitlines()[0]


def _facts(tmp_path: Path) -> Path:
    path = tmp_path / "f.toml"
    path.write_text("[s]\nx = 1\ny = 1\n", encoding="utf-8")
    return path


def test_the_text_table_rendered_in_chunks_is_byte_identical_to_one_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from swrules.cli import batch_table

    folder = _district(tmp_path, bad_toml="station = 3\n", long_name_toml=_with('name = "示例站点02"',
                                                                               'name = "一个很长很长很长的站点名称"'))
    whole = run_cli("eval", str(GUANGZHOU), str(folder), str(ROOT / "examples" / "stations")).stdout
    monkeypatch.setattr(batch_table, "TABLE_CHUNK", 2)
    chunked = run_cli("eval", str(GUANGZHOU), str(folder), str(ROOT / "examples" / "stations")).stdout
    assert chunked == whole
    assert "一个很长很长很长的站点名称" in whole and "1 个错误，见下文" in whole


def test_a_fact_file_with_thousands_of_bad_records_lists_100_errors_and_says_how_many_more(
        tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    rows = ",".join('{"name": "x", "unit": "u", "actual": "bad", "target": "bad"}' for _ in range(2000))
    path.write_text('{"indicators": [' + rows + "]}", encoding="utf-8")
    result = run_cli("eval", str(GUANGZHOU), str(path), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.count("error[E0803]") == 100
    assert "the number of errors exceeds the limit: 4000, at most 100" in result.stderr
