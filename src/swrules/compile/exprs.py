"""Expressions to Python `ast` expressions: the one description of what each operator means.

Input: a `CheckedPolicy` and its expressions. Output: `ast` expression nodes computing
each value, in one of two variants from the same code: plain, and traced, which also
records `(node, value)` for every subexpression but literals, in evaluation order
(children before their parent), on the trace of the rule being computed, so that an
explanation can show every intermediate value. The traced variant differs only in
`Exprs.expr` wrapping each node's code with `record`; the plain variant has no trace
and no flag to test, so explanations cost nothing when they are off.

Semantics every operator keeps: an unknown operand is the value (the first one, left
before right); `and`/`or` follow Kleene logic, a decisive operand winning even over an
unknown one; Decimal digits are those Python's `decimal` gives in the caller's context.
An expression such as `a + b` becomes nested conditional expressions with
assignment-expression temporaries:
`(_t1 if type(_t1 := A) is _U else (_t2 if type(_t2 := B) is _U else _t1 + _t2))`.
"""

from __future__ import annotations

import ast as py
import decimal
from collections.abc import Callable
from typing import Any, assert_never

from swrules.base.values import (
    AGGREGATES,
    DIVISION_BY_ZERO,
    MISSING,
    QUIET,
    Unknown,
    date_span,
    note_precision_cut,
    quantum,
)
from swrules.check import ir
from swrules.check.ir import GRADE, BindingKind, CheckedPolicy

from .kit import Namespace, call, constant, is_, item, load, method, node, store, tuple_of

_CMP: dict[ir.CmpOp, type[py.cmpop]] = {
    ir.CmpOp.LT: py.Lt, ir.CmpOp.LE: py.LtE, ir.CmpOp.GT: py.Gt,
    ir.CmpOp.GE: py.GtE, ir.CmpOp.EQ: py.Eq, ir.CmpOp.NE: py.NotEq,
}
_ARITH: dict[ir.BinOp, type[py.operator]] = {
    ir.BinOp.ADD: py.Add, ir.BinOp.SUB: py.Sub, ir.BinOp.MUL: py.Mult, ir.BinOp.DIV: py.Div,
}
LITERALS = (ir.Number, ir.String, ir.DateLit, ir.Bool)
TRACE = "_a"  # in traced code, the local bound to the current rule's trace list's `append`
FLAGS = "_fl"  # in a function that divides, the local bound to the decimal context's flags


def _project(records: Any, field_name: str) -> tuple[Any, ...]:
    """`records.field`: each record's value, MISSING where a record lacks the field."""
    return tuple([r.get(field_name, MISSING) for r in records])


def _pick(pick: Callable[[Any], Any], *values: Any) -> Any:
    """`min(a, b, ...)` / `max(a, b, ...)`: every argument evaluated, the first unknown returned."""
    for v in values:
        if type(v) is Unknown:
            return v
    return pick(values)


def flags_local(ns: Namespace) -> py.stmt:
    """`_fl = getcontext().flags`: the statement a function whose code divides (`Exprs.divides`) begins with."""
    return node(py.Assign, [store(FLAGS)], node(py.Attribute, call(load(ns.const(decimal.getcontext))), "flags",
                                                 py.Load()))


class Exprs:
    """Builds the code of expressions into one namespace, plain or `traced`.

    `fact_slots` are the fact slots the function has loaded into locals `_fN`, and
    `local` the rule slots it holds in locals `_vN`; any other slot is read from `env`.
    Record fields are read from the local `_rec` and an indicator's own value from `_cur`.
    """

    def __init__(self, checked: CheckedPolicy, ns: Namespace, traced: bool, fact_slots: set[int]) -> None:
        self.c = checked
        self.ns = ns
        self.traced = traced
        self.fact_slots = fact_slots
        self.facts_read: set[int] = set()  # fact slots the code reads from locals
        self.local: set[int] = set()
        self.unknown = ns.const(Unknown)
        self.type = ns.builtin("type", type)
        self.never_unknown: set[str] = set()  # constants that need no unknown check
        self.divides = False  # the code divides: its function must begin with `flags_local`

    # ------------------------------------------------------------ names
    def const(self, value: Any) -> str:
        name = self.ns.const(value)
        if not isinstance(value, Unknown):
            self.never_unknown.add(name)
        return name

    def temp(self) -> str:
        return self.ns.temp()

    def is_unknown(self, e: py.expr) -> py.expr:
        return is_(call(load(self.type), e), load(self.unknown))

    def guard(self, value: py.expr, then: Callable[[py.Name], py.expr]) -> py.expr:
        """`value` if it is unknown, else `then(value)`; `value` evaluated once."""
        if isinstance(value, py.Name) and value.id in self.never_unknown:
            return then(load(value.id))
        if isinstance(value, py.Name):
            return node(py.IfExp, self.is_unknown(load(value.id)), load(value.id), then(load(value.id)))
        t = self.temp()
        return node(py.IfExp, self.is_unknown(node(py.NamedExpr, store(t), value)), load(t), then(load(t)))

    def slot(self, slot: int) -> py.expr:
        """The value in a slot: a local when this function already holds it, else `env[slot]`."""
        if slot in self.local:
            return load(f"_v{slot}")
        if slot in self.fact_slots:
            self.facts_read.add(slot)
            return load(f"_f{slot}")
        return item(load("env"), constant(slot))

    def record(self, key: Any, value: py.expr) -> py.expr:
        """`value`, appending `(key, value)` to the trace once it is computed: `_a((K, _t := value)) or _t`
        (`list.append` returns None, so the `or` gives the value whatever it is)."""
        t = self.temp()
        appended = call(load(TRACE), tuple_of([load(self.ns.const(key)), node(py.NamedExpr, store(t), value)]))
        return node(py.BoolOp, py.Or(), [appended, load(t)])

    # ------------------------------------------------------------ expressions
    def expr(self, e: ir.Expr) -> py.expr:
        code = self._expr(e)
        if self.traced and not isinstance(e, LITERALS):
            return self.record(e, code)
        return code

    def _expr(self, e: ir.Expr) -> py.expr:
        match e:
            case ir.Number() | ir.String() | ir.DateLit() | ir.Bool():
                return self.literal(e.value)
            case ir.Ref():
                return self.ref(e)
            case ir.Neg():
                return self.guard(self.expr(e.operand), lambda v: node(py.UnaryOp, py.USub(), v))
            case ir.Not():
                return self.guard(self.expr(e.operand), lambda v: node(py.UnaryOp, py.Not(), v))
            case ir.Binary():
                return self.binary(e)
            case ir.Compare():
                return self.compare(e)
            case ir.Logical():
                return self.logical(e)
            case ir.Cond():
                test = self.expr(e.test)  # generated first: the temporaries' numbers follow evaluation order
                then, other = self.expr(e.then), self.expr(e.otherwise)
                return self.guard(test, lambda t: node(py.IfExp, t, then, other))
            case ir.Call():
                return self.call(e)
        assert_never(e)  # pragma: no cover

    def literal(self, value: Any) -> py.expr:
        if value is True or value is False or value is None:
            return constant(value)
        return load(self.const(value))

    def ref(self, e: ir.Ref) -> py.expr:
        b = e.bound
        match b.kind:
            case BindingKind.FACT | BindingKind.RULE:
                return self.slot(b.slot)
            case BindingKind.PROJECTION:
                project, field_name = self.const(_project), constant(b.field_name)
                return self.guard(self.slot(b.slot), lambda v: call(load(project), v, field_name))
            case BindingKind.RECORD_FIELD:
                return method(load("_rec"), "get", constant(b.field_name), load(self.const(MISSING)))
            case BindingKind.CURRENT:
                return load("_cur")
            case BindingKind.CONSTANT:
                return self.literal(b.value)
        assert_never(b.kind)  # pragma: no cover

    def both(self, e: ir.Binary | ir.Compare, combine: Callable[[py.Name, py.Name], py.expr]) -> py.expr:
        """Left, then right, each unknown returned as it is; else `combine(left, right)`."""
        left, right = self.expr(e.left), self.expr(e.right)
        return self.guard(left, lambda a: self.guard(right, lambda b: combine(a, b)))

    def binary(self, e: ir.Binary) -> py.expr:
        op = _ARITH[e.op]
        if e.op is not ir.BinOp.DIV:
            return self.both(e, lambda a, b: node(py.BinOp, a, op(), b))
        left, right = self.expr(e.left), self.expr(e.right)
        on_zero = self.expr(e.on_zero) if e.on_zero is not None else load(self.const(DIVISION_BY_ZERO))

        # The quotient is carried to 34 digits and a cut is noted for the explanation
        # (base.values.divide), never left to the ambient context to round unstated. Inline,
        # without a call: `a / b` when the context's Inexact flag is already set (divide leaves
        # it so); else the quotient, unless computing it set the flag: then `values.note_precision_cut`
        # clears the flag and notes the cut, as `values.divide` does, and gives that quotient.
        def divide(a: py.Name, b: py.Name) -> py.expr:
            self.divides = True
            inexact = load(self.const(decimal.Inexact))
            q = self.temp()
            fresh = node(py.BinOp, load(a.id), py.Div(), load(b.id))
            computed = is_(node(py.NamedExpr, store(q), fresh), constant(None))  # never None: `q` assigned
            cut = node(py.BoolOp, py.Or(), [computed, item(load(FLAGS), inexact)])
            unflagged = node(py.IfExp, cut, call(load(self.const(note_precision_cut)), load(FLAGS), load(q)), load(q))
            quotient = node(py.IfExp, item(load(FLAGS), load(self.const(decimal.Inexact))),
                            node(py.BinOp, load(a.id), py.Div(), load(b.id)), unflagged)
            return node(py.IfExp, node(py.UnaryOp, py.Not(), b), on_zero, quotient)

        return self.guard(left, lambda a: self.guard(right, lambda b: divide(a, b)))

    def compare(self, e: ir.Compare) -> py.expr:
        op = _CMP[e.op]
        if e.left.ty != GRADE and e.right.ty != GRADE:
            return self.both(e, lambda a, b: node(py.Compare, a, [op()], [b]))
        # A better grade has a smaller rank; "at least 合格" is rank <= rank(合格).
        get = self.const(self.c.grade_rank.get)
        worst = constant(len(self.c.grade_rank))

        def rank(v: py.Name) -> py.expr:
            return node(py.UnaryOp, py.USub(), call(load(get), v, worst))

        return self.both(e, lambda a, b: node(py.Compare, rank(a), [op()], [rank(b)]))

    def logical(self, e: ir.Logical) -> py.expr:
        # Kleene: a decisive operand (false for and, true for or) wins even over an unknown one.
        decisive = e.op is not ir.LogicOp.AND
        left, right = self.expr(e.left), self.expr(e.right)
        a, b = self.temp(), self.temp()

        def wins(name: str, value: py.expr) -> py.expr:
            return is_(node(py.NamedExpr, store(name), value), constant(decisive))

        otherwise = node(py.IfExp, self.is_unknown(load(a)), load(a), load(b))
        return node(py.IfExp, wins(a, left), constant(decisive),
                    node(py.IfExp, wins(b, right), constant(decisive), otherwise))

    def call(self, e: ir.Call) -> py.expr:
        name = e.func
        if name == "round":
            places = e.args[1]
            assert isinstance(places, ir.Number)
            q = load(self.const(quantum(int(places.value))))
            mode_ref = e.args[2]
            assert isinstance(mode_ref, ir.Ref)
            mode = self.literal(mode_ref.bound.value)
            # `quantize(exp, rounding, context)` positionally: keywords would build a dict per call.
            return self.guard(self.expr(e.args[0]), lambda v: method(v, "quantize", q, mode, load(self.const(QUIET))))
        if name == "known":
            return is_(call(load(self.type), self.expr(e.args[0])), load(self.unknown), negate=True)
        if name == "abs":
            abs_ = self.ns.builtin("abs", abs)
            return self.guard(self.expr(e.args[0]), lambda v: call(load(abs_), v))
        if name in ("days_between", "months_between"):
            span = self.const(date_span)
            return call(load(span), constant(name), *(self.expr(a) for a in e.args))
        if name in ("min", "max") and len(e.args) >= 2:
            pick = self.const(min if name == "min" else max)
            return call(load(self.const(_pick)), load(pick), *(self.expr(a) for a in e.args))
        agg = self.const(AGGREGATES[name])
        return self.guard(self.expr(e.args[0]), lambda v: call(load(agg), v))
