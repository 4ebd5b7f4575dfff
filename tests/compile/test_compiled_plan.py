"""The plain and the traced generated evaluation functions compute exactly the same values.

`Plan.run` and `Plan.run_traced` are generated from `ast` nodes by the same description of
each construct (`compile.exprs`, `compile.codegen`). For every station tried, both leave
the slot list equal value for value and `repr` for `repr`: the digits of every Decimal
(`1.50` against `1.5`), the reason of every unknown value, the order of every tuple; and
each rule's trace ends with its value. Because one generator makes both, they are also
checked against an independent evaluator: the hand-written Guangzhou evaluation
(`bench/handwritten.py`), explanations off and on, on generated and on edge stations.
No timing is asserted here.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import random
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import station
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reference_expr import reference

import swrules
from swrules.base.values import Unknown
from swrules.check import ir
from swrules.check.ir import Rule
from swrules.compile.codegen import MAX_SUMMED
from swrules.engine.versions import PolicySet
from swrules.facts.reader import compile_reader
from swrules.facts.template import example_value
from swrules.syntax.parser import MAX_DEPTH
from swrules.tools.policy_tests import find_cases, load_cases

sys.path.insert(0, str(ROOT / "bench"))
import compare  # noqa: E402
import handwritten  # noqa: E402
import stations  # noqa: E402
from test_performance import _edge_stations  # noqa: E402


def both_ways(policy: swrules.Policy, facts: dict[str, Any]) -> tuple[str, str] | None:
    """The slot list after the plain and after the traced function, as repr; None if facts are invalid.

    Also checks each rule's trace against the values the traced function wrote: a rule whose
    expression is recorded ends its trace with that expression and the rule's own value.
    """
    try:
        env = policy.values(facts)
    except swrules.FactsError:
        return None
    with swrules.evaluating():
        traced = policy._validate(facts, "<facts>")
        traces = policy.plan.run_traced(traced)
    assert [type(v) for v in env] == [type(v) for v in traced]
    for a, b in zip(env, traced, strict=True):
        if type(a) is Unknown:
            assert a is b or a.reason == b.reason  # the same unknown propagates
        else:
            assert a == b
    assert list(traces) == [r.slot for r in policy.checked.order]
    for rule in policy.checked.order:
        top = _top_expression(rule)
        if top is not None:
            node, value = traces[rule.slot][-1]
            assert node is top and repr(value) == repr(traced[rule.slot]), rule.name
        d = rule.decl
        if isinstance(d, ir.Param) and isinstance(d.value, ir.ByDate) and traces[rule.slot]:
            node, value = traces[rule.slot][-1]  # the dated entry in force, last
            assert any(node is v for v in d.value.values) and repr(value) == repr(traced[rule.slot]), rule.name
    return repr(env), repr(traced)


def _top_expression(rule: Rule) -> ir.Expr | None:
    """The expression whose value is the rule's value, when the traced function records it last."""
    d = rule.decl
    e = d.expr if isinstance(d, ir.Define) else d.when if isinstance(d, (ir.Veto, ir.Finding)) else \
        (d.counted or d.awarded) if isinstance(d, ir.Item) else d.value if isinstance(d, ir.Param) else None
    return None if e is None or isinstance(e, (ir.Number, ir.String, ir.DateLit, ir.Bool, ir.ByPhase, ir.ByDate)) else e


def assert_same(policy: swrules.Policy, facts: dict[str, Any]) -> bool:
    got = both_ways(policy, facts)
    if got is None:
        return False
    assert got[0] == got[1]
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_stations_evaluate_alike(guangzhou: swrules.Policy, seed: int) -> None:
    assert assert_same(guangzhou, stations.station(random.Random(seed), seed % 1000))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_stations_evaluate_as_the_hand_written_evaluation_does(guangzhou: swrules.Policy,
                                                                         seed: int) -> None:
    facts = stations.station(random.Random(seed), seed % 1000)
    expected = handwritten.evaluate(facts)
    for explain in (False, True):  # the plain and the traced function
        assert compare.same(compare.summary_of(guangzhou.evaluate(facts, explain=explain)), expected)


@pytest.mark.parametrize("index", range(len(_edge_stations())))
def test_edge_stations_evaluate_as_the_hand_written_evaluation_does(guangzhou: swrules.Policy, index: int) -> None:
    facts = _edge_stations()[index]
    expected = handwritten.evaluate(facts)
    assert assert_same(guangzhou, facts)
    for explain in (False, True):
        assert compare.same(compare.summary_of(guangzhou.evaluate(facts, explain=explain)), expected)


def _edges(guangzhou: swrules.Policy) -> dict[tuple[str, str], list[Any]]:
    """For each plain fact of the clean station: the values at its edges (absent, zero, minimum, maximum)."""
    out: dict[tuple[str, str], list[Any]] = {}
    for info in guangzhou.checked.facts:
        if len(info.path) != 2 or not isinstance(info.decl, ir.FactField):
            continue
        d = info.decl
        values: list[Any] = [None]
        if d.kind is ir.FactKind.BOOLEAN:
            values += [True, False]
        elif d.kind is ir.FactKind.CHOICE:
            values += list(d.choices)
        elif d.kind in (ir.FactKind.DECIMAL, ir.FactKind.INTEGER, ir.FactKind.PERCENT):
            values += [v for v in (d.minimum, d.maximum, D(0), D("0.00"), D(1)) if v is not None]
        out[info.path[0], info.path[1]] = values
    return out


RECORD_EDGES = st.fixed_dictionaries({}, optional={
    "actual": st.sampled_from([D(0), D("0.0"), D("1278"), D("1500.00")]),
    "target": st.sampled_from([D(0), D("1"), D("60"), D("1500")]),
    "name": st.just("家访"), "unit": st.just("人次"),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_stations_with_facts_removed_or_at_their_edges_evaluate_alike(guangzhou: swrules.Policy,
                                                                       data: st.DataObject) -> None:
    edges = _edges(guangzhou)
    facts = station()
    for section, key in data.draw(st.lists(st.sampled_from(sorted(edges)), max_size=8, unique=True)):
        value = data.draw(st.sampled_from(edges[section, key]))
        if value is None:
            facts.get(section, {}).pop(key, None)
        else:
            facts.setdefault(section, {})[key] = value
    if data.draw(st.booleans()):
        facts["indicators"] = data.draw(st.lists(RECORD_EDGES, max_size=4))
    if data.draw(st.booleans()):
        facts["scores"]["service_quality"] = data.draw(st.lists(st.fixed_dictionaries(
            {"area": st.sampled_from(["甲", "乙"]), "score": st.sampled_from([D(0), D("20"), D("19.50")])}),
            min_size=1, max_size=3))
    if data.draw(st.booleans()):
        facts["station"]["phase"] = "final"
        facts["station"]["period_end"] = dt.date(2025, 8, 5)
    assume(assert_same(guangzhou, facts))


# ------------------------------------------------------------ every policy in the repository

def _loadable_policies() -> list[Path]:
    found = []
    for path in sorted([*ROOT.glob("policies/**/*.swr"), *ROOT.glob("tests/**/*.swr")]):
        if "golden" in path.parts:
            continue
        try:
            swrules.load_policy(path)
        except swrules.PolicyError:
            continue  # the diagnostics cases: policies that must not load
        found.append(path)
    return found


LOADABLE = _loadable_policies()


def _example_facts(policy: swrules.Policy) -> dict[str, Any]:
    """Every declared fact at the example value the fact-file template shows; two records per list."""
    def record(fields: tuple[ir.FactField | ir.RecordsField, ...]) -> dict[str, Any]:
        return {f.name: example_value(f) for f in fields if isinstance(f, ir.FactField)}

    facts: dict[str, Any] = {}
    for info in policy.checked.facts:
        value = [record(info.decl.fields)] * 2 if isinstance(info.decl, ir.RecordsField) else example_value(info.decl)
        if len(info.path) == 1:
            facts[info.path[0]] = value
        elif len(info.path) == 2:
            facts.setdefault(info.path[0], {})[info.path[1]] = value
    return facts


def _fact_sets(path: Path, policy: swrules.Policy) -> list[dict[str, Any]]:
    """The stations a policy's own test cases describe, the fact files beside it and the examples."""
    facts: list[dict[str, Any]] = [_example_facts(policy)]
    folder = path.parent / "tests"
    if find_cases(folder):
        versions = path.parent if len(list(path.parent.glob("*.swr"))) > 1 else path  # a folder of versions
        facts += [c.facts for c in load_cases(folder, PolicySet.load(versions))]
    files = [*path.parent.glob("tests/facts/**/*.toml"), *path.parent.glob("stations/*.toml"),
             *ROOT.glob("examples/**/*.toml")]
    for fact_file in sorted(files):
        data, _ = swrules.read_fact_file(fact_file)
        facts.append(data)
    return facts


def test_every_loadable_policy_is_found() -> None:
    # Otherwise the test below would check nothing.
    names = {p.relative_to(ROOT).as_posix() for p in LOADABLE}
    assert {"policies/guangzhou/station-evaluation.swr", "policies/examples/district-overlay/station-evaluation.swr",
            "policies/examples/weighted-letter-grades.swr"} <= names
    assert any(n.startswith("policies/examples/guangzhou-versions/") for n in names)
    assert any(n.startswith("tests/") for n in names)


@pytest.mark.parametrize("path", LOADABLE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_policy_in_the_repository_evaluates_alike(path: Path) -> None:
    policy = swrules.load_policy(path)
    checked = 0
    for facts in _fact_sets(path, policy):
        checked += assert_same(policy, facts)
        for section, value in facts.items():  # and each section missing in turn
            if isinstance(value, dict):
                for key in list(value)[:12]:
                    fewer = copy.deepcopy(facts)
                    del fewer[section][key]
                    assert_same(policy, fewer)
    assert checked, f"no valid station for {path}"


# ------------------------------------------------------------ every kind of expression

SKELETON = """
policy "t" {{ version "1" dated by s.day }}
phases from s.phase {{ midterm final }}
facts s {{
  phase one of "midterm", "final"
  day date
  x decimal optional
  y decimal optional
  z decimal optional
  flag boolean optional
  other boolean optional
}}
records rs {{ name text  v decimal optional }}
param by_phase = by phase {{ midterm: 1.50, final: 2 }}
param by_date = by date {{ from 2024-01-01: 10.0  from 2025-01-01: by phase {{ midterm: 20, final: 30 }} }}
score sheet {{
  party p points 100 {{
    item it max 50 = min(s.x / s.y, 50)
    item it2 max 50 = min(mean(rs.v), 50)
  }}
  total max 100
}}
grades {{
  好 60 <= total
  差 total < 60
}}
define result = {expr}
finding uses_result {{ when known(result) }}
indicator ratio for each rs {{
  compute round(v / s.x, 2, half_up)
  not applicable when v = s.y
  finding low when ratio < 1
  finding high when s.flag or ratio > 2
}}
"""

ATOMS_N = ["0", "1", "2.50", "1.5", "0.10", "80%", "s.x", "s.y", "s.z", "by_phase", "by_date", "sum(rs.v)",
           "mean(rs.v)", "count(rs)", "min(rs.v)", "max(rs.v)"]
# Unknown for different reasons (missing, division by zero, no records), so that which one propagates shows.
ATOMS_B = ["true", "false", "s.flag", "s.other", "(s.x < s.y)", "(mean(rs.v) > 1)", "(s.y / s.x > 0)"]


def _numbers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} + {p[1]})"), pair.map(lambda p: f"({p[0]} - {p[1]})"),
        pair.map(lambda p: f"({p[0]} * {p[1]})"), pair.map(lambda p: f"({p[0]} / {p[1]})"),
        st.tuples(children, children, children).map(lambda p: f"({p[0]} / {p[1]} on zero {p[2]})"),
        children.map(lambda a: f"-({a})"), children.map(lambda a: f"abs({a})"),
        st.tuples(children, st.sampled_from(["half_up", "half_even", "down", "up"])).map(
            lambda p: f"round({p[0]}, 1, {p[1]})"),
        pair.map(lambda p: f"min({p[0]}, {p[1]})"), st.tuples(children, children, children).map(
            lambda p: f"max({p[0]}, {p[1]}, {p[2]})"),
    )


NUMBER_EXPR = st.recursive(st.sampled_from(ATOMS_N), _numbers, max_leaves=8)


def _bools(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    cmp = st.tuples(NUMBER_EXPR, st.sampled_from(["<", "<=", ">", ">=", "=", "!="]), NUMBER_EXPR)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} and {p[1]})"), pair.map(lambda p: f"({p[0]} or {p[1]})"),
        children.map(lambda a: f"(not {a})"), cmp.map(lambda c: f"({c[0]} {c[1]} {c[2]})"),
        NUMBER_EXPR.map(lambda a: f"known({a})"),
        st.tuples(children, children, children).map(lambda p: f"(if {p[0]} then {p[1]} else {p[2]})"),
        st.sampled_from(["grade = 好", "grade != 差", "grade >= 差", "grade < 好"]).map(lambda g: f"({g})"),
    )


BOOL_EXPR = st.recursive(st.sampled_from(ATOMS_B), _bools, max_leaves=8)
EXPR = st.one_of(NUMBER_EXPR, BOOL_EXPR, st.tuples(BOOL_EXPR, NUMBER_EXPR, NUMBER_EXPR).map(
    lambda p: f"(if {p[0]} then {p[1]} else {p[2]})"))
FACT_NUMBER = st.one_of(st.none(), st.sampled_from([D(0), D("0.00"), D("-0"), D(1), D("2.5"), D("-3"), D("7.125")]))
FACT_BOOL = st.one_of(st.none(), st.booleans())
RECORDS = st.lists(st.fixed_dictionaries({"name": st.just("a")}, optional={"v": FACT_NUMBER.filter(
    lambda v: v is not None)}),
                   max_size=3)


def _policy(tmp_path: Path, expr: str) -> swrules.Policy | None:
    path = tmp_path / "t.swr"
    path.write_text(SKELETON.format(expr=expr), encoding="utf-8")
    try:
        return swrules.load_policy(path)
    except swrules.PolicyError:
        return None  # a mistyped combination (a grade compared where the checker refuses it, ...)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(expr=EXPR, x=FACT_NUMBER, y=FACT_NUMBER, z=FACT_NUMBER, flag=FACT_BOOL, other=FACT_BOOL,
       rs=RECORDS, phase=st.sampled_from(["midterm", "final"]),
       day=st.sampled_from([dt.date(2023, 6, 1), dt.date(2024, 6, 1), dt.date(2025, 6, 1)]))
def test_every_kind_of_expression_evaluates_alike(tmp_path: Path, expr: str, x: Any, y: Any, z: Any, flag: Any,
                                                  other: Any, rs: list[dict[str, Any]], phase: str,
                                                  day: dt.date) -> None:
    policy = _policy(tmp_path, expr)
    assume(policy is not None)
    assert policy is not None
    s = {"phase": phase, "day": day, "x": x, "y": y, "z": z, "flag": flag, "other": other}
    facts = {"s": {k: v for k, v in s.items() if v is not None}, "rs": rs}
    assert assert_same(policy, facts)
    assert_as_reference(policy, facts)


def assert_as_reference(policy: swrules.Policy, facts: dict[str, Any]) -> None:
    """`result` has the value the independent tree-walking evaluator gives it."""
    env = policy.values(facts)
    rule = policy.checked.rules_by_name["result"]
    assert isinstance(rule.decl, ir.Define)
    with swrules.evaluating():
        expected = reference(policy.checked, rule.decl.expr, env)
    assert repr(env[rule.slot]) == repr(expected)


UNKNOWN_BOOLS = {"missing": "s.flag", "division by zero": "(s.y / s.x > 0)", "no records": "(mean(rs.v) > 1)"}


@pytest.mark.parametrize("op", ["and", "or"])
@pytest.mark.parametrize("left", ["true", "false", *UNKNOWN_BOOLS])
@pytest.mark.parametrize("right", ["true", "false", *UNKNOWN_BOOLS])
def test_kleene_logic_keeps_which_unknown_decides(tmp_path: Path, op: str, left: str, right: str) -> None:
    policy = _policy(tmp_path, f"({UNKNOWN_BOOLS.get(left, left)} {op} {UNKNOWN_BOOLS.get(right, right)})")
    assert policy is not None
    facts = {"s": {"phase": "midterm", "day": dt.date(2025, 1, 1), "x": D(0), "y": D(1)}, "rs": []}
    assert assert_same(policy, facts)
    assert_as_reference(policy, facts)
    value = policy.values(facts)[policy.checked.rules_by_name["result"].slot]
    truth = {"true": True, "false": False}
    a, b = truth.get(left, left), truth.get(right, right)
    decisive = op == "or"
    if decisive in (a, b):
        assert value is decisive
    elif isinstance(a, str):  # the left operand's unknown wins: `missing and true` is the missing
        assert value.reason == a
    elif isinstance(b, str):
        assert value.reason == b
    else:
        assert value is (a and b if op == "and" else a or b)


GRID_NUMBERS = (None, D(0), D("2.50"))


@pytest.mark.parametrize("rs", [[], [{"name": "a"}], [{"name": "a", "v": D(0)}, {"name": "b", "v": D("1.5")}],
                                [{"name": "a", "v": D(3)}, {"name": "b", "v": D("0.50")}, {"name": "c"}]])
def test_indicators_scores_and_grades_evaluate_alike_over_a_grid_of_facts(tmp_path: Path, rs: list[Any]) -> None:
    # Unknown for different reasons in items, in the sum, in an indicator's records and in its findings.
    policy = _policy(tmp_path, "(if grade >= 好 then s.x else s.y)")
    assert policy is not None
    for x, y, flag in itertools.product(GRID_NUMBERS, GRID_NUMBERS, (None, True, False)):
        s = {"phase": "final", "day": dt.date(2025, 1, 1), "x": x, "y": y, "flag": flag}
        facts = {"s": {k: v for k, v in s.items() if v is not None}, "rs": rs}
        assert assert_same(policy, facts)
        assert_as_reference(policy, facts)


@pytest.mark.parametrize("shape", ["{inner} + s.x", "{inner} * s.x - 1", "({inner} + s.x)",
                                    "(s.x - {inner})", "(if s.flag then {inner} else 1)",
                                   "max({inner}, 1)", "round({inner} / s.x on zero 0, 2, half_up)"])
def test_the_deepest_expression_the_checker_accepts_compiles_and_evaluates_alike(tmp_path: Path, shape: str) -> None:
    accepted = 0
    for depth in range(MAX_DEPTH + 5, 0, -1):
        expr = "1"
        for _ in range(depth):
            expr = shape.format(inner=expr)
        policy = _policy(tmp_path, expr)
        if policy is not None:
            accepted = depth
            break
    assert accepted >= MAX_DEPTH // 2 - 1  # the checker's limit counts parse-tree levels, up to two per operator
    for x in (D("1.5"), None):
        facts = {"s": {"phase": "final", "day": dt.date(2025, 1, 1), "flag": True}, "rs": []}
        if x is not None:
            facts["s"]["x"] = x
        assert assert_same(policy, facts)
        assert_as_reference(policy, facts)


@pytest.mark.parametrize(("n", "xs"), [
    (4, ["2.50", "20", "0.3", "12.25", "25"]),
    (MAX_SUMMED + 50, ["0.10", "0.2", "0.3", "0.35", "0.4"]),
])
def test_a_party_of_many_items_sums_as_a_few_do(tmp_path: Path, n: int, xs: list[str]) -> None:
    # Beyond MAX_SUMMED items the sum is a called helper, not one nested expression.
    top = D(100) / n
    items = "\n".join(f"    item i{k} max {top} = s.x{k % 5}" for k in range(n))
    facts = "\n".join(f"  x{k} decimal min 0 max {top} optional" for k in range(5))
    path = tmp_path / "many.swr"
    path.write_text(f'''policy "many" {{ version "1" }}
facts s {{
{facts}
}}
score sheet {{
  party p points 100 {{
{items}
  }}
  total max 100 round 1 half_up
}}
grades {{
  好 60 <= total
  差 total < 60
}}
''', encoding="utf-8")
    policy = swrules.load_policy(path)
    s = {f"x{k}": D(x) for k, x in enumerate(xs)}
    assert assert_same(policy, {"s": s})
    party = sum((D(xs[k % 5]) for k in range(n)), D(0))
    total = party.quantize(D("0.1"), rounding="ROUND_HALF_UP")
    env = policy.values({"s": s})
    slots = policy.checked.rules_by_name
    assert (str(env[slots["p"].slot]), str(env[slots["total"].slot])) == (str(party), str(total))
    del s["x3"]
    assert assert_same(policy, {"s": s})
    assert policy.values({"s": s})[slots["total"].slot].reason == "missing"


# ------------------------------------------------------------ the generated fact reader

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.decimals(allow_nan=True, places=2),
    st.sampled_from(["85%", "0.85", "abc", "", "midterm", "final", "2025-01-31", "NaN%"]),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.just([]), st.just({}), st.just([{}]),
    st.just([{"name": "a", "v": D(1)}]), st.just(D("Infinity")), st.just(D("-0")), st.just(D("20.000")),
)


@functools.cache
def _policies_with_facts() -> list[tuple[swrules.Policy, list[dict[str, Any]]]]:
    out = []
    for path in LOADABLE:
        policy = swrules.load_policy(path)
        out.append((policy, _fact_sets(path, policy)))
    return out


def _put(facts: Any, rng: random.Random, value: Any) -> None:
    """Put `value` at a random place in the nested mapping: a fact, a record's field, a new key, a whole part."""
    where = facts
    while True:
        keys = sorted(where) + ["typo_key"] if isinstance(where, dict) else list(range(len(where)))
        if not keys:
            return
        key = rng.choice(keys)
        inner = where[key] if key != "typo_key" else None
        if isinstance(inner, (dict, list)) and inner and rng.random() < 0.7:
            where = inner
            continue
        where[key] = value
        return


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), value=ODD_VALUES)
def test_fast_reader_of_every_policy_accepts_only_what_its_schema_accepts_and_reads_it_alike(
        seed: int, value: Any) -> None:
    rng = random.Random(seed)
    policy, fact_sets = rng.choice(_policies_with_facts())
    facts = copy.deepcopy(rng.choice(fact_sets))
    if rng.random() < 0.9:
        _put(facts, rng, value)
    fast = compile_reader(policy.checked)(facts)
    try:
        slow = policy.schema.validate(facts, "<facts>")
    except swrules.FactsError:
        assert fast is None, "the fast reader accepted facts the schema rejects"
        return
    if fast is not None:
        assert repr(fast) == repr(slow)


def test_fast_reader_takes_the_plainly_valid_stations_of_every_policy() -> None:
    taken = 0
    for policy, fact_sets in _policies_with_facts():
        read = compile_reader(policy.checked)
        for facts in fact_sets:
            try:
                slow = policy.schema.validate(facts, "<facts>")
            except swrules.FactsError:
                assert read(facts) is None
                continue
            fast = read(facts)
            if fast is not None:
                taken += 1
                assert repr(fast) == repr(slow)
    assert taken > 50


EDGE_VALUES = [None, True, 0, 1, 85, -1, D(0), D("-0"), D("0.5"), D(1), D("1.0000"), D("1.5"), D(100), D(101),
               D("NaN"), D("Infinity"), "", "85%", "midterm", "2025-01-31", dt.date(2025, 1, 31), [], {}, [{}]]


def _places(facts: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a fact mapping: sections, facts, lists, records and their fields, and a stray key."""
    out = [path + ("typo_key",)] if isinstance(facts, dict) else []
    items = facts.items() if isinstance(facts, dict) else enumerate(facts) if isinstance(facts, list) else ()
    for key, value in items:
        out.append(path + (key,))
        out.extend(_places(value, path + (key,)))
    return out


def test_fast_reader_gives_way_to_the_schema_at_every_place_for_every_edge_value() -> None:
    # Deterministic and exhaustive where the property above samples: each edge value at each place.
    for policy, fact_sets in _policies_with_facts():
        read = compile_reader(policy.checked)
        for base in fact_sets[:1]:
            for place in _places(base):
                where = base
                for key in place[:-1]:
                    where = where[key]
                present = where.get(place[-1]) if isinstance(where, dict) else where[place[-1]]
                longer = [present * 5] if isinstance(present, list) and present else []  # more records than allowed
                for value in EDGE_VALUES + longer:
                    facts = copy.deepcopy(base)
                    where = facts
                    for key in place[:-1]:
                        where = where[key]
                    where[place[-1]] = value
                    fast = read(facts)
                    try:
                        slow = policy.schema.validate(facts, "<facts>")
                    except swrules.FactsError:
                        assert fast is None, (place, value)
                        continue
                    if fast is not None:
                        assert repr(fast) == repr(slow), (place, value)


def test_a_policy_whose_title_holds_control_characters_loads_and_evaluates(tmp_path: Path) -> None:
    # The title names the generated code for tracebacks; `compile` refuses a NUL in a name.
    text = (ROOT / "policies" / "guangzhou" / "station-evaluation.swr").read_text(encoding="utf-8")
    path = tmp_path / "p.swr"
    title = "广州\x00\t评估"
    path.write_text(text.replace('policy "广州市社工站购买服务项目评估"', f'policy "{title}"', 1), encoding="utf-8")
    policy = swrules.load_policy(path)
    assert policy.title == title
    assert assert_same(policy, station())
