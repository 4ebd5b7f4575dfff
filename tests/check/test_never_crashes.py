"""Whatever the text, checking a policy yields diagnostics or a clean check, never a
Python exception: typos and Chinese input-method punctuation in the Guangzhou policy,
arbitrary text, 10,000-deep nesting and very long lines."""

from __future__ import annotations

import decimal
import re

from conftest import GUANGZHOU
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.base.source import Source
from swrules.base.values import MISSING, context
from swrules.base.words import FULL_WIDTH
from swrules.check.checker import check_good_declarations, check_policy
from swrules.compile.plan import compile_policy
from swrules.syntax.lowering import parse_good_declarations, parse_policy

TEXT = GUANGZHOU.read_text(encoding="utf-8")
TOKENS = [m.span() for m in re.finditer(r'"[^"\n]*"|[^\W\d]\w*|\d+(?:\.\d+)?%?|\S', TEXT)]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _points_into(text: str, d: Diagnostic) -> None:
    """A diagnostic's caret lands inside the text it is about, and its span runs forward."""
    if d.span is not None and d.span.source.text == text:
        assert 0 <= d.span.start <= d.span.end <= len(text), (d.code, d.span.start, d.span.end, len(text))


def check_text(text: str) -> list[Diagnostic]:
    """Parse, check and (when clean) compile; every outcome but a diagnostic is a bug."""
    source = Source.from_text("mutant.swr", text)
    try:
        policy = parse_policy(source)
    except PolicyError as exc:
        assert exc.diagnostics, "a refused policy must say why"
        assert any(d.is_error for d in exc.diagnostics)
        for d in exc.diagnostics:
            _points_into(text, d)
            d.render("zh")
            d.render("en")
            d.to_dict("en")
        # `swrules check` goes on to check the declarations that did parse.
        for d in check_good_declarations(parse_good_declarations(source), "mutant.swr"):
            _points_into(text, d)
            d.render("en")
        return exc.diagnostics
    checked, diags = check_policy(policy, "mutant.swr")
    for d in diags:
        _points_into(text, d)
        d.render("zh")
        d.to_dict("en")
    if checked is not None:
        plan = compile_policy(checked)
        with decimal.localcontext(context()):  # the traced variant is generated on first use: make it, run it
            plan.run_traced([MISSING] * plan.n_slots)
    else:
        assert any(d.is_error for d in diags)
    return diags


@SETTINGS
@given(st.data())
def test_deleting_a_character(data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(TEXT) - 1))
    check_text(TEXT[:i] + TEXT[i + 1:])


@SETTINGS
@given(st.data())
def test_inserting_a_character(data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(TEXT)))
    ch = data.draw(st.sampled_from(list('(){}".,:=<>%+-*/#_a1 \n') + list(FULL_WIDTH)) | st.characters())
    check_text(TEXT[:i] + ch + TEXT[i:])


@SETTINGS
@given(st.data())
def test_replacing_with_full_width_punctuation(data: st.DataObject) -> None:
    spots = [i for i, c in enumerate(TEXT) if c in ':,()"%{}=<>-+*/.#']
    i = data.draw(st.sampled_from(spots))
    wide = {v: k for k, v in FULL_WIDTH.items()}
    check_text(TEXT[:i] + wide.get(TEXT[i], "，") + TEXT[i + 1:])


@SETTINGS
@given(st.data())
def test_swapping_two_tokens(data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(TOKENS) - 2))
    b = data.draw(st.integers(a + 1, min(len(TOKENS) - 1, a + 30)))
    (s1, e1), (s2, e2) = TOKENS[a], TOKENS[b]
    check_text(TEXT[:s1] + TEXT[s2:e2] + TEXT[e1:s2] + TEXT[s1:e1] + TEXT[e2:])


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    check_text(text)


@SETTINGS
@given(st.lists(st.sampled_from(['policy "x" {', "}", "veto", "a", "when", "(", ")", "1", "+", "%", "：", '"',
                                 "facts", "score sheet {", "grades {", "=", "forces", "\n", "#"]), max_size=40))
def test_token_soup(parts: list[str]) -> None:
    check_text(" ".join(parts))


def _with_param(expr: str) -> str:
    return TEXT.replace('param 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = 100',
                        f'param 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = {expr}')


def test_ten_thousand_nested_parentheses_check_clean() -> None:
    # Parentheses add no depth to the expression: this is a long way to write 100.
    assert check_text(_with_param("(" * 10_000 + "100" + ")" * 10_000)) == []


def test_ten_thousand_unclosed_parentheses_are_one_diagnostic_each_kind() -> None:
    diags = check_text(_with_param("(" * 10_000 + "100"))
    assert diags and all(d.code in ("E0109", "E0100") for d in diags)


def test_ten_thousand_nested_operators_are_refused_with_a_diagnostic() -> None:
    for expr in ("-" * 10_000 + "100", "not " * 10_000 + "true", " + ".join(["1"] * 10_000),
                 "(" * 5_000 + "1 + " * 5_000 + "100" + ")" * 5_000):
        diags = check_text(_with_param(expr))
        assert [d.code for d in diags] == ["E0112"]


def test_nesting_just_under_the_limit_is_accepted() -> None:
    assert check_text(_with_param(" + ".join(["1"] * 90))) == []


def test_a_very_long_line_is_quoted_as_a_window_around_the_mistake() -> None:
    line = _with_param(" + ".join(["1"] * 20) + " " + "x" * 100_000 + " @")
    diags = check_text(line)
    assert diags
    for d in diags:
        rendered = d.render("zh")
        assert max(len(r) for r in rendered.splitlines()) < 400


def test_a_chain_of_thousands_of_definitions_is_a_diagnostic() -> None:
    chain = "\n".join(f"define d{i} = d{i - 1} + 1" for i in range(1, 3000))
    text = TEXT.replace('param 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = 100',
                        f'define d0 = 1\n{chain}\nparam 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = d2999')
    assert [d.code for d in check_text(text)] == ["E0704"]


def test_a_short_chain_of_definitions_checks_clean() -> None:
    chain = "\n".join(f"define d{i} = d{i - 1} + 1" for i in range(1, 40))
    text = TEXT.replace('param 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = 100',
                        f'define d0 = 1\n{chain}\nparam 满意度样本下限 "满意度调查随机抽取服务对象的最少人数" = d39')
    assert check_text(text) == []
