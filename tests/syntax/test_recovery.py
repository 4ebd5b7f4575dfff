"""After a syntax error, `swrules check` still checks the declarations that parsed
(docs/diagnostics.md: 其余没有语法错误的声明照样检查), so one run lists every problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli

POLICY = """policy "示例办法" {
  version "1"
}

facts s "站点" {
  score      decimal min 0 max 100  "评分"
  violation  boolean                "严重违规"
}

score sheet {
  party 甲方 "甲方" points 100 {
    item rating "评分" max 100 = s.score
  }
  total "总分" max 100
}

grades {
  合格   60 <= total
  不合格 total < 60
}

veto 违规 "严重违规" {
  when s.violation >= 1
  forces 不合格
}
{between}
vetoo 重复 "拼错的关键字" {
  when s.violation
  forces 不合格
}
"""


def _codes(tmp_path: Path, between: str) -> list[str]:
    path = tmp_path / "p.swr"
    path.write_text(POLICY.replace("{between}", between), encoding="utf-8")
    result = run_cli("check", "--format", "json", str(path))
    return [d["code"] for d in json.loads(result.output)]


def test_a_declaration_before_a_broken_one_is_checked(tmp_path: Path) -> None:
    between = '\nfinding 低分 "评分偏低" {\n  when s.score < 30\n}\n'
    assert _codes(tmp_path, between) == ["E0303", "E0105"]


def test_the_declaration_just_before_a_broken_one_is_checked(tmp_path: Path) -> None:
    assert _codes(tmp_path, "") == ["E0303", "E0105"]


@pytest.mark.parametrize("broken", ['vetx 重复 "拼错的关键字" {', '一票否绝 重复 "拼错的关键字" {',
                                    'veto 重复 多余 "多了一个词" {'])
@pytest.mark.parametrize("veto", ["veto", "一票否决"])
def test_the_declaration_before_is_checked_whatever_the_broken_line_and_the_keywords(
        tmp_path: Path, broken: str, veto: str) -> None:
    """A misspelled keyword (English or Chinese) or a stray word at the top of the next
    declaration: the veto before it, written with either spelling, is still checked."""
    text = POLICY.replace("{between}", "").replace('vetoo 重复 "拼错的关键字" {', broken)
    path = tmp_path / "p.swr"
    path.write_text(text.replace("veto 违规", f"{veto} 违规"), encoding="utf-8")
    codes = [(d["code"], d["line"]) for d in json.loads(run_cli("check", "--format", "json", str(path)).output)]
    assert codes[0] == ("E0303", 23) and [line for _, line in codes[1:]] == [27]


def test_a_policy_in_chinese_keywords_has_each_broken_declaration_reported(tmp_path: Path) -> None:
    """Recovery resumes at a declaration written with its Chinese keyword (`一票否决`),
    as at `veto`: both broken vetoes are reported, not only the first."""
    text = POLICY.replace("{between}", "").replace("vetoo 重复", "veto 重复").replace(
        "when s.violation >= 1", "when s.violation >=").replace("forces 不合格\n}\n\n", "forces 不合格\n}\n")
    text = text.replace("  when s.violation\n  forces 不合格", "  when s.violation\n  forces 不合格 多余")
    path = tmp_path / "p.swr"
    path.write_text(text.replace("veto ", "一票否决 "), encoding="utf-8")
    result = run_cli("check", str(path))
    assert [line for line in result.output.splitlines() if "错误[" in line] == [
        f"{path}:24:3: 错误[E0100]: 此处应为数字或事实名称，却遇到 `forces`",
        f"{path}:28:14: 错误[E0100]: 此处应为一票否决（veto）块的结束 `}}` 或条文依据（clause），却遇到 `多余`"]
