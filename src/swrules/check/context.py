"""The checking context: what the checker's passes share, and nothing else.

Input: a syntax tree (`ast.Policy`) and its file name. Output: one `Context` that the
passes fill in turn (collect → resolve and type → domain checks → program checks →
build the IR), each pass reading what earlier ones wrote. Rules are `RuleDraft`s
here, mutable while their dependencies are found; `build` freezes them into the IR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Span
from swrules.syntax import ast as A

from . import ir

# What declares a rule in the syntax tree (`total`: the sheet's total line or the sheet).
RuleSource = A.Param | A.Define | A.Item | A.Party | A.TotalDecl | A.Sheet | A.Grades | A.Veto | A.Finding | A.Indicator
# A rule's typed declaration while checking; Party, Sheet and Grades are assembled by `build`.
TypedDecl = ir.Param | ir.Define | ir.Item | ir.Veto | ir.Finding | ir.Indicator


@dataclass(slots=True, eq=False)
class RuleDraft:
    """A rule while checking: its dependencies grow as its formulas are typed."""

    kind: ir.RuleKind
    name: str
    slot: int
    decl: RuleSource
    order: int
    deps: set[int] = field(default_factory=set)
    facts: set[int] = field(default_factory=set)
    all_facts: set[int] = field(default_factory=set)
    record_fields: set[tuple[int, str]] = field(default_factory=set)
    all_record_fields: set[tuple[int, str]] = field(default_factory=set)
    awarded_slot: int | None = None

    @property
    def span(self) -> Span | None:
        return self.decl.span


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an expression is: which rule it belongs to, and the record in hand."""

    rule: RuleDraft | None
    record: A.RecordsField | None = None
    current: RuleDraft | None = None


@dataclass(slots=True)
class Context:
    policy: A.Policy
    source_name: str
    diags: list[Diagnostic] = field(default_factory=list)

    # collect: every declaration named and given its slots
    facts: list[ir.FactInfo] = field(default_factory=list)
    facts_by_key: dict[str, ir.FactInfo] = field(default_factory=dict)
    fact_decls: list[A.FactSection | A.RecordsField] = field(default_factory=list)
    sections: dict[str, A.FactSection] = field(default_factory=dict)
    rules: list[RuleDraft] = field(default_factory=list)
    by_name: dict[str, RuleDraft] = field(default_factory=dict)
    names: dict[str, Span | None] = field(default_factory=dict)
    grade_names: list[str] = field(default_factory=list)
    phase_names: list[str] = field(default_factory=list)
    header: A.Header | None = None
    phases: A.Phases | None = None
    sheet: A.Sheet | None = None
    sheet_counted: ir.Expr | None = None  # the typed `total ... counted` expression
    grades: A.Grades | None = None
    synthetic_grades: bool = False  # no grades declared: checked against an empty list
    reconcile: list[A.ReconcileLine] = field(default_factory=list)
    requires: list[A.Require] = field(default_factory=list)
    slot_count: int = 0

    # resolve: where the phase and the date come from, and names that were not found
    phase_slot: int | None = None
    date_slot: int | None = None
    used: set[int] = field(default_factory=set)  # rule slots some expression reads
    suggested: set[str] = field(default_factory=set)  # offered as "did you mean": not also unused
    unknown_grades: dict[str, list[Span | None]] = field(default_factory=dict)
    unknown_names: dict[str, tuple[dict[str, str], list[Span | None]]] = field(default_factory=dict)

    # type: every formula typed into the IR
    rule_types: dict[int, ir.Ty] = field(default_factory=dict)
    typed: dict[int, TypedDecl] = field(default_factory=dict)  # by rule slot
    resolving: set[int] = field(default_factory=set)
    bands: tuple[ir.Band, ...] = ()
    typed_reconcile: list[ir.ReconcileLine] = field(default_factory=list)
    typed_requires: list[ir.Require] = field(default_factory=list)
    # Divisions without a stated result for zero, each with the conditions it is evaluated
    # under: `(test, holds)` for `if test then …` (True) or its `else` (False), and an
    # indicator's `not applicable when` guard (False). Any of them may exclude zero.
    divisions: list[tuple[ir.Binary, tuple[tuple[ir.Expr, bool], ...]]] = field(default_factory=list)

    def error(self, code: str, span: Span | None, **args: object) -> None:
        self.diags.append(Diagnostic(code, args, span))

    def new_slot(self) -> int:
        self.slot_count += 1
        return self.slot_count - 1
