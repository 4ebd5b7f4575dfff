"""An explanation whose items', parties' and total's explanations are left to be built when first read
(`Explanation.later`, `sums.Later`) is today's explanation to every reader: `rules` (built by the builder on
first read, then kept), `rule`, `select`, `==`, `repr`, pickling; its dict and JSON text, written straight
from the trace before the model is read (`sum_dicts`), are the reference's (`reference_to_dict.py`), with
each kind of trace's function made at its default use (`sum_dicts.GENERATE_AT`) and at its first.
`test_explain_sums.py` compares the written dicts rule by rule on every bundled policy and hypothesis input."""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Iterator
from typing import Any
from unittest.mock import patch

import pytest
import reference_build
import reference_to_dict as ref
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.explanation import sum_dicts
from swrules.explanation.build import explained_document, explained_json
from swrules.explanation.sums import SumPlan

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def _text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


@pytest.fixture(params=[1, sum_dicts.GENERATE_AT], ids=["made at once", "made at its default use"])
def generate_at(request: pytest.FixtureRequest) -> Iterator[int]:
    with patch.object(sum_dicts, "GENERATE_AT", request.param):
        yield request.param


def _written() -> Any:
    """A patch counting the dicts `SumPlan.write` writes (those it leaves to the builder not counted)."""
    real = SumPlan.write
    count = [0]

    def write(self: SumPlan, ex: Any, events: list[Any]) -> Any:
        found = real(self, ex, events)
        count[0] += found is not None
        return found

    return count, patch.object(SumPlan, "write", write)


def test_generated_stations_read_either_way_as_the_reference(guangzhou: swrules.Policy, generate_at: int) -> None:
    count, watching = _written()
    with swrules.evaluating(), watching:
        for facts in stations.stations(40, seed=7):
            result = guangzhou.evaluate(facts, explain=True)
            slow = reference_build.explain(result)
            expected = _text(ref.explanation_dict(slow))
            fast = swrules.explain(result)
            assert fast._later is not None  # nothing built yet
            assert _text(fast.to_dict()) == expected
            assert json.loads(explained_json(result)) == json.loads(_text(explained_document(result)))
            rules = fast.rules  # built now, by the builder, and kept
            assert fast._later is None and fast.rules is rules
            assert repr(rules) == repr(slow.rules)
            assert _text(fast.to_dict()) == expected
    assert count[0] >= 12 * 40 - 4  # the writer wrote every rule (at most a few undetermined: the builder's)


def test_every_reader_of_the_model_gets_todays_explanation(guangzhou: swrules.Policy) -> None:
    with swrules.evaluating():
        for facts in stations.stations(3, seed=3):
            result = guangzhou.evaluate(facts, explain=True)
            slow = reference_build.explain(result)
            assert swrules.explain(result) == slow
            assert repr(swrules.explain(result)) == repr(slow)
            assert swrules.explain(result).rule("total") == slow.rule("total")
            assert repr(swrules.explain(result).select(["total"])) == repr(slow.select(["total"]))
            again = pickle.loads(pickle.dumps(swrules.explain(result)))
            assert again == slow and again._later is None
            assert _text(again.to_dict()) == _text(ref.explanation_dict(slow))


def test_bundled_policies_and_cases_written_as_the_reference(generate_at: int) -> None:
    count, watching = _written()
    with swrules.evaluating(), watching:
        for name, result in bundled_results(ROOT):
            fast = swrules.explain(result)
            assert _text(fast.to_dict()) == _text(ref.explanation_dict(reference_build.explain(result))), name
    assert count[0] > 300


def test_written_by_loops_before_a_function_is_made(guangzhou: swrules.Policy) -> None:
    """`sum_dicts.written`, what writes a kind of trace's dicts until its function is made, on every bundled
    policy and case and on generated stations: each rule's dict is the reference's."""
    from swrules.explanation.build import _Explainer
    from swrules.explanation.plans import rule_plans

    count = 0
    with swrules.evaluating():
        results = [*bundled_results(ROOT), *(("generated", guangzhou.evaluate(f, explain=True))
                                            for f in stations.stations(20, seed=11))]
        for name, result in results:
            assert result.trace is not None
            ex = _Explainer(result.trace.policy, result)
            if ex.env is None:
                continue
            slow = {r.id: r for r in reference_build.explain(result).rules}
            for plan in rule_plans(ex.names):
                if plan.sums is False:
                    continue
                events = ex.traces.get(plan.slot, [])
                if plan.sums is None:
                    plan.sums = SumPlan(plan, ex)
                found = plan.sums.recipe(ex, events)
                if found is None:
                    continue
                got = sum_dicts.written(plan.sums, found[1], ex, events, ex.env, ex.env[plan.slot])
                assert _text(got) == _text(ref._rule(slow[plan.name])), name
                count += 1
    assert count > 600


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), read_first=st.booleans())
def test_any_station_the_same_whichever_is_read_first(guangzhou: swrules.Policy, seed: int, read_first: bool) -> None:
    with swrules.evaluating(), patch.object(sum_dicts, "GENERATE_AT", 1):
        result = guangzhou.evaluate(stations.stations(1, seed=seed)[0], explain=True)
        fast = swrules.explain(result)
        if read_first:
            assert fast.rules
        expected = _text(ref.explanation_dict(reference_build.explain(result)))
        assert _text(fast.to_dict()) == expected
        assert _text(fast.to_dict()) == expected
