"""Program-wide checks: the order rules are evaluated in, and what only the whole
policy shows.

Input: the checking `Context` after names and types are resolved. Output: diagnostics
appended to it (a definition that depends on itself, with its cycle named; a
parameter never used; a division by something that can be zero) and the rules in
evaluation order, each given every fact it reads through other rules. Nothing
here recurses over rules, so a long chain of definitions cannot exhaust the stack.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from decimal import Decimal

from swrules.base.diagnostics import Diagnostic
from swrules.syntax import ast as A

from . import ir
from .context import Context, RuleDraft
from .ir import RuleKind
from .ranges import Ranges


def check_unused(c: Context) -> None:
    for rule in c.rules:
        if rule.name in c.suggested:
            continue  # offered as "did you mean" where it was misspelled: that is its use
        if rule.kind in (RuleKind.PARAM, RuleKind.DEFINE) and rule.slot not in c.used:
            c.diags.append(Diagnostic("W0203", {"name": rule.name}, rule.span))


# ---------------------------------------------------------------- divisions


def check_divisions(c: Context, ranges: Ranges) -> None:
    """Warn about a division whose divisor can be zero and whose result for zero is unstated."""
    for e, guard in c.divisions:
        if guard is not None and _guards_zero(guard, e.right):
            continue
        if ranges.interval(e.right).contains_zero():
            c.diags.append(Diagnostic("W0703", {"divisor": e.right.span.text if e.right.span else ""}, e.right.span))


def _guards_zero(guard: ir.Expr, divisor: ir.Expr) -> bool:
    """Does the guard test `divisor = 0` (possibly among others joined by or)?"""
    if isinstance(guard, ir.Compare) and guard.op is A.CmpOp.EQ:
        zero = ir.Number(Decimal(0), False, ir.NUMBER)
        return (_alike(guard.left, divisor) and _alike(guard.right, zero)) or \
            (_alike(guard.right, divisor) and _alike(guard.left, zero))
    if isinstance(guard, ir.Logical) and guard.op is A.LogicOp.OR:
        return _guards_zero(guard.left, divisor) or _guards_zero(guard.right, divisor)
    return False


def _alike(x: object, y: object) -> bool:
    """Written alike: the same operators, names and literals, whatever the types and
    bindings (a divisor inside a call already reported as wrong is left unbound)."""
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(_alike(a, b) for a, b in zip(x, y, strict=True))
    if is_dataclass(x) and not isinstance(x, type):
        return type(x) is type(y) and all(_alike(getattr(x, f.name), getattr(y, f.name)) for f in fields(x)
                                          if f.compare and f.name not in ("ty", "binding"))
    return x == y


# ---------------------------------------------------------------- evaluation order


def toposort(c: Context) -> list[RuleDraft] | None:
    """The rules in an order where each comes after those it reads, or None after
    reporting every cycle (E0701, naming each rule on it). Depth-first, with an
    explicit stack."""
    by_slot = {r.slot: r for r in c.rules}
    state: dict[int, int] = {}  # 1 on the current path, 2 done
    out: list[RuleDraft] = []
    reported: set[frozenset[int]] = set()

    def deps(rule: RuleDraft) -> list[int]:
        return sorted((s for s in rule.deps if s in by_slot), key=lambda s: by_slot[s].order)

    for root in c.rules:
        if root.slot in state:
            continue
        path: list[RuleDraft] = [root]
        todo: list[list[int]] = [deps(root)]
        state[root.slot] = 1
        while path:
            if not todo[-1]:
                done = path.pop()
                todo.pop()
                state[done.slot] = 2
                out.append(done)
                continue
            dep = todo[-1].pop(0)
            if state.get(dep) == 1:
                start = next(i for i, r in enumerate(path) if r.slot == dep)
                cycle = path[start:]
                key = frozenset(r.slot for r in cycle)
                if key not in reported:
                    reported.add(key)
                    names = " → ".join([r.name for r in cycle] + [cycle[0].name])
                    c.error("E0701", cycle[0].span, name=cycle[0].name, cycle=names)
            elif dep not in state:
                state[dep] = 1
                path.append(by_slot[dep])
                todo.append(deps(by_slot[dep]))
    return None if reported else out


def close_facts(c: Context, order: list[RuleDraft]) -> None:
    """Give each rule every fact it reads, through the rules it reads (order is topological)."""
    by_slot = {r.slot: r for r in c.rules}
    for rule in order:
        d = rule.decl
        if isinstance(d, A.Param) and isinstance(d.value, A.ByPhase) and c.phase_slot is not None:
            rule.facts.add(c.phase_slot)
        if isinstance(d, A.Param) and isinstance(d.value, A.ByDate) and c.date_slot is not None:
            rule.facts.add(c.date_slot)
            if c.phase_slot is not None and any(isinstance(v.value, A.ByPhase) for v in d.value.values):
                rule.facts.add(c.phase_slot)
        rule.all_facts = set(rule.facts)
        rule.all_record_fields = set(rule.record_fields)
        for dep in rule.deps:
            rule.all_facts |= by_slot[dep].all_facts
            rule.all_record_fields |= by_slot[dep].all_record_fields
