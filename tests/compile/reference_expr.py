"""An independent tree-walking evaluator of one expression, the reference the generated plan is checked against.

Input: a checked policy, an expression of it (outside any record scope) and the slot list
the plan computed (for the values of the facts and rules it names). Output: the
expression's value, written here from the language's rules, not from the code generator:
an unknown operand is the value (the first, left before right), `and`/`or` follow Kleene
logic, a division by zero is `on zero` or unknown, a better grade compares greater.
Both generated variants come from one description, so their agreement alone would not
catch a construct described wrongly; this reference does.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from decimal import Decimal
from typing import Any

from swrules.base.values import DIVISION_BY_ZERO, MISSING, NO_RECORDS, Unknown
from swrules.check import ir
from swrules.check.ir import GRADE, BindingKind, CheckedPolicy

CMP = {ir.CmpOp.LT: operator.lt, ir.CmpOp.LE: operator.le, ir.CmpOp.GT: operator.gt,
       ir.CmpOp.GE: operator.ge, ir.CmpOp.EQ: operator.eq, ir.CmpOp.NE: operator.ne}
ARITH = {ir.BinOp.ADD: operator.add, ir.BinOp.SUB: operator.sub, ir.BinOp.MUL: operator.mul}


def unknown(v: Any) -> bool:
    return isinstance(v, Unknown)


def reference(c: CheckedPolicy, e: ir.Expr, env: list[Any]) -> Any:
    def ev(x: ir.Expr) -> Any:
        return reference(c, x, env)

    if isinstance(e, (ir.Number, ir.String, ir.DateLit, ir.Bool)):
        return e.value
    if isinstance(e, ir.Ref):
        b = e.bound
        if b.kind in (BindingKind.FACT, BindingKind.RULE):
            return env[b.slot]
        if b.kind is BindingKind.CONSTANT:
            return b.value
        assert b.kind is BindingKind.PROJECTION, b.kind
        records = env[b.slot]
        return records if unknown(records) else tuple(r.get(b.field_name, MISSING) for r in records)
    if isinstance(e, (ir.Neg, ir.Not)):
        v = ev(e.operand)
        return v if unknown(v) else (-v if isinstance(e, ir.Neg) else not v)
    if isinstance(e, ir.Logical):
        a, b = ev(e.left), ev(e.right)
        decisive = e.op is ir.LogicOp.OR
        if a is decisive or b is decisive:
            return decisive
        return a if unknown(a) else b if unknown(b) else not decisive
    if isinstance(e, ir.Cond):
        t = ev(e.test)
        return t if unknown(t) else ev(e.then) if t else ev(e.otherwise)
    if isinstance(e, (ir.Binary, ir.Compare)):
        a = ev(e.left)
        if unknown(a):
            return a
        b = ev(e.right)
        if unknown(b):
            return b
        if isinstance(e, ir.Compare):
            if GRADE in (e.left.ty, e.right.ty):
                worst = len(c.grade_rank)
                a, b = worst - c.grade_rank.get(a, worst), worst - c.grade_rank.get(b, worst)
            return CMP[e.op](a, b)
        if e.op is ir.BinOp.DIV:
            if b == 0:
                return ev(e.on_zero) if e.on_zero is not None else DIVISION_BY_ZERO
            return a / b
        return ARITH[e.op](a, b)
    assert isinstance(e, ir.Call), e
    if e.func == "round":
        v = ev(e.args[0])
        places, mode = e.args[1], e.args[2]
        assert isinstance(places, ir.Number) and isinstance(mode, ir.Ref)
        return v if unknown(v) else v.quantize(Decimal(10) ** -int(places.value), rounding=mode.bound.value)
    if e.func == "known":
        return not unknown(ev(e.args[0]))
    values = [ev(a) for a in e.args]
    for v in values:
        if unknown(v):
            return v
    if e.func == "abs":
        return abs(values[0])
    if e.func in ("days_between", "months_between"):
        a, b = values
        if e.func == "days_between":
            return Decimal((b - a).days)
        first, last, sign = (a, b, 1) if a <= b else (b, a, -1)
        months = 0  # counted month by month: the anniversary on or before `last`
        while True:
            year, month = divmod(first.month - 1 + months + 1, 12)
            day = min(first.day, calendar.monthrange(first.year + year, month + 1)[1])
            if dt.date(first.year + year, month + 1, day) > last:
                return Decimal(sign * months)
            months += 1
    if len(values) > 1:
        return min(values) if e.func == "min" else max(values)
    items = list(values[0])
    for v in items:
        if unknown(v):
            return v
    if e.func == "count":
        return Decimal(len(items))
    if e.func == "sum" or items:
        total = sum(items, Decimal(0))
        return total if e.func == "sum" else total / len(items) if e.func == "mean" else \
            min(items) if e.func == "min" else max(items)
    return NO_RECORDS
