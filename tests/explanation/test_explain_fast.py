"""The explanation builder that works out per policy what does not depend on the station
(`explanation/reading.py`, the rule plans and the explanations kept by their values in
`explanation/build.py`) gives exactly what the builder before it gave (`reference_build.py`,
which writes everything for every station): the same JSON, the same text in both
languages, the same models digit for digit; and what it keeps between stations is never
used for a station it does not fit."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from decimal import Decimal as D
from decimal import InvalidOperation, localcontext
from pathlib import Path
from typing import Any

import pytest
import reference_build
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base import show as show_module
from swrules.base.show import show
from swrules.base.values import DIVISION_BY_ZERO, MISSING, NO_RECORDS, NOT_APPLICABLE
from swrules.explanation import build, keys
from swrules.explanation.names import policy_words
from swrules.explanation.text import render_explanation

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def assert_same(result: swrules.Result) -> None:
    """The explanation of `result` is the reference builder's, in every output and every digit."""
    fast, slow = swrules.explain(result), reference_build.explain(result)
    assert repr(fast) == repr(slow)  # repr: 9.40 and 9.4 are equal decimals, not the same digits
    assert fast.to_dict() == slow.to_dict()
    for lang in ("zh", "en"):
        assert render_explanation(result, fast, lang) == render_explanation(result, slow, lang)
    if fast.rules:
        target = [fast.rules[-1].id]
        assert repr(fast.select(target).to_dict()) == repr(slow.select(target).to_dict())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 4))
def test_generated_stations_explained_as_before(guangzhou: swrules.Policy, seed: int, count: int) -> None:
    rng = random.Random(seed)
    with swrules.evaluating():
        for i in range(count):  # several in a row: what one station leaves behind must not reach the next
            assert_same(guangzhou.evaluate(stations.station(rng, i), explain=True))


def test_a_corpus_of_stations_explained_as_before(guangzhou: swrules.Policy) -> None:
    with swrules.evaluating():
        for facts in stations.stations(150, seed=17):
            assert_same(guangzhou.evaluate(facts, explain=True))


def _example_cases() -> Iterator[tuple[Path, Path]]:
    """Every policy in the repository with every fact file beside it (its tests, the examples)."""
    for policy in sorted((ROOT / "policies").rglob("*.swr")):
        folder = policy.parent
        files = sorted(p for p in folder.rglob("*") if p.suffix in (".toml", ".json") and "facts" in p.parts)
        if policy.parent.name == "guangzhou":
            examples = ROOT / "examples"
            files += [*sorted((examples / "stations").iterdir()), examples / "luopu-midterm-2025.toml"]
        for facts in files:
            yield policy, facts


def test_every_example_policy_and_station_explained_as_before() -> None:
    done = 0
    with swrules.evaluating():
        for policy_path, facts_path in _example_cases():
            policy = swrules.load_policy(policy_path)
            try:
                facts = swrules.read_fact_file(facts_path)[0]
                result = policy.evaluate(facts, explain=True)
            except swrules.SwrulesError:
                continue  # a fact file written for another phase or version of the scheme
            assert_same(result)
            done += 1
    assert done >= 25


def test_a_kept_explanation_is_not_used_once_a_value_changes(guangzhou: swrules.Policy) -> None:
    base = next(f for f in stations.stations(20, seed=3) if "serious_violation" in f.get("compliance", {}))
    flags = base["compliance"]
    flipped = {**base, "compliance": {**flags, "serious_violation": not flags["serious_violation"]}}
    with swrules.evaluating():
        for facts in (base, flipped, base, flipped):
            result = guangzhou.evaluate(facts, explain=True)
            assert_same(result)
            veto = swrules.explain(result).rule("严重违法违规")
            assert veto.value is facts["compliance"]["serious_violation"]


def test_what_is_kept_stays_bounded(guangzhou: swrules.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "_KEEP_EXPLAINED", 5)
    kept = policy_words(guangzhou.checked).explained
    kept.clear()
    with swrules.evaluating():
        for facts in stations.stations(30, seed=23):
            assert_same(guangzhou.evaluate(facts, explain=True))
            assert len(kept) <= 5


DECIMALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.decimals(allow_nan=False, allow_infinity=False, places=10),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([D("1"), D("1.0"), D("1.00"), D("-0"), D("0E-7"), D("1E+3"), D("0.123456789012"),
                     D("12345678901234567890.5"), D("0.85")]),
)


@given(value=DECIMALS, percent=st.booleans(), exact=st.booleans(), places=st.none() | st.integers(-2, 8),
       lang=st.sampled_from(["zh", "en"]))
def test_show_remembers_only_what_it_would_write_again(value: D, percent: bool, exact: bool, places: int | None,
                                                       lang: str) -> None:
    try:
        fresh = show_module._show(value, lang, percent, exact, places)
    except InvalidOperation:  # padding beyond the context's digits: an error, never remembered
        with pytest.raises(InvalidOperation):
            show(value, lang, percent, exact=exact, places=places)
        return
    assert show(value, lang, percent, exact=exact, places=places) == fresh
    assert show(value, lang, percent, exact=exact, places=places) == fresh  # the second time, remembered
    if not value.is_finite():
        return
    for same_value in (value.normalize(), value + D("0.000")):  # equal decimals with other digits read as written
        try:
            expected = show_module._show(same_value, lang, percent, exact, places)
        except InvalidOperation:
            continue
        assert show(same_value, lang, percent, exact=exact, places=places) == expected


def test_show_does_not_carry_a_context_over() -> None:
    long_value = D("1234567890.1234567890123456789")  # too long to be remembered: rounding depends on the context
    with localcontext() as ctx:
        ctx.prec = 34
        wide = show(long_value, "zh", True, exact=True)
    with localcontext() as ctx:
        ctx.prec = 28
        narrow = show(long_value, "zh", True, exact=True)
        assert narrow == show_module._show(long_value, "zh", True, True, None)
    assert wide == "123456789012.34567890123456789%"
    for value in (D("0.5"), D("0.50"), D("12.3")):  # short ones: the same in every context
        with localcontext() as ctx:
            ctx.prec = 28
            first: Any = show(value, "en", True, places=2)
        with localcontext() as ctx:
            ctx.prec = 34
            assert show(value, "en", True, places=2) == first == show_module._show(value, "en", True, False, 2)


_OTHER = D("-98765.4321")  # a value no station has


def _slot_keys_refine_rule_keys(results: list[swrules.Result]) -> int:
    """A kept explanation's key read by slot (`build.slot_key`) tells apart every two lines its reference,
    the key read from the rule's built line (`build.rule_key`), tells apart; and a line built alone
    (`build._Lines`) is the one `Result.rules` holds. Gives how many rules were keyed by slot."""
    from swrules.engine.deferred import slot_source

    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    by_slot = 0
    for result in results:
        assert result.trace is not None
        source = slot_source(result)
        assert source is not None
        env, parts, _ = source
        checked = result.trace.policy
        phase = repr(result.phase)
        lines = build._Lines(source, checked.rules_by_name)
        for rule in checked.rules:
            if rule.kind not in build._SAME_FOR_SAME_VALUES:
                continue
            events = result.trace.events.get(rule.slot, [])
            key = build.slot_key(rule, phase, parts.tables[rule.slot], env)
            line = lines[rule.name]
            if key is not None:
                by_slot += 1
                # Every slot its line is made of tells keys apart: the value and each read's value.
                table = parts.tables[rule.slot]
                for slot in (table.slot, *(r[2] for r in table.reads)):
                    changed = [*env]
                    changed[slot] = _OTHER
                    assert build.slot_key(rule, phase, table, changed) != key
                # and so do its events: the same reads leave the same trace (`keys.slot_key`).
                key = (id(checked), *key)  # the explanations kept are the policy's own
                assert seen.setdefault(key, build.rule_key(rule, phase, line, events)) == \
                    build.rule_key(rule, phase, line, events)
        assert {rr.id: rr for rr in result.rules} == {rr.id: lines[rr.id] for rr in result.rules}
    return by_slot


def test_a_rule_read_by_slot_is_kept_under_a_key_as_fine_as_its_lines(guangzhou: swrules.Policy) -> None:
    with swrules.evaluating():
        results = [guangzhou.evaluate(facts, explain=True) for facts in stations.stations(150, seed=29)]
        assert _slot_keys_refine_rule_keys(results) > 1000
        examples: list[swrules.Result] = []
        for policy_path, facts_path in _example_cases():
            policy = swrules.load_policy(policy_path)
            try:
                facts = swrules.read_fact_file(facts_path)[0]
                examples.append(policy.evaluate(facts, explain=True))
            except swrules.SwrulesError:
                continue  # a fact file written for another phase or version of the scheme
        assert _slot_keys_refine_rule_keys(examples) > 100


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_rules_read_by_slot_keyed_as_fine_as_their_lines(guangzhou: swrules.Policy, seed: int) -> None:
    rng = random.Random(seed)
    with swrules.evaluating():
        _slot_keys_refine_rule_keys([guangzhou.evaluate(stations.station(rng, i), explain=True) for i in range(3)])


def test_a_result_built_whole_is_explained_from_its_lines(guangzhou: swrules.Policy) -> None:
    """A result with no slot list (built whole, as a plain `Result`) is explained from `Result.rules`."""
    import dataclasses

    from swrules.engine.deferred import slot_source

    with swrules.evaluating():
        for facts in stations.stations(10, seed=31):
            lazy = guangzhou.evaluate(facts, explain=True)
            whole = swrules.Result(**{f.name: getattr(lazy, f.name) for f in dataclasses.fields(swrules.Result)})
            assert slot_source(whole) is None and slot_source(lazy) is not None
            assert repr(swrules.explain(whole)) == repr(reference_build.explain(lazy))
            assert_same(lazy)


_VALUES = st.one_of(
    st.builds(lambda n, e: D(n).scaleb(-e), st.integers(-10**4, 10**4), st.integers(0, 3)),
    st.booleans(),
    st.sampled_from([MISSING, DIVISION_BY_ZERO, NO_RECORDS, NOT_APPLICABLE, None]),
    st.sampled_from(["9.4", "9.40", "1", "True", "NOT_APPLICABLE", "甲"]),
    st.integers(-2, 2),
)
_LISTS = st.lists(st.one_of(_VALUES, st.tuples(_VALUES, _VALUES)), max_size=4)


def _twin(value: Any) -> Any:
    """A value equal to `value` (as Python compares) but written otherwise, where there is one."""
    if type(value) is D:
        return value + D("0.0")  # 9.4 -> 9.40, 0 -> 0.0
    if type(value) is bool:
        return D(value)
    if type(value) is tuple:
        return tuple(_twin(v) for v in value)
    return D(value) if value in ("9.4", "1") else value


@settings(max_examples=300, deadline=None)
@given(a=_LISTS, b=_LISTS, twins=st.lists(st.booleans(), min_size=4, max_size=4))
def test_exact_keys_tell_apart_what_repr_tells_apart(a: list[Any], b: list[Any], twins: list[bool]) -> None:
    """A kept rule's values are keyed by `build.exact` instead of one `repr`: equal keys for lists of
    the same values written the same, different keys otherwise (the undetermined values being the
    shared constants, as in a result); `b` is drawn, then `a` with some values written otherwise."""
    for other in (b, [_twin(v) if t else v for v, t in zip(a, twins, strict=False)]):
        assert (keys.exact(a) == keys.exact(other)) == (repr(a) == repr(other))


def test_exact_keys_keep_digits_and_types_apart() -> None:
    pairs = [(D("9.4"), D("9.40")), (True, D(1)), (False, D(0)), ("9.4", D("9.4")), (MISSING, NO_RECORDS),
             (NOT_APPLICABLE, "NOT_APPLICABLE"), ((D("1"),), (D("1.0"),)), (None, "None"), (1, D(1)), (1, True),
             (0, False)]
    for x, y in pairs:
        assert keys.exact([x]) != keys.exact([y])
        assert keys.exact([x]) == keys.exact([x])


def test_parameters_found_by_identity_are_what_their_keys_find(guangzhou: swrules.Policy) -> None:
    """`_Explainer.rule` finds a parameter's explanation by the identities of its values first: it is the
    one its key finds (`kept`) at every station, and a value equal but written otherwise (9.40 for 9.4),
    or another phase, is not taken for the one before."""
    from swrules.engine.deferred import slot_source
    from swrules.explanation.plans import rule_plans

    found = 0
    with swrules.evaluating():
        for facts in stations.stations(60, seed=53):
            result = guangzhou.evaluate(facts, explain=True)
            assert result.trace is not None
            explainer = build._Explainer(result.trace.policy, result)
            for plan in rule_plans(explainer.names):
                if plan.kept and not result.trace.events.get(plan.slot):
                    found += 1
                    assert repr(explainer.rule(plan, [])) == repr(explainer.kept(plan, []))
        assert found > 300
        result = guangzhou.evaluate(stations.stations(1, seed=53)[0], explain=True)
        swrules.explain(result)  # its parameters' explanations are now the last ones kept
        source = slot_source(result)
        assert source is not None
        env = source[0]
        assert result.trace is not None
        params = [r for r in result.trace.policy.rules if r.kind.value == "param" and type(env[r.slot]) is D
                  and not result.trace.events.get(r.slot)]
        assert params
        for rule in params:
            env[rule.slot] = env[rule.slot] + D("0.0")  # the same number, one more place
        explained = {r.id: r for r in swrules.explain(result).rules}
        for rule in params:
            assert repr(explained[rule.name].value) == repr(env[rule.slot])
            assert explained[rule.name].value == env[rule.slot]
