"""Fuzzing in the suite: mutated policies and fact files give a result or a `SwrulesError`,
never anything else (no `ValueError`, `RecursionError`, `InvalidOperation`...).

The mutations are those of `bench/fuzz.py` (deletions, full-width punctuation, huge
numbers, deep nesting, NUL, invalid UTF-8, a BOM, CRLF, duplicated and swapped lines);
hypothesis picks them and shrinks a failure to a small input. Bounded to a few
seconds here; `python bench/fuzz.py --minutes 60` is the long run (docs/limits.md).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.diagnostics import SwrulesError

sys.path.insert(0, str(ROOT / "bench"))
import fuzz  # noqa: E402

GOOD = ROOT / "examples" / "stations" / "02-good.toml"
FACT_TEXTS = [GOOD.read_bytes(), (ROOT / "examples" / "luopu-midterm-2025.toml").read_bytes()]
POLICY_TEXT = GUANGZHOU.read_bytes()

mutations = st.lists(st.sampled_from(fuzz.MUTATIONS), min_size=1, max_size=4)
seeds = st.integers(min_value=0, max_value=2**32)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def _mutated(text: bytes, chosen: list[fuzz.Mutation], seed: int) -> bytes:
    rnd = random.Random(seed)
    for mutation in chosen:
        text = mutation(rnd, text)
    return text


@FAST
@given(chosen=mutations, seed=seeds, which=st.sampled_from([0, 1]), suffix=st.sampled_from([".toml", ".json"]),
       explain=st.booleans())
def test_a_mutated_fact_file_gives_a_result_or_a_swrules_error(
        tmp_path: Path, guangzhou: swrules.Policy, chosen: list[fuzz.Mutation], seed: int, which: int, suffix: str,
        explain: bool) -> None:
    text = _mutated(FACT_TEXTS[which], chosen, seed)
    try:
        fuzz.facts_case(guangzhou, text, suffix, tmp_path, explain)
    except SwrulesError:  # pragma: no cover - facts_case catches these itself
        pytest.fail("facts_case let a SwrulesError through")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(chosen=mutations, seed=seeds)
def test_a_mutated_policy_gives_a_policy_or_a_swrules_error(
        tmp_path: Path, chosen: list[fuzz.Mutation], seed: int) -> None:
    fuzz.policy_case(_mutated(POLICY_TEXT, chosen, seed), GOOD, tmp_path)


@pytest.mark.parametrize("mutation", fuzz.MUTATIONS, ids=lambda m: m.__name__)
def test_every_mutation_changes_the_text_it_is_given(mutation: fuzz.Mutation) -> None:
    rnd = random.Random(1)
    assert any(mutation(rnd, GOOD.read_bytes()) != GOOD.read_bytes() for _ in range(10))
