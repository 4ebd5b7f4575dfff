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
from swrules.engine.made import Fields, Reads
from swrules.engine.result import Check, IndicatorLine, MissingFact

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


def assert_same_made(generated: tuple[Any, ...], plain: tuple[Any, ...], part: str, made: type) -> None:
    """Lines whose `part` (an indicator line's `fields`, a check's `reads`) is made when read (`made`: `Fields`,
    `Reads`) against the reference's plain tuples: equal, same hash, repr, `to_dict` and JSON, iterated,
    indexed, sliced, pickled (as the plain tuple) and copied; each line's part read first in a different way,
    none made before; unequal where the reference's neighbouring lines are."""
    assert len(generated) == len(plain)
    assert not any(hasattr(getattr(g, part), "_pairs") or hasattr(getattr(g, part), "_reads") for g in generated)
    for n, (g, r) in enumerate(zip(generated, plain, strict=True)):
        gp, rp = getattr(g, part), getattr(r, part)
        assert type(rp) is tuple
        first = n % 5
        if first == 0:
            assert g.to_dict() == r.to_dict()
        elif first == 1:
            assert hash(g) == hash(r)
        elif first == 2:
            assert pickle.loads(pickle.dumps(g)) == r
        elif first == 3:
            assert bool(gp) is bool(rp) and len(gp) == len(rp)
        else:
            assert list(gp) == list(rp)
        assert g == r and r == g and (g != r) is False and hash(g) == hash(r) and repr(g) == repr(r)
        assert gp == rp and rp == gp and (gp != rp) is False
        assert g.to_dict() == r.to_dict()
        assert json.dumps(g.to_dict(), default=str) == json.dumps(r.to_dict(), default=str)
        assert tuple(gp) == rp and len(gp) == len(rp) and bool(gp) is bool(rp)
        assert [gp[i] for i in range(len(rp))] == list(rp) and gp[1:] == rp[1:]
        assert all(x in gp for x in rp) and all(gp.index(x) == rp.index(x) and gp.count(x) == rp.count(x) for x in rp)
        back = pickle.loads(pickle.dumps(g))
        assert back == r and type(getattr(back, part)) is tuple and repr(back) == repr(r)
        assert copy.deepcopy(g) == r and g._asdict() == r._asdict() and tuple(g) == tuple(r)
        if type(gp) is made:
            assert gp.made() is gp.made()  # made once, kept
    for n, g in enumerate(generated):
        for m in (n - 1, n + 1):
            if 0 <= m < len(plain):
                gp, rp, other = getattr(g, part), getattr(plain[n], part), getattr(plain[m], part)
                assert (gp == other) is (rp == other) and (gp != other) is (rp != other)
                assert (g == plain[m]) is (plain[n] == plain[m])


def assert_same_indicator_lines(generated: tuple[IndicatorLine, ...], plain: tuple[IndicatorLine, ...]) -> None:
    """Indicator lines whose `fields` are made when read (`Fields`), every one, against the reference's."""
    assert all(type(g.fields) is Fields for g in generated)
    assert_same_made(generated, plain, "fields", Fields)
    assert all(dict(g.fields) == dict(r.fields) for g, r in zip(generated, plain, strict=True))


def assert_same_checks(generated: tuple[Check, ...], plain: tuple[Check, ...], shared: dict[int, Any]) -> None:
    """Vetoes or findings whose `reads` are made when read (`Reads`) or picked whole, against the reference's;
    once made, a check's Reads are the very tuple the result keeps for the rule's own line."""
    assert_same_made(generated, plain, "reads", Reads)
    for g in generated:
        if type(g.reads) is Reads:
            assert shared[g.reads._rule[0]] is g.reads.made()


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
