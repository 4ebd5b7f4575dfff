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

import json
import pickle
import random
import sys
from typing import Any

import pytest
from conftest import ROOT
from helpers import bundled_results, station
from hypothesis import HealthCheck, given, settings

import swrules
from swrules.base.values import MISSING
from swrules.engine.deferred import DEFERRED, LazyResult
from swrules.engine.result import Result

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
