"""Every part of an explanation gives the plain dict (`reference_to_dict.py`), and a kept rule's copy
shares nothing that can be changed with what is kept, even when a value is a list (issue 17, r2d-doc).

`test_explain_json.py` compares whole documents on every bundled policy and on generated stations;
here every part's `to_dict` is compared on its own, and hypothesis builds explanations of shapes and
values no policy gives (long parts, decimals `str` writes with an exponent, undetermined values,
yes/no, text, lists), so that every branch of the fast `to_dict`s and of the kept copies is met."""

from __future__ import annotations

import json
import random
import sys
from decimal import Decimal
from typing import Any

import reference_to_dict as ref
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.base.words import Say
from swrules.explanation import kept_dicts
from swrules.explanation.model import (
    FactUse,
    Formula,
    Margin,
    RecordExplanation,
    Rounding,
    RuleExplanation,
    RuleUse,
    Step,
)

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def _text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)  # refuses a Decimal left in; True is not "true"


def _containers(document: Any, out: set[int]) -> set[int]:
    """The ids of every dict and list in `document` (which holds them while they are compared)."""
    out.update(id(x) for x in _held(document, []))
    return out


def _held(document: Any, out: list[Any]) -> list[Any]:
    """Every dict and list in `document`, held (so that no id is reused while they are compared)."""
    if isinstance(document, (dict, list)):
        out.append(document)
        for value in document.values() if isinstance(document, dict) else document:
            _held(value, out)
    return out


def assert_parts_plain(explanation: swrules.Explanation, name: str = "") -> None:
    """Every part's `to_dict`, and every rule's twice (a kept rule's second from its kept dict)."""
    for rule in explanation.rules:
        expected = _text(ref._rule(rule))
        first, second = rule.to_dict(), rule.to_dict()
        assert _text(first) == expected == _text(second) == _text(rule.plain_dict()), (name, rule.id)
        assert not _containers(first, set()) & _containers(second, set()), (name, rule.id)
        for fact in rule.facts:
            assert _text(fact.to_dict()) == _text(ref._use(fact, "key")), name
        for use in rule.rules:
            assert _text(use.to_dict()) == _text(ref._use(use, "id")), name
        for step in rule.steps:
            assert _text(step.to_dict()) == _text(ref._step(step)), name
        for rounding in rule.rounding:
            assert _text(rounding.to_dict()) == _text(ref._rounding(rounding)), name
        for record in rule.records:
            assert _text(record.to_dict()) == _text(ref._record(record)), name
        for margin in rule.margins:
            assert _text(margin.to_dict()) == _text(ref._margin(margin)), name
    assert _text(explanation.to_dict()) == _text(ref.explanation_dict(explanation)), name


def test_every_part_of_every_bundled_explanation_is_the_plain_dict() -> None:
    count = 0
    with swrules.evaluating():
        for name, result in bundled_results(ROOT):
            assert_parts_plain(swrules.explain(result), name)
            count += 1
    assert count > 100


def test_generated_stations_parts_are_the_plain_dicts(guangzhou: swrules.Policy) -> None:
    with swrules.evaluating():
        for facts in stations.stations(40, seed=17):
            assert_parts_plain(swrules.explain(guangzhou.evaluate(facts, explain=True)))


_decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from([Decimal("1E+2"), Decimal("1E-7"), Decimal("0E-10"), Decimal("-0"), Decimal("9.40"),
                     Decimal("0.000001"), Decimal("1.5E-7"), Decimal("123456789012345678901234567890.5")]))
_values = st.one_of(_decimals, st.booleans(), st.just(NOT_APPLICABLE), st.none(), st.text(max_size=5),
                    st.sampled_from([Unknown("missing"), Unknown("division by zero")]),
                    st.lists(_decimals, max_size=3))
_texts = st.text(max_size=6)
_says = st.builds(Say, _texts, _texts)


def _parts(strategy: Any) -> Any:
    return st.lists(strategy, max_size=4).map(tuple)


_facts = _parts(st.builds(FactUse, _texts, _texts, _values, st.booleans()))
_uses = _parts(st.builds(RuleUse, _texts, _texts, _values, st.booleans()))
_steps = _parts(st.builds(Step, _texts, _texts, _values, st.booleans(), st.booleans()))
_roundings = _parts(st.builds(Rounding, _texts, _texts, _values, _values, st.integers(0, 6), _texts))
_margins = _parts(st.builds(Margin, _texts, _texts, _texts, _texts, _values, _values, st.none() | _texts, _values,
                            _says, st.booleans()))
_records = _parts(st.builds(RecordExplanation, st.integers(0, 50), _texts, _values, _says, _facts, _steps,
                            _roundings, _parts(_texts)))


@st.composite
def _rules(draw: Any) -> RuleExplanation:
    return RuleExplanation(
        draw(_texts), draw(st.sampled_from(["param", "veto", "finding", "define", "output", "item", "indicator"])),
        draw(_texts), draw(_texts), draw(st.none() | _texts), draw(_values), draw(_texts), draw(_says),
        draw(_parts(st.builds(Formula, _texts, _texts, _texts))), draw(_facts), draw(_uses), draw(_steps),
        draw(_roundings), draw(_parts(_texts)), draw(_records), draw(_margins), draw(st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(_rules(), min_size=1, max_size=3))
def test_any_shape_and_value_gives_the_plain_dict(rules: list[RuleExplanation]) -> None:
    explanation = swrules.Explanation(Decimal("1"), "合格", False, tuple(rules), (), (), ())
    assert_parts_plain(explanation)
    for rule in rules:  # a copy handed out and changed leaves the kept dict, and the next copy, alone
        given_dict = rule.to_dict()
        for value in given_dict.values():
            if isinstance(value, list):
                value.append("spoilt")
                for item in value:
                    if isinstance(item, dict):
                        item["spoilt"] = True
        given_dict["sentence"]["zh"] = "spoilt"
        assert _text(rule.to_dict()) == _text(ref._rule(rule))


_why_not = _parts(st.builds(Margin, st.sampled_from(["band", "veto", "finding"]), _texts, _texts, _texts, _values,
                             _values, st.none() | _texts, _values, _says, st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(why_not=_why_not, again=st.booleans())
def test_any_margin_in_why_not_gives_the_plain_dict_and_shares_nothing(why_not: tuple[Margin, ...],
                                                                        again: bool) -> None:
    """A veto's or finding's margin in `why_not` is written once and copied (`kept_dicts._margin_dict`): any value
    (a list among them), the document the reference's, every time, whatever a caller did to the one before."""
    explanation = swrules.Explanation(Decimal("1"), "合格", False, (), why_not + why_not if again else why_not, (), ())
    expected = _text(ref.explanation_dict(explanation))
    for _ in range(3):
        document = explanation.to_dict()
        assert _text(document) == expected
        assert not {id(x) for x in _held(document, [])} & _kept_containers(explanation)
        _spoil(document, lambda: True)


# Whole documents, station after station (issue 17, r2e-copy): a document is the reference's even when
# the station before it was the same one or another phase's, and what a caller does to a document it
# got (any dict or list in it changed) never reaches a kept dict, so never the next station's document.

def _kept_containers(explanation: swrules.Explanation) -> set[int]:
    """The dicts and lists of the kept dicts of the explanation's rules."""
    out: set[int] = set()
    for rule in explanation.rules:
        kept = kept_dicts._dicts.get(id(rule))
        if kept is not None and kept[0] is rule:
            _containers(kept[1], out)
    for margin in explanation.why_not:  # a veto's or finding's margin's kept dict (`kept_dicts._margin_dict`)
        held = kept_dicts._margins.get(id(margin))
        if held is not None and held[0] is margin and held[1] is not None:
            _containers(held[1], out)
    return out


def _spoil(document: Any, pick: Any) -> None:
    """Change what `pick` chooses of every dict and list in `document`, the deepest first."""
    if isinstance(document, dict):
        for value in list(document.values()):
            _spoil(value, pick)
        if pick():
            document["spoilt"] = True
        if document and pick():
            document[next(iter(document))] = "spoilt"
    elif isinstance(document, list):
        for value in list(document):
            _spoil(value, pick)
        if pick():
            document.append("spoilt")
        if document and pick():
            document[0] = ["spoilt"]


def _stations() -> list[tuple[swrules.Explanation, str]]:
    """Several hundred generated stations (both phases), each with its reference document's text."""
    policy = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    out = []
    with swrules.evaluating():
        for facts in stations.stations(240, seed=29):
            explanation = swrules.explain(policy.evaluate(facts, explain=True))
            out.append((explanation, _text(ref.explanation_dict(explanation))))
    return out


_STATIONS: list[tuple[swrules.Explanation, str]] = []


def _generated() -> list[tuple[swrules.Explanation, str]]:
    if not _STATIONS:
        _STATIONS.extend(_stations())
    return _STATIONS


def _documents_in_turn(explanations: list[tuple[Any, str]], name: str, spoil: bool) -> None:
    """Each explanation's `to_dict` twice: the reference's both times, sharing no dict or list with the one
    before it or with a kept dict; every document spoilt after it is checked, when `spoil`."""
    last: list[Any] = []
    for explanation, expected in explanations:
        for _ in range(2):
            document = explanation.to_dict()
            assert _text(document) == expected, name
            mine = _held(document, [])
            ids = {id(x) for x in mine}
            assert not ids & {id(x) for x in last}, name
            assert not ids & _kept_containers(explanation), name
            last = mine
            if spoil:
                _spoil(document, lambda: True)


def test_bundled_documents_in_turn_are_the_reference_and_share_nothing() -> None:
    with swrules.evaluating():
        explanations = [(e, _text(ref.explanation_dict(e)))
                        for e in (swrules.explain(result) for _, result in bundled_results(ROOT))]
    assert len(explanations) > 100
    _documents_in_turn(explanations, "bundled", spoil=False)
    _documents_in_turn(explanations[::-1], "bundled, backwards, spoilt", spoil=True)


def test_generated_documents_in_turn_are_the_reference_and_share_nothing() -> None:
    generated = _generated()
    assert {e.phase_label for e, _ in generated} == {"中期评估", "末期评估"}
    _documents_in_turn(generated, "generated", spoil=False)
    _documents_in_turn(generated[::-1], "generated, backwards, spoilt", spoil=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.integers(0, 239), min_size=2, max_size=8), seed=st.integers(0, 2**32 - 1))
def test_a_spoilt_document_never_reaches_the_next_station(picks: list[int], seed: int) -> None:
    generated = _generated()
    rng = random.Random(seed)
    for i in picks:
        explanation, expected = generated[i]
        document = explanation.to_dict()
        assert _text(document) == expected
        _spoil(document, lambda: rng.random() < 0.3)
