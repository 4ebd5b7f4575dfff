"""Coverage of a policy by its test cases: the rules, grade bands, band edges and veto
thresholds (per phase) that no case reaches.

Input: a policy and the `Outcome`s of its cases (`policy_tests`). Output: `Coverage`, and
the `Boundary`s the boundary-case generator writes cases for. A case whose evaluation
ended in an error reaches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from swrules.base.diagnostics import SwrulesError
from swrules.base.values import Unknown
from swrules.check import ir
from swrules.check.bands import contains
from swrules.check.ir import BindingKind, RuleKind
from swrules.engine.policy import Policy
from swrules.engine.result import Result

from .policy_tests import Case, Outcome, _merge, number


@dataclass(frozen=True, slots=True)
class Boundary:
    """A band edge or a veto threshold, in one phase, that a case should sit exactly on."""

    kind: str  # "band" or "veto"
    phase: str | None
    name: str  # the band or the veto
    fact: str = ""  # veto: the fact compared
    op: str = ""  # veto: the comparison as written
    value: Decimal | None = None  # band: the edge; veto: the threshold when known
    threshold: str = ""  # veto: the threshold as written (a parameter or a number)


@dataclass(slots=True)
class Coverage:
    policy: Policy
    cases: int
    unreached_rules: list[str]
    unreached_bands: list[str]
    boundaries: list[Boundary]
    unreached_boundaries: list[Boundary]

    @property
    def complete(self) -> bool:
        return self.cases > 0 and not (self.unreached_rules or self.unreached_bands or self.unreached_boundaries)


# ---------------------------------------------------------------- coverage

def boundaries(policy: Policy) -> list[Boundary]:
    """Every band edge and every veto threshold, once per phase."""
    c = policy.checked
    phases: list[str | None] = [p.name for p in c.phases.phases] if c.phases is not None else [None]
    edges: dict[Decimal, str] = {}
    for band in c.grades.bands:
        if band.low is not None:
            edges.setdefault(band.low, band.name)
    for band in c.grades.bands:
        if band.high is not None:
            edges.setdefault(band.high, band.name)
    out = [Boundary("band", ph, name, value=value) for ph in phases for value, name in sorted(edges.items())]
    for rule in c.rules:
        if rule.kind is RuleKind.VETO:
            assert isinstance(rule.decl, ir.Veto)
            for fact, op, threshold in _thresholds(policy, rule.decl.when):
                out.extend(Boundary("veto", ph, rule.name, fact, op, threshold=threshold) for ph in phases)
    return out


def _thresholds(policy: Policy, e: ir.Expr) -> Iterator[tuple[str, str, str]]:
    """Comparisons of a numeric fact with a parameter or a number: (fact key, operator, threshold text)."""
    if isinstance(e, ir.Compare):
        sides = (e.left, e.right)
        for fact_side, other in (sides, sides[::-1]):
            b = fact_side.binding if isinstance(fact_side, ir.Ref) else None
            if b is None or b.kind is not BindingKind.FACT or not b.ty.numeric:
                continue
            ob = other.binding if isinstance(other, ir.Ref) else None
            if isinstance(other, ir.Number) or (ob is not None and ob.kind is BindingKind.RULE):
                op = e.op.value if fact_side is e.left else _FLIP[e.op.value]
                text = other.span.text if other.span is not None else str(getattr(other, "value", ""))
                yield fact_side.dotted, op, text  # type: ignore[union-attr]
    elif isinstance(e, (ir.Logical,)):
        yield from _thresholds(policy, e.left)
        yield from _thresholds(policy, e.right)
    elif isinstance(e, ir.Not):
        yield from _thresholds(policy, e.operand)
    elif isinstance(e, ir.Cond):  # `if known(x) then x >= 5 else …`: the thresholds of either branch
        yield from _thresholds(policy, e.then)
        yield from _thresholds(policy, e.otherwise)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def threshold_value(policy: Policy, env: list[Any], boundary: Boundary) -> Decimal | None:
    """The threshold's value in an evaluated station (a parameter may differ by phase or date)."""
    rule = policy.checked.rules_by_name.get(boundary.threshold)
    value = env[rule.slot] if rule is not None else number(boundary.threshold)
    return value if isinstance(value, Decimal) else None


def fact_value(policy: Policy, env: list[Any], key: str) -> Any:
    info = policy.checked.facts_by_key.get(key)
    return env[info.slot] if info is not None else None


def phase_of(policy: Policy, env: list[Any]) -> str | None:
    slot = policy.checked.phase_slot
    return env[slot] if slot is not None and type(env[slot]) is not Unknown else None


@dataclass(frozen=True, slots=True)
class _Evaluated:
    """A case that evaluated under the policy whose coverage is measured."""

    case: Case
    result: Result
    env: list[Any]


def reaches(policy: Policy, outcome: _Evaluated, boundary: Boundary) -> bool:
    env = outcome.env
    if boundary.phase is not None and phase_of(policy, env) != boundary.phase:
        return False
    if boundary.kind == "band":
        return isinstance(outcome.result.total, Decimal) and outcome.result.total == boundary.value
    threshold = threshold_value(policy, env, boundary)
    value = fact_value(policy, env, boundary.fact)
    return threshold is not None and isinstance(value, Decimal) and value == threshold


def _rule_reached(outcome: _Evaluated, name: str, kind: str) -> bool:
    r = outcome.result
    if kind in ("veto", "finding"):
        return any(c.id == name and c.status in ("hit", "raised") for c in (*r.vetoes, *r.findings))
    rule = next((x for x in r.rules if x.id == name), None)
    return rule is not None and rule.status == "determined"


def coverage(policy: Policy, outcomes: list[Outcome]) -> Coverage:
    mine = [_Evaluated(o.case, o.result, o.env) for o in outcomes if o.policy is policy and o.result is not None]
    rules: list[tuple[str, str]] = []
    for rule in policy.checked.rules:
        rules.append((rule.name, rule.kind.value))
        if isinstance(rule.decl, ir.Indicator):
            rules.extend((f.name, "finding") for f in rule.decl.findings)
    unreached = [name for name, kind in rules if not any(_rule_reached(o, name, kind) for o in mine)]
    bands = []
    for band in policy.checked.grades.bands:
        if not any(isinstance(o.result.total, Decimal) and contains(band, o.result.total) for o in mine):
            bands.append(band.name)
    all_bounds = boundaries(policy)
    filled = [_with_value(policy, b, mine) for b in all_bounds]
    missing = [b for b in filled if not any(reaches(policy, o, b) for o in mine)]
    return Coverage(policy, len(mine), unreached, bands, filled, missing)


def _with_value(policy: Policy, b: Boundary, outcomes: list[_Evaluated]) -> Boundary:
    """A veto threshold with its value, from a case in the same phase, or from a case
    moved to that phase when none is in it (a parameter may differ by phase)."""
    if b.kind != "veto":
        return b
    envs = (o.env for o in outcomes if b.phase is None or phase_of(policy, o.env) == b.phase)
    env = next(envs, None)
    phases = policy.checked.phases
    if env is None and outcomes and b.phase is not None and phases is not None:
        moved = _merge(outcomes[0].case.facts, _nested_key(phases.source.dotted, b.phase))
        try:
            env = policy.values(moved)
        except SwrulesError:
            env = None
    value = threshold_value(policy, env, b) if env is not None else None
    return Boundary(b.kind, b.phase, b.name, b.fact, b.op, value, b.threshold) if value is not None else b


def _nested_key(key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    table = out
    parts = key.split(".")
    for p in parts[:-1]:
        table = table.setdefault(p, {})
    table[parts[-1]] = value
    return out
