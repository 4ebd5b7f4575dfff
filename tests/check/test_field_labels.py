"""E0204 and E0201 as a policy officer reads them (`swrules check`): a record's fields
with their labels from the policy, and the field meant found by its label as well as by
its id (a policy officer knows 社工缺口（人次）, not `shortfall`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli

CASE = Path(__file__).parent / "cases" / "e0204-misspelled-fact.swr"


def _check(tmp_path: Path, written: str, lang: str) -> str:
    path = tmp_path / "p.swr"
    path.write_text(CASE.read_text(encoding="utf-8").replace("s.shortfal ", f"{written} "), encoding="utf-8")
    return run_cli("check", "--lang", lang, str(path)).output


FIELDS_ZH = "可用的字段：评分 `score`、评估阶段 `phase`、社工缺口（人次） `shortfall`"


def test_a_misspelled_field_is_answered_with_its_label_and_every_field_is_listed_with_its_label(
        tmp_path: Path) -> None:
    zh = _check(tmp_path, "s.shortfal", "zh")
    assert f"帮助: 是否想写社工缺口（人次） `shortfall`？{FIELDS_ZH}" in zh
    assert "help: did you mean `shortfall`? fields: score, phase, shortfall" in _check(tmp_path, "s.shortfal", "en")


@pytest.mark.parametrize("written", ["s.社工缺口人次", "s.社工缺口"])
def test_the_label_written_for_a_field_is_answered_with_the_id_to_write(tmp_path: Path, written: str) -> None:
    zh = _check(tmp_path, written, "zh")
    assert f"错误[E0204]: `s` 中没有字段 `{written[2:]}`" in zh
    assert f"帮助: 是否想写社工缺口（人次） `shortfall`？算式中字段写名称，不写标签。{FIELDS_ZH}" in zh
    en = _check(tmp_path, written, "en")
    assert ("help: did you mean `shortfall` (社工缺口（人次）)? a formula names a field by its id, not by its label. "
            "fields: score, phase, shortfall") in en


def test_the_label_of_a_parameter_written_for_its_name_is_answered_with_the_name(tmp_path: Path) -> None:
    """E0201's did-you-mean, by label when no name is near: the parameter `缺口上限` is
    labelled 社工缺口上限 in this policy."""
    path = tmp_path / "p.swr"
    text = CASE.read_text(encoding="utf-8").replace("s.shortfal >= 缺口上限", "s.shortfall >= 配备缺口")
    path.write_text(text.replace('"社工缺口上限"', '"社工配备缺口的上限"'), encoding="utf-8")
    assert "帮助: 是否想写社工配备缺口的上限 `缺口上限`？算式中写名称，不写标签。" in run_cli("check", str(path)).output


def test_an_unknown_name_with_nothing_near_says_where_to_declare_it_with_the_keywords_meanings(
        tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text(CASE.read_text(encoding="utf-8").replace("s.shortfal >= 缺口上限", "s.shortfall >= 甲乙丙"),
                    encoding="utf-8")
    assert "帮助: 先在事实（facts）、参数（param）或定义（define）中声明它。" in run_cli("check", str(path)).output
    assert "help: declare it first in facts, param or define." in run_cli("check", "--lang", "en", str(path)).output
