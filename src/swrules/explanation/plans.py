"""A policy's rules as its explanations need them: what does not depend on the station, worked out once.

Input: the checked policy (through `Names`, whose `PolicyWords` keeps what is worked out per policy).
Output: one `RulePlan` per rule, in policy order (`rule_plans`): the rule's kind as written, its
clause, whether its value is a percentage, how its sentence begins and ends, its formulas as
written (by the place its line gives), its reads with their percent flags (lists of records left
out), and what its kind of explanation needs from the policy (a party's items and rounding, the
total's counted expression and rounding, an indicator's list of records); and the rules each rule
depends on (`dependencies`). The station's build (`build`) fills values into these: nothing here
reads a value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from swrules.base.show import show
from swrules.check import ir
from swrules.check.ir import Rule, RuleKind

from . import names as N
from . import sentences as W
from .model import Formula
from .names import Names

# Rules whose explanation depends on their own values, trace and the phase alone (not on
# other lines of the result, as an item's, a party's or the grade's sentence does).
SAME_FOR_SAME_VALUES = frozenset({RuleKind.PARAM, RuleKind.DEFINE, RuleKind.VETO, RuleKind.FINDING})
RECORDS = object()  # a read of a list of records: not listed, its fields are


class RulePlan:
    """What a rule's explanation takes from the policy alone: the same for every station."""

    __slots__ = ("rule", "slot", "name", "kind", "clause", "percent", "said", "clause_end", "formulas",
                 "kept", "reads", "slot_reads", "items", "own_rounding", "counted", "counted_text", "total_rounding",
                 "over", "not_applicable", "sums")

    def __init__(self, rule: Rule, names: Names) -> None:
        c = names.c
        d = rule.decl
        self.rule = rule
        self.slot = rule.slot
        self.name = rule.name
        self.kind = "output" if isinstance(d, ir.Define) and d.output else rule.kind.value
        self.clause = rule.clause
        self.percent = names.rule_percent(rule)
        self.said = W.rule_name(rule.name if rule.kind is RuleKind.PARAM else rule.label)  # 「label」 / “label”
        self.clause_end = W.clause_end(rule.clause)  # （依据：…）。 / (clause …).
        # Its formulas by the place its line says it is written (`RuleResult.location`: its own, one entry).
        self.formulas: dict[str, tuple[Formula, ...]] = {}
        self.kept = rule.kind in SAME_FOR_SAME_VALUES  # kept by its values (`build.slot_key`)
        self.reads: dict[tuple[str, bool], Any] = {}  # a read's percent flag, or RECORDS; filled as reads are met
        # Its reads as the engine's table lists them, (name, label, slot, is_fact, percent flag), lists of
        # records left out: made from the table when first met (`table_reads`).
        self.slot_reads: tuple[tuple[str, str, int, bool, bool], ...] | None = None
        # A party's items and own rounding (mode, places).
        self.items = frozenset(i.name for i in d.items) if isinstance(d, ir.Party) else frozenset()
        self.own_rounding = (d.rounding.mode, d.rounding.places) if isinstance(d, ir.Party) and d.rounding else None
        # The total's counted expression (its node, its text) and rounding (mode, places).
        total = c.sheet.total if rule.kind is RuleKind.TOTAL else None
        self.counted = total.counted if total is not None else None
        self.counted_text = N.text(self.counted) if self.counted is not None else None
        self.total_rounding = (total.rounding.mode, total.rounding.places) \
            if total is not None and total.rounding is not None else None
        # An indicator's list of records and its `not applicable` condition as written.
        self.over = c.facts_by_key[d.over.dotted] if isinstance(d, ir.Indicator) else None
        self.not_applicable = N.text(d.not_applicable) if isinstance(d, ir.Indicator) else ""
        # An item's, a party's or the total's `sums.SumPlan`, made at the policy's first station (it reads
        # the engine's table of the rule); False for a rule of another kind.
        self.sums: Any = None if rule.kind in (RuleKind.ITEM, RuleKind.PARTY, RuleKind.TOTAL) else False

    def formulas_at(self, names: Names, where: str) -> tuple[Formula, ...]:
        """The rule's formulas as written, by the place its line gives (its own: one entry)."""
        found = self.formulas.get(where)
        if found is None:
            found = self.formulas[where] = tuple(formulas(names, self.rule, where))
        return found

    def read_how(self, names: Names, name: str, is_fact: bool) -> Any:
        """A read's percent flag, or `RECORDS` for a list of records: worked out once per read."""
        key = (name, is_fact)
        how = self.reads.get(key)
        if how is None:
            c = names.c
            if not is_fact:
                how = names.rule_percent(c.rules_by_name[name])
            else:
                info = c.facts_by_key.get(name)
                how = RECORDS if info is not None and info.is_records else bool(info and names.fact_percent(info))
            self.reads[key] = how
        return how


    def table_reads(self, names: Names, table: Any) -> tuple[tuple[str, str, int, bool, bool], ...]:
        """Its reads from the engine's table of the rule (`Assembler.tables`), each with its percent
        flag, lists of records left out (their fields are shown where they were read)."""
        found = self.slot_reads
        if found is None:
            hows = [(name, label, slot, is_fact, self.read_how(names, name, is_fact))
                    for name, label, slot, is_fact, _ in table.reads]
            found = self.slot_reads = tuple(r for r in hows if r[4] is not RECORDS)
        return found


def rule_plans(names: Names) -> tuple[RulePlan, ...]:
    """Every rule's plan, in policy order: made for the policy's first station, then kept."""
    memo = names.words.memo
    found = memo.get("plans")
    if found is None:
        found = memo["plans"] = tuple(RulePlan(rule, names) for rule in names.c.rules)
    return found  # type: ignore[no-any-return]


def dependencies(names: Names) -> dict[str, tuple[str, ...]]:
    """The rules each rule reads, in policy order, by rule name (once per policy)."""
    memo = names.words.memo
    found = memo.get("deps")
    if found is None:
        by_slot = names.by_slot
        found = memo["deps"] = {
            rule.name: tuple(by_slot[s].name for s in sorted(rule.deps, key=lambda s: by_slot[s].order))
            for rule in names.c.rules}
    return found  # type: ignore[no-any-return]


def formulas(names: Names, rule: Rule, where: str) -> Iterator[Formula]:
    """A rule's formulas as written, each with its `file:line`."""
    c = names.c
    d = rule.decl
    if isinstance(d, ir.Param):
        yield Formula("value", N.text(d.value) or N.text(d), N.where(d.value, where))
    elif isinstance(d, ir.Define):
        yield Formula("value", N.text(d.expr), N.where(d.expr, where))
    elif isinstance(d, ir.Item):
        yield Formula("awarded" if d.counted is not None else "value", N.text(d.awarded), N.where(d.awarded, where))
        if d.counted is not None:
            yield Formula("counted", N.text(d.counted), N.where(d.counted, where))
    elif isinstance(d, ir.Party):
        text = " + ".join(i.name for i in d.items)
        if d.share_kind is ir.ShareKind.WEIGHT:
            text = f"({text}) × {show(d.share, 'en', percent=True)}" if d.rounding else \
                f"{text} × {show(d.share, 'en', percent=True)}"
        if d.rounding is not None:
            text = f"round({text}, {d.rounding.places}, {d.rounding.mode})"
        yield Formula("sum", text, where)
    elif rule.kind is RuleKind.TOTAL:
        counted = c.sheet.total.counted if c.sheet.total else None
        text = N.text(counted) if counted is not None else " + ".join(p.name for p in c.sheet.parties)
        rounding = c.sheet.total.rounding if c.sheet.total else None
        if rounding is not None:
            text = f"round({text}, {rounding.places}, {rounding.mode})"
        yield Formula("counted" if counted is not None else "sum", text,
                      N.where(counted, where) if counted is not None else where)
    elif isinstance(d, ir.Grades):
        for band in d.bands:
            yield Formula("band", N.text(band), N.where(band, where))
    elif isinstance(d, (ir.Veto, ir.Finding)):
        yield Formula("when", N.text(d.when), N.where(d.when, where))
    elif isinstance(d, ir.Indicator):
        yield Formula("compute", N.text(d.compute), N.where(d.compute, where))
        if d.not_applicable is not None:
            yield Formula("not_applicable", N.text(d.not_applicable), N.where(d.not_applicable, where))
        for f in d.findings:
            yield Formula(f.name, N.text(f.when), N.where(f.when, where))


