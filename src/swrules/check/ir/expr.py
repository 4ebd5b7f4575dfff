"""Typed expressions: the checker's output for every formula of a policy.

Input: built by `check` from the syntax tree's expressions, one node for one node,
with the same fields and operator enums. Output: frozen nodes that also carry their
type (`ty`) and, for a name (`Ref`), what it is bound to (`binding`: a fact's slot,
a rule's slot, a record's field, a constant), so no later stage looks a name up or
keeps a side table. `span` is the source text, kept out of equality: two nodes
compare equal when they mean the same thing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from decimal import Decimal
from enum import Enum

from swrules.base.nodes import node
from swrules.base.source import Span
from swrules.syntax.ast import BinOp, CmpOp, LogicOp

from .types import Ty

__all__ = ["BinOp", "CmpOp", "LogicOp"]  # the operators are the syntax tree's own enums


class BindingKind(Enum):
    FACT = "fact"  # env[slot]
    PROJECTION = "projection"  # [rec[field] for rec in env[slot]]
    RECORD_FIELD = "record_field"  # rec[field], inside an indicator
    RULE = "rule"  # env[slot]
    CONSTANT = "constant"  # a grade, a phase or a rounding mode named in an expression
    CURRENT = "current"  # the indicator's own value for the current record


@node
class Binding:
    """What a name stands for. `value` is the constant's value (a grade or phase name,
    a `decimal` rounding mode) for `CONSTANT`."""

    kind: BindingKind
    ty: Ty
    slot: int = -1
    field_name: str = ""
    value: str | None = None


@node
class Number:
    value: Decimal
    is_percent: bool
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class String:
    value: str
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class DateLit:
    value: _dt.date
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Bool:
    value: bool
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Ref:
    """A name and what it is bound to; `binding` is None only for a name the checker
    reported as unknown, so never in the IR of a policy that checked."""

    parts: tuple[str, ...]
    binding: Binding | None
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)

    @property
    def bound(self) -> Binding:
        """The binding of a name in a checked policy (where every name is bound)."""
        assert self.binding is not None, self.dotted
        return self.binding


@node
class Neg:
    operand: Expr
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Binary:
    op: BinOp
    left: Expr
    right: Expr
    on_zero: Expr | None  # only for division: the stated result when the divisor is zero
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Compare:
    op: CmpOp
    left: Expr
    right: Expr
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Logical:
    op: LogicOp
    left: Expr
    right: Expr
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Not:
    operand: Expr
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Cond:
    test: Expr
    then: Expr
    otherwise: Expr
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Call:
    func: str
    args: tuple[Expr, ...]
    ty: Ty
    span: Span | None = field(default=None, compare=False, repr=False)
    func_span: Span | None = field(default=None, compare=False, repr=False)


Expr = Number | String | DateLit | Bool | Ref | Neg | Binary | Compare | Logical | Not | Cond | Call
