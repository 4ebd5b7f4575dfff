"""A decimal context changed by the caller inside `swrules.evaluating()` is never used: every figure,
and every explanation (some are kept and shared by the values a rule reads), is the engine's own."""

from __future__ import annotations

import decimal
import sys
from pathlib import Path

import swrules

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import stations  # noqa: E402

POLICY = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"


def _explained(policy: swrules.Policy, facts: dict) -> tuple[str, dict]:
    result = policy.evaluate(facts, explain=True)
    return str(result.total), swrules.explain(result).to_dict()


def test_a_context_changed_inside_evaluating_changes_no_figure_and_no_explanation() -> None:
    policy = swrules.load_policy(POLICY)
    facts = stations.stations(12, seed=7)
    plain = [_explained(policy, f) for f in facts]  # each in the engine's context, entered per call
    with swrules.evaluating():
        first = [_explained(policy, f) for f in facts]  # explanations kept here, by the values read
        ctx = decimal.getcontext()
        ctx.prec, ctx.rounding = 5, decimal.ROUND_DOWN
        ctx.traps[decimal.InvalidOperation] = False
        changed = [_explained(policy, f) for f in facts]
        assert decimal.getcontext().prec == 5  # the caller's context is left as the caller set it
    assert first == plain
    assert changed == plain
