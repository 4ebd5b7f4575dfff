"""Result assembly: the filled slot list of one station to a `Result`.

Input: a checked and compiled policy (once, to build the `Assembler`), then per
station the slot list evaluation filled. Output: the `Result`. Everything that
depends only on the policy (which facts and rules each rule reads and in what order,
labels, source locations, which field names a record, which facts count as missing)
is worked out once when the policy is loaded, into flat tuples of slots and strings;
assembling a station then only reads slots and builds the result objects. The
Assembler holds no per-station state, so one policy serves many threads at once.

The per-rule lines of a result (`Result.rules`: every rule's value, what it read and
what was missing) are explanation material, and building them is most of the cost
of assembly; they are built on first access (`engine.deferred.LazyResult`); either way
they are the same lines. The result's eager part (`plain_head`) and the vetoes, findings
and indicator lines, which reading a summary needs, are built by code generated per
policy (`engine.lines`); the methods here that build them with loops (`plain_head`,
`check`, `findings_of`, `indicators_of`) are the reference that code is tested against.
With explanations on, the result keeps the trace; the sentences are written only when
`swrules.explain(result)` asks for them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any

from swrules.base.values import MISSING, Unknown
from swrules.check import ir
from swrules.check.ir import CheckedPolicy, Rule, RuleKind
from swrules.compile.plan import Plan

from .dated import DatedParameters
from .document import Document, compile_document
from .lines import Builders, compile_lines, record_findings
from .result import (
    Check,
    IndicatorLine,
    MissingFact,
    OutputLine,
    PartyLine,
    Read,
    Reconciliation,
    Result,
    RuleResult,
    ScoreLine,
    Trace,
)
from .rule_table import RuleTable

# Builds a named-tuple line from a tuple of its fields without the class's Python-level
# __new__: a result holds about a hundred lines, and this halves their cost.
_new: Callable[..., Any] = tuple.__new__

# Points are shown to the hundredth when the policy does not round its total (the
# reports the tool follows give scores to two places); padding only, never rounding.
FIGURE_PLACES = 2


class Assembler(DatedParameters):
    """Builds `Result`s for one policy; the per-policy tables are computed here, once."""

    def __init__(self, checked: CheckedPolicy, plan: Plan, sha256: str) -> None:
        c = self.c = checked
        self.plan = plan
        self.sha256 = sha256
        key_of = {f.slot: f.key for f in c.facts}
        by_slot = {r.slot: r for r in c.rules}
        self.tables: dict[int, RuleTable] = {}
        for r in c.rules:
            reads = tuple((f.key, f.label, f.slot, True, _fact_percent(f)) for f in c.facts if f.slot in r.facts) + \
                tuple((by_slot[s].name, by_slot[s].label, s, False, by_slot[s].ty.base is ir.Base.PERCENT)
                      for s in sorted(r.deps, key=lambda s: by_slot[s].order))
            missing = (tuple((f.key, f.slot) for f in c.facts if f.slot in r.all_facts),
                       tuple((s, name, key_of[s]) for s, name in sorted(r.all_record_fields)))
            location = r.span.location() if r.span else ""
            head = (r.name, r.kind.value, r.label, r.span.location() if r.span else c.source_name, r.clause)
            self.tables[r.slot] = RuleTable(r, reads, missing, location, head)
        self.rule_tables = tuple(self.tables[r.slot] for r in c.rules)
        for r in c.rules:
            if isinstance(r.decl, ir.Param) and isinstance(r.decl.value, ir.ByDate) and c.date_slot is not None:
                self.tables[r.slot].dated = r.decl.value.values
        self.dated_tables = tuple(t for t in self.rule_tables if t.dated)
        self.outputs = tuple((r.slot, (r.name, r.label, r.decl.unit.kind.value if r.decl.unit else "number",
                                       r.decl.unit.label if r.decl.unit else None, self.tables[r.slot].location,
                                       r.clause))
                             for r in c.rules if isinstance(r.decl, ir.Define) and r.decl.output)
        # The period's first day, when the policy is dated by another day (its end): a dated
        # value that changed in between is said to have been chosen by that other day.
        start = c.facts_by_key.get("station.period_start")
        dated_by = c.header.dated_by.dotted if c.header.dated_by is not None else None
        self.period_start_slot = start.slot if start is not None and dated_by not in (None, start.key) else None

        station_section = next((d for d in c.fact_decls
                                if isinstance(d, ir.FactSection) and d.name == "station"), None)
        self.station = tuple((f.name, c.facts_by_key[f"station.{f.name}"].slot) for f in
                             (station_section.fields if station_section is not None else ())
                             if f"station.{f.name}" in c.facts_by_key)
        self.total_slot = c.rules_by_name["total"].slot
        self.grade_slot = c.rules_by_name["grade"].slot
        self.grade_names = tuple(c.grade_rank)
        rounding = c.sheet.total.rounding if c.sheet.total is not None else None
        self.places = rounding.places if rounding is not None else FIGURE_PLACES
        self.phase_labels: dict[str, str] = {}
        for ph in c.phases.phases if c.phases is not None else ():
            self.phase_labels.setdefault(ph.name, ph.label or ph.name)
        self.vetoes = tuple(self.tables[r.slot] for r in c.rules if r.kind is RuleKind.VETO)
        self.veto_ranks = tuple((r.slot, c.grade_rank[r.decl.forces]) for r in c.rules  # type: ignore[union-attr]
                                if r.kind is RuleKind.VETO)
        self.parties = tuple((p.name, p.label or p.name, p.share_kind.value, p.share, c.rules_by_name[p.name].slot)
                             for p in c.sheet.parties)
        self.items = tuple(
            ((item.name, item.label or item.name, p.name, p.label or p.name, item.maximum),
             c.rules_by_name[item.name].slot, c.rules_by_name[item.name].awarded_slot,
             self._details_table(item.awarded))
            for p in c.sheet.parties for item in p.items)
        needed: set[int] = set()
        for r in c.rules:
            needed |= r.all_facts
        self.missing_facts = tuple((f.slot, (f.key, f.label, f.required)) for f in c.facts
                                   if f.required or f.slot in needed)
        # Per station, one C call reads the values of those facts, and the lines of the missing ones are
        # picked from lines made here once (immutable: every result may hold the same line).
        self.missing_lines = tuple(_new(MissingFact, row) for _, row in self.missing_facts)
        self.missing_values = _getter(tuple(s for s, _ in self.missing_facts))
        # Record fields some rule needs, each once, in the order the rules first name them (several rules
        # reading the same field would only find the keys already found).
        self.record_missing = tuple(dict.fromkeys((s, name, key, self._record_field_label(s, name))
                                                  for t in self.rule_tables for s, name, key in t.missing[1]))
        self.findings = tuple(self._finding_table(r) for r in c.rules
                              if r.kind in (RuleKind.FINDING, RuleKind.INDICATOR))
        self.indicators = tuple(self._indicator_table(r) for r in c.rules if r.kind is RuleKind.INDICATOR)
        self.reconcile = tuple(
            (slot, fn, c.facts_by_key[line.declared.dotted].path[-1], c.facts_by_key[line.declared.dotted].label,
             line.computed.span.text if line.computed.span else "")
            for line, slot, fn in plan.reconcile)

    @functools.cached_property
    def lines(self) -> Builders:
        """The generated builders of the vetoes, findings and indicator lines (`engine.lines`), made when a
        result's lines are first read (a load that evaluates nothing pays nothing for them). They give
        what `check`, `findings_of` and `indicators_of` give; those stay as the reference they are tested
        against."""
        return compile_lines(self)

    @functools.cached_property
    def document(self) -> Document:
        """The generated writer of a result's JSON document (`engine.document`), made when a result's
        document is first asked for; `Result.to_dict`, which builds the lines and their dicts, is the
        reference it is tested against."""
        return compile_document(self)

    # ------------------------------------------------------------ per-policy tables
    def _details_table(self, expr: ir.Expr) -> tuple[int, str | None] | None:
        """How to name an item's per-record awarded values: None numbers them 1, 2, ..."""
        if not isinstance(expr, ir.Ref):
            return None
        info = self.c.facts_by_key.get(".".join(expr.parts[:-1]))
        if info is None:
            return (-1, None)
        return (info.slot, _name_field(info.decl))

    def _record_field_label(self, slot: int, name: str) -> str | None:
        """The declared label of a field of the records in `slot`."""
        info = next((f for f in self.c.facts if f.slot == slot), None)
        if info is not None and isinstance(info.decl, ir.RecordsField):
            decl = next((f for f in info.decl.fields if f.name == name), None)
            if decl is not None and decl.label:
                return decl.label
        return None

    def _finding_table(self, r: Rule) -> tuple[Any, ...]:
        if r.kind is RuleKind.FINDING:
            return (self.tables[r.slot],)
        d = r.decl
        assert isinstance(d, ir.Indicator) and r.awarded_slot is not None
        info = self.c.facts_by_key[d.over.dotted]
        findings = tuple((f.name, f.label or f.name, f.clause.citation if f.clause else None,
                          f.span.location() if f.span else "") for f in d.findings)
        return (r.awarded_slot, info.slot, _name_field(info.decl), findings)

    def _indicator_table(self, r: Rule) -> tuple[Any, ...]:
        d = r.decl
        assert isinstance(d, ir.Indicator)
        info = self.c.facts_by_key[d.over.dotted]
        name_field = _name_field(info.decl)
        decls = [f for f in info.decl.fields if f.name != name_field]  # type: ignore[union-attr]
        fields = tuple(f.name for f in decls)
        labels = tuple(f.label or f.name for f in decls)
        missing = tuple(name for s, name in sorted(r.all_record_fields) if s == info.slot)
        return (r.name, r.label, info.slot, info.key, r.slot, name_field, fields, missing, labels, d.unit.kind.value,
                d.unit.label)

    # ------------------------------------------------------------ per station
    def result(self, env: list[Any], file: str, facts_hash: str | None,
               trace: Trace | None) -> Result:
        """The station's result: the parts a summary reads built now by the generated head (`engine.lines`),
        the rest on first read (`engine.deferred`)."""
        return self.lines.head(env, file, facts_hash, trace)

    def plain_head(self, env: list[Any], file: str, facts_hash: str | None,
                   trace: Trace | None) -> dict[str, Any]:
        """The reference the generated head is tested against: the instance dict of the station's result,
        without `_env` and `_parts`, built with loops over the tables."""
        c = self.c
        grade = env[self.grade_slot]
        phase = env[c.phase_slot] if c.phase_slot is not None else None
        return {
            "policy_title": c.header.title, "policy_version": c.header.version, "policy_file": c.source_name,
            "policy_hash": self.sha256, "facts_file": file, "facts_hash": facts_hash,
            "station": {name: env[s] for name, s in self.station if env[s] is not MISSING},
            "phase": phase, "phase_label": self.phase_labels.get(phase) if isinstance(phase, str) else None,
            "total": env[self.total_slot], "total_max": c.total_max, "grade": grade, "places": self.places,
            "provisional": self.provisional(env, grade),
            "parties": tuple([_new(PartyLine, (n, label, kind, share, env[s]))
                              for n, label, kind, share, s in self.parties]),
            "scores": self.scores(env), "reconciliation": self.reconciliation(env),
            "missing": self.missing_facts_of(env), "grade_names": self.grade_names, "trace": trace,
            "outputs": tuple([_new(OutputLine, (n, label, unit, word, env[s], where, clause))
                              for s, (n, label, unit, word, where, clause) in self.outputs]),
            "warnings": self.dated_warnings(env) if self.dated_tables and self.period_start_slot is not None else (),
        }

    def veto_statuses(self, env: list[Any]) -> tuple[tuple[str, str], ...]:
        """Each veto's id and status alone, for a batch row: no Reads built (`engine.batch`)."""
        return tuple([(t.check_head[0], _status(env[t.slot], "hit")) for t in self.vetoes])

    def rules(self, env: list[Any], shared: dict[int, tuple[Read, ...]]) -> tuple[RuleResult, ...]:
        return tuple([self.rule_result(t, env, shared) for t in self.rule_tables])

    def provisional(self, env: list[Any], grade: Any) -> bool:
        """A grade is provisional when an undetermined veto could still lower it."""
        if type(grade) is Unknown:
            return True
        rank = self.c.grade_rank[grade]
        for slot, forced in self.veto_ranks:  # noqa: SIM110 - a loop: any() would build a generator per station
            if forced > rank and type(env[slot]) is Unknown:
                return True
        return False

    @staticmethod
    def reads(t: RuleTable, env: list[Any]) -> tuple[Read, ...]:
        return tuple([_new(Read, (name, label, env[s], is_fact, pc)) for name, label, s, is_fact, pc in t.reads])

    @staticmethod
    def missing(t: RuleTable, env: list[Any]) -> tuple[str, ...]:
        facts, record_fields = t.missing
        out = [key for key, s in facts if env[s] is MISSING]
        for s, name, key in record_fields:
            records = env[s]
            if type(records) is Unknown:
                continue
            for i, rec in enumerate(records):
                if name not in rec:
                    out.append(f"{key}[{i}].{name}")
        return tuple(out)

    def scores(self, env: list[Any]) -> tuple[ScoreLine, ...]:
        out = []
        for head, slot, awarded_slot, naming in self.items:
            counted = env[slot]
            awarded = env[awarded_slot] if awarded_slot is not None else counted
            details = self.record_details(env, naming, awarded) if type(awarded) is tuple else ()
            out.append(_new(ScoreLine, (*head, awarded, counted, details)))
        return tuple(out)

    @staticmethod
    def record_details(env: list[Any], naming: tuple[int, str | None] | None,
                       values: tuple[Any, ...]) -> tuple[tuple[str, Any], ...]:
        """Name each awarded value by its record's first text field (the service area)."""
        if naming is None:
            return tuple((str(i + 1), v) for i, v in enumerate(values))
        slot, name_field = naming
        records = env[slot] if slot >= 0 else ()
        out = []
        for i, v in enumerate(values):
            rec = records[i] if isinstance(records, tuple) and i < len(records) else {}
            out.append((str(rec.get(name_field, i + 1)) if name_field else str(i + 1), v))
        return tuple(out)

    def check(self, t: RuleTable, env: list[Any], hit_word: str, shared: dict[int, tuple[Read, ...]]) -> Check:
        value = env[t.slot]
        status = _status(value, hit_word)
        name, label, clause, forces = t.check_head
        # The rule's line reuses the Reads: they are immutable.
        reads = shared[t.slot] = tuple([_new(Read, (n, lb, env[s], f, pc)) for n, lb, s, f, pc in t.reads])
        facts, record_fields = t.missing
        missing = self.missing(t, env) if record_fields else tuple([k for k, s in facts if env[s] is MISSING])
        return _new(Check, (name, label, clause, status, reads, missing, forces, None, t.location))  # type: ignore[no-any-return]

    def findings_of(self, env: list[Any], shared: dict[int, tuple[Read, ...]]) -> tuple[Check, ...]:
        out = []
        for row in self.findings:
            if len(row) == 1:
                out.append(self.check(row[0], env, "raised", shared))
            else:
                out.extend(record_findings(row, env))
        return tuple(out)

    def indicators_of(self, env: list[Any]) -> tuple[IndicatorLine, ...]:
        out = []
        for (name, label, records_slot, key, slot, name_field, fields, missing_fields, labels, unit,
             unit_label) in self.indicators:
            records = env[records_slot]
            values = env[slot]
            if type(records) is Unknown:
                continue
            many = type(values) is tuple
            for i, rec in enumerate(records):
                value = values[i] if many else values
                missing = tuple([f"{key}[{i}].{f}" for f in missing_fields if f not in rec]) \
                    if type(value) is Unknown else ()
                get = rec.get
                out.append(_new(IndicatorLine, (
                    name, label, str(get(name_field, i + 1)) if name_field else str(i + 1),
                    tuple([(f, get(f, MISSING)) for f in fields]), value, missing, labels, unit, unit_label,
                )))
        return tuple(out)

    def reconciliation(self, env: list[Any]) -> tuple[Reconciliation, ...]:
        out = []
        for slot, fn, field_name, label, rule_name in self.reconcile:
            declared = env[slot]
            computed = fn(env)
            difference: Any = None
            if declared is MISSING:
                status = "not_declared"
            elif type(computed) is Unknown:
                status = "undetermined"
            elif isinstance(declared, Decimal) and isinstance(computed, Decimal):
                difference = declared - computed
                status = "agrees" if difference == 0 else "differs"
            else:
                status = "agrees" if declared == computed else "differs"
            out.append(_new(Reconciliation, (field_name, label, declared, computed, difference, status, rule_name)))
        return tuple(out)

    def missing_facts_of(self, env: list[Any]) -> tuple[MissingFact, ...]:
        """Required facts that are absent, and optional ones some rule needed."""
        out = list(compress(self.missing_lines, map(is_, self.missing_values(env), repeat(MISSING))))
        seen: set[str] | None = None
        for s, name, key, label in self.record_missing:
            records = env[s]
            if type(records) is Unknown:
                continue
            for i, rec in enumerate(records):
                if name not in rec:
                    k = f"{key}[{i}].{name}"
                    if seen is None:
                        seen = {m.key for m in out}
                    if k not in seen:
                        seen.add(k)
                        out.append(_new(MissingFact, (k, label or k, True)))
        return tuple(out)

    def rule_result(self, t: RuleTable, env: list[Any], shared: dict[int, tuple[Read, ...]]) -> RuleResult:
        value = env[t.slot]
        reads = shared.get(t.slot)
        dated = self.dated_entry(t, env) if t.dated else None
        return _new(RuleResult, (  # type: ignore[no-any-return]
            *t.result_head, value, reads if reads is not None else self.reads(t, env),
            self.missing(t, env) if _undetermined(value) else (), t.rule.origin,
            dated.start if dated else None, dated.document if dated else None,
            self.dated_change(t, env) if t.dated and self.period_start_slot is not None else None))


def _getter(slots: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The values in `slots` of a slot list, as a tuple (`itemgetter` gives a bare value for one slot)."""
    if len(slots) > 1:
        return itemgetter(*slots)
    return lambda env: tuple([env[s] for s in slots])


def _status(value: Any, hit_word: str) -> str:
    return hit_word if value is True else "clear" if value is False else "undetermined"


def _fact_percent(f: Any) -> bool:
    return isinstance(f.decl, ir.FactField) and f.decl.kind is ir.FactKind.PERCENT


def _undetermined(value: Any) -> bool:
    if type(value) is Unknown:
        return True
    if isinstance(value, tuple):
        return any(type(v) is Unknown for v in value)
    return False


def _name_field(decl: ir.FactField | ir.RecordsField) -> str | None:
    """The field that names a record: `name` if declared, else the first text field."""
    if not isinstance(decl, ir.RecordsField):
        return None
    texts = [f.name for f in decl.fields if isinstance(f, ir.FactField) and f.kind is ir.FactKind.TEXT]
    if "name" in texts:
        return "name"
    return texts[0] if texts else None
