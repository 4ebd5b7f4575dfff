"""Slips a Chinese input method makes in a policy, and what the officer is told: the
help must lead to the fix, never to a change of the policy's own text."""

from __future__ import annotations

from pathlib import Path

from conftest import GUANGZHOU

from swrules.base.diagnostics import Diagnostic
from swrules.engine.policy import check_file

POLICY = GUANGZHOU.read_text(encoding="utf-8")
CLAUSE = 'clause 洛浦报告 "一（五）评估结果说明 第（二）项"'


def diagnose(tmp_path: Path, text: str) -> list[Diagnostic]:
    path = tmp_path / "p.swr"
    path.write_text(text, encoding="utf-8")
    return check_file(path)


def test_an_unquoted_clause_is_told_to_add_quotes_once(tmp_path: Path) -> None:
    assert CLAUSE in POLICY
    unquoted = "clause 2026年修订 一（五）第（九）项"
    diags = diagnose(tmp_path, POLICY.replace(CLAUSE, unquoted, 1))
    [d] = diags  # not one E0102 per bracket of the clause's own text
    assert d.code == "E0100"
    assert d.span is not None and d.span.text == "2026年修订 一（五）第（九）项"
    help_zh = d.help("zh")
    assert help_zh is not None and "加上双引号" in help_zh and 'clause "2026年修订 一（五）第（九）项"' in help_zh
    assert "改用半角" not in help_zh
    assert 'put it in double quotes: clause "2026年修订 一（五）第（九）项"' in (d.help("en") or "")


def test_an_unquoted_clause_without_full_width_punctuation_gets_the_same_help(tmp_path: Path) -> None:
    [d] = diagnose(tmp_path, POLICY.replace(CLAUSE, "clause 第九项", 1))
    assert d.code == "E0100" and d.help("zh") == '加上双引号：clause "第九项"。'


def test_full_width_punctuation_outside_a_clause_still_asks_for_the_half_width_one(tmp_path: Path) -> None:
    diags = diagnose(tmp_path, POLICY.replace("midterm: 5,", "midterm：5,", 1))
    assert [(d.code, d.help("zh")) for d in diags] == [("E0102", "改用半角的 `:`（切换到英文输入法后输入）。")]


def test_the_full_width_space_is_named_and_a_normal_space_suggested(tmp_path: Path) -> None:
    text = POLICY.replace("param 社工缺口不合格人次 ", "param\u3000社工缺口不合格人次 ", 1)
    [d] = diagnose(tmp_path, text)
    assert d.code == "E0115"
    assert d.span is not None and d.span.text == "\u3000"
    assert d.message("zh") == "使用了全角空格（U+3000）"
    assert d.help("zh") == "改用普通的半角空格（切换到英文输入法后输入）。"
    assert "U+3000" in d.message("en")


def test_a_label_after_the_equals_sign_is_told_where_it_goes(tmp_path: Path) -> None:
    line = 'param 稳岗率要求 "稳岗率须达到的比例" = 80%'
    assert line in POLICY
    slip = 'param 稳岗率要求="稳岗率须达到的比例"=80%'
    diags = diagnose(tmp_path, POLICY.replace(line, slip, 1))
    [d] = [d for d in diags if d.code == "E0303" and d.span is not None and d.span.text.startswith('"')]
    assert d.help("zh") == ('若 "稳岗率须达到的比例" 是说明，写在名称之后、等号之前：'
                            '`param 名称 "稳岗率须达到的比例" = 80%`。')


def test_every_type_mismatch_in_a_comparison_has_a_help_line(tmp_path: Path) -> None:
    line = "then compliance.staffing_shortfall >= 社工缺口不合格人次"
    assert line in POLICY
    diags = diagnose(tmp_path, POLICY.replace(line, "then compliance.staffing_shortfall >= station.name", 1))
    [d] = [d for d in diags if d.code == "E0303"]
    assert d.help("zh") and d.help("en")


def test_an_unquoted_label_with_full_width_brackets_is_told_to_add_quotes(tmp_path: Path) -> None:
    label = 'param 人员费用比例下限 "年度服务期内人员费用支出比例的下限（低于即为不合格）" ='
    assert label in POLICY
    slip = "param 人员费用比例下限 年度服务期内人员费用支出比例的下限（低于即为不合格） ="
    [d] = diagnose(tmp_path, POLICY.replace(label, slip, 1))
    assert d.code == "E0100"
    assert d.span is not None and d.span.text == "年度服务期内人员费用支出比例的下限（低于即为不合格）"
    assert d.help("zh") == ('加上双引号：param 人员费用比例下限 "年度服务期内人员费用支出比例的下限（低于即为不合格）"'
                            "（双引号中的全角标点可以保留）。")


def test_an_item_label_ends_before_max(tmp_path: Path) -> None:
    text = 'policy "t" {\n  version "1"\n}\n\nscore sheet {\n  party 甲 "甲" points 100 {\n' \
           '    item rating 评分（甲方） max 100 = 1\n  }\n  total "总分" max 100\n}\n'
    diags = [d for d in diagnose(tmp_path, text) if d.code.startswith("E01")]
    [d] = diags
    assert d.span is not None and d.span.text == "评分（甲方）"


def test_an_unquoted_fact_label_with_full_width_brackets_is_told_to_add_quotes_once(tmp_path: Path) -> None:
    field = 'staffing_shortfall              integer min 0            "社工人员配备累计缺少（人次）"'
    assert field in POLICY
    unquoted = field.replace('"', "")
    [d] = diagnose(tmp_path, POLICY.replace(field, unquoted, 1))  # not one E0102 per bracket
    assert d.code == "E0100"
    assert d.span is not None and d.span.text == "社工人员配备累计缺少（人次）"
    help_zh = d.help("zh")
    assert help_zh is not None and "加上双引号" in help_zh and "改用半角" not in help_zh
