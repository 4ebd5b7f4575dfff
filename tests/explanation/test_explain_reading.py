"""The station's build reads what the builder before it read, by cheaper ways (`explanation/build.py`,
`reading.py`, `plans.py`): an indicator's records read in one pass over its events
(`reading.read_all`) read what `reference_build` reads from the events split by record; a rule's
line read by slot (`build._Explainer.line`) is the line `Result.rules` holds; a rule whose value is
undetermined is kept under a slot key as fine as its line's key. On every bundled policy with its
cases and fact files, on generated stations and on hypothesis inputs (stations, and indicator
traces with events left out, so that records come empty, first or with events before them)."""

from __future__ import annotations

import random
import sys
from typing import Any

import reference_build
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.values import MISSING, Unknown
from swrules.check.ir import RuleKind
from swrules.compile.plan import RECORD_MARK
from swrules.engine.deferred import slot_source
from swrules.explanation import build, reading
from swrules.explanation.plans import RECORDS, rule_plans

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def _reference_reading(result: swrules.Result, events: list[Any], over: Any) -> tuple[Any, list[Any]]:
    """What the reference reads of an indicator's events: those before its first record, then each record."""
    assert result.trace is not None
    ref = reference_build._Explainer(result.trace.policy, result)
    parts = list(ref.split_records(events))
    head = parts[0] if parts and parts[0][0] is None else (None, [])
    first = ref.read_events(head[1])
    records = []
    for index, evs in parts:
        if index is None:
            continue
        facts, _, steps, rounding = ref.read_events(evs, index, over)
        records.append((index, facts, steps, rounding))
    return first, records


def _same_reading(result: swrules.Result, events: list[Any], over: Any) -> None:
    assert result.trace is not None
    names = build.Names(result.trace.policy, result.phase)
    (facts, rules, steps, rounding, _), records = reading.read_all(names, events, over)
    first, expected = _reference_reading(result, events, over)
    # repr: 9.40 and 9.4 are equal decimals, not the same digits
    assert repr((facts, rules, steps, rounding)) == repr(tuple(first))
    assert repr(records) == repr(expected)


def _check_readings(result: swrules.Result) -> int:
    """Every indicator's records and every other rule's events read as the reference reads them."""
    assert result.trace is not None
    checked = result.trace.policy
    names = build.Names(checked, result.phase)
    ref = reference_build._Explainer(checked, result)
    done = 0
    for rule in checked.rules:
        events = result.trace.events.get(rule.slot, [])
        if rule.kind is RuleKind.INDICATOR:
            _same_reading(result, events, checked.facts_by_key[rule.decl.over.dotted])  # type: ignore[union-attr]
            done += 1
        else:
            assert not any(node is RECORD_MARK for node, _ in events)  # only an indicator's trace has records
            assert repr(reading.read_events(names, events)[:4]) == repr(ref.read_events(events))
    return done


def _check_lines(result: swrules.Result) -> int:
    """Every rule's line read by slot is `Result.rules`' line, its reads apart, and its reads are the line's
    (lists of records left out, each with its percent flag). Gives how many lines were undetermined."""
    assert result.trace is not None
    explainer = build._Explainer(result.trace.policy, result)
    lines = {rr.id: rr for rr in result.rules}
    undetermined = 0
    for plan in rule_plans(explainer.names):
        line, reads = explainer.line(plan)
        expected = lines[plan.name]
        # A rule not dated is read by slot, its reads apart; a dated one is `Result.rules`' line itself.
        assert repr(line) == repr(expected if explainer.tables[plan.slot].dated else expected._replace(reads=()))
        flags = [(name, label, value, is_fact, plan.read_how(explainer.names, name, is_fact))
                 for name, label, value, is_fact, _ in expected.reads]
        assert repr(reads) == repr([r for r in flags if r[4] is not RECORDS])
        undetermined += type(line.value) is Unknown
    return undetermined


def test_bundled_results_read_as_before() -> None:
    indicators = undetermined = 0
    with swrules.evaluating():
        for _, result in bundled_results(ROOT):
            indicators += _check_readings(result)
            if slot_source(result) is not None:
                undetermined += _check_lines(result)
    assert indicators >= 20 and undetermined >= 20


def test_generated_stations_read_as_before(guangzhou: swrules.Policy) -> None:
    undetermined = 0
    with swrules.evaluating():
        for facts in stations.stations(100, seed=41):
            result = guangzhou.evaluate(facts, explain=True)
            assert _check_readings(result) == 1
            undetermined += _check_lines(result)
    assert undetermined > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), keep=st.lists(st.booleans(), min_size=1, max_size=200))
def test_indicator_traces_with_events_left_out_read_as_before(guangzhou: swrules.Policy, seed: int,
                                                             keep: list[bool]) -> None:
    """Events (marks among them) left out of a real trace: records with no events, events before the
    first record or none, a trace with no record at all."""
    _same_reading(*indicator_events_left_out(guangzhou, seed, keep))


def indicator_events_left_out(policy: swrules.Policy, seed: int, keep: list[bool]) -> tuple[swrules.Result,
                                                                                            list[Any], Any]:
    """A generated station's result, its indicator's events with those `keep` says no to left out (cycling
    through `keep`), and the indicator's list of records."""
    rng = random.Random(seed)
    with swrules.evaluating():
        result = policy.evaluate(stations.station(rng, 0), explain=True)
    assert result.trace is not None
    checked = result.trace.policy
    rule = next(r for r in checked.rules if r.kind is RuleKind.INDICATOR)
    events = result.trace.events.get(rule.slot, [])
    kept = [e for i, e in enumerate(events) if keep[i % len(keep)]]
    return result, kept, checked.facts_by_key[rule.decl.over.dotted]  # type: ignore[union-attr]


def test_undetermined_rules_are_kept_under_slot_keys_as_fine_as_their_lines(guangzhou: swrules.Policy) -> None:
    """A kept rule whose value is undetermined is keyed by slot too, its missing facts in the key: two such
    rules with one slot key have one `rule_key`, and a missing fact made present changes the key."""
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    undetermined = 0
    with swrules.evaluating():
        for facts in stations.stations(150, seed=43):
            result = guangzhou.evaluate(facts, explain=True)
            assert result.trace is not None
            source = slot_source(result)
            assert source is not None
            env, parts, _ = source
            phase = repr(result.phase)
            lines = {rr.id: rr for rr in result.rules}
            for rule in result.trace.policy.rules:
                if rule.kind not in build._SAME_FOR_SAME_VALUES or type(env[rule.slot]) is not Unknown:
                    continue
                events = result.trace.events.get(rule.slot, [])
                table = parts.tables[rule.slot]
                key = build.slot_key(rule, phase, table, env)
                if key is None:
                    continue
                undetermined += 1
                expected = build.rule_key(rule, phase, lines[rule.name], events)
                assert seen.setdefault(key, expected) == expected
                missing, _ = table.missing
                for _, slot in missing:
                    if env[slot] is MISSING:  # that fact given: a key of its own
                        changed = [*env]
                        changed[slot] = False
                        assert build.slot_key(rule, phase, table, changed) != key
    assert undetermined > 50


_TWO_FACTS = """policy "测试：缺少的事实" {
  version "1"
}

facts 站点 "站点情况" {
  甲  decimal min 0 max 100  "甲"
  乙  decimal  "乙"
}

score sheet "评分表" {
  party 评估方 "评估方" points 100 {
    item 得分 "得分" max 100 = 站点.甲
  }
  total "总分" max 100
}

grades "评估等级" {
  合格   60 <= total
  不合格 total < 60
}

define 和 "甲乙之和" = 站点.甲 + 站点.乙

output 倍 "和的两倍" unit yuan = 和 * 2
"""


def test_a_rule_undetermined_by_another_keeps_apart_the_facts_it_misses(tmp_path: Any) -> None:
    """`倍` reads only `和`, undetermined whichever fact is missing: its reads and trace are the same for
    both stations, its missing facts are not, so its kept explanation's key must hold them."""
    from test_explain_fast import assert_same

    path = tmp_path / "two-facts.swr"
    path.write_text(_TWO_FACTS, encoding="utf-8")
    policy = swrules.load_policy(path)
    with swrules.evaluating():
        for facts, missing in (({"站点": {"甲": 1}}, ("站点.乙",)), ({"站点": {"乙": 1}}, ("站点.甲",)),
                               ({"站点": {"甲": 1}}, ("站点.乙",))):
            result = policy.evaluate(facts, explain=True)
            assert swrules.explain(result).rule("倍").missing == missing
            assert_same(result)
