"""A records fact's JSON value written by code generated from its declared fields, for the result's document.

Input: the document's `Namespace` and one records fact's declaration (`ir.RecordsField`), once per
policy. Output: the statements, part of the document writer's code (`engine.document`), that
store `plain_list(value)` and `status_of(value)` (`engine.plain`) of the fact's slot in two
names: the records as a list of new dicts, each field's value as JSON (a decimal's text, a
date's ISO text, a text or boolean as it is), and the status. Statements, not a function of its
own: the compiled-policy snapshot keeps the document's function and what its namespace holds,
not other generated functions.

Why: a station's twelve indicator records, written by `plain_list`, cost 9.3 k instructions each:
the keys tested for text (one join a record) and each value's type tested down a chain of kinds.
Here a record is copied in C and only its decimal (and date) fields are written, by name: 7.2 k.
The declared kinds are what lets it skip the texts and booleans; a record the code did not
foresee (a key not declared, something that is not a dict) is written by `plain_list`, the
plain reference, as before.

Built as `ast` nodes with `compile.kit`, as the document is: field names are `ast.Constant`
strings, never source text.
"""

from __future__ import annotations

import ast as py
from decimal import Decimal

from swrules.check import ir
from swrules.compile.kit import Namespace, call, constant, is_, item, load, method, node, store

from .plain import plain_list, status_of, to_plain

_DECIMALS = (ir.FactKind.DECIMAL, ir.FactKind.INTEGER, ir.FactKind.PERCENT)
_TEXTS = (ir.FactKind.TEXT, ir.FactKind.CHOICE)


def writable(decl: ir.FactField | ir.RecordsField) -> bool:
    """Whether a records fact's records can be written by generated code: every field one value of a kind
    known here (a records field inside records goes the plain way)."""
    return isinstance(decl, ir.RecordsField) and bool(decl.fields) and all(
        isinstance(f, ir.FactField) and (f.kind in _DECIMALS or f.kind in _TEXTS or f.kind is ir.FactKind.BOOLEAN
                                         or f.kind is ir.FactKind.DATE) for f in decl.fields)


def plain_record(record: object) -> object:
    """One record as `plain_list` writes it among others: the general way, for a record not foreseen."""
    return plain_list((record,))[0]


def record_writer(ns: Namespace, decl: ir.RecordsField, value: py.expr, text: str, status: str) -> list[py.stmt]:
    """Statements storing `plain_list(value)` in `text` and `status_of(value)` in `status`, for the records of
    `decl` (see `writable`).

    A record is copied whole (`dict.copy`, in C: its keys and their order as they are), then each declared
    decimal field holding a `Decimal` is given its text (without a call), and any other value of a decimal
    or date field `to_plain`'s (a date's ISO text). A text or boolean field is kept as it is: the fact
    reader and the schema give such a field a `str` or a `bool` (tested), which `plain_list` keeps. A record
    with a key not declared (hidden, not text), or an item that is not a dict, is written by `plain_list`
    itself."""
    typ = load(ns.builtin("type", type))
    records, out, v, row, x, t = (ns.temp() for _ in range(6))

    def type_is(e: py.expr, cls: object, negate: bool = False) -> py.expr:
        return is_(call(typ, e), load(ns.const(cls)), negate)

    record: list[py.stmt] = [node(py.Assign, [store(row)], method(load(v), "copy"))]
    for f in decl.fields:
        assert isinstance(f, ir.FactField)  # `writable`
        key = constant(f.name)
        other = [node(py.Assign, [item(load(row), key, py.Store())], call(load(ns.const(to_plain)), load(x)))]
        if f.kind in _DECIMALS:  # the text `result._decimal` writes: `str`, unless it chose an exponent
            record += [node(py.Assign, [store(x)], method(load(row), "get", key)),
                       node(py.If, type_is(load(x), Decimal), [
                node(py.Assign, [store(t)], call(load(ns.builtin("str", str)), load(x))),
                node(py.If, node(py.BoolOp, py.Or(), [node(py.Compare, constant(c), [py.In()], [load(t)])
                                                      for c in ("E", "e")]),
                     [node(py.Assign, [store(t)], call(load(ns.builtin("format", format)), load(x), constant("f")))],
                     []),
                node(py.Assign, [item(load(row), key, py.Store())], load(t))],
                [node(py.If, is_(load(x), constant(None), negate=True), other, [])])]
        elif f.kind is ir.FactKind.DATE:  # rare: `to_plain` (a date's ISO text) of any value but an absent one
            record += [node(py.Assign, [store(x)], method(load(row), "get", key)),
                       node(py.If, is_(load(x), constant(None), negate=True), other, [])]
    # Every key declared (so text, none hidden): the other fields' values are texts and booleans, as the fact
    # reader and the schema give them, which `plain_list` keeps as they are.
    keys = load(ns.const(frozenset(f.name for f in decl.fields)))
    plain = node(py.Compare, method(load(row), "keys"), [py.LtE()], [keys])
    record.append(node(py.If, plain, [node(py.Expr, method(load(out), "append", load(row)))], [
        node(py.Expr, method(load(out), "append", call(load(ns.const(plain_record)), load(v))))]))
    loop = node(py.For, store(v), load(records), [node(py.If, type_is(load(v), dict), record, [
        node(py.Expr, method(load(out), "append", call(load(ns.const(plain_record)), load(v))))])], [])
    return [
        node(py.Assign, [store(records)], value),
        node(py.If, type_is(load(records), tuple, negate=True), [
            node(py.Assign, [store(text)], call(load(ns.const(plain_list)), load(records))),
            node(py.Assign, [store(status)], call(load(ns.const(status_of)), load(records)))], [
            node(py.Assign, [store(out)], node(py.List, [], py.Load())), loop,
            node(py.Assign, [store(text)], load(out)),
            node(py.Assign, [store(status)], constant("determined"))])]
