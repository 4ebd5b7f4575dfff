"""A veto's or finding's sentence and margins, made from its condition's plan (`explanation/checks.py`:
closures worked out once per policy, walked per station), are the reference's (`reference_build.py`'s
`reason` and `reference_margins.check_margins`, which work everything out for every station): built
anew for every station, not found among the kept ones, on every bundled policy with its cases and fact
files, on generated Guangzhou stations (some thinned, facts left out), on hypothesis stations, and on
a policy with the condition shapes Guangzhou's lacks (`policies/checks.swr`); and the walk of each
plan, on values drawn for every node of every condition, says what the reference's walk says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import reference_build
import reference_margins
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explain_fast import _slot_keys_refine_rule_keys, assert_same

import swrules
from swrules.base.values import DIVISION_BY_ZERO, MISSING
from swrules.check import ir
from swrules.check.ir import RuleKind
from swrules.explanation import build
from swrules.explanation.checks import check_plan
from swrules.explanation.margins import check_margins
from swrules.explanation.plans import rule_plans

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402

CHECKS = Path(__file__).parent / "policies" / "checks.swr"
CHECK_KINDS = (RuleKind.VETO, RuleKind.FINDING)


@pytest.fixture(scope="module")
def shapes() -> swrules.Policy:
    return swrules.load_policy(CHECKS)


def assert_checks_as_reference(result: swrules.Result) -> int:
    """Every veto and finding of `result` built anew (never a kept one) is the reference's, digit for
    digit; the number of them."""
    assert result.trace is not None
    fast = build._Explainer(result.trace.policy, result)
    slow = reference_build._Explainer(result.trace.policy, result)
    done = 0
    for plan in rule_plans(fast.names):
        if plan.rule.kind in CHECK_KINDS:
            built = fast.build_rule(plan, fast.traces.get(plan.slot, []))
            assert repr(built) == repr(slow.rule(plan.rule)), plan.name
            done += 1
    return done


def thinned(facts: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A station with some of its facts left out, whole sections now and then."""
    out: dict[str, Any] = {}
    for section, values in facts.items():
        if section != "station" and rng.random() < 0.05:
            continue
        if isinstance(values, dict) and section != "station":
            values = {k: v for k, v in values.items() if rng.random() > 0.3}
        out[section] = values
    return out


def test_bundled_policies_checks_as_reference() -> None:
    done = sum(assert_checks_as_reference(result) for _, result in bundled_results(ROOT))
    assert done >= 200


def test_generated_and_thinned_stations_checks_as_reference(guangzhou: swrules.Policy) -> None:
    rng = random.Random(5)
    undetermined = margins = 0
    results: list[swrules.Result] = []
    with swrules.evaluating():
        for facts in stations.stations(300, seed=29):
            for station in (facts, thinned(facts, rng)):
                try:
                    result = guangzhou.evaluate(station, explain=True)
                except swrules.SwrulesError:
                    continue  # a thinned station without a fact the policy cannot do without
                assert_checks_as_reference(result)
                results.append(result)
                undetermined += sum(v.status == "undetermined" for v in result.vetoes)
                margins += sum(len(r.margins) for r in swrules.explain(result).rules if r.kind in ("veto", "finding"))
    assert undetermined >= 100 and margins >= 300  # both kinds of sentence met, many times
    assert _slot_keys_refine_rule_keys(results) > 5000  # kept rules keyed without their events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_hypothesis_stations_checks_as_reference(guangzhou: swrules.Policy, seed: int) -> None:
    rng = random.Random(seed)
    facts = stations.station(rng, seed % 1000)
    with swrules.evaluating():
        for station in (facts, thinned(facts, rng)):
            try:
                result = guangzhou.evaluate(station, explain=True)
            except swrules.SwrulesError:
                continue
            assert_checks_as_reference(result)


# ------------------------------------------------------------------ the shapes Guangzhou lacks
SHAPE_FACTS = st.fixed_dictionaries(
    {"phase": st.sampled_from(["early", "late"])},
    optional={
        "a": st.sampled_from([D(0), D(40), D("49.99"), D(50), D("50.0"), D(55), D(60), D("60.00"), D(70), D(95),
                              D("95.5"), D(100)]),
        "b": st.sampled_from([D(0), D(40), D(50), D("58.5"), D(60), D(96), D(100)]),
        "n": st.integers(0, 40),
        "rate": st.sampled_from([D("0"), D("0.5"), D("0.79"), D("0.8"), D("0.80"), D("0.95"), D(1)]),
        "ok": st.booleans(),
        "done": st.booleans(),
        "day": st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    })


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=SHAPE_FACTS)
def test_every_condition_shape_checks_as_reference(shapes: swrules.Policy, facts: dict[str, Any]) -> None:
    result = shapes.evaluate({"s": facts}, explain=True)
    assert assert_checks_as_reference(result) == 12
    assert_same(result)  # and kept by its values, within the whole explanation
    _slot_keys_refine_rule_keys([result])  # its key, without its events, as fine as its line and trace


def test_the_shapes_are_met(shapes: swrules.Policy) -> None:
    """The shape policy's stations below reach what the plan tells apart: both branches of an `if`,
    `and` and `or` stopped early either way, a limit on the left, a parameter named by its phase."""
    seen: dict[str, set[str]] = {}
    rng = random.Random(3)
    for _ in range(200):
        facts = {"phase": rng.choice(["early", "late"]), "a": D(rng.choice([30, 55, 70, 97])),
                 "b": D(rng.choice([30, 97])), "n": rng.randrange(0, 40), "rate": D(rng.choice(["0.5", "0.9"])),
                 "ok": rng.random() < 0.5, "done": rng.random() < 0.5, "day": dt.date(2024, 6, 1)}
        for key in rng.sample(sorted(facts)[:-1], rng.randrange(0, 3)):
            if key != "phase":
                del facts[key]
        result = shapes.evaluate({"s": facts}, explain=True)
        assert_checks_as_reference(result)
        for rule in swrules.explain(result).rules:
            if rule.kind in ("veto", "finding"):
                seen.setdefault(rule.id, set()).add({True: "yes", False: "no"}.get(rule.value, "undetermined"))
                if rule.margins:
                    seen[rule.id].add("margin")
    for name in ("否定比较", "否定是否", "条件", "并且", "或者", "左边是数", "左边是参数", "两个事实", "混合"):
        assert {"yes", "no", "margin", "undetermined"} <= seen[name], (name, seen[name])


# ------------------------------------------------------------------ the walk, on drawn values
def _nodes(node: Any) -> Iterator[Any]:
    """A condition's nodes, the whole tree (literals too)."""
    yield node
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            child = getattr(node, f.name)
            if isinstance(child, tuple):
                for c in child:
                    if dataclasses.is_dataclass(c) and not isinstance(c, type):
                        yield from _nodes(c)
            elif dataclasses.is_dataclass(child) and not isinstance(child, type) and f.name not in ("ty", "span",
                                                                                                    "binding"):
                yield from _nodes(child)


VALUES = st.one_of(
    st.none(),  # left out: no event
    st.booleans(),
    st.sampled_from([MISSING, DIVISION_BY_ZERO, D(5), D("5.0"), D("0.8"), D("0.80"), D(-3), D(100), 5, 0, 12,
                     dt.date(2024, 12, 31), dt.date(2025, 1, 1), "early"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000),
)


GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
_RESULTS: dict[tuple[Path, str], swrules.Result] = {}
_POLICIES: dict[Path, swrules.Policy] = {}  # one each: both phases share its plans, made for the first


def _result(policy_path: Path, phase: str) -> swrules.Result:
    """A result of the policy in `phase` (its words name a parameter with values by phase by it)."""
    found = _RESULTS.get((policy_path, phase))
    if found is None:
        policy = _POLICIES.get(policy_path) or _POLICIES.setdefault(policy_path, swrules.load_policy(policy_path))
        if policy_path == CHECKS:
            facts: dict[str, Any] = {"s": {"phase": phase}}
        else:
            facts = stations.stations(1, seed=2)[0]
            facts["station"] = {**facts["station"], "phase": phase}
        found = _RESULTS[(policy_path, phase)] = policy.evaluate(facts, explain=True)
    assert found.phase == phase
    return found


@pytest.mark.parametrize(("policy_path", "phase"),
                         [(CHECKS, "early"), (CHECKS, "late"), (GUANGZHOU, "midterm"), (GUANGZHOU, "final")])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_plans_walk_says_what_the_references_says(policy_path: Path, phase: str, data: st.DataObject) -> None:
    """Each check's reason and margins, from any values of its nodes (some left out, some undetermined,
    some of a type the comparison cannot compare), are the reference's."""
    result = _result(policy_path, phase)
    assert result.trace is not None
    checked = result.trace.policy
    fast = build._Explainer(checked, result)
    slow = reference_build._Explainer(checked, result)
    for rule in checked.rules:
        if rule.kind not in CHECK_KINDS:
            continue
        d = rule.decl
        assert isinstance(d, (ir.Veto, ir.Finding))
        drawn = [(n, data.draw(VALUES)) for n in _nodes(d.when)]
        events = [(n, v) for n, v in drawn if v is not None]
        latest = {id(n): v for n, v in events}
        plan = check_plan(fast.names, rule)
        assert repr(plan.reason(latest, fast.names)) == repr(slow.reason(d.when, latest)), rule.name
        assert repr(check_margins(fast.names, rule, latest)) == repr(
            list(reference_margins.check_margins(slow.names, rule, d, events))), rule.name
