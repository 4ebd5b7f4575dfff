"""What the explanation builder keeps once per policy is what it would write afresh: a band's
interval (`sentences.describe_band`, kept by the band's identity) against the plain
`reference_sentences.describe_band`, on every band of every bundled policy and on bands
hypothesis makes and drops (so that a dropped band's identity is used again); and a value
shown once for both languages (`sentences.shown`) says what `show` says in each, so that the
score, party and total sentences are those of `reference_sentences` on every bundled policy
and station and on generated stations."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal as D
from decimal import InvalidOperation
from typing import Any

import pytest
import reference_margins
import reference_sentences
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explain_fast import _example_cases

import swrules
from swrules.base.show import show
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.base.words import Say
from swrules.check import ir
from swrules.engine.result import Reconciliation
from swrules.explanation import margins, sentences

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def test_every_bundled_band_described_as_afresh() -> None:
    seen = 0
    for path in sorted((ROOT / "policies").rglob("*.swr")):
        try:
            grades = swrules.load_policy(path).checked.grades
        except swrules.SwrulesError:
            continue
        for band in grades.bands if grades is not None else ():
            for _ in range(2):  # the second time, remembered
                assert sentences.describe_band(band) == reference_sentences.describe_band(band)
            seen += 1
    assert seen >= 8


BOUNDS = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000)


@given(bands=st.lists(st.tuples(BOUNDS, st.booleans(), BOUNDS, st.booleans()), min_size=1, max_size=6))
def test_bands_made_and_dropped_described_as_afresh(bands: list[tuple[D | None, bool, D | None, bool]]) -> None:
    for low, low_inclusive, high, high_inclusive in bands:
        # Made, described and dropped one after another: the next band may take this one's identity.
        band = ir.Band("优秀", low, low_inclusive, high, high_inclusive)
        assert sentences.describe_band(band) == reference_sentences.describe_band(band)
        assert sentences.describe_band(band) == reference_sentences.describe_band(band)
        del band


def test_a_changed_band_is_not_described_as_the_one_before() -> None:
    described = set()
    for low in range(40):  # equal bands are not the same band: each is described by its own bounds
        band = ir.Band("良好", D(low), True, D(low + 10), False)
        said = sentences.describe_band(band)
        assert said == reference_sentences.describe_band(band)
        described.add(said.zh)
    assert len(described) == 40


DECIMALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.decimals(allow_nan=False, allow_infinity=False, places=10),
    st.sampled_from([D("1"), D("1.0"), D("1.00"), D("-0"), D("0E-7"), D("1E+3"), D("0.85")]),
)
VALUES = DECIMALS | st.sampled_from([None, True, False, NOT_APPLICABLE, Unknown("missing"), (D("1"), D("2.50"))])


def same(fast: Callable[[], Any], slow: Callable[[], Any]) -> None:
    """`fast()` gives what `slow()` gives (as `repr`), or raises when it raises: a decimal too long
    for the context is an error in `show` (`test_explain_fast`), and must stay one."""
    try:
        expected = slow()
    except InvalidOperation:
        with pytest.raises(InvalidOperation):
            fast()
        return
    assert repr(fast()) == repr(expected)


@given(value=VALUES, percent=st.booleans(), places=st.none() | st.integers(0, 6))
def test_shown_is_show_in_each_language(value: Any, percent: bool, places: int | None) -> None:
    same(lambda: sentences.shown(value, percent, places),
         lambda: (show(value, "zh", percent, places=places), show(value, "en", percent, places=places)))


def _sentences_of(result: swrules.Result) -> Iterator[tuple[Say, Say]]:
    """Each score, party and total sentence of a result, by `sentences` and by `reference_sentences`."""
    expl = swrules.explain(result)
    places = result.places
    for line in result.scores:
        # As found, then awarded other than counted, then awarded in parts.
        parts = (("甲", D("2")), ("乙", D("0.50")))
        for variant in (line, line._replace(awarded=D("1.5")), line._replace(details=parts)):
            yield sentences.item(variant, places), reference_sentences.item(variant, places)
    for line in result.parties:
        reads = expl.rule(line.id).rules
        for rounding in (None, ("half_up", 2), ("down", 1)):
            yield (sentences.party(line, reads, places, rounding),
                   reference_sentences.party(line, reads, places, rounding))
    reads = [u for u in expl.rule("total").rules]
    for counted in (None, "a + b"):
        yield (sentences.total(result.total, result.total_max, reads, places, counted, ("up", 0)),
               reference_sentences.total(result.total, result.total_max, reads, places, counted, ("up", 0)))


def _bundled_and_generated(guangzhou: swrules.Policy, seed: int) -> Iterator[tuple[bool, swrules.Result]]:
    """Every bundled example station its policy evaluates (True), then 60 generated Guangzhou stations (False),
    each explained."""
    for policy_path, facts_path in _example_cases():
        policy = swrules.load_policy(policy_path)
        try:
            yield True, policy.evaluate(swrules.read_fact_file(facts_path)[0], explain=True)
        except swrules.SwrulesError:
            continue
    for facts in stations.stations(60, seed=seed):
        yield False, guangzhou.evaluate(facts, explain=True)


def test_sentences_of_every_bundled_station_as_before(guangzhou: swrules.Policy) -> None:
    done = 0
    with swrules.evaluating():
        for bundled, result in _bundled_and_generated(guangzhou, seed=31):
            for fast, slow in _sentences_of(result):
                assert fast == slow
            done += bundled
    assert done >= 25


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_sentences_of_generated_stations_as_before(guangzhou: swrules.Policy, seed: int) -> None:
    with swrules.evaluating():
        result = guangzhou.evaluate(stations.station(random.Random(seed), 0), explain=True)
        for fast, slow in _sentences_of(result):
            assert fast == slow


def _margins_of(result: swrules.Result) -> Iterator[tuple[Any, Any]]:
    """A result's band margins and reconciliation sentences, by the builder's modules and by the references."""
    c = result.trace.policy if result.trace is not None else None
    assert c is not None
    events = result.trace.events.get(c.rules_by_name["grade"].slot, []) if result.trace is not None else []
    yield margins.band_margins(c, result.total, events), reference_margins.band_margins(c, result.total, events)
    for line in result.reconciliation:
        yield (sentences.reconciliation_sentence(line, "规则", "a.swr:3"),
               reference_sentences.reconciliation_sentence(line, "规则", "a.swr:3"))


def test_margins_of_every_bundled_station_as_before(guangzhou: swrules.Policy) -> None:
    with swrules.evaluating():
        for _, result in _bundled_and_generated(guangzhou, seed=37):
            for fast, slow in _margins_of(result):
                assert repr(fast) == repr(slow)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), total=DECIMALS)
def test_margins_of_generated_stations_and_totals_as_before(guangzhou: swrules.Policy, seed: int, total: D) -> None:
    with swrules.evaluating():
        result = guangzhou.evaluate(stations.station(random.Random(seed), 0), explain=True)
        for fast, slow in _margins_of(result):
            assert repr(fast) == repr(slow)
        c = guangzhou.checked
        same(lambda: margins.band_margins(c, total, []), lambda: reference_margins.band_margins(c, total, []))


@given(value=VALUES, op=st.sampled_from([None, ">=", ">", "<=", "<", "=", "!="]), threshold=VALUES,
       words=st.sampled_from([None, Say("下限", "the floor")]), distance=VALUES, percent=st.booleans())
def test_margin_sentence_as_before(value: Any, op: str | None, threshold: Any, words: Say | None, distance: Any,
                                   percent: bool) -> None:
    measure = Say("稳岗率", "the retention rate")
    same(lambda: sentences.margin_sentence(measure, value, op, threshold, words, distance, percent),
         lambda: reference_sentences.margin_sentence(measure, value, op, threshold, words, distance, percent))


@given(declared=VALUES, computed=VALUES, difference=VALUES,
       status=st.sampled_from(["agrees", "differs", "not_declared", "undetermined"]))
def test_reconciliation_sentence_as_before(declared: Any, computed: Any, difference: Any, status: str) -> None:
    line = Reconciliation("f", "服务人次", declared, computed, difference, status, "r")
    same(lambda: sentences.reconciliation_sentence(line, "规则", "a.swr:3"),
         lambda: reference_sentences.reconciliation_sentence(line, "规则", "a.swr:3"))
