"""The command line speaks the officer's language: every `--help`, every usage error
and click's own words are Chinese by default and English with `--lang en` (anywhere on
the line) or `SWRULES_LANG=en`."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from conftest import GUANGZHOU
from helpers import run_cli

from swrules.cli import cli
from swrules.cli.common import COMMANDS
from swrules.cli.language import choose_lang

# Words click writes in English that must never reach a Chinese reader.
ENGLISH = re.compile(r"Usage:|Options|Commands|Show this message|Show the version|\[default|Error:|Try '"
                     r"|\bOPTIONS\b|\bPOLICY\b|\bFACTS\b|\bFILE\b|\bVERSION\b|\bINTEGER\b|\bRANGE\b")


def every_command() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [()]
    ctx = click.Context(cli)
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        paths.append((name,))
        if isinstance(cmd, click.Group):
            paths.extend((name, sub) for sub in cmd.list_commands(ctx))
    return paths


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "swrules")
def test_every_help_is_chinese_by_default_and_english_on_request(path: tuple[str, ...]) -> None:
    zh = run_cli(*path, "--help")
    assert zh.exit_code == 0
    assert zh.output.startswith("用法：swrules")
    assert "选项：" in zh.output
    assert not ENGLISH.findall(zh.output), zh.output
    # Every line of help an officer reads says something in Chinese (not only the option names).
    text = zh.output.split("选项：")[0]
    assert re.search(r"[\u4e00-\u9fff]", text.split("\n", 1)[1]), zh.output
    en = run_cli(*path, "--help", "--lang", "en")
    assert en.exit_code == 0
    assert en.output.startswith("Usage: swrules") and "Options:" in en.output
    assert "显示此帮助" not in en.output


def test_lang_before_the_command_and_the_environment_choose_english(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("--lang", "en", "eval", "--help").output.startswith("Usage:")
    monkeypatch.setenv("SWRULES_LANG", "en")
    assert run_cli("eval", "--help").output.startswith("Usage:")
    assert run_cli("eval", "--help", "--lang", "zh").output.startswith("用法：")


def test_the_language_is_chosen_before_parsing() -> None:
    assert choose_lang([], {}) == "zh"
    assert choose_lang(["eval", "p.swr", "--lang", "en"], {}) == "en"
    assert choose_lang(["eval", "--lang=en"], {}) == "en"
    assert choose_lang(["eval"], {"SWRULES_LANG": "en"}) == "en"
    assert choose_lang(["eval", "--lang", "zh"], {"SWRULES_LANG": "en"}) == "zh"
    assert choose_lang(["eval", "--", "--lang", "en"], {}) == "zh"  # after `--` it is a file's name
    assert choose_lang(["eval"], {"SWRULES_LANG": "fr"}) == "zh"


def test_a_missing_argument_is_said_in_chinese() -> None:
    result = run_cli("eval", str(GUANGZHOU))
    assert result.exit_code == 2
    assert "错误：缺少参数：事实文件" in result.output
    assert "运行 'swrules eval --help' 查看帮助。" in result.output
    assert not ENGLISH.findall(result.output), result.output


def test_a_missing_argument_in_english() -> None:
    result = run_cli("eval", str(GUANGZHOU), "--lang", "en")
    assert result.exit_code == 2
    assert "Error: Missing argument 'FACTS...'." in result.output


def test_a_mistyped_command_suggests_the_right_one() -> None:
    result = run_cli("evl", "a.swr")
    assert result.exit_code == 2
    assert "错误：没有名为 'evl' 的命令。是否想用 'eval'？" in result.output
    en = run_cli("evl", "--lang", "en")
    assert "No such command 'evl'. Did you mean 'eval'?" in en.output
    sub = run_cli("facts", "chek")
    assert "是否想用 'check'？" in sub.output


def test_a_mistyped_option_and_a_bad_choice_are_said_in_chinese() -> None:
    typo = run_cli("eval", "--fomat", "json", str(GUANGZHOU), "x.toml")
    assert typo.exit_code == 2
    assert "错误：没有 '--fomat' 这个选项。是否想用 '--format'？" in typo.output
    bad = run_cli("eval", "--format", "xml", str(GUANGZHOU), "x.toml")
    assert bad.exit_code == 2
    assert "'--format' 的值无效：'xml' 不是可选值之一" in bad.output
    assert not ENGLISH.findall(typo.output + bad.output)


def test_the_version_is_said_in_chinese() -> None:
    assert "版本" in run_cli("--version").output


def test_the_entry_point_speaks_chinese_too() -> None:
    # `swrules` as installed goes through `main`, which chooses the language the same way.
    from swrules.cli.main import main
    with pytest.raises(SystemExit) as caught:
        main(["eval"])
    assert caught.value.code == 2


def test_cli_runner_output_for_help_has_no_stray_english_in_zh() -> None:
    result = CliRunner().invoke(cli, ["facts", "--help"])
    assert "事实文件" in result.output and not ENGLISH.findall(result.output)
