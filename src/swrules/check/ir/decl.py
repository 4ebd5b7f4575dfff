"""Typed declarations: each declaration of a policy with its formulas checked.

Input: built by `check` from the syntax tree's declarations. Output: frozen nodes
with the syntax tree's field names, whose formulas are typed `expr` nodes and whose
names of facts are bound `Ref`s. Declarations that hold no formula and no name to
resolve (fact fields and sections, clauses, the total's rounding, regulations and
phase names) are the syntax tree's own frozen nodes, re-exported here so that later
stages name them through the IR and never import the syntax tree.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from decimal import Decimal

from swrules.base.nodes import node
from swrules.base.source import Span
from swrules.base.units import Unit
from swrules.syntax.ast import (
    Clause,
    FactField,
    FactKind,
    FactSection,
    PhaseDecl,
    RecordsField,
    Regulation,
    Rounding,
    ShareKind,
)

from .expr import Expr, Ref

__all__ = ["Clause", "FactField", "FactKind", "FactSection", "PhaseDecl", "RecordsField", "Regulation", "Rounding",
           "ShareKind"]


@node
class Header:
    title: str
    version: str | None
    effective_from: _dt.date | None
    effective_to: _dt.date | None
    regulations: tuple[Regulation, ...]
    dated_by: Ref | None  # bound to the date fact
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Phases:
    source: Ref  # bound to the fact that gives the phase
    phases: tuple[PhaseDecl, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


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
    """A definition; an output (shown beside the grade, in its unit) when `output` is true."""

    name: str
    expr: Expr
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    unit: UnitSpec | None = None
    output: bool = False


@node
class UnitSpec:
    """A unit as checked: which unit, and the word a count is counted in (人次)."""

    kind: Unit
    label: str | None = None


@node
class Item:
    name: str
    maximum: Decimal
    awarded: Expr
    counted: Expr | None = None
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Party:
    name: str
    share_kind: ShareKind
    share: Decimal
    items: tuple[Item, ...]
    label: str | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    rounding: Rounding | None = None  # the party's share, rounded


@node
class TotalDecl:
    maximum: Decimal
    label: str | None = None
    rounding: Rounding | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    counted: Expr | None = None  # counted instead of the parties' sum


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
    over: Ref  # bound to the list of records
    compute: Expr
    not_applicable: Expr | None = None
    findings: tuple[Finding, ...] = ()
    label: str | None = None
    clause: Clause | None = None
    span: Span | None = field(default=None, compare=False, repr=False)
    # As declared (`unit count "人次"`), or, undeclared, percent for a ratio or a percentage and
    # a plain number otherwise (`check.rules.indicator_unit`).
    unit: UnitSpec = UnitSpec(Unit.PERCENT)


@node
class ReconcileLine:
    declared: Ref  # bound to the fact that states the value
    computed: Expr
    span: Span | None = field(default=None, compare=False, repr=False)


@node
class Require:
    """A condition the facts must meet for the file to be valid (period_end after period_start)."""

    expr: Expr
    message: str
    span: Span | None = field(default=None, compare=False, repr=False)


# What a rule is declared by: `total` by the sheet's total line (or the sheet), `grade` by the grades.
RuleDecl = Param | Define | Item | Party | TotalDecl | Sheet | Grades | Veto | Finding | Indicator
