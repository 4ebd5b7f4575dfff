"""One place per kind of words, each a module a person can hold in mind (STYLE.md: split past
~450 lines along a real seam). The command line's help and click's messages live in
`base.cli_words` alone, and a user still reads them in Chinese; what is said about the files
people write lives in `base.input_words` (read through `words` too, as the syntax's words are)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from helpers import run_cli

from swrules.base import cli_words, input_words, words

BASE = ROOT / "src" / "swrules" / "base"


def test_the_words_module_stays_short_enough_to_hold_in_mind() -> None:
    for name in ("words", "cli_words", "input_words"):
        lines = len((BASE / f"{name}.py").read_text(encoding="utf-8").splitlines())
        assert lines <= 450, f"base/{name}.py has {lines} lines"


def test_the_command_lines_words_have_one_home() -> None:
    assert not hasattr(words, "CLI_WORDS")
    assert cli_words.CLI_WORDS["Usage:"] == "用法："
    assert "--kind" in "".join(cli_words.CLI_WORDS)  # the district options' help, merged in
    result = run_cli("report", "--help")
    assert result.exit_code == 0 and "用法：swrules report" in result.stdout and "区汇总报告" in result.stdout


def test_the_words_of_files_people_write_are_read_from_their_own_module() -> None:
    assert words.parser_words is input_words.parser_words and words.os_reason is input_words.os_reason
    assert input_words.parser_words("Unterminated string") == "字符串没有结束的双引号"
    assert input_words.os_reason(FileNotFoundError(2, "No such file or directory"))["reason_zh"] == "文件不存在"


def test_input_words_import_nothing_of_swrules() -> None:
    text = (BASE / "input_words.py").read_text(encoding="utf-8")
    assert "from ." not in text and "import swrules" not in text and "from swrules" not in text
    assert Path(input_words.__file__).name == "input_words.py"
