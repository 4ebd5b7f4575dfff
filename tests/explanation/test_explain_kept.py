"""The kept rules, the grade and the rest of the build (`explanation/build.py`: `_Explainer.rule`, `vetoes`,
`band`, `reconciliation`; `margins.band_margins` with its per-policy band plans) give what the plain
reference gives (`reference_build.py`, which builds every rule anew and reads the result's lines):
station after station, so that what one station keeps is what the next finds, on every bundled policy
with its cases and fact files, on generated Guangzhou stations and thinned ones (facts and whole
sections left out: vetoes hit, clear and undetermined, both phases, provisional results, declared
figures that agree, differ or are missing), and on hypothesis runs of them; a declared figure written
with one more place is not taken for the one before; a kept rule found by the identities of its values
is the one its key finds."""

from __future__ import annotations

import random
import sys
from collections import Counter
from decimal import Decimal as D
from typing import Any

import reference_build
import reference_margins
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explain_checks import thinned

import swrules
from swrules.explanation import build
from swrules.explanation import sentences as W
from swrules.explanation.plans import rule_plans

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def assert_as_reference(result: swrules.Result, seen: Counter[str] | None = None) -> None:
    """The explanation of `result`, its vetoes as the grade reads them and its reconciliation notes are
    the reference's, digit for digit (`repr`: 9.40 and 9.4 are equal decimals, not the same digits)."""
    fast, slow = swrules.explain(result), reference_build.explain(result)
    assert repr(fast) == repr(slow)
    assert fast.to_dict() == slow.to_dict()
    assert result.trace is not None
    explainer = build._Explainer(result.trace.policy, result)
    hit, pending = explainer.vetoes()
    assert [(v.id, v.label, v.forces) for v in hit] == [(v.id, v.label, v.forces) for v in result.vetoes_hit]
    assert [(v.id, v.label, v.forces) for v in pending] == [
        (v.id, v.label, v.forces) for v in result.vetoes if v.status == "undetermined"]
    # `reference_build` takes its band margins from `margins.band_margins`: the plain ones are `reference_margins`'.
    grade_events = explainer.traces.get(result.trace.policy.rules_by_name["grade"].slot, []) \
        if "grade" in result.trace.policy.rules_by_name else []
    bands = tuple(m for m in fast.why_not if m.kind == "band")
    assert repr(bands) == repr(reference_margins.band_margins(result.trace.policy, result.total, grade_events))
    for note in fast.reconciliation:  # a kept sentence is the one made anew for this line
        rule = result.trace.policy.rules_by_name.get(note.line.rule)
        label = rule.label if rule is not None else note.line.rule
        assert repr(note.sentence) == repr(W.reconciliation_sentence(note.line, label, note.location))
    if seen is not None:
        seen.update(f"veto {v.status}" for v in result.vetoes)
        seen.update(f"reconciliation {line.status}" for line in result.reconciliation)
        seen[f"phase {result.phase}"] += 1
        seen[f"provisional {result.provisional}"] += 1
        seen[f"band margins {len([m for m in fast.why_not if m.kind == 'band'])}"] += 1


def test_bundled_policies_as_reference_station_after_station() -> None:
    with swrules.evaluating():
        done = 0
        for _, result in bundled_results(ROOT):
            assert_as_reference(result)
            done += 1
    assert done >= 100


def test_generated_and_thinned_stations_as_reference(guangzhou: swrules.Policy) -> None:
    rng = random.Random(71)
    seen: Counter[str] = Counter()
    with swrules.evaluating():
        for i, facts in enumerate(stations.stations(300, seed=71)):
            assert_as_reference(guangzhou.evaluate(facts, explain=True), seen)
            if i % 2:
                assert_as_reference(guangzhou.evaluate(thinned(facts, rng), explain=True), seen)
    for needed in ("veto hit", "veto clear", "veto undetermined", "phase midterm", "phase final",
                   "provisional True", "provisional False", "reconciliation agrees", "reconciliation differs"):
        assert seen[needed] >= 5, (needed, seen)


def test_a_declared_figure_with_another_place_is_said_with_it(guangzhou: swrules.Policy) -> None:
    """A reconciliation sentence is kept by its line's values as `exact` tells them apart: 81.00 declared
    after 81.000 (equal decimals) is said as 81.00, and a declared grade that changes is said anew."""
    facts = next(f for f in stations.stations(100, seed=5) if "declared" in f)
    total = facts["declared"]["total"]
    with swrules.evaluating():
        for declared, grade in ((total, "良好"), (total.quantize(D("0.001")), "良好"), (total, "优秀"),
                                (total + 1, "良好"), (total, "良好")):
            changed = {**facts, "declared": {**facts["declared"], "total": declared, "grade": grade}}
            result = guangzhou.evaluate(changed, explain=True)
            assert_as_reference(result)
            said = swrules.explain(result).reconciliation[0].sentence.zh
            assert f"公布 {declared:f}" in said


def test_kept_rules_found_by_identity_are_what_their_keys_find(guangzhou: swrules.Policy) -> None:
    """`_Explainer.rule` finds a kept rule by the identities of its values first, with events or without:
    what it finds is what the key finds (`kept`), station after station, thinned stations among them."""
    rng = random.Random(29)
    by_identity = with_events = 0
    with swrules.evaluating():
        for facts in stations.stations(120, seed=29):
            for station in (facts, thinned(facts, rng)):
                result = guangzhou.evaluate(station, explain=True)
                assert result.trace is not None
                explainer = build._Explainer(result.trace.policy, result)
                for plan in rule_plans(explainer.names):
                    if not plan.kept:
                        continue
                    events = explainer.traces.get(plan.slot, [])
                    last = explainer.same.get(plan.slot)
                    found = explainer.rule(plan, events)
                    if last is not None and found is last[1]:
                        by_identity += 1
                        with_events += bool(events)
                    assert repr(found) == repr(explainer.kept(plan, events)), plan.name
    assert by_identity > 1000 and with_events > 300, (by_identity, with_events)


def _station(seed: int, thin: bool, declared_places: int) -> dict[str, Any]:
    rng = random.Random(seed)
    facts = stations.station(rng, seed % 1000)
    if thin:
        facts = thinned(facts, rng)
    if "declared" in facts and isinstance(facts["declared"].get("total"), D):
        declared = facts["declared"]
        facts = {**facts, "declared": {**declared, "total": declared["total"].quantize(D(1).scaleb(-declared_places))}}
    return facts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2**32 - 1), st.booleans(), st.integers(0, 3)), min_size=2, max_size=6))
def test_hypothesis_runs_of_stations_as_reference(guangzhou: swrules.Policy, run: list[tuple[int, bool, int]]) -> None:
    """Any run of generated stations, thinned or not, their declared totals written with 0-3 places, each
    explained after the one before (repeats allowed), is the reference's; a caller spoiling each
    document before the next does not reach it."""
    with swrules.evaluating():
        for seed, thin, places in run + run[:1]:
            result = guangzhou.evaluate(_station(seed, thin, places), explain=True)
            assert_as_reference(result)
            document = swrules.explain(result).to_dict()
            for rule in document["rules"]:
                rule["sentence"]["zh"] = "spoilt"
                rule["rules"].append({"spoilt": True})
            for margin in document["why_not"]:
                margin["sentence"]["en"] = "spoilt"
