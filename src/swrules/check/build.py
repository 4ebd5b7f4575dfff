"""The last pass: the checked context frozen into the IR.

Input: the `Context` of a policy that checked without error, and its rules in
evaluation order. Output: the `ir.CheckedPolicy`, built once: every rule with its
typed declaration, type, dependencies (as frozensets) and origin (the file its
declaration comes from, which differs from the policy's in a district overlay), the
score sheet and grades assembled from their typed items and bands. Nothing is
changed after this.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from swrules.syntax import ast as A

from . import ir
from .context import Context, RuleDraft
from .resolve import fact_ref


def build_policy(c: Context, order: list[RuleDraft]) -> ir.CheckedPolicy:
    assert c.header is not None and c.sheet is not None and c.grades is not None
    items = {d.name: d for d in c.typed.values() if isinstance(d, ir.Item)}
    parties = {p.name: ir.Party(p.name, p.share_kind, p.share, tuple(items[i.name] for i in p.items), p.label, p.span,
                                p.rounding) for p in c.sheet.parties}
    t = c.sheet.total
    total = ir.TotalDecl(t.maximum, t.label, t.rounding, t.span, c.sheet_counted) if t is not None else None
    sheet = ir.Sheet(tuple(parties[p.name] for p in c.sheet.parties), total, c.sheet.label, c.sheet.span)
    g = c.grades
    grades = ir.Grades(c.bands, g.label, g.span, g.integer, g.rounding, g.otherwise, g.otherwise_span)

    def decl(r: RuleDraft) -> ir.RuleDecl:
        match r.decl:
            case A.Party():
                return parties[r.name]
            case A.Sheet():
                return sheet
            case A.Grades():
                return grades
            case A.TotalDecl():
                assert total is not None
                return total
        return c.typed[r.slot]

    rules = tuple(ir.Rule(
        kind=r.kind, name=r.name, slot=r.slot, decl=decl(r), order=r.order, ty=c.rule_types[r.slot],
        deps=frozenset(r.deps), facts=frozenset(r.facts), all_facts=frozenset(r.all_facts),
        record_fields=frozenset(r.record_fields), all_record_fields=frozenset(r.all_record_fields),
        awarded_slot=r.awarded_slot,
        origin=r.span.source.name if r.span is not None else c.source_name,
    ) for r in c.rules)
    by_slot = {r.slot: r for r in rules}
    h = c.header
    header = ir.Header(h.title, h.version, h.effective_from, h.effective_to, h.regulations,
                       fact_ref(c, h.dated_by) if h.dated_by is not None else None, h.span)
    phases = None
    if c.phases is not None:
        phases = ir.Phases(fact_ref(c, c.phases.source), c.phases.phases, c.phases.span)
    return ir.CheckedPolicy(
        header=header, facts=tuple(c.facts), facts_by_key=MappingProxyType(dict(c.facts_by_key)),
        fact_decls=tuple(c.fact_decls), rules=rules, order=tuple(by_slot[r.slot] for r in order),
        rules_by_name=MappingProxyType({name: by_slot[r.slot] for name, r in c.by_name.items()}),
        n_slots=c.slot_count, phases=phases, phase_slot=c.phase_slot, date_slot=c.date_slot, sheet=sheet,
        grades=grades, grade_rank=MappingProxyType({name: i for i, name in enumerate(c.grade_names)}),
        reconcile=tuple(c.typed_reconcile), requires=tuple(c.typed_requires),
        total_max=c.sheet.total.maximum if c.sheet.total else Decimal(100), source_name=c.source_name,
    )
