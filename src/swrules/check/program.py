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
        if isinstance(rule.decl, A.Define) and rule.decl.output:
            continue  # an output is used by being shown; what it reads is used through it
        if rule.kind in (RuleKind.PARAM, RuleKind.DEFINE) and rule.slot not in c.used:
            c.diags.append(Diagnostic("W0203", {"name": rule.name}, rule.span))


# ---------------------------------------------------------------- divisions


def check_divisions(c: Context, ranges: Ranges) -> None:
    """Warn about a division whose divisor can be zero and whose result for zero is unstated,
    unless a condition it is evaluated under excludes zero (`if b > 0 then a / b else 0`,
    `if b = 0 then 0 else a / b`, `not applicable when b = 0`)."""
    for e, conditions in c.divisions:
        if any(_excludes_zero(test, holds, e.right) for test, holds in conditions):
            continue
        if ranges.interval(e.right).contains_zero():
            c.diags.append(Diagnostic("W0703", {"divisor": e.right.span.text if e.right.span else ""}, e.right.span))


_NEGATED = {A.CmpOp.EQ: A.CmpOp.NE, A.CmpOp.NE: A.CmpOp.EQ, A.CmpOp.LT: A.CmpOp.GE,
            A.CmpOp.GE: A.CmpOp.LT, A.CmpOp.GT: A.CmpOp.LE, A.CmpOp.LE: A.CmpOp.GT}
_MIRRORED = {A.CmpOp.EQ: A.CmpOp.EQ, A.CmpOp.NE: A.CmpOp.NE, A.CmpOp.LT: A.CmpOp.GT,
             A.CmpOp.GT: A.CmpOp.LT, A.CmpOp.LE: A.CmpOp.GE, A.CmpOp.GE: A.CmpOp.LE}


def _excludes_zero(test: ir.Expr, holds: bool, divisor: ir.Expr) -> bool:
    """Does `test` evaluating to `holds` imply that `divisor` is not zero?"""
    if isinstance(test, ir.Not):
        return _excludes_zero(test.operand, not holds, divisor)
    if isinstance(test, ir.Logical):
        either = (test.op is A.LogicOp.AND) == holds  # a true `and`, a false `or`: each side holds
        left = _excludes_zero(test.left, holds, divisor)
        right = _excludes_zero(test.right, holds, divisor)
        return (left or right) if either else (left and right)
    if not isinstance(test, ir.Compare):
        return False
    op = test.op if holds else _NEGATED[test.op]
    if _alike(test.left, divisor) and isinstance(test.right, ir.Number):
        bound = test.right.value
    elif _alike(test.right, divisor) and isinstance(test.left, ir.Number):
        op, bound = _MIRRORED[op], test.left.value
    else:
        return False
    return {A.CmpOp.EQ: bound != 0, A.CmpOp.NE: bound == 0, A.CmpOp.GT: bound >= 0, A.CmpOp.GE: bound > 0,
            A.CmpOp.LT: bound <= 0, A.CmpOp.LE: bound < 0}[op]


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
