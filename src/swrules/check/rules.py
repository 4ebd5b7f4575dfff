"""Pass 2, typing the declarations: every rule, reconciliation line and requirement.

Input: the `Context` after collection and `resolve_sources`. Output: for each rule
its type (`Context.rule_types`), its typed declaration (`Context.typed`) and what it
reads (on its `RuleDraft`); the typed grade bands, reconciliation lines and
requirements; a diagnostic for each mistake of type (through `exprs`). A rule named
before it is typed is typed on demand; a rule met again while it is being typed is
on a cycle, which `program.toposort` reports.
"""

from __future__ import annotations

import difflib
from typing import assert_never

from swrules.base.units import UNIT_WORDS, Unit, unit_named
from swrules.syntax import ast as A

from . import ir
from .context import Context, RuleDraft, Scope, TypedDecl
from .exprs import ExprTyper, comparable
from .resolve import fact_ref, fact_type, unknown_fact


def type_declarations(c: Context) -> None:
    typer = _RuleTyper(c)
    for rule in c.rules:
        typer.rule_type(rule)
    for line in c.reconcile:
        typer.reconcile(line)
    for req in c.requires:
        c.typed_requires.append(ir.Require(typer.exprs.expect(req.expr, Scope(None), ir.BOOL), req.message, req.span))


class _RuleTyper:
    def __init__(self, c: Context) -> None:
        self.c = c
        self.exprs = ExprTyper(c, self.rule_type)

    def rule_type(self, rule: RuleDraft) -> ir.Ty:
        c = self.c
        if rule.slot in c.rule_types:
            return c.rule_types[rule.slot]
        if rule.slot in c.resolving:
            return ir.NUMBER  # a cycle; reported by toposort
        c.resolving.add(rule.slot)
        ty, decl = self._rule(rule)
        c.resolving.discard(rule.slot)
        c.rule_types[rule.slot] = ty
        if decl is not None:
            c.typed[rule.slot] = decl
        return ty

    def _rule(self, rule: RuleDraft) -> tuple[ir.Ty, TypedDecl | None]:
        c, x = self.c, self.exprs
        scope = Scope(rule)
        d = rule.decl
        match d:
            case A.Param():
                value, ty = self._param_value(d.value, scope)
                return ty, ir.Param(d.name, value, d.label, d.clause, d.span)
            case A.Define():
                e = x.expr(d.expr, scope)
                return e.ty, ir.Define(d.name, e, d.label, d.clause, d.span, self.unit(d.unit, e), d.output)
            case A.Item():
                awarded = x.expr(d.awarded, scope)
                x.need_numeric(awarded, allow_many=d.counted is not None)
                counted = None
                if d.counted is not None:
                    counted = x.expr(d.counted, scope)
                    x.need_numeric(counted)
                return ir.NUMBER, ir.Item(d.name, d.maximum, awarded, counted, d.label, d.clause, d.span)
            case A.Party():
                for item in d.items:
                    if item.name in c.by_name:
                        rule.deps.add(c.by_name[item.name].slot)
                return ir.NUMBER, None
            case A.TotalDecl() | A.Sheet():
                assert c.sheet is not None
                for party in c.sheet.parties:
                    if party.name in c.by_name:
                        rule.deps.add(c.by_name[party.name].slot)
                if isinstance(d, A.TotalDecl) and d.counted is not None:
                    c.sheet_counted = x.expr(d.counted, scope)
                    x.need_numeric(c.sheet_counted)
                return ir.NUMBER, None
            case A.Grades():
                rule.deps.add(c.by_name["total"].slot)
                for r in c.rules:
                    if r.kind is ir.RuleKind.VETO:
                        rule.deps.add(r.slot)
                c.bands = tuple(self._band(b, scope) for b in d.bands)
                if d.otherwise is not None and d.otherwise not in c.grade_names and not c.synthetic_grades:
                    c.unknown_grades.setdefault(d.otherwise, []).append(d.otherwise_span)
                return ir.GRADE, None
            case A.Veto():
                when = x.expect(d.when, scope, ir.BOOL)
                if d.forces not in c.grade_names and not c.synthetic_grades:
                    c.unknown_grades.setdefault(d.forces, []).append(d.forces_span)
                return ir.BOOL, ir.Veto(d.name, when, d.forces, d.label, d.clause, d.span, d.forces_span)
            case A.Finding():
                when = x.expect(d.when, scope, ir.BOOL)
                return ir.BOOL, ir.Finding(d.name, when, d.label, d.clause, d.span)
            case A.Indicator():
                return self._indicator(rule, d)
            case _:
                assert_never(d)

    def _band(self, b: A.Band, scope: Scope) -> ir.Band:
        provided = self.exprs.expect(b.provided, scope, ir.BOOL) if b.provided is not None else None
        return ir.Band(b.name, b.low, b.low_inclusive, b.high, b.high_inclusive, provided, b.label, b.span)

    def _param_value(self, value: A.Expr | A.ByPhase | A.ByDate, scope: Scope) -> tuple[
            ir.Expr | ir.ByPhase | ir.ByDate, ir.Ty]:
        x = self.exprs
        if isinstance(value, A.ByPhase):
            by_phase = self._by_phase(value, scope)
            return by_phase, x.same_family([pv.value for pv in by_phase.values])
        if isinstance(value, A.ByDate):
            # A dated value may itself be by phase: every leaf must be of one family.
            dated = ir.ByDate(tuple(
                ir.DatedValue(dv.start, self._by_phase(dv.value, scope) if isinstance(dv.value, A.ByPhase)
                              else x.expr(dv.value, scope), dv.document, dv.span)
                for dv in value.values), value.span)
            leaves = [pv.value for dv in dated.values
                      for pv in (dv.value.values if isinstance(dv.value, ir.ByPhase) else (dv,))]
            return dated, x.same_family(leaves)  # type: ignore[arg-type]
        e = x.expr(value, scope)
        return e, e.ty

    def _by_phase(self, value: A.ByPhase, scope: Scope) -> ir.ByPhase:
        return ir.ByPhase(tuple(ir.PhaseValue(pv.phase, self.exprs.expr(pv.value, scope), pv.span)
                                for pv in value.values), value.span)

    def _indicator(self, rule: RuleDraft, d: A.Indicator) -> tuple[ir.Ty, TypedDecl | None]:
        c, x = self.c, self.exprs
        info = c.facts_by_key.get(d.over.dotted)
        if info is None:
            unknown_fact(c, d.over)
            return ir.NUMBER, None
        if not isinstance(info.decl, A.RecordsField):
            c.error("E0302", d.over.span, text=d.over.dotted, func="for each")
            return ir.NUMBER, None
        rule.facts.add(info.slot)
        scope = Scope(rule, info.decl)
        compute = x.expr(d.compute, scope)
        x.need_numeric(compute)
        not_applicable = x.expect(d.not_applicable, scope, ir.BOOL) if d.not_applicable is not None else None
        inner = Scope(rule, info.decl, current=rule)
        findings = tuple(ir.Finding(f.name, x.expect(f.when, inner, ir.BOOL), f.label, f.clause, f.span)
                         for f in d.findings)
        _collect_divisions(c, compute, not_applicable)
        unit = self.unit(d.unit, compute) if d.unit is not None else None
        typed = ir.Indicator(d.name, fact_ref(c, d.over), compute, not_applicable, findings, d.label, d.clause,
                             d.span, unit or ir.UnitSpec(indicator_unit(compute)))
        return ir.Ty(compute.ty.base, many=True), typed

    def unit(self, unit: A.Unit | None, e: ir.Expr) -> ir.UnitSpec | None:
        """The declared unit, checked: a unit that exists (E0315), a value of its kind."""
        if unit is None:
            return None
        named = unit_named(unit.name)
        if named is None:
            close = difflib.get_close_matches(unit.name, list(UNIT_WORDS), n=1, cutoff=0.5)
            self.c.error("E0315", unit.span, unit=unit.name,
                         suggestion_zh=f"是否想写 `{close[0]}`？" if close else "",
                         suggestion_en=f"did you mean `{close[0]}`? " if close else "")
            return None
        if named is Unit.TEXT:
            if e.ty.numeric or e.ty.base in (ir.Base.BOOL, ir.Base.DATE):
                self.exprs.type_error(e, ir.TEXT, "单位 text 用于文字，例如等级或名称。",
                                      "the unit text is for words, such as a grade or a name.")
        else:
            self.exprs.need_numeric(e)
        return ir.UnitSpec(named, unit.label)

    def reconcile(self, line: A.ReconcileLine) -> None:
        c = self.c
        info = c.facts_by_key.get(line.declared.dotted)
        if info is None:
            unknown_fact(c, line.declared)
            return
        declared = fact_type(c, info)
        computed = self.exprs.expr(line.computed, Scope(None))
        if not comparable(declared, computed.ty):
            dz, de = ir.type_words(declared)
            cz, ce = ir.type_words(computed.ty)
            c.error("E0303", line.span, left=dz, right=cz, left_en=de, right_en=ce,
                    help_zh="核对的两边应为同一类数值。", help_en="both sides of a reconciliation must be alike.")
        c.typed_reconcile.append(ir.ReconcileLine(fact_ref(c, line.declared), computed, line.span))


def indicator_unit(compute: ir.Expr) -> Unit:
    """An indicator's unit when none is declared: a percentage for a ratio (a quotient, or a
    rounding, min or max of one) or a percent-typed value, a plain number otherwise — so a
    completion rate reads 85%, and a prorated target of 1501 reads 1501, never 150100%."""
    node = compute
    while isinstance(node, ir.Call) and node.args and node.func in ("round", "min", "max", "roundup"):
        node = node.args[0]
    if compute.ty.base is ir.Base.PERCENT:
        return Unit.PERCENT
    if isinstance(node, ir.Binary) and node.op is A.BinOp.DIV:
        return Unit.PERCENT
    return Unit.NUMBER


def _collect_divisions(c: Context, e: ir.Expr, guard: ir.Expr | None) -> None:
    """Every division inside an indicator's formula, with its `not applicable` guard."""
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Binary):
            if node.op is A.BinOp.DIV and node.on_zero is None:
                c.divisions.append((node, () if guard is None else ((guard, False),)))
            stack.extend([node.right, node.left])
        elif isinstance(node, ir.Neg):
            stack.append(node.operand)
        elif isinstance(node, ir.Call):
            stack.extend(reversed(node.args))
        elif isinstance(node, ir.Cond):
            stack.extend([node.otherwise, node.then])
