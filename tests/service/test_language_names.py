"""The language's own names in an editor: what a hover says of `total`, `grade`, `phase`,
the functions and rounding modes in either spelling, and what completion offers where
the grammar allows a keyword, a value or a rounding mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from swrules.service import analyse, completions, hover

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
POLICY = GUANGZHOU.read_text(encoding="utf-8")


def where(text: str, needle: str, into: int = 0) -> tuple[int, int]:
    start = text.index(needle)
    return text.count("\n", 0, start), start + into - (text.rfind("\n", 0, start) + 1)


def hover_text(text: str, needle: str, into: int, lang: str = "zh") -> str | None:
    found = hover(analyse(GUANGZHOU, text), *where(text, needle, into), lang)
    return None if found is None else found.markdown


def offered(text: str, needle: str, into: int, lang: str = "zh") -> dict[str, str | None]:
    return {c.label: c.detail for c in completions(analyse(GUANGZHOU, text), *where(text, needle, into), lang)}


def test_hover_on_the_chinese_spellings_says_the_same_as_on_the_english() -> None:
    text = POLICY.replace("declared.grade with grade", "declared.grade with 评定等级").replace(
        "90 <= total", "90 <= 总分", 1)
    assert analyse(GUANGZHOU, text).diagnostics == ()
    grade = hover_text(text, "with 评定等级", 6)
    assert grade is not None and grade.startswith("**评定等级** `grade`") and "也写作：`grade`" in grade
    english = hover_text(POLICY, "with grade", 6)
    assert english is not None and "也写作：`评定等级`" in english
    assert grade.replace("`grade`", "`评定等级`") == english.replace("`grade`", "`评定等级`")
    total = hover_text(text, "<= 总分", 4)
    assert total is not None and total.startswith("**总分** `total`") and "标准分：100" in total


def test_hover_in_english_under_lang_en() -> None:
    said = hover_text(POLICY, "<= total", 4, "en")
    assert said is not None and said.startswith("`total`")
    assert "built into the language · the score sheet's total: the sum of the parties' points" in said
    assert "max: 100" in said


def test_hover_on_a_total_with_rounding_and_a_formula() -> None:
    counted = "counted 第三方评估机构 + 街道办事处 + 市督导中心 + 区民政局"
    text = POLICY.replace('  total "总分" max 100', f'  total "总分" max 100 round 2 half_up {counted}', 1)
    said = hover_text(text, "<= total", 4)
    assert said is not None
    assert "舍入：保留 2 位，四舍五入" in said and "公式：`第三方评估机构 + 街道办事处 + 市督导中心 + 区民政局`" in said


@pytest.mark.parametrize(("old", "new", "needle", "said"), [
    ("round(mean(", "round(平均(", "平均(", ["**平均** `mean`", "函数 · 各条记录中该字段的平均值",
                                             "写法：`平均(记录.字段)`", "也写作：`mean`"]),
    ("round(mean(scores.service_quality.score), 2, half_up)", "四舍五入(mean(scores.service_quality.score), 2)",
     "四舍五入(", ["**四舍五入** `half_up`", "写法：`四舍五入(值, 位数)`", "即 `round(值, 位数, half_up)`"]),
    ("x", "x", "half_up)", ["**四舍五入** `half_up`", "舍入方式 · 四舍五入", "也写作：`四舍五入`"]),
])
def test_hover_on_functions_and_rounding_modes(old: str, new: str, needle: str, said: list[str]) -> None:
    text = POLICY.replace(old, new, 1)
    shown = hover_text(text, needle, 1)
    assert shown is not None
    for words in said:
        assert words in shown


def test_a_bound_named_like_a_function_is_not_one() -> None:
    assert hover_text(POLICY, "max 10  \"服务监测评分\"", 1) is None


def test_after_dated_the_word_by_with_the_phrase_it_makes() -> None:
    text = POLICY.replace("  dated by station.period_end", "  dated ", 1)
    assert offered(text, "  dated \n", len("  dated ")) == {"by": "评估基准日（dated by）"}


def test_a_declaration_keyword_in_both_spellings_with_its_meaning() -> None:
    text = POLICY.replace("# ------------------------------------------------------------------ 评分表", "", 1)
    got = offered(text, "\n\nscore sheet", 2)
    assert got["score sheet"] == got["评分表"] == "评分表（score sheet）"
    assert got["param"] == got["参数"] == "参数（param）"
    assert "score" not in got and "sheet" not in got


def test_the_rounding_modes_where_a_mode_goes() -> None:
    text = POLICY.replace("compute round(actual / target, 4, half_up)", "compute round(actual / target, 4, h", 1)
    got = offered(text, "target, 4, h", len("target, 4, h"))
    assert got == {"half_up": "四舍五入", "half_even": "银行家舍入：恰好一半时舍入到偶数"}


def test_where_the_declaration_being_written_does_not_parse_everything_is_offered() -> None:
    text = POLICY.replace("when staff.retention_rate < 稳岗率要求", "whn staff.retention_rate < 求", 1)
    got = offered(text, "< 求\n", 3)
    assert got == {"求和": "各条记录中该字段之和 · 求和(记录.字段)"}
    got = offered(text, "< 求\n", 2)
    assert {"by", "phase", "date", "mean", "平均", "total", "稳岗率要求"} <= set(got)


def test_every_function_and_mode_has_its_meaning_and_the_names_are_the_languages() -> None:
    # A function or rounding mode added to the language needs its words, or hover and
    # completion would have nothing to say of it.
    from swrules.base.syntax_words import BUILTIN_MEANINGS, FUNCTION_MEANINGS, MODE_MEANINGS
    from swrules.base.values import ROUNDING_MODES
    from swrules.check.calls import FUNCTIONS
    from swrules.service.builtins import builtins
    from swrules.syntax.grammar import CHINESE_MODES, CHINESE_NAMES

    assert set(FUNCTION_MEANINGS) == set(FUNCTIONS)
    assert set(MODE_MEANINGS) == set(CHINESE_MODES)
    assert {b.word for b in builtins().values() if b.kind == "mode"} == set(ROUNDING_MODES)
    # What a hover calls `grade` is the Chinese name a policy may write for it.
    assert BUILTIN_MEANINGS["grade"][0] == CHINESE_NAMES["grade"]
