"""A result's JSON document written by the generated `engine.document` is `Result.to_dict`'s, the plain reference.

`LazyResult.to_dict` hands the station's slot list to the policy's generated writer; the
plain `Result.to_dict` builds every line and calls its `to_dict`. Compared here key for
key in the same order, repr for repr and as JSON text, on every bundled policy with its
test cases and fact files, on generated and thinned stations (undetermined values,
missing facts, absent record fields), on a station of which nothing is known and on any
fact mapping hypothesis makes from the Guangzhou declarations. The writer builds none of
the result's deferred lines; what it hands out is the caller's own (no list or dict in it
twice, none shared with the next document); a result that read its lines first, or was
pickled, gives the same document.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
import sys
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from helpers import bundled_results, station
from hypothesis import HealthCheck, given, settings

import swrules
from swrules.base.values import MISSING, NOT_APPLICABLE, Unknown
from swrules.engine.deferred import DEFERRED, LazyResult
from swrules.engine.plain import plain_list, status_of, to_plain
from swrules.engine.result import Result
from swrules.engine.written import slot_texts

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "engine"))
sys.path.insert(0, str(ROOT / "tests" / "facts"))
import stations  # noqa: E402
from test_generated_lines import _thinned  # noqa: E402
from test_properties import POLICY as GUANGZHOU_POLICY  # noqa: E402
from test_properties import fact_mappings  # noqa: E402


def _containers(document: Any, found: list[Any]) -> list[Any]:
    """Every list and dict in a document, at every depth."""
    if isinstance(document, (dict, list)):
        found.append(document)
        for value in document.values() if isinstance(document, dict) else document:
            _containers(value, found)
    return found


def assert_same_document(result: Result, name: str = "") -> None:
    """The generated writer's document (read first, from a result none of whose lines are built) is the plain
    one; its lists and dicts are its own; a second one shares none of them with the first."""
    assert type(result) is LazyResult and "_parts" in vars(result), name
    fast = result.to_dict()
    assert not set(DEFERRED) & set(vars(result)), name  # no line was built for it
    plain = Result.to_dict(result)  # builds the lines
    assert repr(fast) == repr(plain), name
    assert json.dumps(fast, ensure_ascii=False, indent=2) == json.dumps(plain, ensure_ascii=False, indent=2), name
    first = _containers(fast, [])
    assert len({id(c) for c in first}) == len(first), name  # no list or dict handed out twice
    again = result.to_dict()  # the lines built now: still from the slots, the same document
    assert repr(again) == repr(plain), name
    assert not {id(c) for c in first} & {id(c) for c in _containers(again, [])}, name
    assert repr(pickle.loads(pickle.dumps(result)).to_dict()) == repr(plain), name  # pickled: the plain way
    whole = Result.__new__(Result)  # a plain Result built whole from the same parts, no slot list
    whole.__dict__.update(result.__getstate__())
    assert repr(whole.to_dict()) == repr(plain), name
    assert result.to_json() == Result.to_json(result)


def test_every_bundled_policy_and_station_gives_the_plain_document() -> None:
    count, keys = 0, set()
    with swrules.evaluating():
        for name, result in bundled_results(ROOT):
            assert_same_document(result, name)
            text = result.to_json()
            keys |= {k for k in ('"in_force_from"', '"changed_within_period"', '"forces"', '"record"', '"outputs"',
                                 '"warnings"', '"details": [\n') if k in text}
            count += 1
    assert count > 100
    assert len(keys) == 7, keys  # every optional part of the document was met


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_and_thinned_stations_give_the_plain_document(guangzhou: swrules.Policy, seed: int) -> None:
    rng = random.Random(seed)
    with swrules.evaluating():
        for facts in [station(), *stations.stations(40, seed=seed)]:
            for candidate in (facts, _thinned(facts, rng), _thinned(facts, rng)):
                for explain in (False, True):
                    try:
                        result = guangzhou.evaluate(candidate, explain=explain)
                    except swrules.FactsError:
                        continue
                    assert_same_document(result)


def test_nothing_known_gives_the_plain_document() -> None:
    # Every fact missing, every value undetermined: each policy's writer on the slot list evaluation never filled.
    with swrules.evaluating():
        for path in sorted(ROOT.glob("policies/**/*.swr")):
            try:
                policy = swrules.load_policy(path)
            except swrules.PolicyError:
                continue
            a = policy._assembler
            assert_same_document(a.lines.head([MISSING] * policy.checked.n_slots, "f.toml", None, None), str(path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_mappings(GUANGZHOU_POLICY))
def test_any_fact_mapping_gives_the_plain_document(facts: dict[str, Any]) -> None:
    with swrules.evaluating():
        try:
            result = GUANGZHOU_POLICY.evaluate(facts)
        except swrules.FactsError:
            return
        assert_same_document(result)


def _spoil(document: Any) -> None:
    """Change every list and dict of a document in place, as a careless caller might."""
    for c in _containers(document, []):
        if isinstance(c, list):
            c.append("spoilt")
        else:
            c["spoilt"] = True
            for k in list(c):
                if isinstance(c[k], str):
                    c[k] = "spoilt"


def test_a_caller_changing_its_document_changes_no_other() -> None:
    # Spoilt in every list and dict, the first document of each result leaves the second, and the next
    # result's, as the plain way writes them: the written lists (records, values per record) are handed out
    # once and copied for every other place.
    with swrules.evaluating():
        for name, result in bundled_results(ROOT):
            if type(result) is not LazyResult or "_parts" not in vars(result):
                continue
            _spoil(result.to_dict())
            assert repr(result.to_dict()) == repr(Result.to_dict(result)), name
        guangzhou = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
        previous = None
        for facts in stations.stations(8, seed=3):
            result = guangzhou.evaluate(facts)
            if previous is not None:
                _spoil(previous.to_dict())
            assert repr(result.to_dict()) == repr(Result.to_dict(result))
            previous = result


def test_undetermined_and_provisional_results_are_met() -> None:
    # The bundled results the comparison above runs on hold undetermined values and provisional totals.
    provisional = undetermined = 0
    with swrules.evaluating():
        for _, result in bundled_results(ROOT):
            document = result.to_dict()
            provisional += document["provisional"] is True
            undetermined += any(r["status"] != "determined" for r in document["rules"])
    assert provisional and undetermined


def test_slot_texts_write_every_kind_of_value_as_to_plain() -> None:
    # One exponent among the decimals sends every decimal's text through the careful test, as `_decimal` does.
    values = [Decimal("1.50"), Decimal("-0"), Decimal("1E+3"), Decimal("1E-7"), Decimal("-0E-2"), Decimal("12345"),
              Decimal("NaN"), Decimal("Infinity"), True, False, "文本", "", MISSING, NOT_APPLICABLE,
              Unknown("division by zero"), dt.date(2025, 1, 31), (Decimal("1"), MISSING, Decimal("2E+1")),
              ({"name": "a", "x": Decimal("3E+2"), "\0hidden": 1, 2: Decimal("0.1")}, {"y": MISSING})]
    for chosen in (values, [v for v in values if not (type(v) is Decimal and "E" in str(v))], values[-3:]):
        env = list(chosen)
        written = slot_texts(env, tuple(range(len(env))))
        expected = [w for v in env for w in (to_plain(v), status_of(v))]
        assert repr(written) == repr(expected)


def test_plain_list_is_to_plain() -> None:
    rows = ({"name": "甲", "actual": Decimal("3570"), "rate": Decimal("1E-8"), "ok": True, "gone": Unknown("missing")},
            {"\0line": 3, "name": "乙", 7: Decimal("2.50")}, {"a\0b": Decimal("1")}, {}, {"nested": (Decimal("1"),)})
    for value in (rows, (Decimal("1"), Decimal("1E+2"), MISSING, True), (), Decimal("2"), MISSING):
        assert repr(plain_list(value)) == repr(to_plain(value))
