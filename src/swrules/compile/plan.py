"""Compilation: a checked policy to its evaluation plan.

Input: a `CheckedPolicy`. Output: a `Plan`: `run(env)`, one generated function that
computes every rule into the slot list (names were resolved to slots by `check`, so
evaluating a station looks nothing up by string and never walks a tree); `run_traced`,
the same computation generated from the same description (`codegen`) that also
returns what each rule read and computed, for explanations, built on first use so
that loading a policy pays for it only when something is explained; and the
`require` conditions and `reconcile` lines as functions of the slot list.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from swrules.check import ir
from swrules.check.ir import CheckedPolicy

from .codegen import RECORD_MARK, Env, generate, generate_expressions

Trace = list[tuple[Any, Any]]
Expression = Callable[[Env], Any]


class Plan:
    """The plan of one policy. Safe to share across threads: evaluation keeps its state in `env`."""

    __slots__ = ("checked", "run", "requires", "reconcile", "n_slots", "_traced", "_lock")

    def __init__(self, checked: CheckedPolicy, run: Callable[[Env], None],
                 requires: tuple[tuple[ir.Require, Expression], ...],
                 reconcile: tuple[tuple[ir.ReconcileLine, int, Expression], ...]) -> None:
        self.checked = checked
        self.run = run
        self.requires = requires
        self.reconcile = reconcile
        self.n_slots = checked.n_slots
        self._traced: Callable[[Env], dict[int, Trace]] | None = None
        self._lock = threading.Lock()

    def run_traced(self, env: Env) -> dict[int, Trace]:
        """What `run` does, returning each rule's trace by its slot: `(node, value)` for every
        subexpression but literals, children first; `(dated value, value)` for a dated parameter's
        entry in force; `(RECORD_MARK, i)` before an indicator's record i."""
        traced = self._traced
        if traced is None:
            with self._lock:
                if self._traced is None:
                    self._traced = generate(self.checked, traced=True)
                traced = self._traced
        return traced(env)


def compile_policy(checked: CheckedPolicy) -> Plan:
    tops = [req.expr for req in checked.requires] + [line.computed for line in checked.reconcile]
    fns = generate_expressions(checked, tops) if tops else []
    requires = tuple(zip(checked.requires, fns[:len(checked.requires)], strict=True))
    reconcile = tuple(
        (line, checked.facts_by_key[line.declared.dotted].slot, fn)
        for line, fn in zip(checked.reconcile, fns[len(checked.requires):], strict=True)
    )
    return Plan(checked, generate(checked, traced=False), requires, reconcile)


__all__ = ["Plan", "compile_policy", "RECORD_MARK", "Trace"]
