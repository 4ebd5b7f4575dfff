"""The checked policy: what `check` hands to `compile`, `facts` and `engine`.

Input: built once by `check`. Output: facts with their slots, rules with their slots,
typed declarations, dependencies and origin, in policy order and in evaluation order.
Everything is frozen: collections are tuples, frozensets and read-only mappings, and
nothing is filled in after the checker returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum

from swrules.base.nodes import node
from swrules.base.source import Span

from .decl import (
    FactField,
    FactSection,
    Grades,
    Header,
    Phases,
    ReconcileLine,
    RecordsField,
    Require,
    RuleDecl,
    Sheet,
)
from .types import Ty


@node
class FactInfo:
    """One declared fact (or one list of records) and where its value lives."""

    path: tuple[str, ...]
    decl: FactField | RecordsField
    slot: int
    section_label: str | None = None

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def is_records(self) -> bool:
        return isinstance(self.decl, RecordsField)

    @property
    def label(self) -> str:
        return self.decl.label or self.path[-1]

    @property
    def required(self) -> bool:
        """Whether a fact file must give it: a field unless `optional`; records unless `min 0`."""
        if isinstance(self.decl, RecordsField):
            return self.decl.min_count != 0
        return not (isinstance(self.decl, FactField) and self.decl.optional)


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


@node(eq=False)
class Rule:
    """A named computed value: its kind, slot, typed declaration and what it reads.
    Compared by identity: a rule is one place in one policy."""

    kind: RuleKind
    name: str
    slot: int
    decl: RuleDecl
    order: int  # position in the policy, for explanations
    ty: Ty  # the type of its value
    deps: frozenset[int]  # rule slots it reads
    facts: frozenset[int]  # fact slots it reads directly
    all_facts: frozenset[int]  # fact slots it reads, through other rules too
    # Fields of repeated records it reads: (records slot, field name), directly and through rules.
    record_fields: frozenset[tuple[int, str]]
    all_record_fields: frozenset[tuple[int, str]]
    # Items: the slot of the awarded value, when it differs from the counted one.
    # Indicators: the slot of the per-record findings.
    awarded_slot: int | None
    origin: str  # the file it comes from (a district overlay mixes rules from several files)

    @property
    def label(self) -> str:
        return self.decl.label or self.name

    @property
    def span(self) -> Span | None:
        return self.decl.span

    @property
    def clause(self) -> str | None:
        clause = getattr(self.decl, "clause", None)
        return clause.citation if clause is not None else None


@node(eq=False)
class CheckedPolicy:
    header: Header
    facts: tuple[FactInfo, ...]  # in declaration order
    facts_by_key: Mapping[str, FactInfo]
    fact_decls: tuple[FactSection | RecordsField, ...]  # the fact sections and lists of records, in policy order
    rules: tuple[Rule, ...]  # in policy order
    order: tuple[Rule, ...]  # in evaluation order
    rules_by_name: Mapping[str, Rule]
    n_slots: int
    phases: Phases | None
    phase_slot: int | None
    date_slot: int | None
    sheet: Sheet
    grades: Grades
    grade_rank: Mapping[str, int]  # 0 is the best grade
    reconcile: tuple[ReconcileLine, ...]
    requires: tuple[Require, ...]
    total_max: Decimal
    source_name: str
