"""Ranges: what values an expression can take, from the bounds the facts declare.

Input: the checking `Context` after typing (bound names, typed rules). Output: an `Interval` for a numeric
expression and the set of truth values a condition can take, both sound
over-approximations (an unknown fact can be anything its declaration allows). The
checker uses them to find an item that can be awarded more than its maximum by
construction, a veto or finding whose condition is constant (`x > 100` where `x`
has `max 50`), and a divisor that can be zero. Nothing is evaluated: this is
interval arithmetic on the typed IR, bounded in depth by `syntax.MAX_DEPTH`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from swrules.syntax import ast as A

from . import ir
from .context import Context
from .ir import BindingKind, RuleKind


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

    def __init__(self, c: Context) -> None:
        self.c = c
        self.fact_by_slot = {f.slot: f for f in c.facts}
        self.rule_by_slot = {r.slot: r for r in c.rules}
        self.visiting: set[int] = set()
        self.memo: dict[int, Interval] = {}

    # ------------------------------------------------------------ numbers
    def interval(self, e: ir.Expr) -> Interval:
        match e:
            case ir.Number():
                return Interval(e.value, e.value)
            case ir.Ref():
                return self.ref(e)
            case ir.Neg():
                r = self.interval(e.operand)
                return Interval(None if r.hi is None else -r.hi, None if r.lo is None else -r.lo)
            case ir.Binary():
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
            case ir.Cond():
                return _hull(self.interval(e.then), self.interval(e.otherwise))
            case ir.Call():
                return self.call(e)
        return ANY

    def call(self, e: ir.Call) -> Interval:
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

    def ref(self, e: ir.Ref) -> Interval:
        binding = e.binding
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
        d = self.c.typed.get(slot)
        if rule.kind is RuleKind.PARAM and isinstance(d, ir.Param):
            if isinstance(d.value, ir.ByPhase | ir.ByDate):
                # A dated value may itself be by phase: every leaf counts.
                leaves = [pv.value for v in d.value.values
                          for pv in (v.value.values if isinstance(v.value, ir.ByPhase) else (v,))]
                parts = [self.interval(e) for e in leaves]  # type: ignore[arg-type]
                result = parts[0] if parts else ANY
                for p in parts[1:]:
                    result = _hull(result, p)
            else:
                result = self.interval(d.value)
        elif rule.kind is RuleKind.DEFINE and isinstance(d, ir.Define):
            result = self.interval(d.expr)
        elif rule.kind is RuleKind.ITEM and isinstance(d, ir.Item):
            result = self.interval(d.counted if d.counted is not None else d.awarded)
        self.visiting.discard(slot)
        self.memo[slot] = result
        return result

    # ------------------------------------------------------------ conditions
    def truth(self, e: ir.Expr) -> frozenset[bool]:
        """The truth values a condition can take when it is determined."""
        match e:
            case ir.Bool():
                return frozenset({e.value})
            case ir.Not():
                return frozenset(not v for v in self.truth(e.operand))
            case ir.Logical():
                left, right = self.truth(e.left), self.truth(e.right)
                if e.op is A.LogicOp.AND:
                    return frozenset(a and b for a in left for b in right)
                return frozenset(a or b for a in left for b in right)
            case ir.Compare():
                return self.compare(e)
            case ir.Ref():
                binding = e.binding
                if binding is not None and binding.kind is BindingKind.RULE:
                    rule = self.rule_by_slot.get(binding.slot)
                    if rule is not None and rule.slot not in self.visiting and rule.kind in (
                            RuleKind.PARAM, RuleKind.DEFINE):
                        decl = self.c.typed.get(rule.slot)
                        value = getattr(decl, "expr", None) or getattr(decl, "value", None)
                        if isinstance(value, ir.Bool | ir.Compare | ir.Logical | ir.Not | ir.Ref):
                            self.visiting.add(rule.slot)
                            try:
                                return self.truth(value)
                            finally:
                                self.visiting.discard(rule.slot)
        return BOTH

    def compare(self, e: ir.Compare) -> frozenset[bool]:
        if not e.left.ty.numeric:
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

    def bounded_facts(self, e: ir.Expr) -> list[tuple[str, Decimal | None, Decimal | None, bool]]:
        """Facts with declared bounds that a condition reads (key, min, max, is a percent),
        to explain why it is constant."""
        out: list[tuple[str, Decimal | None, Decimal | None, bool]] = []
        stack: list[ir.Expr] = [e]
        while stack:
            node = stack.pop()
            if isinstance(node, ir.Ref):
                binding = node.binding
                if binding is not None and binding.kind is BindingKind.FACT:
                    info = self.fact_by_slot.get(binding.slot)
                    if info is not None and isinstance(info.decl, A.FactField) and (
                            info.decl.minimum is not None or info.decl.maximum is not None):
                        item = (info.key, info.decl.minimum, info.decl.maximum,
                                info.decl.kind is A.FactKind.PERCENT)
                        if item not in out:
                            out.append(item)
            elif isinstance(node, ir.Compare | ir.Logical | ir.Binary):
                stack.extend([node.right, node.left])
            elif isinstance(node, ir.Not | ir.Neg):
                stack.append(node.operand)
            elif isinstance(node, ir.Call):
                stack.extend(reversed(node.args))
        return out
