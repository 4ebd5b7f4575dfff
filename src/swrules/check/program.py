"""Program-wide checks: the order rules are evaluated in, and what only the whole
policy shows.

Input: a `check._Checker` after names and types are resolved. Output: diagnostics
appended to it (a definition that depends on itself, with its cycle named; a
parameter never used; a division by something that can be zero; each unknown name or
grade once, with its other uses as notes) and the rules in evaluation order. Nothing
here recurses over rules, so a long chain of definitions cannot exhaust the stack.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from swrules.base.diagnostics import Diagnostic
from swrules.syntax import ast as A

from .ir import Rule, RuleKind

if TYPE_CHECKING:
    from .checker import _Checker


def _also_used(name: str, spans: list[object]) -> tuple[tuple[object, str], ...]:
    return tuple((sp, f"这里也用了 `{name}` / `{name}` is also used here") for sp in spans[1:] if sp is not None)


def report_unknown_names(c: _Checker) -> None:
    """One diagnostic per unknown name, with the other places it is used as notes."""
    for name, (args, spans) in c.unknown_names.items():
        c.diags.append(Diagnostic("E0201", args, spans[0], related=_also_used(name, spans)))  # type: ignore[arg-type]


def report_unknown_grades(c: _Checker) -> None:
    """One diagnostic per unknown grade: a deleted band is one mistake, however many vetoes force it."""
    for name, spans in c.unknown_grades.items():
        args = {"name": name, "grades": "、".join(c.grade_names), "grades_en": ", ".join(c.grade_names)}
        c.diags.append(Diagnostic("E0206", args, spans[0], related=_also_used(name, spans)))  # type: ignore[arg-type]


def check_unused(c: _Checker) -> None:
    for rule in c.rules:
        if rule.name in c.suggested:
            continue  # offered as "did you mean" where it was misspelled: that is its use
        if rule.kind in (RuleKind.PARAM, RuleKind.DEFINE) and rule.slot not in c.used:
            c.diags.append(Diagnostic("W0203", {"name": rule.name}, rule.span))


# ---------------------------------------------------------------- divisions


def collect_divisions(c: _Checker, e: A.Expr, guard: A.Expr | None) -> None:
    """Every division inside an indicator's formula, with its `not applicable` guard."""
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Binary):
            if node.op is A.BinOp.DIV and node.on_zero is None:
                c.divisions.append((node, guard))
            stack.extend([node.right, node.left])
        elif isinstance(node, A.Neg):
            stack.append(node.operand)
        elif isinstance(node, A.Call):
            stack.extend(reversed(node.args))
        elif isinstance(node, A.Cond):
            stack.extend([node.otherwise, node.then])


def check_divisions(c: _Checker) -> None:
    """Warn about a division whose divisor can be zero and whose result for zero is unstated."""
    assert c.ranges is not None
    for e, guard in c.divisions:
        if guard is not None and _guards_zero(guard, e.right):
            continue
        if c.ranges.interval(e.right).contains_zero():
            c.diags.append(Diagnostic("W0703", {"divisor": e.right.span.text if e.right.span else ""}, e.right.span))


def _guards_zero(guard: A.Expr, divisor: A.Expr) -> bool:
    """Does the guard test `divisor = 0` (possibly among others joined by or)?"""
    if isinstance(guard, A.Compare) and guard.op is A.CmpOp.EQ:
        zero = A.Number(Decimal(0))
        return (guard.left == divisor and guard.right == zero) or (guard.right == divisor and guard.left == zero)
    if isinstance(guard, A.Logical) and guard.op is A.LogicOp.OR:
        return _guards_zero(guard.left, divisor) or _guards_zero(guard.right, divisor)
    return False


# ---------------------------------------------------------------- evaluation order


def toposort(c: _Checker) -> list[Rule] | None:
    """The rules in an order where each comes after those it reads, or None after
    reporting every cycle (E0701, naming each rule on it). Depth-first, with an
    explicit stack."""
    by_slot = {r.slot: r for r in c.rules}
    state: dict[int, int] = {}  # 1 on the current path, 2 done
    out: list[Rule] = []
    reported: set[frozenset[int]] = set()

    def deps(rule: Rule) -> list[int]:
        return sorted((s for s in rule.deps if s in by_slot), key=lambda s: by_slot[s].order)

    for root in c.rules:
        if root.slot in state:
            continue
        path: list[Rule] = [root]
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


def close_facts(c: _Checker, order: list[Rule]) -> None:
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
