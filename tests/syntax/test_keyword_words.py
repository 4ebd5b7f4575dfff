"""Syntax errors as a Chinese-writing policy officer reads them (`swrules check`): each
keyword shown as it must be typed with its meaning beside it (参数（param）), and a help
line that says what to write where the file stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli

from swrules.base.words import KEYWORD_MEANINGS, keyword_zh
from swrules.syntax.grammar import keywords

GUANGZHOU = Path(__file__).resolve().parents[2] / "policies" / "guangzhou" / "station-evaluation.swr"
CASES = Path(__file__).parent / "cases"


def _check(path: Path, lang: str) -> str:
    return run_cli("check", "--lang", lang, str(path)).output


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.swr"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_value_missing_after_equals_at_the_end_is_said_so_and_no_bracket_is_asked_for(tmp_path: Path) -> None:
    path = _write(tmp_path, 'param x "a" = \n')
    zh, en = _check(path, "zh"), _check(path, "en")
    assert "错误[E0104]: 文件在参数（param）声明结束之前就结束了" in zh
    assert "帮助: `=` 后面缺少一个值：写上它（数字、百分数或名称）。" in zh
    assert "help: a value is missing after `=`: write it (a number, a percentage or a name)." in en
    assert "`)`" not in zh + en  # nothing is open: no bracket to add


def _cut_after(snippet: str, occurrence: int = 1) -> str:
    text = GUANGZHOU.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(snippet, at + 1)
    return text[:at + len(snippet)]


# The bundled policy cut short at several places, and what the help line then says.
TRUNCATED = [
    # Complete but for the block's end: only the `}` is missing.
    ('  midterm "中期评估"', "帮助: 在文件末尾补上 `}`，结束评估阶段（phases）块。",
     "help: add `}` at the end of the file to end the phases block."),
    # Inside a block nested in another: how many `}` are missing in all.
    ('    area      text                  "片区"', "（共缺 2 个 `}`）", "(2 `}` are missing in all)"),
    # The first word of a keyword phrase: the second one, as typed, with the phrase's meaning.
    ("  dated", "帮助: 在文件末尾接着写 `by`，组成评估基准日（dated by），然后补上 `}`。",
     "help: go on at the end of the file with `by` (to make `dated by`), then add `}`."),
    # A comparison without its right-hand side, inside a veto block.
    ("compliance.staffing_shortfall >=", "帮助: `>=` 后面缺少一个值：写上它（数字、百分数或名称），然后补上 `}`。",
     "help: a value is missing after `>=`: write it (a number, a percentage or a name), then add `}`."),
    # A veto without what it forces.
    ("  when compliance.non_social_workers_in_posts\n",
     "帮助: 在文件末尾接着写导致的等级（forces），然后补上 `}`。",
     "help: go on at the end of the file with `forces`, then add `}`."),
]


@pytest.mark.parametrize(("snippet", "zh_help", "en_help"), TRUNCATED)
def test_the_bundled_policy_cut_short_gets_a_help_that_fits(
        tmp_path: Path, snippet: str, zh_help: str, en_help: str) -> None:
    path = _write(tmp_path, _cut_after(snippet))
    zh, en = _check(path, "zh"), _check(path, "en")
    assert "[E0104]" in zh and zh_help in zh
    assert en_help in en
    assert "补上缺少的" not in zh


def test_an_expected_keyword_is_named_with_its_meaning_in_chinese_and_as_typed_in_english() -> None:
    path = CASES / "e0100-missing-forces.swr"
    assert "此处应为导致的等级（forces）或运算符，却遇到 `}`" in _check(path, "zh")
    assert "expected `forces` or an operator, found `}`" in _check(path, "en")


def test_a_misspelled_keyword_is_answered_with_the_keyword_and_its_meaning() -> None:
    path = CASES / "e0105-vetoo.swr"
    assert "帮助: 是否想写一票否决（veto）？" in _check(path, "zh")
    assert "help: did you mean `veto`?" in _check(path, "en")


def test_the_kinds_of_fact_are_listed_with_their_meanings(tmp_path: Path) -> None:
    path = _write(tmp_path, 'policy "示例" {\n  version "1"\n}\n\nfacts s "站点" {\n  score 5 "评分"\n}\n')
    zh = _check(path, "zh")
    assert ("事实的类型：是/否（boolean）、整数（integer）、小数（decimal）、百分数（percent）、日期（date）、"
            "文字（text）、可选值（one of）") in zh
    assert "a fact type (boolean, integer, decimal, percent, date, text or one of)" in _check(path, "en")


def test_a_block_opened_with_a_chinese_keyword_is_named_like_one_opened_in_english(tmp_path: Path) -> None:
    path = _write(tmp_path, 'policy "示例" {\n  version "1"\n}\n\n一票否决 违规 "严重违规" {\n  当 s.violation\n')
    zh = _check(path, "zh")
    assert "文件在一票否决（veto）块结束之前就结束了" in zh
    assert "在文件末尾接着写导致的等级（forces），然后补上 `}`。" in zh


def test_every_keyword_of_the_grammar_has_its_meaning_in_one_table() -> None:
    covered = {word for phrase in KEYWORD_MEANINGS for word in phrase.split()}
    assert set(keywords()) <= covered, sorted(set(keywords()) - covered)
    assert covered <= set(keywords()), sorted(covered - set(keywords()))
    assert keyword_zh("param") == "参数（param）"


def test_a_misspelled_chinese_keyword_is_answered_with_the_chinese_keyword_and_its_meaning(tmp_path: Path) -> None:
    path = _write(tmp_path, 'policy "示例" {\n  version "1"\n}\n\n发先 低分 "评分偏低" {\n  当 s.score < 30\n}\n')
    zh = _check(path, "zh")
    assert "错误[E0105]: 未知的关键字 `发先`" in zh
    assert "帮助: 是否想写 `发现`，即需要关注（finding）？" in zh
    assert "help: did you mean `发现`?" in _check(path, "en")
