"""Ranges: what values an expression can take, from the bounds the facts declare.

Input: a `check._Checker` whose names are bound. Output: an `Interval` for a numeric
expression and the set of truth values a condition can take, both sound
over-approximations (an unknown fact can be anything its declaration allows). The
checker uses them to find an item that can be awarded more than its maximum by
construction, a veto or finding whose condition is constant (`x > 100` where `x`
has `max 50`), and a divisor that can be zero. Nothing is evaluated: this is
interval arithmetic on the syntax tree, bounded in depth by `syntax.MAX_DEPTH`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from swrules.syntax import ast as A

from .ir import BindingKind, RuleKind

if TYPE_CHECKING:
    from .checker import _Checker


@dataclass(frozen=True, slots=True)
class Interval:
    """Closed bounds; None is unbounded on that side."""

    lo: Decimal | None
    hi: Decimal | None

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi

    def contains_zero(self) -> bool:
        return (self.lo is None or self.lo <= 0) and (self.hi is None or self.hi >= 0)


ANY = Interval(None, None)
BOTH = frozenset({True, False})


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a + b


def _hull(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.lo is None else min(a.lo, b.lo)
    hi = None if a.hi is None or b.hi is None else max(a.hi, b.hi)
    return Interval(lo, hi)


def _mul(a: Interval, b: Interval) -> Interval:
    if None in (a.lo, a.hi, b.lo, b.hi):
        # Unbounded: keep the sign when both sides are non-negative.
        if a.lo is not None and b.lo is not None and a.lo >= 0 and b.lo >= 0:
            hi = None if a.hi is None or b.hi is None else a.hi * b.hi
            return Interval(a.lo * b.lo, hi)
        return ANY
    products = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]  # type: ignore[operator]
    return Interval(min(products), max(products))


def _div(a: Interval, b: Interval) -> Interval:
    if b.contains_zero() or b.lo is None or b.hi is None:
        return ANY
    inverse = Interval(1 / b.hi, 1 / b.lo)
    return _mul(a, inverse)


class Ranges:
    """Interval and truth analysis over one checked policy."""

    def __init__(self, checker: _Checker) -> None:
        self.c = checker
        self.fact_by_slot = {f.slot: f for f in checker.facts}
        self.rule_by_slot = {r.slot: r for r in checker.rules}
        self.visiting: set[int] = set()
        self.memo: dict[int, Interval] = {}

    # ------------------------------------------------------------ numbers
    def interval(self, e: A.Expr) -> Interval:
        match e:
            case A.Number():
                return Interval(e.value, e.value)
            case A.Ref():
                return self.ref(e)
            case A.Neg():
                r = self.interval(e.operand)
                return Interval(None if r.hi is None else -r.hi, None if r.lo is None else -r.lo)
            case A.Binary():
                left, right = self.interval(e.left), self.interval(e.right)
                if e.op is A.BinOp.ADD:
                    return Interval(_add(left.lo, right.lo), _add(left.hi, right.hi))
                if e.op is A.BinOp.SUB:
                    return Interval(_add(left.lo, None if right.hi is None else -right.hi),
                                    _add(left.hi, None if right.lo is None else -right.lo))
                if e.op is A.BinOp.MUL:
                    return _mul(left, right)
                result = _div(left, right)
                if e.on_zero is not None and right.contains_zero():
                    return ANY
                return result
            case A.Cond():
                return _hull(self.interval(e.then), self.interval(e.otherwise))
            case A.Call():
                return self.call(e)
        return ANY

    def call(self, e: A.Call) -> Interval:
        if e.func == "round" and e.args:
            return self.interval(e.args[0])
        if e.func in ("mean", "min", "max") and len(e.args) == 1:
            return self.interval(e.args[0])
        if e.func in ("min", "max") and len(e.args) >= 2:
            parts = [self.interval(a) for a in e.args]
            pick = min if e.func == "min" else max
            los = [p.lo for p in parts]
            his = [p.hi for p in parts]
            if e.func == "min":
                lo = None if None in los else pick(los)  # type: ignore[type-var]
                known_his = [h for h in his if h is not None]
                hi = min(known_his) if known_his else None
            else:
                known_los = [lo_ for lo_ in los if lo_ is not None]
                lo = max(known_los) if known_los else None
                hi = None if None in his else pick(his)  # type: ignore[type-var]
            return Interval(lo, hi)
        if e.func == "abs" and e.args:
            r = self.interval(e.args[0])
            if r.lo is not None and r.lo >= 0:
                return r
            hi = None if r.lo is None or r.hi is None else max(-r.lo, r.hi)
            return Interval(Decimal(0), hi)
        if e.func == "count":
            return Interval(Decimal(0), None)
        return ANY

    def ref(self, e: A.Ref) -> Interval:
        binding = self.c.bindings.get(id(e))
        if binding is None:
            return ANY
        if binding.kind in (BindingKind.FACT, BindingKind.PROJECTION):
            info = self.fact_by_slot.get(binding.slot)
            if info is None:
                return ANY
            decl: object = info.decl
            if binding.kind is BindingKind.PROJECTION and isinstance(decl, A.RecordsField):
                decl = next((f for f in decl.fields if f.name == binding.field_name), None)
            if isinstance(decl, A.FactField):
                return Interval(decl.minimum, decl.maximum)
            return ANY
        if binding.kind is BindingKind.RULE:
            return self.rule(binding.slot)
        return ANY

    def rule(self, slot: int) -> Interval:
        if slot in self.memo:
            return self.memo[slot]
        rule = self.rule_by_slot.get(slot)
        if rule is None or slot in self.visiting:
            return ANY  # a cycle, reported elsewhere
        self.visiting.add(slot)
        result = ANY
        d = rule.decl
        if rule.kind is RuleKind.PARAM and isinstance(d, A.Param):
            if isinstance(d.value, A.ByPhase | A.ByDate):
                # A dated value may itself be by phase: every leaf counts.
                leaves = [pv.value for v in d.value.values
                          for pv in (v.value.values if isinstance(v.value, A.ByPhase) else (v,))]
                parts = [self.interval(e) for e in leaves]  # type: ignore[arg-type]
                result = parts[0] if parts else ANY
                for p in parts[1:]:
                    result = _hull(result, p)
            else:
                result = self.interval(d.value)
        elif rule.kind is RuleKind.DEFINE and isinstance(d, A.Define):
            result = self.interval(d.expr)
        elif rule.kind is RuleKind.ITEM and isinstance(d, A.Item):
            result = self.interval(d.counted if d.counted is not None else d.awarded)
        self.visiting.discard(slot)
        self.memo[slot] = result
        return result

    # ------------------------------------------------------------ conditions
    def truth(self, e: A.Expr) -> frozenset[bool]:
        """The truth values a condition can take when it is determined."""
        match e:
            case A.Bool():
                return frozenset({e.value})
            case A.Not():
                return frozenset(not v for v in self.truth(e.operand))
            case A.Logical():
                left, right = self.truth(e.left), self.truth(e.right)
                if e.op is A.LogicOp.AND:
                    return frozenset(a and b for a in left for b in right)
                return frozenset(a or b for a in left for b in right)
            case A.Compare():
                return self.compare(e)
            case A.Ref():
                binding = self.c.bindings.get(id(e))
                if binding is not None and binding.kind is BindingKind.RULE:
                    rule = self.rule_by_slot.get(binding.slot)
                    if rule is not None and rule.slot not in self.visiting and rule.kind in (
                            RuleKind.PARAM, RuleKind.DEFINE):
                        value = getattr(rule.decl, "expr", None) or getattr(rule.decl, "value", None)
                        if isinstance(value, A.Bool | A.Compare | A.Logical | A.Not | A.Ref):
                            self.visiting.add(rule.slot)
                            try:
                                return self.truth(value)
                            finally:
                                self.visiting.discard(rule.slot)
        return BOTH

    def compare(self, e: A.Compare) -> frozenset[bool]:
        if not (self.c.types.get(id(e.left)) and self.c.types[id(e.left)].base in ("number", "percent")):
            return BOTH
        a, b = self.interval(e.left), self.interval(e.right)
        lt_always = a.hi is not None and b.lo is not None and a.hi < b.lo
        le_always = a.hi is not None and b.lo is not None and a.hi <= b.lo
        gt_always = a.lo is not None and b.hi is not None and a.lo > b.hi
        ge_always = a.lo is not None and b.hi is not None and a.lo >= b.hi
        always = {A.CmpOp.LT: lt_always, A.CmpOp.LE: le_always, A.CmpOp.GT: gt_always, A.CmpOp.GE: ge_always,
                  A.CmpOp.EQ: a.is_point and a == b, A.CmpOp.NE: gt_always or lt_always}[e.op]
        never = {A.CmpOp.LT: ge_always, A.CmpOp.LE: gt_always, A.CmpOp.GT: le_always, A.CmpOp.GE: lt_always,
                 A.CmpOp.EQ: gt_always or lt_always, A.CmpOp.NE: a.is_point and a == b}[e.op]
        if always:
            return frozenset({True})
        if never:
            return frozenset({False})
        return BOTH

    def bounded_facts(self, e: A.Expr) -> list[tuple[str, Decimal | None, Decimal | None, bool]]:
        """Facts with declared bounds that a condition reads (key, min, max, is a percent),
        to explain why it is constant."""
        out: list[tuple[str, Decimal | None, Decimal | None, bool]] = []
        stack: list[A.Expr] = [e]
        while stack:
            node = stack.pop()
            if isinstance(node, A.Ref):
                binding = self.c.bindings.get(id(node))
                if binding is not None and binding.kind is BindingKind.FACT:
                    info = self.fact_by_slot.get(binding.slot)
                    if info is not None and isinstance(info.decl, A.FactField) and (
                            info.decl.minimum is not None or info.decl.maximum is not None):
                        item = (info.key, info.decl.minimum, info.decl.maximum,
                                info.decl.kind is A.FactKind.PERCENT)
                        if item not in out:
                            out.append(item)
            elif isinstance(node, A.Compare | A.Logical | A.Binary):
                stack.extend([node.right, node.left])
            elif isinstance(node, A.Not | A.Neg):
                stack.append(node.operand)
            elif isinstance(node, A.Call):
                stack.extend(reversed(node.args))
        return out
