"""The checked policy: what `check` hands to `compile`.

Input: produced by `check` from an `ast.Policy`. Output: facts with their slots and
types, rules with their slots, dependencies and source, and the binding of every name
in every expression, so that neither compilation nor evaluation looks a name up by
string. Nothing here evaluates anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from swrules.base import words
from swrules.base.source import Span
from swrules.syntax import ast as A


@dataclass(frozen=True, slots=True)
class Ty:
    """A value's type. `many` marks a list (a field projected over records)."""

    base: str  # bool number percent date text grade phase records mode na
    many: bool = False

    def __str__(self) -> str:
        return f"list of {self.base}" if self.many else self.base


BOOL = Ty("bool")
NUMBER = Ty("number")
PERCENT = Ty("percent")
DATE = Ty("date")
TEXT = Ty("text")
GRADE = Ty("grade")
PHASE = Ty("phase")
RECORDS = Ty("records")
MODE = Ty("mode")

def type_words(ty: Ty) -> tuple[str, str]:
    return words.type_words(ty.base, ty.many)


@dataclass(frozen=True, slots=True)
class FactInfo:
    """One declared fact (or one list of records) and where its value lives."""

    path: tuple[str, ...]
    decl: A.FactField | A.RecordsField
    slot: int
    section_label: str | None = None

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def is_records(self) -> bool:
        return isinstance(self.decl, A.RecordsField)

    @property
    def label(self) -> str:
        return self.decl.label or self.path[-1]

    @property
    def required(self) -> bool:
        return not (isinstance(self.decl, A.FactField) and self.decl.optional)


class RuleKind(Enum):
    PARAM = "param"
    DEFINE = "define"
    ITEM = "item"
    PARTY = "party"
    TOTAL = "total"
    VETO = "veto"
    GRADE = "grade"
    FINDING = "finding"
    INDICATOR = "indicator"


@dataclass(slots=True)
class Rule:
    """A named computed value: its kind, slot, declaration and what it reads."""

    kind: RuleKind
    name: str
    slot: int
    decl: object  # the ast node that declares it
    order: int  # position in the policy, for explanations
    deps: set[int] = field(default_factory=set)  # rule slots it reads
    facts: set[int] = field(default_factory=set)  # fact slots it reads directly
    all_facts: set[int] = field(default_factory=set)  # fact slots it reads, through other rules too
    # Fields of repeated records it reads: (records slot, field name), directly and through rules.
    record_fields: set[tuple[int, str]] = field(default_factory=set)
    all_record_fields: set[tuple[int, str]] = field(default_factory=set)
    # Items: the slot of the awarded value, when it differs from the counted one.
    # Indicators: the slot of the per-record findings.
    awarded_slot: int | None = None
    origin: str | None = None  # the file it comes from (district overlays)

    @property
    def label(self) -> str:
        label = getattr(self.decl, "label", None)
        return label or self.name

    @property
    def span(self) -> Span | None:
        return getattr(self.decl, "span", None)

    @property
    def clause(self) -> str | None:
        clause = getattr(self.decl, "clause", None)
        return clause.text if clause is not None else None


class BindingKind(Enum):
    FACT = "fact"  # env[slot]
    PROJECTION = "projection"  # [rec[field] for rec in env[slot]]
    RECORD_FIELD = "record_field"  # rec[field], inside an indicator
    RULE = "rule"  # env[slot]
    CONSTANT = "constant"  # a grade, a phase or a rounding mode named in an expression
    CURRENT = "current"  # the indicator's own value for the current record


@dataclass(frozen=True, slots=True)
class Binding:
    kind: BindingKind
    ty: Ty
    slot: int = -1
    field_name: str = ""
    value: object = None


@dataclass(slots=True)
class CheckedPolicy:
    policy: A.Policy
    header: A.Header
    facts: list[FactInfo]
    facts_by_key: dict[str, FactInfo]
    rules: list[Rule]  # in policy order
    order: list[Rule]  # in evaluation order
    rules_by_name: dict[str, Rule]
    bindings: dict[int, Binding]  # id(ast.Ref) -> binding
    types: dict[int, Ty]  # id(expression node) -> type
    n_slots: int
    phases: A.Phases | None
    phase_slot: int | None
    date_slot: int | None
    sheet: A.Sheet
    grades: A.Grades
    grade_rank: dict[str, int]  # 0 is the best grade
    reconcile: list[A.ReconcileLine]
    requires: list[A.Require]
    total_max: Decimal
    source_name: str
