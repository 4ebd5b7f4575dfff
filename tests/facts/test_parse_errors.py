"""A fact file that does not parse, or cannot be read: the officer reads why in Chinese
(or English with --lang en), with the line and column, and the full-width hint a policy
file gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GUANGZHOU
from helpers import run_cli

import swrules
from swrules.base.diagnostics import FactsError, PolicyError
from swrules.base.source import Source
from swrules.facts.schema import parse_fact_text, read_fact_file


def refused(text: str, name: str = "s.toml") -> FactsError:
    with pytest.raises(FactsError) as caught:
        parse_fact_text(Source.from_text(name, text))
    return caught.value


def test_a_full_width_comma_in_toml_is_named_in_chinese_at_its_place() -> None:
    [d] = refused('[station]\nname = "洛浦"\nstaffing = 1，\n').diagnostics
    assert d.code == "E0801"
    assert d.span is not None and (d.span.line, d.span.column) == (3, 13) and d.span.text == "，"
    assert d.message("zh") == "事实文件格式有误：一行只能写一个 键 = 值，值的后面多了内容"
    assert d.help("zh") == "这里是全角标点 `，`：改用半角的 `,`（切换到英文输入法后输入）。"
    assert "Expected newline or end of document after a statement" in d.message("en")
    assert "full-width `，`" in (d.help("en") or "")


def test_full_width_punctuation_inside_quotes_is_text_not_a_slip() -> None:
    [d] = refused('[station]\nname = "洛浦，一" x\n').diagnostics
    assert "全角" not in (d.help("zh") or "")


def test_a_full_width_space_in_toml_is_named() -> None:
    [d] = refused('[station]\nname\u3000= "洛浦"\n').diagnostics
    assert d.span is not None and d.span.text == "\u3000"
    assert d.help("zh") == "这里是全角空格（U+3000）：改用普通的半角空格（切换到英文输入法后输入）。"


@pytest.mark.parametrize(("text", "zh"), [
    ("[station\n", "表头缺少结束的 ]"),
    ("[a]\nx = 1\n[a]\n", "表 a 写了两次"),
    ("x = [1, 2\n", "列表没有结束的 ]"),
])
def test_tomls_messages_are_in_chinese(text: str, zh: str) -> None:
    [d] = refused(text).diagnostics
    assert d.message("zh") == f"事实文件格式有误：{zh}"


def test_a_missing_fact_file_is_said_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as caught:
        read_fact_file(tmp_path / "none.toml")
    [d] = caught.value.diagnostics
    assert d.message("zh") == "无法读取文件：文件不存在"
    assert d.message("en") == "cannot read the file: No such file or directory"


def test_a_folder_read_as_a_fact_file_is_said_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as caught:
        read_fact_file(tmp_path)
    assert caught.value.diagnostics[0].message("zh") == "无法读取文件：这是一个文件夹，不是文件"


def test_a_folder_without_policies_given_to_check_is_refused_in_chinese(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path))  # a folder of versions is checked; this one holds none
    assert result.exit_code == 2
    assert f"目录 `{tmp_path}` 中没有政策文件（*.swr）" in result.output


def test_the_evaluate_command_reports_the_toml_slip_in_chinese(tmp_path: Path) -> None:
    facts = tmp_path / "s.toml"
    facts.write_text('[station]\nname = "洛浦"，\n', encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(facts))
    assert result.exit_code == 1
    assert "s.toml:2:12: 错误[E0801]: 事实文件格式有误" in result.output
    assert "全角标点 `，`" in result.output
    assert "Expected" not in result.output


def test_a_policy_that_does_not_exist_is_said_in_chinese(tmp_path: Path) -> None:
    from swrules.syntax.compose import read_source
    with pytest.raises(PolicyError) as caught:
        read_source(tmp_path / "none.swr")
    assert caught.value.diagnostics[0].message("zh") == "无法读取文件：文件不存在"


def test_a_missing_workbook_is_said_in_chinese(tmp_path: Path) -> None:
    from swrules.facts.xlsx import read_workbook
    with pytest.raises(FactsError) as caught:
        read_workbook(str(tmp_path / "none.xlsx"), swrules.load_policy(GUANGZHOU).checked)
    assert caught.value.diagnostics[0].message("zh") == "无法读取文件：文件不存在"
