"""Fast fact reading: a valid fact mapping straight to the slot list.

Input: a `CheckedPolicy` (once, to build the reader) and a fact mapping (per station).
Output: the same slot list `FactSchema.validate` returns, or `None` when the mapping
is not plainly valid. Guarantee: whenever the reader returns a list, it is equal to
what the pydantic schema would return, value for value; anything unusual (a wrong
type, a value out of range, an unknown key, a mapping that is not a `dict`) makes it
give up, and the caller then runs the pydantic schema, which reports every problem
with its key path. So diagnostics are never produced here and never differ.

Why: validating through pydantic and `model_dump` cost about three times a whole
hand-written evaluation per station. The reader takes the commonest values (a
`Decimal` or `int` within range, a `bool`, a `str`, a `date`) inline; any other value
goes to the very validator the schema uses (`facts._validator`), so unusual values
(`"85%"`, a date written as text) are converted by the same code on both paths.

The reader is one function generated once per policy, straight-line per section and
one loop per list of records, built as Python `ast` node objects and compiled (no
Python call per value), with the code-generation kit the plan uses (`compile.kit`): no
policy or fact text becomes source; identifiers are generated, fact keys are
`ast.Constant` strings, bounds, key sets and validators live under generated names in
a fresh namespace whose `__builtins__` holds only the builtins the code uses.
"""

from __future__ import annotations

import ast as py
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from swrules.base.limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from swrules.base.values import MISSING
from swrules.check import ir
from swrules.check.ir import CheckedPolicy
from swrules.compile.kit import Namespace, call, constant, function, is_, load, method, node, not_, store

from .validators import value_validator

Reader = Callable[[Any], "list[Any] | None"]
_EXACT: dict[ir.FactKind, type] = {ir.FactKind.BOOLEAN: bool, ir.FactKind.TEXT: str, ir.FactKind.DATE: dt.date}


def _and(*tests: py.expr) -> py.expr:
    return tests[0] if len(tests) == 1 else node(py.BoolOp, py.And(), list(tests))


def _cmp(a: py.expr, op: py.cmpop, b: py.expr) -> py.expr:
    return node(py.Compare, a, [op], [b])


RETURN_NONE = node(py.Return, constant(None))
# The longest text of a Decimal in plain notation taken without the schema: a sign or a
# digit, the point, then at most MAX_FRACTION_DIGITS digits; and so also fewer than
# MAX_INTEGER_DIGITS digits before the point.
PLAIN_CHARS = MAX_FRACTION_DIGITS + 2
assert PLAIN_CHARS <= MAX_INTEGER_DIGITS


class _Generator:
    def __init__(self) -> None:
        self.ns = Namespace()
        self.type = self.ns.builtin("type", type)
        self.len = self.ns.builtin("len", len)
        self.tuple = self.ns.builtin("tuple", tuple)
        self.exception = self.ns.builtin("Exception", Exception)
        self.str = self.ns.builtin("str", str)

    def const(self, value: Any) -> py.Name:
        return load(self.ns.const(value))

    def temp(self) -> str:
        return self.ns.temp()

    def typeis_(self, v: str, t: type) -> py.expr:
        return is_(call(load(self.type), load(v)), self.const(t))

    def field(self, decl: ir.FactField, v: str, put: Callable[[py.expr], py.stmt]) -> list[py.stmt]:
        """Statements turning the non-None value in `v` into what the schema gives and `put`ting it, unless
        that is None. A value taken as it is is put at once (no second test of None); any other goes
        through the validator, whose None is not put."""
        slow = [node(py.Assign, [store(v)], call(self.const(value_validator(decl)), load(v))),
                node(py.If, is_(load(v), constant(None), negate=True), [put(load(v))], [])]
        kind = decl.kind
        if kind in _EXACT:
            return [node(py.If, self.typeis_(v, _EXACT[kind]), [put(load(v))], slow)]
        if kind is ir.FactKind.CHOICE:
            ok = _and(self.typeis_(v, str), _cmp(load(v), py.In(), self.const(frozenset(decl.choices))))
            return [node(py.If, ok, [put(load(v))], slow)]
        lo, hi = decl.minimum, decl.maximum
        if kind is ir.FactKind.PERCENT:  # a fraction above 1 is a percentage written as a number: the schema says so
            hi = min(hi, Decimal(1)) if hi is not None else Decimal(1)

        def in_range(x: str) -> list[py.expr]:
            tests: list[py.expr] = []
            if lo is not None:
                tests.append(_cmp(load(x), py.GtE(), self.const(lo)))
            if hi is not None:
                tests.append(_cmp(load(x), py.LtE(), self.const(hi)))
            return tests

        # A Decimal: finite (see below), and plainly
        # inside the input limits (base.limits), which `number_problem` then always accepts:
        # its text in plain notation (no exponent) and at most PLAIN_CHARS long, so at most
        # 12 digits after the point and at most 14 before it. One `str` (~0.1 µs) instead of
        # `adjusted()` and `as_tuple()` (~0.8 µs: `as_tuple` builds a named tuple of every
        # digit). A value this test doubts (1.5000000000000, 1E+2, 123456789012.345) goes to
        # the schema, which decides exactly.
        def within_limits(x: str) -> list[py.expr]:
            text = self.temp()
            return [_cmp(call(load(self.len), node(py.NamedExpr, store(text), call(load(self.str), load(x)))),
                         py.LtE(), constant(PLAIN_CHARS)),
                    _cmp(constant("E"), py.NotIn(), load(text))]

        # With both bounds, `is_finite()` is not called: a NaN fails any ordered comparison (InvalidOperation
        # raised, which hands the mapping to the schema, or False where the context does not trap it),
        # and the infinities fail one bound or the other.
        finite = [] if lo is not None and hi is not None else [method(load(v), "is_finite")]
        decimal_ok = [*finite, *in_range(v), *within_limits(v)]
        if kind is ir.FactKind.INTEGER:
            decimal_ok.append(_cmp(load(v), py.Eq(), method(load(v), "to_integral_value")))
        d = self.temp()
        int_ok = [*in_range(d), _cmp(method(load(d), "adjusted"), py.Lt(), constant(MAX_INTEGER_DIGITS))]
        as_decimal = node(py.Assign, [store(d)], call(self.const(Decimal), load(v)))
        int_branch: list[py.stmt] = [as_decimal, node(py.If, _and(*int_ok), [put(load(d))], slow)]
        # A Decimal that passes goes no further; one that fails is not an int either: the validator decides.
        return [node(py.If, _and(self.typeis_(v, Decimal), *decimal_ok), [put(load(v))],
                     [node(py.If, self.typeis_(v, int), int_branch, slow)])]

    def present(self, src: str, key: str, decl: ir.FactField | ir.RecordsField,
                put: Callable[[py.expr], py.stmt]) -> list[py.stmt]:
        """Read `src[key]` if present and not None, check it, and `put` it unless the check gave None."""
        v = self.temp()
        read = node(py.Assign, [store(v)], method(load(src), "get", constant(key)))
        if isinstance(decl, ir.RecordsField):
            check, out = self.records(decl, v)
            return [read, node(py.If, is_(load(v), constant(None), negate=True), [*check, put(load(out))], [])]
        return [read, node(py.If, is_(load(v), constant(None), negate=True), self.field(decl, v, put), [])]

    def records(self, decl: ir.RecordsField, rows: str) -> tuple[list[py.stmt], str]:
        """Statements reading the list in `rows` into a new local list of dicts (fields in declaration order)."""
        bad: list[py.expr] = [not_(self.typeis_(rows, list))]
        n = call(load(self.len), load(rows))
        if decl.min_count is not None:
            bad.append(_cmp(n, py.Lt(), constant(decl.min_count)))
        if decl.max_count is not None:
            bad.append(_cmp(n, py.Gt(), constant(decl.max_count)))
        out, row, rec = self.temp(), self.temp(), self.temp()
        allowed = self.const(frozenset(f.name for f in decl.fields))
        loop: list[py.stmt] = [
            node(py.If, node(py.BoolOp, py.Or(), [not_(self.typeis_(row, dict)),
                                      not_(call(node(py.Attribute, allowed, "issuperset", py.Load()), load(row)))]),
                  [RETURN_NONE], []),
            node(py.Assign, [store(rec)], node(py.Dict, [], [])),
        ]
        for f in decl.fields:
            def put(value: py.expr, name: str = f.name) -> py.stmt:
                return node(py.Assign, [node(py.Subscript, load(rec), constant(name), py.Store())], value)
            loop.extend(self.present(row, f.name, f, put))
        loop.append(node(py.Expr, method(load(out), "append", load(rec))))
        return [node(py.If, node(py.BoolOp, py.Or(), bad) if len(bad) > 1 else bad[0], [RETURN_NONE], []),
                node(py.Assign, [store(out)], node(py.List, [], py.Load())),
                node(py.For, store(row), load(rows), loop, [])], out

    def reader(self, checked: CheckedPolicy) -> Reader:
        slots = {info.path: info.slot for info in checked.facts}
        body: list[py.stmt] = []
        top: list[str] = []

        def into(slot: int, records: bool) -> Callable[[py.expr], py.stmt]:
            def put(value: py.expr) -> py.stmt:
                target = node(py.Subscript, load("env"), constant(slot), py.Store())
                return node(py.Assign, [target], call(load(self.tuple), value) if records else value)
            return put

        for d in checked.fact_decls:
            if isinstance(d, ir.FactSection):
                top.append(d.name)
                section = self.temp()
                fields: list[py.stmt] = [node(py.If, node(py.BoolOp, py.Or(), [
                    not_(self.typeis_(section, dict)),
                    not_(call(node(py.Attribute, self.const(frozenset(f.name for f in d.fields)), "issuperset",
                                            py.Load()), load(section)))]), [RETURN_NONE], [])]
                for f in d.fields:
                    fields.extend(self.present(section, f.name, f, into(slots[(d.name, f.name)],
                                                                        isinstance(f, ir.RecordsField))))
                body.append(node(py.Assign, [store(section)], method(load("data"), "get", constant(d.name))))
                body.append(node(py.If, is_(load(section), constant(None), negate=True), fields, []))
            elif isinstance(d, ir.RecordsField):
                top.append(d.name)
                body.extend(self.present("data", d.name, d, into(slots[(d.name,)], True)))
        # A validator's rejection, or anything unforeseen: give up, and pydantic decides.
        guarded = node(py.Try, body, [node(py.ExceptHandler, load(self.exception), None, [RETURN_NONE])], [], [])
        start = [
            node(py.If, node(py.BoolOp, py.Or(), [
                not_(self.typeis_("data", dict)),
                not_(call(node(py.Attribute, self.const(frozenset(top)), "issuperset", py.Load()), load("data")))]),
                [RETURN_NONE], []),
            node(py.Assign, [store("env")], node(py.BinOp, node(py.List, [self.const(MISSING)], py.Load()), py.Mult(),
                                                constant(checked.n_slots))),
        ]
        func = function("read", ["data"], [*start, guarded, node(py.Return, load("env"))])
        compiled = self.ns.compile([func], "fact reader", checked.header.title)
        read: Reader = compiled["read"]
        return read


def compile_reader(checked: CheckedPolicy) -> Reader:
    """Build, once per policy, the reader of plainly valid fact mappings."""
    return _Generator().reader(checked)
