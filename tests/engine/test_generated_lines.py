"""The generated builders of a result's lines (`engine.lines`) give what the Assembler's own methods give.

A summary read builds the result's eager part (the generated head), the vetoes, the
findings and the indicator lines with code generated per policy;
`Assembler.plain_head`, `check`, `findings_of` and `indicators_of` stay as the plain
reference. Compared here repr for repr (Decimal digits, which unknown, the order of
every line and of every read), with the Reads kept for the per-rule lines, on every
policy in the repository with its test cases and fact files, on generated stations,
on stations with facts taken away (undetermined checks, missing facts, absent record
fields), and on any fact mapping hypothesis makes from the Guangzhou declarations. The
missing-facts list, picked from lines made once per policy, is compared with the list
built the plain way.
"""

from __future__ import annotations

import copy
import json
import pickle
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import station
from hypothesis import HealthCheck, given, settings

import swrules
from swrules.base.values import MISSING, Unknown
from swrules.engine.deferred import PRIVATE, LazyResult
from swrules.engine.result import Check, Fields, IndicatorLine, MissingFact, Reads

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "compile"))
sys.path.insert(0, str(ROOT / "tests" / "facts"))
import stations  # noqa: E402
from test_compiled_plan import LOADABLE, _fact_sets  # noqa: E402
from test_properties import POLICY as GUANGZHOU_POLICY  # noqa: E402
from test_properties import fact_mappings  # noqa: E402


def _env(policy: swrules.Policy, facts: dict[str, Any]) -> list[Any] | None:
    try:
        env = policy._validate(facts, "<facts>")
    except swrules.FactsError:
        return None
    policy.plan.run(env)
    return env


def _missing_the_plain_way(policy: swrules.Policy, env: list[Any]) -> tuple[MissingFact, ...]:
    a = policy._assembler
    out = [MissingFact(*row) for s, row in a.missing_facts if env[s] is MISSING]
    seen = {m.key for m in out}
    for t in a.rule_tables:
        for s, name, key in t.missing[1]:
            label = a._record_field_label(s, name)
            records = env[s]
            if type(records) is Unknown:
                continue
            for i, rec in enumerate(records):
                k = f"{key}[{i}].{name}"
                if name not in rec and k not in seen:
                    seen.add(k)
                    out.append(MissingFact(k, label or k, True))
    return tuple(out)


def assert_same_lines(policy: swrules.Policy, env: list[Any]) -> None:
    a = policy._assembler
    generated: dict[int, Any] = {}
    plain: dict[int, Any] = {}
    vetoes, findings = a.lines.vetoes(env, generated), a.lines.findings(env, generated)
    assert_same_checks(vetoes, tuple([a.check(t, env, "hit", plain) for t in a.vetoes]), generated)
    assert_same_checks(findings, a.findings_of(env, plain), generated)
    assert repr(vetoes) == repr(tuple([a.check(t, env, "hit", {}) for t in a.vetoes]))
    assert repr(a.lines.findings(env, {})) == repr(a.findings_of(env, {}))
    assert repr(a.lines.indicators(env)) == repr(a.indicators_of(env))
    assert_same_indicator_lines(a.lines.indicators(env), a.indicators_of(env))
    # The Reads the per-rule lines share: every check's, once read, in the same order of rules.
    assert repr(sorted(generated.items())) == repr(sorted(plain.items()))
    assert repr(a.missing_facts_of(env)) == repr(_missing_the_plain_way(policy, env))
    assert_same_head(policy, env)


def assert_same_indicator_lines(generated: tuple[IndicatorLine, ...], plain: tuple[IndicatorLine, ...]) -> None:
    """Indicator lines whose `fields` are made when read (`Fields`) against the reference's plain tuples: equal,
    same hash, repr, `to_dict` and JSON, iterated, indexed, unpacked, pickled (as the plain tuple) and copied;
    each line's fields read first in a different way, none read before."""
    assert len(generated) == len(plain)
    for n, (g, r) in enumerate(zip(generated, plain, strict=True)):
        assert type(g.fields) is Fields and type(r.fields) is tuple
        assert not hasattr(g.fields, "_pairs")  # nothing built yet
        first = n % 4
        if first == 0:
            assert g.to_dict() == r.to_dict()
        elif first == 1:
            assert hash(g) == hash(r)
        elif first == 2:
            assert pickle.loads(pickle.dumps(g)) == r
        else:
            assert list(g.fields) == list(r.fields)
        assert g == r and r == g and (g != r) is False and hash(g) == hash(r) and repr(g) == repr(r)
        assert g.fields == r.fields and r.fields == g.fields and (g.fields != r.fields) is False
        assert g.to_dict() == r.to_dict()
        assert json.dumps(g.to_dict(), default=str) == json.dumps(r.to_dict(), default=str)
        assert tuple(g.fields) == r.fields and len(g.fields) == len(r.fields) and dict(g.fields) == dict(r.fields)
        assert [g.fields[i] for i in range(len(r.fields))] == list(r.fields) and g.fields[1:] == r.fields[1:]
        assert all(pair in g.fields for pair in r.fields)
        back = pickle.loads(pickle.dumps(g))
        assert back == r and type(back.fields) is tuple and repr(back) == repr(r)
        assert copy.deepcopy(g) == r and g._asdict() == r._asdict() and tuple(g) == tuple(r)
        assert g.fields.pairs() is g.fields.pairs()  # read once, kept
    for n, g in enumerate(generated):  # and unequal where the reference's lines are
        for m in (n - 1, n + 1):
            if 0 <= m < len(plain):
                assert (g.fields == plain[m].fields) is (plain[n].fields == plain[m].fields)
                assert (g.fields != plain[m].fields) is (plain[n].fields != plain[m].fields)


def assert_same_checks(generated: tuple[Check, ...], plain: tuple[Check, ...], shared: dict[int, Any]) -> None:
    """Vetoes or findings whose `reads` are made when read (`Reads`) or picked whole, against the reference's
    plain tuples: equal, same hash, repr, `to_dict` and JSON, iterated, indexed, pickled (as the plain tuple)
    and copied; each check's reads read first in a different way, none made before; once made, the very
    tuple the result keeps for the rule's own line."""
    assert len(generated) == len(plain)
    lazy = [g for g in generated if type(g.reads) is Reads]
    assert all(not hasattr(g.reads, "_reads") for g in lazy)  # nothing made yet
    for n, (g, r) in enumerate(zip(generated, plain, strict=True)):
        assert type(r.reads) is tuple
        first = n % 5
        if first == 0:
            assert g.to_dict() == r.to_dict()
        elif first == 1:
            assert hash(g) == hash(r)
        elif first == 2:
            assert pickle.loads(pickle.dumps(g)) == r
        elif first == 3:
            assert bool(g.reads) is bool(r.reads) and len(g.reads) == len(r.reads)
        else:
            assert list(g.reads) == list(r.reads)
        assert g == r and r == g and (g != r) is False and hash(g) == hash(r) and repr(g) == repr(r)
        assert g.reads == r.reads and r.reads == g.reads and (g.reads != r.reads) is False
        assert g.to_dict() == r.to_dict()
        assert json.dumps(g.to_dict(), default=str) == json.dumps(r.to_dict(), default=str)
        assert tuple(g.reads) == r.reads and len(g.reads) == len(r.reads) and bool(g.reads) is bool(r.reads)
        assert [g.reads[i] for i in range(len(r.reads))] == list(r.reads) and g.reads[1:] == r.reads[1:]
        assert all(read in g.reads for read in r.reads) and all(g.reads.index(x) == r.reads.index(x) for x in r.reads)
        back = pickle.loads(pickle.dumps(g))
        assert back == r and type(back.reads) is tuple and repr(back) == repr(r)
        assert copy.deepcopy(g) == r and g._asdict() == r._asdict() and tuple(g) == tuple(r)
        if type(g.reads) is Reads:
            assert g.reads.made() is g.reads.made()  # made once, kept
            assert shared[g.reads._rule[0]] is g.reads.made()  # and kept for the rule's line
    for n, g in enumerate(generated):  # and unequal where the reference's checks are
        for m in (n - 1, n + 1):
            if 0 <= m < len(plain):
                assert (g.reads == plain[m].reads) is (plain[n].reads == plain[m].reads)
                assert (g.reads != plain[m].reads) is (plain[n].reads != plain[m].reads)
                assert (g == plain[m]) is (plain[n] == plain[m])


def assert_same_head(policy: swrules.Policy, env: list[Any]) -> None:
    """The generated head's result: the plain reference's dict, key for key in the same order, repr for repr,
    plus what builds the deferred parts; those parts equal to the lines built the plain way."""
    a = policy._assembler
    trace = object()
    result = a.lines.head(env, "f.toml", "abc", trace)
    assert type(result) is LazyResult
    d = dict(vars(result))
    assert d.pop("_env") is env and d.pop("_parts") is a and d.pop("_shared") == {}
    assert list(d) == list(a.plain_head(env, "f.toml", "abc", trace))
    assert repr(d) == repr(a.plain_head(env, "f.toml", "abc", trace))
    assert d["trace"] is trace
    plain: dict[int, Any] = {}
    assert repr(result.vetoes) == repr(tuple([a.check(t, env, "hit", plain) for t in a.vetoes]))
    assert repr(result.findings) == repr(a.findings_of(env, plain))
    assert repr(result.indicators) == repr(a.indicators_of(env))
    assert repr(result.rules) == repr(a.rules(env, plain))
    assert repr(result.veto_statuses) == repr(tuple((v.id, v.status) for v in result.vetoes))  # type: ignore[attr-defined]
    assert not set(PRIVATE) & set(result.__getstate__())


@pytest.mark.parametrize("path", LOADABLE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_policy_builds_the_same_lines_both_ways(path: Path) -> None:
    policy = swrules.load_policy(path)
    with swrules.evaluating():
        for facts in _fact_sets(path, policy):
            env = _env(policy, facts)
            if env is not None:
                assert_same_lines(policy, env)
        # Nothing known at all: every check undetermined, every fact missing.
        assert_same_lines(policy, [MISSING] * policy.checked.n_slots)


def _thinned(facts: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The station with some facts, record fields and whole parts taken away."""
    out: dict[str, Any] = {}
    for section, value in facts.items():
        if rng.random() < 0.1:
            continue
        if isinstance(value, dict):
            out[section] = {k: v for k, v in value.items() if rng.random() < 0.8 or k == "service_quality"}
        elif isinstance(value, list):
            out[section] = [{k: v for k, v in rec.items() if k == "name" or rng.random() < 0.8} for rec in value]
        else:
            out[section] = value
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_and_thinned_stations_build_the_same_lines_both_ways(guangzhou: swrules.Policy,
                                                                       seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    with swrules.evaluating():
        for facts in [station(), *stations.stations(60, seed=seed)]:
            for candidate in (facts, _thinned(facts, rng), _thinned(facts, rng)):
                env = _env(guangzhou, candidate)
                if env is not None:
                    assert_same_lines(guangzhou, env)
                    checked += 1
    assert checked > 120


def test_a_result_read_gives_the_generated_lines(guangzhou: swrules.Policy) -> None:
    # The result's deferred parts come from the generated builders, and are what the reference builds.
    facts = stations.stations(1, seed=4)[0]
    result = guangzhou.evaluate(facts)
    a = guangzhou._assembler
    with swrules.evaluating():
        env = _env(guangzhou, facts)
        assert env is not None
        assert result.vetoes == tuple([a.check(t, env, "hit", {}) for t in a.vetoes])
        assert result.findings == a.findings_of(env, {})
        assert result.indicators == a.indicators_of(env)


def test_a_summary_read_builds_no_indicator_fields_and_no_reads(guangzhou: swrules.Policy) -> None:
    # What `bench/run.py` reads of a result: each indicator line's value, not its fields; each check's status,
    # not its reads.
    from run import _read_summary
    with swrules.evaluating():
        for facts in stations.stations(5, seed=5):
            result = guangzhou.evaluate(facts)
            _read_summary(result)
            assert result.indicators
            assert all(type(i.fields) is Fields and not hasattr(i.fields, "_pairs") for i in result.indicators)
            assert result.indicators == guangzhou._assembler.indicators_of(result._env)  # type: ignore[attr-defined]
            lazy = [c.reads for c in (*result.vetoes, *result.findings) if type(c.reads) is Reads]
            assert len(lazy) >= 7 and not any(hasattr(r, "_reads") for r in lazy)
            assert not set(result._shared) & {r._rule[0] for r in lazy}  # type: ignore[attr-defined]


def test_a_rule_line_shares_the_reads_of_its_check(guangzhou: swrules.Policy) -> None:
    # Read first, a check's Reads are the rule line's; a rule line built before its check's reads were read
    # makes its own, equal; either way every line is the reference's.
    a = guangzhou._assembler
    with swrules.evaluating():
        for facts in stations.stations(4, seed=6):
            for reads_first in (True, False):
                result = guangzhou.evaluate(facts)
                checks = (*result.vetoes, *result.findings)
                if reads_first:
                    for c in checks:
                        tuple(c.reads)
                rules = {r.id: r for r in result.rules}
                for c in checks:
                    assert rules[c.id].reads == c.reads
                    if type(c.reads) is Reads:
                        assert (rules[c.id].reads is c.reads.made()) is reads_first
                env = result._env  # type: ignore[attr-defined]
                assert repr(result.rules) == repr(a.rules(env, {}))
                assert repr(result.vetoes) == repr(tuple([a.check(t, env, "hit", {}) for t in a.vetoes]))
                assert repr(result.findings) == repr(a.findings_of(env, {}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_mappings(GUANGZHOU_POLICY))
def test_any_fact_mapping_builds_the_same_lines_and_head_both_ways(facts: dict[str, Any]) -> None:
    with swrules.evaluating():
        env = _env(GUANGZHOU_POLICY, facts)
        if env is not None:
            assert_same_lines(GUANGZHOU_POLICY, env)
