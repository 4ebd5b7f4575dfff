"""Syntax messages as a policy officer reads them from `swrules check`, on the bundled
Guangzhou policy spoiled in one place at a time: the note "… starts here" appears where
it points at the declaration that holds the mistake (a block left open, a value missing
after `=`), never at a complete declaration before the mistake; a reserved word is named
with what it is the keyword for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GUANGZHOU
from helpers import run_cli

POLICY = GUANGZHOU.read_text(encoding="utf-8")


def spoiled(tmp_path: Path, old: str, new: str) -> Path:
    assert old in POLICY, old
    path = tmp_path / "station-evaluation.swr"
    path.write_text(POLICY.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(text: str) -> int:
    return POLICY[:POLICY.index(text)].count("\n") + 1


def check(path: Path, lang: str) -> tuple[list[str], list[str]]:
    """The codes `swrules check` reports, and its notes (`= 注意:` / `= note:` lines)."""
    result = run_cli("check", "--lang", lang, str(path))
    assert result.exit_code == 1, result.output
    codes = re.findall(r"(?:错误|error)\[(E\d+)\]", result.output)
    notes = [line.split(": ", 1)[1] for line in result.output.splitlines() if re.match(r"\s+= (注意|note):", line)]
    return codes, notes


# A mistake that begins a declaration, after one that is complete: no note about the one before.
AFTER_A_WHOLE_DECLARATION = [
    pytest.param("veto 整改不到位", "vto 整改不到位", "E0105", id="misspelled veto after a closed veto block"),
    pytest.param("facts station", "fcts station", "E0105", id="misspelled facts after the phases block"),
    pytest.param("param 满意度样本下限", "parm 满意度样本下限", "E0105", id="misspelled param after a whole param"),
    pytest.param("# 评估工作的时限（工作日），一（三）评估阶段。", "稳岗率 80%", "E0100",
                 id="a stray line after a whole param"),
    pytest.param("  不合格 total < 60\n}", "  不合格 total < 60\n}\n中等 70 <= total", "E0105",
                 id="a band after the grades block"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("old", "new", "code"), AFTER_A_WHOLE_DECLARATION)
def test_no_note_points_at_the_complete_declaration_before(tmp_path: Path, old: str, new: str, code: str,
                                                           lang: str) -> None:
    codes, notes = check(spoiled(tmp_path, old, new), lang)
    assert codes == [code]
    assert notes == []


@pytest.mark.parametrize(("lang", "said"), [("zh", "评分表（score sheet）从这里开始"),
                                            ("en", "the score sheet starts here")])
def test_inside_the_score_sheet_after_a_whole_party_the_note_names_the_sheet(tmp_path: Path, lang: str,
                                                                            said: str) -> None:
    codes, notes = check(spoiled(tmp_path, '  total "总分" max 100', '  totl "总分" max 100'), lang)
    assert codes == ["E0105"]
    [note] = notes
    assert note.endswith(said) and f":{line_of('score sheet')}:" in note


# A mistake inside a declaration still open: the note says where that declaration begins.
INSIDE_AN_OPEN_DECLARATION = [
    pytest.param('  clause 洛浦报告 "一（五）评估结果说明 第（六）项"\n}',
                 '  clause 洛浦报告 "一（五）评估结果说明 第（六）项"', "E0100", "veto 专业评估不合格",
                 ("一票否决（veto）块从这里开始", "the veto block starts here"), id="a veto left without its }"),
    pytest.param('= 80%\n  clause 洛浦报告 "二（三）1（1）"', '=\n  clause 洛浦报告 "二（三）1（1）"', "E0100",
                 "param 稳岗率要求", ("参数（param）声明从这里开始", "the param declaration starts here"),
                 id="a value missing after ="),
    pytest.param("    item purchaser", "    iten purchaser", "E0105", "party 街道办事处",
                 ("评估方（party）块从这里开始", "the party block starts here"), id="misspelled item inside a party"),
]


@pytest.mark.parametrize(("old", "new", "code", "opened", "said"), INSIDE_AN_OPEN_DECLARATION)
def test_the_note_points_at_the_open_declaration_that_holds_the_mistake(
        tmp_path: Path, old: str, new: str, code: str, opened: str, said: tuple[str, str]) -> None:
    path = spoiled(tmp_path, old, new)
    for lang, words in zip(("zh", "en"), said, strict=True):
        codes, notes = check(path, lang)
        assert codes == [code]
        [note] = notes
        assert note.endswith(words) and f":{line_of(opened)}:" in note


def test_a_file_cut_after_a_whole_party_ends_inside_the_score_sheet(tmp_path: Path) -> None:
    path = tmp_path / "station-evaluation.swr"
    path.write_text(POLICY[:POLICY.index("  party 市督导中心")], encoding="utf-8")
    zh = run_cli("check", str(path)).output
    assert f"{path}:{line_of('score sheet')}:1: 错误[E0104]: 文件在评分表（score sheet）结束之前就结束了" in zh
    assert "结束评分表（score sheet）" in zh and "评估方（party）" not in zh
    en = run_cli("check", "--lang", "en", str(path)).output
    assert "error[E0104]: the file ends before the end of the score sheet" in en


@pytest.mark.parametrize(("name", "zh", "en"), [
    ("指标", "`指标` 是指标（indicator）的关键字（保留字），不能用作名称",
     "`指标` is a reserved word (the Chinese spelling of `indicator`) and cannot be used as a name"),
    ("total", "`total` 是总分（total）的关键字（保留字），不能用作名称",
     "`total` is a reserved word (a keyword of the language) and cannot be used as a name"),
    # Every role of the word: a record's score in `for each`, and the `score sheet` block.
    ("score", "`score` 是记录的评分（score）、评分表（score sheet）的关键字（保留字），不能用作名称",
     "`score` is a reserved word (a keyword of the language, and part of `score sheet`) and cannot be used "
     "as a name"),
    ("by", "`by` 是评估基准日（dated by）、按阶段取值（by phase）、按日期取值（by date）"
           "的关键字（保留字），不能用作名称",
     "`by` is a reserved word (part of `dated by`, `by phase`, `by date`) and cannot be used as a name"),
])
def test_a_reserved_word_is_named_with_what_it_is_the_keyword_for(tmp_path: Path, name: str, zh: str,
                                                                  en: str) -> None:
    path = spoiled(tmp_path, 'param 稳岗率要求 "稳岗率须达到的比例"', f'param {name} "稳岗率须达到的比例"')
    line = line_of("param 稳岗率要求")
    assert f"{path}:{line}:7: 错误[E0108]: {zh}\n" in run_cli("check", str(path)).output
    assert f"{path}:{line}:7: error[E0108]: {en}\n" in run_cli("check", "--lang", "en", str(path)).output
