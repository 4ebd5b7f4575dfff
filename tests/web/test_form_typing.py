"""Percentages and dates as an officer types them into the workbench's form, read on the server.

A percent field takes the percentage as officials write it (85, 85%, 85.5%) and reads it exactly
as a fact file's "85.5%" (any Decimal percentage round-trips, its digits kept); a number not above
1 typed without % is refused as ambiguous, with the form's message naming both readings. A date
field takes 2025年6月30日 and 2025-06-30 and writes the same ISO date into the fact file; any
other text gets the form's message by its key path. A loaded station fills the form in the same
forms (85%, 2024年8月6日), and the form so filled evaluates as the file."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from web_helpers import POLICY, ROOT, form_values

from swrules.base.diagnostics import FactsError
from swrules.base.source import Source
from swrules.check.ir import FactField
from swrules.engine.versions import PolicySet
from swrules.facts.schema import parse_fact_text, read_fact_file
from swrules.facts.validators import value_validator
from swrules.web.form import (
    FormField,
    Unreadable,
    date_typed,
    form_entries,
    form_facts,
    form_problems,
    form_texts,
    percent_text,
    percent_typed,
)

GOOD = ROOT / "examples/stations/02-good.toml"  # personnel_spending_ratio = "85%", retention_rate = "90%"
POLICIES = PolicySet.load(ROOT / POLICY)
CHECKED = POLICIES.policies[-1].checked
FIELDS = {e.key: e for e in form_entries(CHECKED) if isinstance(e, FormField)}
RATIO = "compliance.personnel_spending_ratio"
END = "station.period_end"

# Percentages within the input limits once a fraction: at most 10 places typed (12 after the shift).
PERCENTAGES = st.integers(0, 10).flatmap(lambda places: st.decimals(
    min_value=Decimal("-99999"), max_value=Decimal("99999"), places=places, allow_nan=False, allow_infinity=False))
IN_RANGE = st.integers(0, 10).flatmap(lambda places: st.decimals(  # the ratio's declared range: 0% to 100%
    min_value=Decimal(0), max_value=Decimal(100), places=places, allow_nan=False, allow_infinity=False))


def _ratio_as_read(typed: str) -> Decimal:
    """The ratio typed into the form as the policy's reader takes it from the fact file the form writes."""
    facts = tomllib.loads(form_facts(CHECKED, {RATIO: typed}).text.decode("utf-8"))
    decl = FIELDS[RATIO].decl
    assert isinstance(decl, FactField)
    value: Decimal = value_validator(decl)(facts["compliance"]["personnel_spending_ratio"])
    return value


def test_a_percentage_typed_as_85_or_85_percent_reads_as_the_fact_files_85_percent() -> None:
    from_file = value_validator(FIELDS[RATIO].decl)("85%")  # type: ignore[arg-type]
    assert from_file == Decimal("0.85")
    for typed in ("85", "85%", "85 %", "85％", "085%"):
        assert _ratio_as_read(typed) == from_file, typed
    assert _ratio_as_read("85.5%") == _ratio_as_read("85.5") == Decimal("0.855")
    assert str(_ratio_as_read("85.50%")) == "0.8550"  # the places typed are kept, nothing rounded
    assert _ratio_as_read("0") == 0 and _ratio_as_read("0.5%") == Decimal("0.005")


@pytest.mark.parametrize(("typed", "readings"), [("0.85", "0.85% 还是 85%"), ("1", "1% 还是 100%"),
                                                 ("0.5", "0.5% 还是 50%")])
def test_a_number_not_above_1_without_percent_sign_is_refused_as_ambiguous(typed: str, readings: str) -> None:
    with pytest.raises(FactsError) as caught:
        form_facts(CHECKED, {RATIO: typed})
    (problem,) = form_problems(caught.value, None)
    assert problem["key"] == RATIO
    assert problem["message"] == (f"`{RATIO}`（年度服务期内人员费用支出比例）的值 {typed} 不是明确的百分数："
                                  f"是 {readings}？请带 % 写明")


@pytest.mark.parametrize("typed", ["八十五", "８５%", "85%%", "85 percent", "%"])
def test_text_that_is_no_percentage_gets_the_forms_message_saying_how_to_write_one(typed: str) -> None:
    with pytest.raises(FactsError) as caught:
        form_facts(CHECKED, {RATIO: typed})
    assert [p["message"] for p in form_problems(caught.value, None)] == [
        f"`{RATIO}`（年度服务期内人员费用支出比例）的值 {typed} 不是百分数（写作 85、85% 或 85.5%）"]


@settings(max_examples=300, deadline=None)
@given(PERCENTAGES)
def test_any_decimal_percentage_round_trips_exactly(percentage: Decimal) -> None:
    typed = f"{percentage:f}%"
    fraction = percent_typed(typed)
    assert fraction * 100 == percentage and percent_text(fraction) == typed  # value and digits as typed
    if abs(percentage) > 1:  # unambiguous without the sign as well
        assert percent_typed(f"{percentage:f}") == fraction


@settings(max_examples=60, deadline=None)
@given(IN_RANGE)
def test_any_decimal_percentage_typed_reads_as_the_reader_reads_it_from_a_file(percentage: Decimal) -> None:
    typed = f"{percentage:f}%"
    decl = FIELDS[RATIO].decl
    assert isinstance(decl, FactField)
    from_file = value_validator(decl)(typed)  # the fact file's "85.5%"
    assert _ratio_as_read(typed) == from_file == percentage / 100 and str(_ratio_as_read(typed)) == str(from_file)


def test_the_percent_fields_range_and_hint_are_percentages() -> None:
    ratio = FIELDS[RATIO]
    assert (ratio.minimum, ratio.maximum) == ("0%", "100%")
    assert percent_text(Decimal("0.855")) == "85.5%" and percent_text(Decimal("1")) == "100%"


def _period_end(typed: str) -> str:
    text = form_facts(CHECKED, {END: typed}).text.decode("utf-8")
    return next(line for line in text.splitlines() if line.startswith("period_end"))


def test_a_date_typed_the_chinese_way_or_iso_gives_the_same_iso_date_in_the_file() -> None:
    for typed in ("2025年6月30日", "2025-06-30", "2025年06月30日", "2025-6-30", " 2025 年 6 月 30 日 "):
        assert _period_end(typed) == "period_end = 2025-06-30", typed


@pytest.mark.parametrize("typed", ["06/30/2025", "6/30/2025", "2025年2月30日", "2025-13-01", "２０２５年６月３０日",
                                   "2025年6月", "30.06.2025", "2025-06-30T00:00"])
def test_a_bad_date_gets_the_forms_message_by_its_key_path(typed: str) -> None:
    with pytest.raises(FactsError) as caught:
        form_facts(CHECKED, {END: typed})
    assert [(p["key"], p["message"]) for p in form_problems(caught.value, None)] == [
        (END, f"`{END}`（考核期结束）的值 {typed} 不是日期（写作 2025年6月30日 或 2025-06-30）")]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_any_date_written_either_way_reads_as_itself(day: dt.date) -> None:
    assert date_typed(f"{day.year}年{day.month}月{day.day}日") == day == date_typed(day.isoformat())
    with pytest.raises(Unreadable):
        date_typed(day.strftime("%m/%d/%Y"))


def test_a_loaded_station_fills_the_form_as_officials_write_and_evaluates_as_the_file() -> None:
    data, _ = read_fact_file(GOOD)
    texts = form_texts(CHECKED, data)
    assert texts[RATIO] == "85%" and texts["staff.retention_rate"] == "90%"
    assert texts["station.period_start"] == "2024年8月6日" and texts[END] == "2025年1月31日"
    assert texts["scores.service_quality[1].score"] == "18.0" and texts["compliance.serious_violation"] == "false"
    typed = parse_fact_text(Source.from_text("表单.toml", form_facts(CHECKED, texts).text.decode("utf-8")))
    policy = POLICIES.policies[-1]
    by_form, by_file = policy.evaluate(typed, file="表单.toml"), policy.evaluate(data, file=str(GOOD))
    assert (by_form.total, by_form.grade) == (by_file.total, by_file.grade) == (Decimal("88.50"), "良好")
    assert set(texts) == {k for k, v in form_values(data).items() if v}  # every fact of the file, nothing else


def test_a_fraction_in_a_file_fills_the_percent_field_as_its_percentage() -> None:
    data, _ = read_fact_file(GOOD)
    data["compliance"]["personnel_spending_ratio"] = Decimal("0.855")  # a bare 0.855 in a file: 85.5%
    assert form_texts(CHECKED, data)[RATIO] == "85.5%"
