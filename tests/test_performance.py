"""The fast paths give exactly what the plain paths give, and the benchmark runs.

No timing is asserted here: `python bench/run.py` measures; these tests check that
the hand-written evaluator and swrules agree, that the fast fact reader never accepts
what the pydantic schema rejects nor converts a value differently, that a result's
per-rule lines are the same whether built at once or on first access, that one policy
serves many threads, and that the rule-engine and JSON Logic versions of the evaluation (`bench/engines/`) give
the hand-written evaluator's result.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D
from typing import Any

import pytest
from conftest import ROOT
from helpers import station
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.facts.reader import compile_reader

sys.path.insert(0, str(ROOT / "bench"))
import compare  # noqa: E402
import engines  # noqa: E402
import handwritten  # noqa: E402
import stations  # noqa: E402

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.decimals(allow_nan=True, places=2),
    st.sampled_from(["85%", "85 ％", "0.85", "abc", "", "midterm", "final", "2025-01-31", "NaN%", "1e999%"]),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.datetimes(dt.datetime(2024, 1, 1)),
    st.floats(allow_nan=True), st.just([]), st.just({}), st.just([{"area": "甲", "score": D(3)}]),
    st.just(D("Infinity")), st.just(D("-0")), st.just(D("20.000")),
)


def _repr_env(env: list[Any]) -> str:
    # repr, not ==: the digits of a Decimal (9.40 against 9.4) and the order of a record's keys count
    return repr(env)


def _mutate(facts: dict[str, Any], rng: random.Random, value: Any) -> None:
    """Put `value` at a random place: a fact, a record field, a new key, a whole section."""
    section = rng.choice(sorted(facts))
    where = facts[section]
    if isinstance(where, list):
        if not where:
            facts[section] = value
            return
        where = rng.choice(where)
    if not isinstance(where, dict) or rng.random() < 0.1:
        facts[section] = value
        return
    keys = sorted(where) + ["typo_key"]
    key = rng.choice(keys)
    if isinstance(where.get(key), list) and where[key] and rng.random() < 0.7:
        rng.choice(where[key])[rng.choice(["area", "score", "extra"])] = value
    else:
        where[key] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_handwritten_and_swrules_agree_on_generated_stations(guangzhou: swrules.Policy, seed: int) -> None:
    facts = stations.station(random.Random(seed), seed % 1000)
    expected = handwritten.evaluate(facts)
    for explain in (False, True):
        assert compare.same(compare.summary_of(guangzhou.evaluate(facts, explain=explain)), expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), value=ODD_VALUES)
def test_fast_reader_accepts_only_what_the_schema_accepts_and_reads_it_alike(
        guangzhou: swrules.Policy, seed: int, value: Any) -> None:
    rng = random.Random(seed)
    facts = stations.station(rng, 0)
    _mutate(facts, rng, value)
    fast = compile_reader(guangzhou.checked)(facts)
    try:
        slow = guangzhou.schema.validate(facts, "<facts>")
    except swrules.FactsError:
        assert fast is None, "the fast reader accepted facts the schema rejects"
        return
    if fast is not None:
        assert _repr_env(fast) == _repr_env(slow)


def test_fast_reader_takes_every_plainly_valid_station(guangzhou: swrules.Policy) -> None:
    # Otherwise the fast path would silently never run.
    read = compile_reader(guangzhou.checked)
    for facts in stations.stations(200, seed=11) + [station()]:
        env = read(facts)
        assert env is not None
        assert _repr_env(env) == _repr_env(guangzhou.schema.validate(facts, "<facts>"))


def test_both_evaluators_reject_bad_facts(guangzhou: swrules.Policy) -> None:
    for bad in (station(scores__operations=D(12)), station(compliance__staffing_shortfall=D("1.5")),
                station(compliance__personnel_spending_ratio=85), station(station__phase="mid"),
                station(scores__purchasr=D(1)), station(scores__service_quality=[]),
                station(station__period_end=dt.date(2020, 1, 1))):
        with pytest.raises(swrules.FactsError):
            guangzhou.evaluate(bad)
        with pytest.raises(handwritten.InvalidFacts):
            handwritten.evaluate(bad)


def _edge_stations() -> list[dict[str, Any]]:
    """Stations where three-valued logic and exact decimals decide the result."""
    def with_sections(**sections: Any) -> dict[str, Any]:
        facts = station()
        for name, value in sections.items():
            if value is None:
                del facts[name]
            else:
                facts[name] = value
        return facts

    return [
        station(),
        with_sections(compliance=None),  # every veto undetermined: provisional grade
        station(compliance__serious_violation=True, scores__operations=None),  # total unknown, veto hit: 不合格
        station(compliance__staffing_shortfall=None, station__phase="final"),
        station(compliance__staffing_shortfall=10, station__phase="final"),  # exactly the final-phase limit
        station(compliance__certified_shortfall=3),  # exactly the midterm limit
        station(compliance__personnel_spending_ratio="79.99%"), station(compliance__personnel_spending_ratio="80%"),
        station(survey__respondents=150, survey__population=None),  # enough respondents: clear even so
        station(survey__respondents=50, survey__population=None),  # too few, population unknown: undetermined
        station(survey__respondents=300, survey__population=300),
        station(staff__retention_rate=None, staff__continuing_education_hours=None),
        station(scores__service_quality=[{"area": "甲", "score": D("17.125")}, {"area": "乙", "score": D("17")}]),
        station(scores__service_quality=[{"area": "甲", "score": D("8.5")}] * 3, scores__purchaser=D("20.00")),
        station(scores__service_quality=[{"area": "甲"}, {"area": "乙", "score": D("17.5")}]),
        with_sections(indicators=[{"name": "家访", "actual": D("2"), "target": D("3")},
                                  {"name": "小组", "actual": D(5)}, {"name": "活动", "target": D("0")},
                                  {"actual": D("1"), "target": D("7")}]),  # no name: numbered from 1
        with_sections(indicators=None),
        station(station__name=""),  # an empty name is a name, not a missing fact
        with_sections(declared={"total": D("86.00"), "grade": "良好", "service_quality": D("17.5")}),
        with_sections(declared={"total": D("95"), "grade": "优秀"}),
        with_sections(declared={"total": D("66"), "grade": "合格"}, survey=None),
    ]


def test_rule_engines_agree_with_handwritten() -> None:
    rule_engines, skipped = engines.load()
    assert not skipped, "the engines are in the test extra: pip install -e '.[test]'"
    assert [e.name for e in rule_engines] == ["rule-engine", "JSON Logic"]
    facts = stations.stations(200, seed=20260) + _edge_stations()
    seen: dict[str, int] = {}
    for i, f in enumerate(facts):
        expected = handwritten.evaluate(f)
        for engine in rule_engines:
            got = engine.evaluate(f)
            assert compare.same(got, expected), (engine.name, i, got, expected)
        statuses = [s for _, s in expected.vetoes + expected.findings]
        for what, present in (("veto hit", "hit" in statuses), ("undetermined", "undetermined" in statuses),
                              ("missing", bool(expected.missing)), ("provisional", expected.provisional),
                              ("no total", expected.total is None),
                              ("not applicable", handwritten.NOT_APPLICABLE in dict(expected.indicators).values()),
                              ("differs", "differs" in dict(expected.reconciliation).values())):
            seen[what] = seen.get(what, 0) + present
    # The sample covers the cases where an engine would go wrong: otherwise this test proves little.
    assert all(seen[what] >= 3 for what in seen), seen


def test_rule_engines_reject_what_handwritten_rejects() -> None:
    rule_engines, _ = engines.load()
    for bad in (station(scores__operations=D(12)), station(compliance__personnel_spending_ratio=85),
                station(scores__purchasr=D(1)), station(station__period_end=dt.date(2020, 1, 1))):
        for engine in rule_engines:
            with pytest.raises(handwritten.InvalidFacts):
                engine.evaluate(bad)


def test_a_missing_engine_package_is_skipped_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engines.ENGINES, "nothing", ("Nothing", "no_such_engine_module", ".glue", "no-such-engine"))
    rule_engines, skipped = engines.load()
    assert "nothing" not in [e.key for e in rule_engines]
    assert "no-such-engine is not installed" in skipped["Nothing"]


def test_rule_lines_built_later_equal_those_built_at_once(guangzhou: swrules.Policy) -> None:
    for facts in stations.stations(30, seed=5):
        lazy = guangzhou.evaluate(facts)
        eager = guangzhou.evaluate(facts, explain=True)
        assert lazy.rules == eager.rules
        assert lazy.to_dict() == eager.to_dict()
        assert pickle.loads(pickle.dumps(lazy)).to_json() == lazy.to_json()


def test_deferred_parts_read_in_any_order_or_at_once_give_the_same_result(guangzhou: swrules.Policy) -> None:
    # Vetoes, findings, indicators and per-rule lines are built on first read, the
    # explanation when asked for; whichever comes first, from however many threads,
    # the output is the same.
    orders = [("rules", "vetoes"), ("vetoes", "rules"), ("explanation", "indicators"), ("findings", "explanation")]
    for facts in stations.stations(12, seed=11):
        expected = swrules.explained_json(guangzhou.evaluate(facts, explain=True))
        for order in orders:
            result = guangzhou.evaluate(facts, explain=True)
            for name in order:
                swrules.explain(result) if name == "explanation" else getattr(result, name)
            assert swrules.explained_json(result) == expected
        shared = guangzhou.evaluate(facts, explain=True)
        with ThreadPoolExecutor(4) as pool:
            assert set(pool.map(swrules.explained_json, [shared] * 8)) == {expected}
        unread = guangzhou.evaluate(facts, explain=True)
        assert pickle.loads(pickle.dumps(unread)).to_json() == guangzhou.evaluate(facts).to_json()


def test_a_result_cannot_be_changed_after_evaluation(guangzhou: swrules.Policy) -> None:
    # Cheap construction must not cost immutability: what an auditor reads is what was computed.
    import dataclasses

    result = guangzhou.evaluate(stations.stations(1, seed=3)[0], explain=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = D(100)  # type: ignore[misc]
    for line in (result.vetoes[0], result.vetoes[0].reads[0], result.scores[0], result.indicators[0],
                 result.missing[0], result.rules[0], result.reconciliation[0], result.parties[0]):
        with pytest.raises(AttributeError):
            line.status = "clear"  # type: ignore[misc,union-attr]


def test_one_policy_serves_many_threads(guangzhou: swrules.Policy) -> None:
    facts = stations.stations(60, seed=9)
    expected = [guangzhou.evaluate(f, explain=i % 2 == 0).to_json() for i, f in enumerate(facts)]

    def run(i: int) -> str:
        with swrules.evaluating():
            return guangzhou.evaluate(facts[i], explain=i % 2 == 0).to_json()

    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(run, range(len(facts)))) == expected


def test_benchmark_runs_in_quick_mode() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--stations", "30",
                          "--files", "40"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "both evaluators agree on all 30 stations" in run.stdout
    assert "and so do the rule engines: rule-engine 5.1.0, json-logic-qubit 0.9.1" in run.stdout
    assert "x swrules" in run.stdout  # each engine's ratio to swrules is printed
    assert "peak memory" in run.stdout


def test_floor_displays_rebuild_exactly_what_swrules_gives() -> None:
    """bench/explain_floor.py's floors are worth something only if its literal displays build the very
    documents swrules gives (the read's dict, eval's JSON document): it checks each and stops otherwise."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import explain_floor
    finally:
        sys.path.remove(str(ROOT / "bench"))
    document = {"rules": [{"id": "甲", "value": "1.50", "facts": [], "sentence": {"zh": "某", "en": "x"}}],
                "total": None, "pair": ("a", 1)}
    build, leaves = explain_floor.literal(document)
    made = build(leaves)
    assert made == document and made is not document and made["rules"][0] is not document["rules"][0]
    changing = explain_floor.varying([{"a": "同", "b": str(i)} for i in range(4)])
    assert changing == [["0"], ["1"], ["2"], ["3"]]
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "explain_floor.py"), "--stations", "12", "--runs", "1"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "read  >= traced + literal" in run.stdout and "JSON  >= traced + literal + write" in run.stdout
