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
Python call per value). As in `compile_ast`, no policy or fact text becomes source:
identifiers are generated, fact keys are `ast.Constant` strings, bounds, key sets and
validators live under generated names in a fresh namespace whose `__builtins__` holds
only the builtins the code uses.
"""

from __future__ import annotations

import ast as py
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from swrules.base.limits import number_problem
from swrules.base.values import MISSING
from swrules.check.ir import CheckedPolicy
from swrules.compile.codegen import code_name, constant, node
from swrules.syntax import ast as A

from .schema import _validator

Reader = Callable[[Any], "list[Any] | None"]
_EXACT: dict[A.FactKind, type] = {A.FactKind.BOOLEAN: bool, A.FactKind.TEXT: str, A.FactKind.DATE: dt.date}


def _load(name: str) -> py.Name:
    return node(py.Name, name, py.Load())


def _store(name: str) -> py.Name:
    return node(py.Name, name, py.Store())


def _call(func: py.expr, *args: py.expr) -> py.Call:
    return node(py.Call, func, list(args), [])


def _method(obj: str, name: str, *args: py.expr) -> py.Call:
    return _call(node(py.Attribute, _load(obj), name, py.Load()), *args)


def _and(*tests: py.expr) -> py.expr:
    return tests[0] if len(tests) == 1 else node(py.BoolOp, py.And(), list(tests))


def _not(test: py.expr) -> py.expr:
    return node(py.UnaryOp, py.Not(), test)


def _is(a: py.expr, b: py.expr, negate: bool = False) -> py.expr:
    return node(py.Compare, a, [py.IsNot() if negate else py.Is()], [b])


def _cmp(a: py.expr, op: py.cmpop, b: py.expr) -> py.expr:
    return node(py.Compare, a, [op], [b])


RETURN_NONE = node(py.Return, constant(None))


class _Generator:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.n = 0

    def const(self, value: Any) -> py.Name:
        name = f"_k{len(self.namespace)}"
        self.namespace[name] = value
        return _load(name)

    def temp(self) -> str:
        self.n += 1
        return f"_t{self.n}"

    def type_is(self, v: str, t: type) -> py.expr:
        return _is(_call(_load("_b_type"), _load(v)), self.const(t))

    def field(self, decl: A.FactField, v: str) -> list[py.stmt]:
        """Statements turning the non-None value in `v` into what the schema gives (None included)."""
        slow = node(py.Assign, [_store(v)], _call(self.const(_validator(decl)), _load(v)))
        kind = decl.kind
        if kind in _EXACT:
            return [node(py.If, _not(self.type_is(v, _EXACT[kind])), [slow], [])]
        if kind is A.FactKind.CHOICE:
            ok = _and(self.type_is(v, str), _cmp(_load(v), py.In(), self.const(frozenset(decl.choices))))
            return [node(py.If, _not(ok), [slow], [])]
        lo, hi = decl.minimum, decl.maximum
        if kind is A.FactKind.PERCENT:  # a fraction above 1 is a percentage written as a number: the schema says so
            hi = min(hi, Decimal(1)) if hi is not None else Decimal(1)

        def in_range(x: str) -> list[py.expr]:
            tests: list[py.expr] = []
            if lo is not None:
                tests.append(_cmp(_load(x), py.GtE(), self.const(lo)))
            if hi is not None:
                tests.append(_cmp(_load(x), py.LtE(), self.const(hi)))
            return tests

        # A Decimal: finite (NaN compares with an error) before any comparison, as the closure it replaced.
        # Inside the input limits (base.limits): else the schema says which limit.
        decimal_ok = [_method(v, "is_finite"), *in_range(v),
                      _is(_call(self.const(number_problem), _load(v)), constant(None))]
        if kind is A.FactKind.INTEGER:
            decimal_ok.append(_cmp(_load(v), py.Eq(), _method(v, "to_integral_value")))
        d = self.temp()
        int_ok = [*in_range(d), _is(_call(self.const(number_problem), _load(d)), constant(None))]
        as_decimal = node(py.Assign, [_store(d)], _call(self.const(Decimal), _load(v)))
        take = node(py.Assign, [_store(v)], _load(d))
        int_branch: list[py.stmt] = [as_decimal, node(py.If, _and(*int_ok), [take], [slow]) if int_ok else take]
        return [node(py.If, self.type_is(v, Decimal), [node(py.If, _not(_and(*decimal_ok)), [slow], [])],
                      [node(py.If, self.type_is(v, int), int_branch, [slow])])]

    def present(self, src: str, key: str, decl: A.FactField | A.RecordsField,
                store: Callable[[py.expr], py.stmt]) -> list[py.stmt]:
        """Read `src[key]` if present and not None, check it, and `store` it unless the check gave None."""
        v = self.temp()
        read = node(py.Assign, [_store(v)], _method(src, "get", constant(key)))
        if isinstance(decl, A.RecordsField):
            check, out = self.records(decl, v)
            return [read, node(py.If, _is(_load(v), constant(None), negate=True), [*check, store(_load(out))], [])]
        keep = node(py.If, _is(_load(v), constant(None), negate=True), [store(_load(v))], [])
        return [read, node(py.If, _is(_load(v), constant(None), negate=True), [*self.field(decl, v), keep], [])]

    def records(self, decl: A.RecordsField, rows: str) -> tuple[list[py.stmt], str]:
        """Statements reading the list in `rows` into a new local list of dicts (fields in declaration order)."""
        bad: list[py.expr] = [_not(self.type_is(rows, list))]
        n = _call(_load("_b_len"), _load(rows))
        if decl.min_count is not None:
            bad.append(_cmp(n, py.Lt(), constant(decl.min_count)))
        if decl.max_count is not None:
            bad.append(_cmp(n, py.Gt(), constant(decl.max_count)))
        out, row, rec = self.temp(), self.temp(), self.temp()
        allowed = self.const(frozenset(f.name for f in decl.fields))
        loop: list[py.stmt] = [
            node(py.If, node(py.BoolOp, py.Or(), [_not(self.type_is(row, dict)),
                                      _not(_call(node(py.Attribute, allowed, "issuperset", py.Load()), _load(row)))]),
                  [RETURN_NONE], []),
            node(py.Assign, [_store(rec)], node(py.Dict, [], [])),
        ]
        for f in decl.fields:
            def store(value: py.expr, name: str = f.name) -> py.stmt:
                return node(py.Assign, [node(py.Subscript, _load(rec), constant(name), py.Store())], value)
            loop.extend(self.present(row, f.name, f, store))
        loop.append(node(py.Expr, _method(out, "append", _load(rec))))
        return [node(py.If, node(py.BoolOp, py.Or(), bad) if len(bad) > 1 else bad[0], [RETURN_NONE], []),
                node(py.Assign, [_store(out)], node(py.List, [], py.Load())),
                node(py.For, _store(row), _load(rows), loop, [])], out

    def reader(self, checked: CheckedPolicy) -> Reader:
        slots = {info.path: info.slot for info in checked.facts}
        body: list[py.stmt] = []
        top: list[str] = []

        def into(slot: int, records: bool) -> Callable[[py.expr], py.stmt]:
            def store(value: py.expr) -> py.stmt:
                target = node(py.Subscript, _load("env"), constant(slot), py.Store())
                return node(py.Assign, [target], _call(_load("_b_tuple"), value) if records else value)
            return store

        for d in checked.policy.declarations:
            if isinstance(d, A.FactSection):
                top.append(d.name)
                section = self.temp()
                fields: list[py.stmt] = [node(py.If, node(py.BoolOp, py.Or(), [
                    _not(self.type_is(section, dict)),
                    _not(_call(node(py.Attribute, self.const(frozenset(f.name for f in d.fields)), "issuperset",
                                            py.Load()), _load(section)))]), [RETURN_NONE], [])]
                for f in d.fields:
                    fields.extend(self.present(section, f.name, f, into(slots[(d.name, f.name)],
                                                                        isinstance(f, A.RecordsField))))
                body.append(node(py.Assign, [_store(section)], _method("data", "get", constant(d.name))))
                body.append(node(py.If, _is(_load(section), constant(None), negate=True), fields, []))
            elif isinstance(d, A.RecordsField):
                top.append(d.name)
                body.extend(self.present("data", d.name, d, into(slots[(d.name,)], True)))
        # A validator's rejection, or anything unforeseen: give up, and pydantic decides.
        guarded = node(py.Try, body, [node(py.ExceptHandler, _load("_b_Exception"), None, [RETURN_NONE])], [], [])
        start = [
            node(py.If, node(py.BoolOp, py.Or(), [
                _not(self.type_is("data", dict)),
                _not(_call(node(py.Attribute, self.const(frozenset(top)), "issuperset", py.Load()), _load("data")))]),
                [RETURN_NONE], []),
            node(py.Assign, [_store("env")], node(py.BinOp, node(py.List, [self.const(MISSING)], py.Load()), py.Mult(),
                                                constant(checked.n_slots))),
        ]
        args = py.arguments(posonlyargs=[], args=[node(py.arg, "data")], kwonlyargs=[], kw_defaults=[], defaults=[])
        func = node(py.FunctionDef, "read", args, [*start, guarded, node(py.Return, _load("env"))], [], None)
        module = py.Module([func], type_ignores=[])
        code = compile(module, code_name("fact reader", checked.header.title), "exec")
        namespace = dict(self.namespace)
        namespace["__builtins__"] = {"_b_type": type, "_b_len": len, "_b_tuple": tuple, "_b_Exception": Exception}
        exec(code, namespace)  # the code object built above from ast nodes; see the module docstring
        read: Reader = namespace["read"]
        return read


def compile_reader(checked: CheckedPolicy) -> Reader:
    """Build, once per policy, the reader of plainly valid fact mappings."""
    return _Generator().reader(checked)
