"""An indicator's records, read by the plan of their shape (`explanation/records.py`: a function generated
per sequence of nodes, once per policy) and their dicts written straight from the events by a writer per shape
(`record_dicts.py`, the model not made), are the reference's, both before the generated functions are made
(the plain readings and dicts of a shape's first uses) and after (every test runs both ways, `GENERATE_AT` set
for it): `reference_build`'s reading (events split by record, each read by the plain loop) and its indicator
explanation, `reference_to_dict`'s record and rule dicts. On every bundled policy with its cases and fact
files, on generated Guangzhou stations and on stations thinned record by record (record fields, whole records
and the whole list taken away, targets of 0, long quotients), on hypothesis stations, and on traces with events
left out (so that records come with shapes no evaluation gives)."""

from __future__ import annotations

import copy
import json
import random
import sys
from decimal import Decimal as D
from typing import Any

import pytest
import reference_build
import reference_to_dict as ref
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explain_reading import _reference_reading, indicator_events_left_out

import swrules
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.check.ir import RuleKind
from swrules.compile.plan import RECORD_MARK
from swrules.explanation import build, records
from swrules.explanation.plans import rule_plans
from swrules.explanation.records import read_records

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


@pytest.fixture(autouse=True, params=["plain", "generated"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: with the plain readings and dicts (nothing generated: a policy's record shapes made
    afresh for each result), and with every shape's reader and layout's function generated at first use."""
    plain = request.param == "plain"
    monkeypatch.setattr(records, "GENERATE_AT", 10**9 if plain else 1)
    global _PLAIN
    _PLAIN = plain
    return str(request.param)


_PLAIN = False


def _fresh_shapes(names: build.Names) -> None:
    """The plain way: no shape kept from before (a kept one may have its reader generated already)."""
    if _PLAIN:
        for key in [k for k in names.words.memo if isinstance(k, tuple) and k[0] == "records"]:
            del names.words.memo[key]


def _text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)  # refuses a Decimal left in; True is not "true"


def _same_records(result: swrules.Result, events: list[Any], over: Any) -> int:
    """`read_records` reads what the reference reads (head and records, digit for digit); how many records."""
    assert result.trace is not None
    names = build.Names(result.trace.policy, result.phase)
    _fresh_shapes(names)
    (facts, rules, steps, rounding, _), read = read_records(names, events, over)
    first, expected = _reference_reading(result, events, over)
    assert repr((facts, rules, steps, rounding)) == repr(tuple(first))
    assert repr(read) == repr([(i, tuple(f), tuple(s), tuple(r)) for i, f, s, r in expected])
    return len(read)


def assert_indicators_as_reference(result: swrules.Result) -> dict[str, int]:
    """Every indicator of `result`: its records read as the reference reads them, its explanation built anew
    the reference's (`repr`: sentence, every record's, every digit), its dict and its records' the plain
    dicts. Counts of what was met: records by status, records with a cut quotient."""
    assert result.trace is not None
    checked = result.trace.policy
    fast = build._Explainer(checked, result)
    slow = reference_build._Explainer(checked, result)
    met = {"records": 0, "determined": 0, "not_applicable": 0, "undetermined": 0, "cut": 0, "indicators": 0}
    for plan in rule_plans(fast.names):
        if plan.rule.kind is not RuleKind.INDICATOR:
            continue
        events = fast.traces.get(plan.slot, [])
        _same_records(result, events, checked.facts_by_key[plan.rule.decl.over.dotted])  # type: ignore[union-attr]
        _fresh_shapes(fast.names)
        built = fast.build_rule(plan, events)
        expected = slow.rule(plan.rule)
        # The dict first: its records written straight from the events (`records.Records`), no model made.
        first = built.to_dict()
        assert _text(first) == _text(ref._rule(expected)), plan.name
        held = built[14]
        assert type(held) is tuple or held.made is None, plan.name
        _scribble(first)  # a caller changing its dict changes no later one
        assert repr(built) == repr(expected), plan.name  # the model, made now (`rule.records`)
        assert built == expected and hash(built) == hash(expected), plan.name
        assert _text(built.to_dict()) == _text(ref._rule(expected)), plan.name
        for record in built.records:
            assert _text(record.to_dict()) == _text(ref._record(record)), plan.name
            status = record.to_dict()["status"]
            met["records"] += 1
            met[status if status in met else "undetermined"] += 1
            met["cut"] += any(s.cut for s in record.steps)
        met["indicators"] += 1
    return met


def _scribble(document: dict[str, Any]) -> None:
    """Change every dict and list of a rule's records' dicts, as a caller may."""
    for record in document["records"]:
        for part in ("facts", "steps", "rounding"):
            for d in record[part]:
                d["scribbled"] = True
            record[part].append({})
        record["sentence"]["zh"] = "x"
        record["missing"].append("x")
        record["value"] = "x"
    document["records"].append({})


def thinned_records(facts: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A station whose indicator records are thinned: fields taken away, whole records taken away, a target
    of 0 or 3 (a quotient cut to 34 digits), a long actual; now and then an empty list or no list at all."""
    out = copy.deepcopy(facts)
    roll = rng.random()
    if roll < 0.05:
        out.pop("indicators", None)
        return out
    if roll < 0.1:
        out["indicators"] = []
        return out
    records = []
    for record in out.get("indicators", []):
        if rng.random() < 0.15:
            continue  # the whole record taken away
        for field in ("actual", "target", "unit", "name"):
            if rng.random() < 0.12:
                record.pop(field, None)
        if "target" in record and rng.random() < 0.1:
            record["target"] = rng.choice([D(0), D(3), D(7), D("0.0")])
        if "actual" in record and rng.random() < 0.1:
            record["actual"] = rng.choice([D("123456789.123"), D(1), D(0), D("2.50")])
        records.append(record)
    out["indicators"] = records
    return out


def _evaluate(policy: swrules.Policy, facts: dict[str, Any]) -> swrules.Result | None:
    try:
        return policy.evaluate(facts, explain=True)
    except swrules.SwrulesError:
        return None  # a station the reader refuses (a record without a field it must have)


def _add(total: dict[str, int], met: dict[str, int]) -> None:
    for k, v in met.items():
        total[k] = total.get(k, 0) + v


def test_bundled_policies_indicators_as_reference() -> None:
    met: dict[str, int] = {}
    with swrules.evaluating():
        for _, result in bundled_results(ROOT):
            _add(met, assert_indicators_as_reference(result))
    assert met["indicators"] >= 20 and met["records"] >= 100, met


def test_generated_and_thinned_stations_indicators_as_reference(guangzhou: swrules.Policy) -> None:
    rng = random.Random(17)
    met: dict[str, int] = {}
    refused = 0
    with swrules.evaluating():
        for facts in stations.stations(150, seed=23):
            for station in (facts, thinned_records(facts, rng), thinned_records(facts, rng)):
                result = _evaluate(guangzhou, station)
                if result is None:
                    refused += 1
                    continue
                _add(met, assert_indicators_as_reference(result))
    assert met["records"] > 3000 and met["not_applicable"] > 50 and met["undetermined"] > 50 and met["cut"] > 500, met
    assert refused < 300  # most thinned stations are evaluated, not refused


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), thin=st.integers(0, 3))
def test_hypothesis_stations_indicators_as_reference(guangzhou: swrules.Policy, seed: int, thin: int) -> None:
    rng = random.Random(seed)
    facts = stations.station(rng, seed % 1000)
    for _ in range(thin):
        facts = thinned_records(facts, rng)
    with swrules.evaluating():
        result = _evaluate(guangzhou, facts)
        if result is not None:
            assert_indicators_as_reference(result)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), keep=st.lists(st.booleans(), min_size=1, max_size=200))
def test_indicator_traces_with_events_left_out_read_as_reference(guangzhou: swrules.Policy, seed: int,
                                                                keep: list[bool]) -> None:
    """Events (marks among them) left out of a real trace: records with no events or with shapes no
    evaluation gives (a quotient without its operands, a rounding without its value before), events
    before the first record or none, no record at all."""
    _same_records(*indicator_events_left_out(guangzhou, seed, keep))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), keep=st.lists(st.booleans(), min_size=1, max_size=200),
       short=st.integers(0, 3))
def test_indicator_traces_with_events_left_out_written_as_their_model(guangzhou: swrules.Policy, seed: int,
                                                                       keep: list[bool], short: int) -> None:
    """The same traces (records of shapes no evaluation gives), each record's line made up (a decimal, the very
    object of its last event's value, not applicable, undetermined) and the list `short` records shorter than
    the marks say: the deferred records' dicts, written from the events, are their model's (read by
    `read_records`, the reference's by the test above), written plainly; the model equals the one made before
    any dict was written."""
    result, events, over = indicator_events_left_out(guangzhou, seed, keep)
    assert result.trace is not None
    names = build.Names(result.trace.policy, result.phase)
    _fresh_shapes(names)
    _, first = records.head_of(names, events, over)
    if first == len(events):
        return
    indices = records.record_indices(events, first)
    count = max(0, max(indices) + 1 - short)
    marks = [q for q in range(first, len(events)) if events[q][0] is RECORD_MARK]
    ends = [*marks[1:], len(events)]
    rng = random.Random(seed)
    lines = []
    for at, index in enumerate(indices):
        if index < count:  # the value: one of these, or the record's last event's very value
            last = events[ends[at] - 1][1] if ends[at] - 1 > marks[at] else None
            value = rng.choice([D("1.25"), D("1E+3"), last, NOT_APPLICABLE, Unknown("missing"), True])
            lines.append(records.RecordLine((index, f"r{at}", value, f"{at}：", f"{at}: ", ("a", "b")[: at % 3])))
    if not lines:
        return
    deferred = records.Records(names, events, over, first, lines, count)
    model = records.Records(names, events, over, first, lines, count).model()
    written = deferred.dicts()
    assert deferred.made is None  # no model made for the dicts
    assert _text(written) == _text([ref._record(r) for r in model]) == _text([r.to_dict() for r in model])
    assert deferred.model() == model and repr(deferred) == repr(model)


def test_a_records_fact_keys_are_made_per_index() -> None:
    """A shape's keys by record index are bounded: past the bound it starts afresh and still gives the keys."""
    with swrules.evaluating():
        result = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr").evaluate(
            stations.stations(1, seed=3)[0], explain=True)
    assert result.trace is not None
    names = build.Names(result.trace.policy, result.phase)
    plan = next(p for p in rule_plans(names) if p.rule.kind is RuleKind.INDICATOR)
    assert plan.over is not None
    events = result.trace.events[plan.slot]
    read_records(names, events, plan.over)
    shape = next(iter(names.words.memo[("records", plan.over.key)].values()))
    for index in range(5000):
        keys = shape.fact_keys(index)
        assert all(key.startswith(f"indicators[{index}].") for key in keys)
    assert len(shape.keys) <= 4096


def test_record_dicts_of_every_layout_are_fresh() -> None:
    """Two dicts of one record share no dict or list (the caller may change them), for layouts of 0-3 parts."""
    from swrules.base.words import Say
    from swrules.explanation.model import FactUse, RecordExplanation, Rounding, Step

    for facts in range(4):
        for steps in range(4):
            for roundings in range(3):
                record = RecordExplanation(
                    2, "家访", D("1.5"), Say("家访：150%", "家访: 150%"),
                    tuple(FactUse(f"k{i}", "标签", D(i), False) for i in range(facts)),
                    tuple(Step("a / b", "p.swr:1", D("0.3333"), False, i % 2 == 1) for i in range(steps)),
                    tuple(Rounding("round(a, 2)", "p.swr:2", D("1.234"), D("1.23"), 2, "half_up")
                          for _ in range(roundings)), ("k9",))
                first, second = record.to_dict(), record.to_dict()
                assert _text(first) == _text(second) == _text(ref._record(record))
                assert first["facts"] is not second["facts"] and first["missing"] is not second["missing"]
                assert all(a is not b for a, b in zip(first["steps"], second["steps"], strict=True))


def test_deferred_records_read_compare_and_pickle_as_the_model(guangzhou: swrules.Policy) -> None:
    """An indicator's explanation holding its records deferred: `rule.records` is the model (made once, then
    the same tuple), its length known without it; the rule pickles as one holding the model, equal to it."""
    import pickle

    with swrules.evaluating():
        result = guangzhou.evaluate(stations.stations(1, seed=5)[0], explain=True)
    rule = next(r for r in swrules.explain(result).rules if r.kind == "indicator")
    held = rule[14]
    assert isinstance(held, records.Records) and held.made is None and len(held) == 12
    first = rule.records
    assert type(first) is tuple and rule.records is first and len(first) == 12
    again = pickle.loads(pickle.dumps(rule))
    assert type(again[14]) is tuple and again == rule and repr(again) == repr(rule)
    assert _text(again.to_dict()) == _text(rule.to_dict())
