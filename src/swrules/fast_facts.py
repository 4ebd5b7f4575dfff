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
`Decimal` or `int` within range, a `bool`, a `str`, a `date`) in one closure per
field; any other value goes to the very validator the schema uses
(`facts._validator`), so unusual values (`"85%"`, a date written as text) are
converted by the same code on both paths. The walk over sections and records is
built once per policy as closures over precomputed key sets and slots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import ast as A
from .facts import _validator
from .ir import CheckedPolicy
from .runtime import MISSING

Reader = Callable[[Any], "list[Any] | None"]


def _field(decl: A.FactField) -> Callable[[Any], Any]:
    """The value of one fact as the schema would give it (the shared validator decides all but the plain cases)."""
    slow = _validator(decl)
    kind = decl.kind
    if kind is A.FactKind.BOOLEAN or kind is A.FactKind.TEXT or kind is A.FactKind.DATE:
        plain: type = {A.FactKind.BOOLEAN: bool, A.FactKind.TEXT: str, A.FactKind.DATE: dt.date}[kind]

        def exact(v: Any) -> Any:
            return v if type(v) is plain else slow(v)

        return exact
    if kind is A.FactKind.CHOICE:
        choices = frozenset(decl.choices)

        def choice(v: Any) -> Any:
            return v if type(v) is str and v in choices else slow(v)

        return choice
    lo, hi = decl.minimum, decl.maximum
    if kind is A.FactKind.PERCENT:  # a fraction above 1 is a percentage written as a number: the schema says so
        hi = min(hi, Decimal(1)) if hi is not None else Decimal(1)
    whole = kind is A.FactKind.INTEGER

    def number(v: Any) -> Any:
        t = type(v)
        if t is Decimal:
            if v.is_finite() and (lo is None or v >= lo) and (hi is None or v <= hi) and (
                    not whole or v == v.to_integral_value()):
                return v
        elif t is int:
            d = Decimal(v)
            if (lo is None or d >= lo) and (hi is None or d <= hi):
                return d
        return slow(v)

    return number


class _GiveUp(Exception):
    """The mapping is not plainly valid: let the pydantic schema report why."""


def _records(decl: A.RecordsField) -> Callable[[Any], list[dict[str, Any]]]:
    """A reader for one list of records: each record a dict of its present fields, in declaration order."""
    fields: list[tuple[str, Callable[[Any], Any]]] = []
    for f in decl.fields:
        if isinstance(f, A.RecordsField):
            nested = _records(f)
            fields.append((f.name, nested))
        else:
            fields.append((f.name, _field(f)))
    allowed = frozenset(name for name, _ in fields)
    at_least, at_most = decl.min_count, decl.max_count

    def read(rows: Any) -> list[dict[str, Any]]:
        if type(rows) is not list or (at_least is not None and len(rows) < at_least) or (
                at_most is not None and len(rows) > at_most):
            raise _GiveUp
        out = []
        for row in rows:
            if type(row) is not dict or not allowed.issuperset(row):
                raise _GiveUp
            # Fields in declaration order, as the schema's dump has them; absent and None fields left out.
            get = row.get
            rec = {}
            for name, check in fields:
                v = get(name)
                if v is not None:
                    v = check(v)
                    if v is not None:
                        rec[name] = v
            out.append(rec)
        return out

    return read


def compile_reader(checked: CheckedPolicy) -> Reader:
    """Build, once per policy, the reader of plainly valid fact mappings."""
    slots = {info.path: info.slot for info in checked.facts}
    n_slots = checked.n_slots
    # top-level key -> (is a section, [(field, slot, check, is records)]) or a records reader
    sections: dict[str, tuple[frozenset[str], tuple[tuple[str, int, Callable[[Any], Any], bool], ...]]] = {}
    top_records: dict[str, tuple[int, Callable[[Any], list[dict[str, Any]]]]] = {}
    for d in checked.policy.declarations:
        if isinstance(d, A.FactSection):
            fields = []
            for f in d.fields:
                slot = slots[(d.name, f.name)]
                if isinstance(f, A.RecordsField):
                    fields.append((f.name, slot, _records(f), True))
                else:
                    fields.append((f.name, slot, _field(f), False))
            sections[d.name] = (frozenset(f.name for f in d.fields), tuple(fields))
        elif isinstance(d, A.RecordsField):
            top_records[d.name] = (slots[(d.name,)], _records(d))
    top_keys = frozenset(sections) | frozenset(top_records)

    def read(data: Any) -> list[Any] | None:
        if type(data) is not dict or not top_keys.issuperset(data):
            return None
        env: list[Any] = [MISSING] * n_slots
        try:
            for key, value in data.items():
                if value is None:
                    continue
                section = sections.get(key)
                if section is None:
                    slot, rows = top_records[key]
                    env[slot] = tuple(rows(value))
                    continue
                if type(value) is not dict or not section[0].issuperset(value):
                    return None
                for name, slot, check, is_records in section[1]:
                    v = value.get(name)
                    if v is not None:
                        v = check(v)
                        if v is not None:
                            env[slot] = tuple(v) if is_records else v
        except Exception:  # a validator's rejection, or anything unforeseen: pydantic decides
            return None
        return env

    return read
