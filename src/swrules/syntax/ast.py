"""The typed syntax tree of a policy.

Input: built by `lowering` from a Lark tree. Output: frozen dataclasses, one per
construct of the language, children as tuples, operators as enums. Every node has a
`span` that is left out of equality, so two parses of the same policy written
differently compare equal. This module imports nothing from Lark.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from decimal import Decimal
from enum import Enum

from swrules.base.nodes import node
from swrules.base.source import Span

# ---------------------------------------------------------------- expressions


class BinOp(Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"


class CmpOp(Enum):
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "="
    NE = "!="


class LogicOp(Enum):
    AND = "and"
    OR = "or"


@node
class Number:
    value: Decimal
    is_percent: bool = False
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class String:
    value: str
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class DateLit:
    value: _dt.date
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Bool:
    value: bool
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Ref:
    """A name: a fact (`scores.purchaser`), a parameter, a rule, or `total`/`grade`/`phase`."""

    parts: tuple[str, ...]
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@node
class Neg:
    operand: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Binary:
    op: BinOp
    left: Expr
    right: Expr
    # Only for division: the stated result when the divisor is zero.
    on_zero: Expr | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Compare:
    op: CmpOp
    left: Expr
    right: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Logical:
    op: LogicOp
    left: Expr
    right: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Not:
    operand: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Cond:
    test: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Call:
    func: str
    args: tuple[Expr, ...]
    span: Span | None = field(default=None, compare=False, repr=False)
    func_span: Span | None = field(default=None, compare=False, repr=False)


Expr = Number | String | DateLit | Bool | Ref | Neg | Binary | Compare | Logical | Not | Cond | Call

# ---------------------------------------------------------------- declarations


class FactKind(Enum):
    BOOLEAN = "boolean"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    TEXT = "text"
    CHOICE = "one of"


@node
class Regulation:
    title: str
    document: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    name: str | None = None  # the short name a clause cites


@node
class Header:
    title: str
    version: str | None = None
    effective_from: _dt.date | None = None
    effective_to: _dt.date | None = None
    regulations: tuple[Regulation, ...] = ()
    dated_by: Ref | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Extends:
    path: str
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class PhaseDecl:
    name: str
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Phases:
    source: Ref
    phases: tuple[PhaseDecl, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class FactField:
    name: str
    kind: FactKind
    choices: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    label: str | None = None
    optional: bool = False
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class RecordsField:
    """Repeated records: a TOML array of tables such as `[[scores.service_quality]]`."""

    name: str
    fields: tuple[FactField | RecordsField, ...]
    label: str | None = None
    min_count: int | None = None
    max_count: int | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class FactSection:
    """A TOML table of facts such as `[station]`."""

    name: str
    fields: tuple[FactField | RecordsField, ...]
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Clause:
    text: str
    span: Span | None = field(default=None, compare=False, repr=False)
    source: str | None = None  # the short name of the regulation the clause is in
    document: str | None = None  # that regulation's title, filled in by the checker

    @property
    def citation(self) -> str:
        """Document and clause, as every output cites them: 《评估办法》第十条."""
        return f"《{self.document}》{self.text}" if self.document else self.text


@node
class PhaseValue:
    phase: str
    value: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class ByPhase:
    values: tuple[PhaseValue, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class DatedValue:
    start: _dt.date
    value: Expr | ByPhase
    document: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class ByDate:
    values: tuple[DatedValue, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Param:
    name: str
    value: Expr | ByPhase | ByDate
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Define:
    """`define`, or `output` (a result shown beside the grade) when `output` is true."""

    name: str
    expr: Expr
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    unit: Unit | None = None
    output: bool = False


@node
class Unit:
    """A declared unit: `unit yuan`, `unit count "人次"`; the name is checked by the checker."""

    name: str
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Item:
    name: str
    maximum: Decimal
    awarded: Expr
    counted: Expr | None = None
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


class ShareKind(Enum):
    POINTS = "points"
    WEIGHT = "weight"


@node
class Party:
    name: str
    share_kind: ShareKind
    share: Decimal
    items: tuple[Item, ...]
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    rounding: Rounding | None = None  # the party's share rounded: `weight 70% round 2 down`


@node
class Rounding:
    places: int
    mode: str
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class TotalDecl:
    maximum: Decimal
    label: str | None = None
    rounding: Rounding | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    counted: Expr | None = None  # what the sheet counts instead of the parties' sum


@node
class Sheet:
    parties: tuple[Party, ...]
    total: TotalDecl | None = None
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Band:
    """A grade and its interval of totals; a missing bound is open-ended."""

    name: str
    low: Decimal | None = None
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = False
    provided: Expr | None = None
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Grades:
    bands: tuple[Band, ...]
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    # How totals are graded where the bands leave gaps: whole numbers (`grading integer`),
    # rounded first (`grading round 0 half_up`), and the grade of a total in no band.
    integer: bool = False
    rounding: Rounding | None = None
    otherwise: str | None = None
    otherwise_span: Span | None = field(default=None, compare=False, repr=False)


@node
class Veto:
    name: str
    when: Expr
    forces: str
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    forces_span: Span | None = field(default=None, compare=False, repr=False)


@node
class Finding:
    name: str
    when: Expr
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Indicator:
    """A formula applied to each of a set of records, with its own findings."""

    name: str
    over: Ref
    compute: Expr
    not_applicable: Expr | None = None
    findings: tuple[Finding, ...] = ()
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    unit: Unit | None = None


@node
class ReconcileLine:
    declared: Ref
    computed: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Reconcile:
    lines: tuple[ReconcileLine, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Require:
    """A condition the facts must meet for the file to be valid (period_end after period_start)."""

    expr: Expr
    message: str
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Remove:
    """In a district overlay: `kind` is veto, finding, indicator, party, item, band, param,
    define, facts (`name` a section or `section.fact`), records, reconcile (`name` the
    fact reconciled) or require (`name` the requirement's message)."""

    kind: str
    name: str
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Override:
    """In a district overlay: this declaration replaces the base's one of the same name."""

    target: OverrideTarget
    span: Span | None = field(default=None, compare=False, repr=False)


OverrideTarget = (
    Param | Define | Veto | Finding | Indicator | Party | Item | Band | Grades
    | FactSection | RecordsField | Reconcile | Require
)

Decl = (
    Header | Extends | Phases | FactSection | RecordsField | Param | Define | Sheet | Grades
    | Veto | Finding | Indicator | Reconcile | Require | Remove | Override
)


@node
class Policy:
    declarations: tuple[Decl, ...]
    span: Span | None = field(default=None, compare=False, repr=False)
