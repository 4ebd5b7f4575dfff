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


@pytest.mark.xfail(strict=True, reason="known: the declaration just before a syntax error is dropped with it")
def test_the_declaration_just_before_a_broken_one_is_checked(tmp_path: Path) -> None:
    assert _codes(tmp_path, "") == ["E0303", "E0105"]
