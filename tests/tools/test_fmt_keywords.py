"""Chinese keywords: a policy may be written with English or Chinese keywords (or both),
and `swrules fmt --keywords zh|en` converts it without changing what it means."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli as run
from helpers import station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.source import Source
from swrules.syntax import ast as A
from swrules.syntax.grammar import (
    CHINESE_FUNCTIONS,
    CHINESE_KEYWORDS,
    CHINESE_MODES,
    CHINESE_NAMES,
    UNTRANSLATED,
    keywords,
)
from swrules.syntax.lowering import parse_policy
from swrules.tools.fmt import format_source, format_text, parse_with_comments
from swrules.tools.fmt_keywords import keyword_style, with_keywords

POLICIES = sorted((ROOT / "policies").rglob("*.swr"))


def parse(text: str) -> A.Policy:
    return parse_policy(Source.from_text("<test>", text))


def comments(text: str) -> list[str]:
    return sorted(c.text for c in parse_with_comments(Source.from_text("<test>", text))[1])


def in_style(text: str, style: str) -> str:
    return format_source(Source.from_text("<test>", text), "zh" if style == "zh" else "en")


# ---------------------------------------------------------------- the table


def test_every_keyword_has_one_chinese_spelling() -> None:
    covered = {w for phrase in CHINESE_KEYWORDS for w in phrase.split()} | UNTRANSLATED
    assert set(keywords()) <= covered, f"no Chinese keyword for {set(keywords()) - covered}"
    chinese = list(CHINESE_KEYWORDS.values())
    assert len(chinese) == len(set(chinese)), "two English keywords share a Chinese spelling"
    # Each is one word to the lexer, and none is an English keyword or a builtin's name.
    assert all(re.fullmatch(r"[^\W\d]\w*", w) for w in chinese)
    assert not set(chinese) & (set(keywords()) | set(CHINESE_MODES.values()))


def test_the_docs_list_every_chinese_keyword_and_builtin_name() -> None:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    for english, chinese in [*CHINESE_KEYWORDS.items(), *CHINESE_FUNCTIONS.items(), *CHINESE_MODES.items(),
                             *CHINESE_NAMES.items()]:
        assert f"| `{english}` | `{chinese}` |" in text, f"docs/language.md: add the row | `{english}` | `{chinese}` |"


# ---------------------------------------------------------------- real policies


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_converting_to_chinese_and_back_changes_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    chinese = in_style(text, "zh")
    assert parse(chinese) == parse(text)
    assert comments(chinese) == comments(text)
    assert keyword_style(chinese) == "zh"
    assert format_text(chinese) == chinese  # fmt keeps a Chinese file Chinese, and is idempotent
    assert in_style(chinese, "en") == in_style(text, "en")


def test_guangzhou_in_chinese_reads_as_chinese() -> None:
    chinese = in_style(GUANGZHOU.read_text(encoding="utf-8"), "zh")
    assert '评分表 "评分表" {' in chinese
    assert "  方 街道办事处 \"购买方（街道办事处）\" 分值 20 {" in chinese
    assert "计入 舍入(平均(scores.service_quality.score), 2, 四舍五入)" in chinese
    assert "一票否决 保洁安保占岗" in chinese and "强制为 不合格" in chinese
    # A fact named like a keyword stays a name: `station.phase` is the fact key.
    assert "分阶段 自 station.phase {" in chinese
    assert "phase           选项" in chinese


@pytest.fixture(scope="module")
def chinese_guangzhou(tmp_path_factory: pytest.TempPathFactory) -> swrules.Policy:
    path = tmp_path_factory.mktemp("zh") / "guangzhou.swr"
    path.write_text(in_style(GUANGZHOU.read_text(encoding="utf-8"), "zh"), encoding="utf-8")
    return swrules.load_policy(path)


@given(shortfall=st.integers(0, 12), purchaser=st.decimals(0, 20, places=1),
       quality=st.lists(st.decimals(0, 20, places=1), min_size=1, max_size=3),
       phase=st.sampled_from(["midterm", "final"]))
@settings(max_examples=30, deadline=None)
def test_the_chinese_policy_gives_the_same_results(chinese_guangzhou: swrules.Policy, shortfall: int,
                                                   purchaser: D, quality: list[D], phase: str) -> None:
    english = swrules.load_policy(GUANGZHOU)
    facts = station(compliance__staffing_shortfall=shortfall, scores__purchaser=purchaser,
                    scores__service_quality=[{"area": f"片区{i}", "score": q} for i, q in enumerate(quality)])
    facts["station"]["phase"] = phase
    a, b = english.evaluate(facts), chinese_guangzhou.evaluate(facts)
    assert (a.total, a.grade, a.provisional) == (b.total, b.grade, b.provisional)
    assert [(v.id, v.status) for v in a.vetoes] == [(v.id, v.status) for v in b.vetoes]


# ---------------------------------------------------------------- expressions, for all of them

NAMES = ["甲", "乙", "评分.业主", "station.phase", "declared.total", "grade"]
ATOMS = st.one_of(
    st.sampled_from(["1", "2.50", "80%", "true", "false", "total", "phase", '"良好"', "2025-01-31"]),
    st.sampled_from(NAMES))


def compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b, c: f"(if {a} then {b} else {c})", inner, inner, inner),
        st.builds(lambda a, b, op: f"({a} {op} {b})", inner, inner, st.sampled_from(["and", "or", "+", "*", ">="])),
        st.builds(lambda a: f"(not ({a}))", inner),
        st.builds(lambda a, b: f"({a} / ({b}) on zero 0)", inner, inner),
        st.builds(lambda a, m: f"round({a}, 2, {m})", inner, st.sampled_from(list(CHINESE_MODES))),
        st.builds(lambda a, f: f"{f}({a})", inner, st.sampled_from(["mean", "sum", "count", "abs", "known"])),
        st.builds(lambda a, b, f: f"{f}({a}, {b})", inner, inner,
                  st.sampled_from(["min", "max", "days_between", "months_between"])),
    )


@given(st.recursive(ATOMS, compound, max_leaves=6))
@settings(max_examples=150, deadline=None)
def test_any_expression_converts_both_ways_without_changing_its_meaning(expression: str) -> None:
    text = f'policy "p" {{ version "1" }}\ndefine 值 "值" = {expression}\nfinding 查 "查" {{ when 值 = 1 }}\n'
    english = format_text(text)
    chinese = in_style(text, "zh")
    assert parse(chinese) == parse(english)
    assert in_style(chinese, "en") == english
    assert not re.search(r"\b(if|then|else|and|or|not|round|mean|half_up)\b", chinese.split("define")[-1]
                         .split("值 =")[-1].replace("declared.total", "").replace("station.phase", ""))


# ---------------------------------------------------------------- both styles, mixed


def test_chinese_and_english_keywords_mix_and_read_alike() -> None:
    english = ('policy "p" { version "1" }\nfacts 评分 "评分" { 业主 decimal min 0 max 100 "业主" }\n'
               'define 折算 "折算" = round(mean(评分.业主), 2, half_up)\n')
    mixed = ('政策 "p" { version "1" }\n事实 评分 "评分" { 业主 小数 min 0 最大 100 "业主" }\n'
             'define 折算 "折算" = 舍入(平均(评分.业主), 2, 四舍五入)\n')
    assert parse(mixed) == parse(english)


def test_the_grade_has_a_chinese_name() -> None:
    assert parse("define x = 评定等级 >= 合格") == parse("define x = grade >= 合格")
    assert with_keywords("define x = grade >= 合格\n", "zh") == "定义 x = 评定等级 >= 合格\n"
    assert with_keywords("定义 x = 评定等级 >= 合格\n", "en") == "define x = grade >= 合格\n"


def test_a_rounding_mode_as_a_function_rounds_in_that_mode() -> None:
    assert parse('define x = 四舍五入(2.345, 2)') == parse('define x = round(2.345, 2, half_up)')
    assert parse('define x = 进一(1500.1, 0)') == parse('define x = round(1500.1, 0, up)')
    assert with_keywords('define x = 截断(1.29, 1)\n', "en") == "define x = round(1.29, 1, down)\n"


def test_fmt_command_converts_a_file(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text('policy "p" {\n  version "1"\n}\n\nfinding 低 "低" {\n  when 1 > 2 and not false\n}\n',
                    encoding="utf-8")
    out = run("fmt", "--keywords", "zh", str(path))
    assert out.exit_code == 0
    assert out.output == '政策 "p" {\n  版本 "1"\n}\n\n发现 低 "低" {\n  当 1 > 2 且 非 否\n}\n'
    path.write_text(out.output, encoding="utf-8")
    assert run("fmt", str(path)).output == out.output  # a Chinese file stays Chinese
    assert run("fmt", "--keywords", "en", str(path)).output.startswith('policy "p" {\n  version "1"')
