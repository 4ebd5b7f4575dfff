"""One value formatter: a value reads the same in the terminal, in explanations, in
reports and in policy tests, with the punctuation of official Chinese documents in
Chinese and ASCII forms in English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli, station
from hypothesis import given
from hypothesis import strategies as st

import swrules
from swrules.base.show import as_written, join, show
from swrules.base.values import DIVISION_BY_ZERO, MISSING, NO_RECORDS, NOT_APPLICABLE, Unknown
from swrules.explanation.text import render_explanation
from swrules.render.report import render_report
from swrules.render.terminal import render_result

STATIONS = ROOT / "examples" / "stations"


@pytest.mark.parametrize(("value", "zh", "en"), [
    (MISSING, "（未填报）", "(not given)"),  # the word of 未填报的事项
    (DIVISION_BY_ZERO, "（除数为 0）", "(division by zero)"),
    (NO_RECORDS, "（没有记录）", "(no records)"),
    (Unknown("no band"), "（未能确定）", "(undetermined)"),
    (NOT_APPLICABLE, "不适用", "n/a"),
    (True, "是", "yes"),
    (False, "否", "no"),
    (None, "—", "—"),
    (dt.date(2025, 1, 31), "2025-01-31", "2025-01-31"),
    ((D("1.50"), MISSING), "1.50、（未填报）", "1.50, (not given)"),
])
def test_each_kind_of_value_in_each_language(value: object, zh: str, en: str) -> None:
    assert (show(value, "zh"), show(value, "en")) == (zh, en)


def test_decimals_keep_their_digits_and_prose_cuts_only_long_fractions() -> None:
    assert show(D("88.50")) == "88.50"
    assert show(D("0.8520"), percent=True) == "85.20%"
    long = D("15.33333333333333333333333333333333")  # 46 / 3 in the evaluation context
    assert show(long) == "15.33333…"
    assert show(long, exact=True) == "15.33333333333333333333333333333333"
    assert show(D("1E+2")) == "100"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**6, max_value=10**6))
def test_a_shown_decimal_reads_back_as_the_same_number(value: D) -> None:
    assert D(show(value, exact=True)) == value
    assert str(D(show(value, exact=True))) == f"{value:f}"


def test_numbers_as_officers_write_them() -> None:
    assert as_written(D("0.80"), percent=True) == "80%"
    assert as_written(D("10.00")) == "10"
    assert as_written(D("9.420")) == "9.420"


def test_lists_join_with_the_enumeration_comma_in_chinese() -> None:
    assert join(["甲", "乙"], "zh") == "甲、乙"
    assert join(["a", "b"], "en") == "a, b"


def test_a_missing_fact_reads_the_same_in_every_output() -> None:
    # Before the formatters were one, the terminal said (缺失) and explanations （缺失）; now every
    # output says the settled word of 未填报的事项, from `show`.
    policy = swrules.load_policy(GUANGZHOU)
    result = policy.evaluate(station(survey__population=None), explain=True)
    explanation = swrules.explain(result)
    outputs = {
        "terminal": render_result(result, "zh"),
        "explanation": render_explanation(result, explanation, "zh"),
        "report": render_report(result, explanation, "zh", "md", policy=policy.checked,
                                facts=station(survey__population=None)),
    }
    for name, text in outputs.items():
        assert "（未填报）" in text, name
        assert "缺失" not in text, name
    assert "困难群众和特殊群体总人数: (not given)" in render_result(result, "en")


@pytest.mark.parametrize(("value", "places", "shown"), [
    (D("8.8"), 2, "8.80"), (D("20"), 2, "20.00"), (D("86.39"), 2, "86.39"),
    (D("9.425"), 2, "9.425"),  # more places than the precision: every digit kept, never rounded
    (D("8.8"), None, "8.8"), (MISSING, 2, "（未填报）"),
])
def test_points_are_padded_to_the_policys_precision_and_never_rounded(value: object, places: int | None,
                                                                       shown: str) -> None:
    assert show(value, "zh", exact=True, places=places) == shown


def test_single_station_eval_prints_points_percentages_and_grades_as_the_batch_does() -> None:
    result = run_cli("eval", str(GUANGZHOU), str(STATIONS / "08-veto-personnel-spending-ratio-midterm.toml"))
    assert result.exit_code == 0
    out = result.stdout
    # Points to the hundredth, as the batch prints totals: 18.00, not 18.0; a maximum stays
    # as the policy writes it (20).
    assert re.search(r"\n    购买方（街道办事处） +20 +18\.00 +18\.00\n", out), out
    # A percentage fact read by a veto reads as a percentage, as in explain: 78.5%, not 0.785.
    assert "年度服务期内人员费用支出比例：78.5%；" in out
    assert "年度服务期内人员费用支出比例的下限（低于即为不合格）：80%" in out
    assert "0.785" not in out
    batch = run_cli("eval", str(GUANGZHOU), str(STATIONS))
    assert "无法判定 1" in batch.stdout and "? 1" not in batch.stdout


def test_a_value_in_its_unit() -> None:
    from decimal import Decimal as D

    from swrules.base.show import show_unit
    from swrules.base.units import Unit
    from swrules.base.values import MISSING
    assert show_unit(D("35000"), Unit.YUAN) == "35,000 元"
    assert show_unit(D("28000.00"), Unit.YUAN, "en") == "28,000 yuan"
    assert show_unit(D("1500.5"), Unit.YUAN) == "1,500.5 元"
    assert show_unit(D("2"), Unit.RANK) == "第 2 名" and show_unit(D("2"), Unit.RANK, "en") == "No. 2"
    assert show_unit(D("1501"), Unit.COUNT, label="人次") == "1,501 人次"
    assert show_unit(D("1501"), Unit.COUNT) == "1,501"
    assert show_unit(D("8.50"), Unit.POINTS) == "8.50 分"
    assert show_unit(D("0.85"), Unit.PERCENT) == "85%"
    assert show_unit(D("1501"), Unit.NUMBER) == "1501"
    assert show_unit("A", Unit.TEXT) == "A"
    assert show_unit(MISSING, Unit.YUAN) == "（未填报）"
    assert show_unit(D("-1234567.5"), "yuan") == "-1,234,567.5 元"
