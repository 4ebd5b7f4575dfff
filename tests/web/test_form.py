"""The "try a station" form read on the server: what an officer types, lists of records included,
becomes the fact file a station would upload, read and checked by the same reader.

The station of `examples/stations/02-good.toml` (two service-quality areas, two indicators) typed
into the form gives the same facts, total and grade as the file; a record row left empty is no
record; a bad value in a record is refused with the fact file's message, naming the form's row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from web_helpers import AUTH, POLICY, ROOT, form_values

from swrules.base.diagnostics import FactsError
from swrules.base.source import Source
from swrules.engine.versions import PolicySet
from swrules.facts.schema import parse_fact_text, read_fact_file
from swrules.web.form import FormRecords, form_entries, form_facts, form_problems

pytest_plugins = ["web_fixtures"]

GOOD = ROOT / "examples/stations/02-good.toml"
POLICIES = PolicySet.load(ROOT / POLICY)
CHECKED = POLICIES.policies[-1].checked


def _read(values: dict[str, str]) -> object:
    facts = form_facts(CHECKED, values)
    return parse_fact_text(Source.from_text("表单.toml", facts.text.decode("utf-8")))


def test_a_station_with_records_typed_into_the_form_reads_as_its_fact_file() -> None:
    data, _ = read_fact_file(GOOD)
    values = form_values(data)
    assert values["scores.service_quality[1].score"] == "18.0" and values["indicators[1].name"] == "个案"
    typed = _read(values)
    assert typed == data  # the same facts, records and exact decimals as the file
    policy = POLICIES.policies[-1]
    by_form, by_file = policy.evaluate(typed, file="表单.toml"), policy.evaluate(data, file=str(GOOD))
    assert (by_form.total, by_form.grade) == (by_file.total, by_file.grade) == (Decimal("88.50"), "良好")


def test_numbers_stay_the_text_typed() -> None:
    values = {**form_values(read_fact_file(GOOD)[0]), "scores.service_quality[0].score": "17.125",
              "station.budget": "2400000.10"}
    typed = _read(values)
    assert typed["scores"]["service_quality"][0]["score"] == Decimal("17.125")  # type: ignore[index]
    assert str(typed["station"]["budget"]) == "2400000.10"  # type: ignore[index]


def test_a_record_row_left_empty_is_no_record_and_messages_name_the_forms_row() -> None:
    values = {**form_values(read_fact_file(GOOD)[0]),
              "scores.service_quality[1].area": " ", "scores.service_quality[1].score": "",
              "scores.service_quality[2].area": "丙片区", "scores.service_quality[2].score": "25"}
    facts = form_facts(CHECKED, values)
    assert facts.text.decode().count("[[scores.service_quality]]") == 2
    problems = _refused(values)
    assert [p["key"] for p in problems] == ["scores.service_quality[2].score"]
    assert problems[0]["message"] == ("`scores.service_quality[2].score`（片区服务质量评分）的值 25 超出范围："
                                      "应在 0 到 20 之间")


def _refused(values: dict[str, str]) -> list[dict[str, str]]:
    """The problems the workbench shows for the form's values, which the reader refuses."""
    facts = form_facts(CHECKED, values)
    with pytest.raises(FactsError) as caught:
        parse_and_check(facts.text)
    return form_problems(caught.value, facts)


def parse_and_check(text: bytes) -> None:
    """Read and check a fact file's text as the workbench does (the policy's own reader)."""
    POLICIES.policies[-1].evaluate(parse_fact_text(Source.from_text("表单.toml", text.decode("utf-8"))),
                                   file="表单.toml")


def test_a_value_not_of_its_type_in_a_record_is_refused_by_its_key_path() -> None:
    values = {**form_values(read_fact_file(GOOD)[0]), "indicators[1].actual": "三十五"}
    with pytest.raises(FactsError) as caught:
        form_facts(CHECKED, values)
    problems = form_problems(caught.value, None)
    assert [p["key"] for p in problems] == ["indicators[1].actual"]
    assert "`indicators[1].actual`（实际完成量）的值 三十五 不是数" in problems[0]["message"]


def test_the_form_offers_each_list_of_records_with_its_fields_as_declared() -> None:
    lists = {e.key: e for e in form_entries(CHECKED) if isinstance(e, FormRecords)}
    assert list(lists) == ["scores.service_quality", "indicators", "remarks"]
    quality = lists["scores.service_quality"]
    assert (quality.label, quality.section, quality.min_count) == ("服务质量（各片区）", "各方评分", 1)
    assert [(f.key, f.label, f.kind, f.maximum) for f in quality.fields] == [
        ("area", "片区", "text", None), ("score", "片区服务质量评分", "decimal", "20"),
        ("villages", "片区所辖村（居）", "text", None)]
    assert [f.kind for f in lists["remarks"].fields] == ["one of", "text", "one of", "text"]


def test_the_form_posted_gives_the_files_result_and_its_problems_by_key_path(client) -> None:
    values = form_values(read_fact_file(GOOD)[0])
    by_form = client.post("/api/try", params={"policy": POLICY}, json={"form": values}, headers=AUTH)
    by_file = client.post("/api/try", params={"policy": POLICY}, headers={**AUTH, "x-file-name": "02-good.toml",
                                                                         "content-type": "application/octet-stream"},
                          content=GOOD.read_bytes())
    assert by_form.status_code == by_file.status_code == 200
    for page in (by_form.text, by_file.text):
        assert 'id="total-figure" class="big">88.50<' in page and '>良好</span>' in page
    bad = client.post("/api/try", params={"policy": POLICY},
                      json={"form": {**values, "scores.service_quality[1].score": "21"}}, headers=AUTH)
    assert bad.status_code == 422
    assert [p["key"] for p in bad.json()["problems"]] == ["scores.service_quality[1].score"]
    floats = client.post("/api/try", params={"policy": POLICY}, json={"form": {**values, "scores.operations": 9.5}},
                         headers=AUTH)
    assert floats.status_code == 400  # numbers travel as text, never as a float


def test_what_an_officer_types_as_a_number_or_a_name_reads_as_typed_or_is_refused_by_the_form() -> None:
    """Leading zeros (which TOML itself refuses) read as the number typed; digits other than ASCII
    (full-width １２) get the form's own message, not a parse error in a file the officer never wrote;
    a name holding a character past the BMP that is not printable reads back exactly."""
    data, _ = read_fact_file(GOOD)
    values = form_values(data)
    values["scores.purchaser"] = "018.50"
    values["indicators[1].actual"] = "-0035.0"
    values["station.name"] = "示例站点02\U000e0001"
    typed = _read(values)
    assert typed["scores"]["purchaser"] == Decimal("18.50")
    assert str(typed["scores"]["purchaser"]) == "18.50"
    assert typed["indicators"][1]["actual"] == Decimal("-35.0")
    assert typed["station"]["name"] == "示例站点02\U000e0001"
    values["scores.purchaser"] = "１８"
    with pytest.raises(FactsError) as caught:
        form_facts(CHECKED, values)
    assert [d.key_path for d in caught.value.diagnostics] == ["scores.purchaser"]


def test_an_out_of_range_percentage_typed_reads_as_typed_in_its_message() -> None:
    problems = _refused({**form_values(read_fact_file(GOOD)[0]), "compliance.personnel_spending_ratio": "150"})
    assert [p["key"] for p in problems] == ["compliance.personnel_spending_ratio"]
    assert problems[0]["message"] == ("`compliance.personnel_spending_ratio`（年度服务期内人员费用支出比例）的值 150% "
                                      "超出范围：应在 0% 到 100% 之间")
