"""Checking: names, types and the policy's own consistency.

Input: an `ast.Policy`. Output: a `CheckedPolicy` (every name bound to a slot, every
expression typed, rules in evaluation order) and the list of diagnostics. Every
independent problem is collected; a policy with any error yields no checked policy.
This module types expressions and resolves names; beside it: `check_collect` (names
and slots for every declaration), `check_calls` (builtin functions), `check_domain`
(score sheet, grade bands, phases, constant conditions), `check_range` (the values an
expression can take) and `check_program` (cycles, unused names, divisions).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import assert_never

from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.base.source import Span
from swrules.syntax import ast as A

from .calls import ERROR, NUMERIC, _suggest, check_call
from .collect import add_builtin_rules, collect
from .domain import check_bands, check_conditions, check_item_ranges, check_phases, check_sheet
from .ir import (
    BOOL,
    DATE,
    GRADE,
    NUMBER,
    PERCENT,
    PHASE,
    RECORDS,
    TEXT,
    Binding,
    BindingKind,
    CheckedPolicy,
    FactInfo,
    Rule,
    RuleKind,
    Ty,
    type_words,
)
from .program import (
    check_divisions,
    check_unused,
    close_facts,
    collect_divisions,
    report_unknown_grades,
    report_unknown_names,
    toposort,
)
from .ranges import Ranges

_FACT_TYPES = {
    A.FactKind.BOOLEAN: BOOL, A.FactKind.INTEGER: NUMBER, A.FactKind.DECIMAL: NUMBER,
    A.FactKind.PERCENT: PERCENT, A.FactKind.DATE: DATE, A.FactKind.TEXT: TEXT, A.FactKind.CHOICE: TEXT,
}


def check_policy(policy: A.Policy, source_name: str = "") -> tuple[CheckedPolicy | None, list[Diagnostic]]:
    checker = _Checker(policy, source_name)
    try:
        checked = checker.run()
    except RecursionError:
        # Definitions that read definitions that read definitions… hundreds deep: no
        # regulation does this, and it must be a diagnostic, not a crash.
        return None, [Diagnostic("E0704", {}, file=source_name)]
    diags = sorted(checker.diags, key=Diagnostic.sort_key)
    if any(d.is_error for d in diags):
        return None, diags
    return checked, diags


def check_or_raise(policy: A.Policy, source_name: str = "") -> tuple[CheckedPolicy, list[Diagnostic]]:
    checked, diags = check_policy(policy, source_name)
    if checked is None:
        raise PolicyError(diags)
    return checked, diags


# Problems of meaning that stay true when some declarations are missing because they
# did not parse: anything about a name that a broken declaration may define is left out.
_SAFE_DESPITE_SYNTAX = ("E0202", "E0205", "E0206", "E0208", "E0209", "E0211", "E03", "W0305", "E04", "E05",
                        "E0605", "E0701", "W0702")
_PHASE_CODES = ("E0207", "E0601", "E0602")


def check_good_declarations(policy: A.Policy | None, source_name: str) -> list[Diagnostic]:
    """Problems of meaning in the declarations of a policy that has syntax errors, so one
    run reports them too; only those that cannot be caused by a declaration that did not
    parse. A district overlay is left alone: its meaning depends on its base."""
    if policy is None or any(isinstance(d, A.Extends) for d in policy.declarations):
        return []
    _, diags = check_policy(policy, source_name)
    has_phases = any(isinstance(d, A.Phases) for d in policy.declarations)
    safe = _SAFE_DESPITE_SYNTAX + (_PHASE_CODES if has_phases else ())
    return [d for d in diags if d.code.startswith(safe)]




class _Scope:
    """Where an expression is: which rule it belongs to, and the record in hand."""

    __slots__ = ("rule", "record", "current")

    def __init__(self, rule: Rule | None, record: A.RecordsField | None = None, current: Rule | None = None) -> None:
        self.rule = rule
        self.record = record
        self.current = current


class _Checker:
    def __init__(self, policy: A.Policy, source_name: str) -> None:
        self.policy = policy
        self.source_name = source_name
        self.diags: list[Diagnostic] = []
        self.facts: list[FactInfo] = []
        self.facts_by_key: dict[str, FactInfo] = {}
        self.sections: dict[str, A.FactSection] = {}
        self.rules: list[Rule] = []
        self.by_name: dict[str, Rule] = {}
        self.names: dict[str, Span | None] = {}
        self.bindings: dict[int, Binding] = {}
        self.types: dict[int, Ty] = {}
        self.rule_types: dict[int, Ty] = {}
        self.resolving: set[int] = set()
        self.used: set[int] = set()
        self.grade_names: list[str] = []
        self.phase_names: list[str] = []
        self.header: A.Header | None = None
        self.phases: A.Phases | None = None
        self.sheet: A.Sheet | None = None
        self.grades: A.Grades | None = None
        self.reconcile: list[A.ReconcileLine] = []
        self.requires: list[A.Require] = []
        self.slot_count = 0
        # Divisions without a stated result for zero, with the guard that may exclude zero.
        self.divisions: list[tuple[A.Binary, A.Expr | None]] = []
        self.ranges: Ranges | None = None
        # Names offered as "did you mean": not also reported as unused.
        self.suggested: set[str] = set()
        self.unknown_grades: dict[str, list[Span | None]] = {}
        self.unknown_names: dict[str, tuple[dict[str, str], list[Span | None]]] = {}
        self.synthetic_grades = False

    def error(self, code: str, span: Span | None, **args: object) -> None:
        self.diags.append(Diagnostic(code, args, span))

    def new_slot(self) -> int:
        self.slot_count += 1
        return self.slot_count - 1

    # ------------------------------------------------------------ collection
    def run(self) -> CheckedPolicy | None:
        decls = self.policy.declarations
        for d in decls:
            collect(self, d)
        if self.header is None:
            self.error("E0210", self.policy.span.source.span(0, 0) if self.policy.span else None)
        if self.sheet is None:
            self.error("E0212", None, what_zh="评分表（score sheet）", what_en="score sheet",
                       help_zh="添加 `score sheet { party ... }`。", help_en="add a `score sheet { party ... }`.")
        if self.grades is None:
            self.error("E0212", None, what_zh="等级（grades）", what_en="grades",
                       help_zh="添加 `grades { 合格 60 <= total ... }`。",
                       help_en="add `grades { pass 60 <= total ... }`.")
        for diag in self.diags:
            if diag.span is None and diag.file is None:
                object.__setattr__(diag, "file", self.source_name)
        # Without a header, sheet or grades the policy cannot be used, but every other
        # problem is still worth reporting in the same run: check against empty ones.
        incomplete = self.sheet is None or self.grades is None or self.header is None
        self.header = self.header or A.Header("", span=self.policy.span)
        self.sheet = self.sheet or A.Sheet((), None, span=self.policy.span)
        self.synthetic_grades = self.grades is None
        self.grades = self.grades or A.Grades((), span=self.policy.span)
        add_builtin_rules(self)
        self.phase_slot = self.resolve_phase_source()
        self.date_slot = self.resolve_date_source()
        for rule in self.rules:
            self.rule_type(rule)
        for line in self.reconcile:
            self.check_reconcile(line)
        for req in self.requires:
            self.expect(req.expr, _Scope(None), BOOL)
        report_unknown_grades(self)
        report_unknown_names(self)
        check_sheet(self)
        check_bands(self)
        check_phases(self)
        check_unused(self)
        order = toposort(self)
        if order is None or incomplete:
            return None
        # Range analysis follows dependencies, so it runs on an acyclic policy only.
        self.ranges = Ranges(self)
        check_divisions(self)
        check_item_ranges(self)
        check_conditions(self)
        close_facts(self, order)
        assert self.header is not None
        return CheckedPolicy(
            policy=self.policy, header=self.header, facts=self.facts, facts_by_key=self.facts_by_key,
            rules=self.rules, order=order, rules_by_name=self.by_name, bindings=self.bindings,
            types=self.types, n_slots=self.slot_count, phases=self.phases, phase_slot=self.phase_slot,
            date_slot=self.date_slot, sheet=self.sheet, grades=self.grades,
            grade_rank={name: i for i, name in enumerate(self.grade_names)},
            reconcile=self.reconcile, requires=self.requires,
            total_max=self.sheet.total.maximum if self.sheet.total else Decimal(100),
            source_name=self.source_name,
        )

    def resolve_phase_source(self) -> int | None:
        if self.phases is None:
            return None
        info = self.facts_by_key.get(self.phases.source.dotted)
        if info is None:
            self.unknown_fact(self.phases.source)
            return None
        return info.slot

    def resolve_date_source(self) -> int | None:
        assert self.header is not None
        ref = self.header.dated_by
        if ref is None:
            return None
        info = self.facts_by_key.get(ref.dotted)
        if info is None:
            self.unknown_fact(ref)
            return None
        if not (isinstance(info.decl, A.FactField) and info.decl.kind is A.FactKind.DATE):
            self.error("E0301", ref.span, expected="日期", expected_en="a date", text=ref.dotted,
                       found=type_words(self.fact_type(info))[0], found_en=type_words(self.fact_type(info))[1],
                       help_zh="dated by 须指向日期类型的事实。", help_en="dated by must name a date fact.")
        return info.slot

    # ------------------------------------------------------------ rule types
    def rule_type(self, rule: Rule) -> Ty:
        if rule.slot in self.rule_types:
            return self.rule_types[rule.slot]
        if rule.slot in self.resolving:
            return NUMBER  # a cycle; reported by toposort
        self.resolving.add(rule.slot)
        ty = self._rule_type(rule)
        self.resolving.discard(rule.slot)
        self.rule_types[rule.slot] = ty
        return ty

    def _rule_type(self, rule: Rule) -> Ty:
        scope = _Scope(rule)
        d = rule.decl
        match rule.kind:
            case RuleKind.PARAM:
                assert isinstance(d, A.Param)
                if isinstance(d.value, A.ByPhase):
                    tys = [self.expr(v.value, scope) for v in d.value.values]
                    return self.same_family(tys, [v.value for v in d.value.values])
                if isinstance(d.value, A.ByDate):
                    # A dated value may itself be by phase: every leaf must be of one family.
                    leaves = [pv.value for v in d.value.values
                              for pv in (v.value.values if isinstance(v.value, A.ByPhase) else (v,))]
                    tys = [self.expr(e, scope) for e in leaves]  # type: ignore[arg-type]
                    return self.same_family(tys, leaves)  # type: ignore[arg-type]
                return self.expr(d.value, scope)
            case RuleKind.DEFINE:
                assert isinstance(d, A.Define)
                return self.expr(d.expr, scope)
            case RuleKind.ITEM:
                assert isinstance(d, A.Item)
                awarded = self.expr(d.awarded, scope)
                self.need_numeric(d.awarded, awarded, allow_many=d.counted is not None)
                if d.counted is not None:
                    counted = self.expr(d.counted, scope)
                    self.need_numeric(d.counted, counted)
                return NUMBER
            case RuleKind.PARTY:
                assert isinstance(d, A.Party)
                for item in d.items:
                    rule.deps.add(self.by_name[item.name].slot) if item.name in self.by_name else None
                return NUMBER
            case RuleKind.TOTAL:
                assert self.sheet is not None
                for party in self.sheet.parties:
                    if party.name in self.by_name:
                        rule.deps.add(self.by_name[party.name].slot)
                return NUMBER
            case RuleKind.GRADE:
                assert self.grades is not None
                rule.deps.add(self.by_name["total"].slot)
                for r in self.rules:
                    if r.kind is RuleKind.VETO:
                        rule.deps.add(r.slot)
                for band in self.grades.bands:
                    if band.provided is not None:
                        self.expect(band.provided, scope, BOOL)
                return GRADE
            case RuleKind.VETO:
                assert isinstance(d, A.Veto)
                self.expect(d.when, scope, BOOL)
                if d.forces not in self.grade_names and not self.synthetic_grades:
                    self.unknown_grades.setdefault(d.forces, []).append(d.forces_span)
                return BOOL
            case RuleKind.FINDING:
                assert isinstance(d, A.Finding)
                self.expect(d.when, scope, BOOL)
                return BOOL
            case RuleKind.INDICATOR:
                assert isinstance(d, A.Indicator)
                return self.indicator(rule, d)
        assert_never(rule.kind)  # pragma: no cover

    def indicator(self, rule: Rule, d: A.Indicator) -> Ty:
        info = self.facts_by_key.get(d.over.dotted)
        if info is None:
            self.unknown_fact(d.over)
            return NUMBER
        if not isinstance(info.decl, A.RecordsField):
            self.error("E0302", d.over.span, text=d.over.dotted, func="for each")
            return NUMBER
        rule.facts.add(info.slot)
        scope = _Scope(rule, info.decl)
        ty = self.expr(d.compute, scope)
        self.need_numeric(d.compute, ty)
        if d.not_applicable is not None:
            self.expect(d.not_applicable, scope, BOOL)
        inner = _Scope(rule, info.decl, current=rule)
        for f in d.findings:
            self.expect(f.when, inner, BOOL)
        collect_divisions(self, d.compute, d.not_applicable)
        return Ty(ty.base, many=True)

    def check_reconcile(self, line: A.ReconcileLine) -> None:
        info = self.facts_by_key.get(line.declared.dotted)
        if info is None:
            self.unknown_fact(line.declared)
            return
        declared = self.fact_type(info)
        computed = self.expr(line.computed, _Scope(None))
        if not self.comparable(declared, computed):
            self.error("E0303", line.span, left=type_words(declared)[0], right=type_words(computed)[0],
                       left_en=type_words(declared)[1], right_en=type_words(computed)[1],
                       help_zh="核对的两边应为同一类数值。", help_en="both sides of a reconciliation must be alike.")

    # ------------------------------------------------------------ expressions
    def fact_type(self, info: FactInfo) -> Ty:
        if isinstance(info.decl, A.RecordsField):
            return RECORDS
        if info.slot == getattr(self, "phase_slot", None):
            return PHASE
        return _FACT_TYPES[info.decl.kind]

    def expect(self, e: A.Expr, scope: _Scope, want: Ty) -> None:
        ty = self.expr(e, scope)
        if ty != want and ty != ERROR:
            self.type_error(e, want, ty)

    def type_error(self, e: A.Expr, want: Ty, got: Ty, help_zh: str = "", help_en: str = "") -> None:
        if ERROR in (want, got):
            return
        wz, we = type_words(want)
        gz, ge = type_words(got)
        if not help_zh and want == BOOL and got.base in NUMERIC:
            help_zh, help_en = "条件需要比较，例如 `x >= 5`。", "a condition needs a comparison, such as `x >= 5`."
        self.error("E0301", e.span, expected=wz, expected_en=we, text=e.span.text if e.span else "", found=gz,
                   found_en=ge, help_zh=help_zh, help_en=help_en)

    def need_numeric(self, e: A.Expr, ty: Ty, allow_many: bool = False) -> None:
        if ty == ERROR:
            return
        if ty.base not in NUMERIC:
            self.type_error(e, NUMBER, ty)
        elif ty.many and not allow_many:
            self.error("E0306", e.span, text=e.span.text if e.span else "")

    def same_family(self, tys: list[Ty], exprs: list[A.Expr]) -> Ty:
        first = tys[0] if tys else NUMBER
        for ty, e in zip(tys[1:], exprs[1:], strict=True):
            if not self.comparable(first, ty):
                self.type_error(e, first, ty)
        return first

    @staticmethod
    def comparable(a: Ty, b: Ty) -> bool:
        if ERROR in (a, b):
            return True
        if a.many or b.many:
            return False
        if a.base in NUMERIC and b.base in NUMERIC:
            return True
        text_like = ("text", "grade", "phase")
        if a.base in text_like and b.base in text_like:
            return a.base == b.base or "text" in (a.base, b.base)
        return a.base == b.base

    def expr(self, e: A.Expr, scope: _Scope) -> Ty:
        ty = self._expr(e, scope)
        self.types[id(e)] = ty
        return ty

    def _expr(self, e: A.Expr, scope: _Scope) -> Ty:
        match e:
            case A.Number():
                return PERCENT if e.is_percent else NUMBER
            case A.String():
                return TEXT
            case A.DateLit():
                return DATE
            case A.Bool():
                return BOOL
            case A.Ref():
                return self.ref(e, scope)
            case A.Neg():
                ty = self.expr(e.operand, scope)
                self.need_numeric(e.operand, ty)
                return ty if ty.base in NUMERIC else NUMBER
            case A.Binary():
                lt = self.expr(e.left, scope)
                rt = self.expr(e.right, scope)
                self.need_numeric(e.left, lt)
                self.need_numeric(e.right, rt)
                if e.on_zero is not None:
                    zt = self.expr(e.on_zero, scope)
                    self.need_numeric(e.on_zero, zt)
                if e.on_zero is None and e.op is A.BinOp.DIV and scope.record is None:
                    self.divisions.append((e, None))
                if e.op in (A.BinOp.ADD, A.BinOp.SUB) and lt == PERCENT and rt == PERCENT:
                    return PERCENT
                if e.op is A.BinOp.MUL and lt == PERCENT and rt == PERCENT:
                    return PERCENT
                return NUMBER
            case A.Compare():
                return self.compare(e, scope)
            case A.Logical():
                self.expect(e.left, scope, BOOL)
                self.expect(e.right, scope, BOOL)
                return BOOL
            case A.Not():
                self.expect(e.operand, scope, BOOL)
                return BOOL
            case A.Cond():
                self.expect(e.test, scope, BOOL)
                a = self.expr(e.then, scope)
                b = self.expr(e.otherwise, scope)
                if not self.comparable(a, b):
                    self.type_error(e.otherwise, a, b)
                return a
            case A.Call():
                return check_call(self, e, scope)
        assert_never(e)  # pragma: no cover

    def compare(self, e: A.Compare, scope: _Scope) -> Ty:
        # A bare grade or phase name on one side is read as that grade or phase.
        lt = self.expr(e.left, scope)
        rt = self.expr(e.right, scope)
        if lt.many or rt.many:
            many = (e.left if lt.many else e.right).span
            self.error("E0306", many, text=many.text if many is not None else "")
            return BOOL
        if not self.comparable(lt, rt):
            lz, le = type_words(lt)
            rz, re_ = type_words(rt)
            hz, he = "", ""
            if GRADE in (lt, rt):
                hz = "等级只能与等级比较，例如 `grade >= 合格`。"
                he = "grades compare with grades, as in `grade >= pass`."
            self.error("E0303", e.span, left=lz, right=rz, left_en=le, right_en=re_, help_zh=hz, help_en=he)
            return BOOL
        if e.op not in (A.CmpOp.EQ, A.CmpOp.NE) and lt.base in ("bool", "text", "phase"):
            self.error("E0303", e.span, left=type_words(lt)[0], right=type_words(rt)[0], left_en=type_words(lt)[1],
                       right_en=type_words(rt)[1], help_zh="文字与是/否值只能用 = 或 != 比较。",
                       help_en="text and yes/no values compare only with = or !=.")
        for mine, other, other_ty in ((lt, e.right, rt), (rt, e.left, lt)):
            plain = self.plain_number(other)
            if mine == PERCENT and other_ty == NUMBER and plain is not None and plain.value > 1:
                self.diags.append(Diagnostic("W0305", {"number": str(plain.value)}, plain.span))
        return BOOL

    def plain_number(self, e: A.Expr) -> A.Number | None:
        """A plain-number literal, written here or as the value of the parameter named here."""
        if isinstance(e, A.Ref):
            binding = self.bindings.get(id(e))
            rule = self.by_name.get(e.parts[0]) if binding is not None and binding.kind is BindingKind.RULE else None
            if rule is not None and isinstance(rule.decl, A.Param):
                e = rule.decl.value  # type: ignore[assignment]
        return e if isinstance(e, A.Number) and not e.is_percent else None

    # ------------------------------------------------------------ names
    def bind(self, ref: A.Ref, binding: Binding, scope: _Scope) -> Ty:
        self.bindings[id(ref)] = binding
        if scope.rule is not None:
            if binding.kind is BindingKind.RULE:
                scope.rule.deps.add(binding.slot)
            elif binding.kind in (BindingKind.FACT, BindingKind.PROJECTION):
                scope.rule.facts.add(binding.slot)
            if binding.kind is BindingKind.PROJECTION:
                scope.rule.record_fields.add((binding.slot, binding.field_name))
            elif binding.kind is BindingKind.RECORD_FIELD and scope.record is not None:
                records = self.facts_by_key.get(self.record_key(scope.record))
                if records is not None:
                    scope.rule.record_fields.add((records.slot, binding.field_name))
        if binding.kind is BindingKind.RULE:
            self.used.add(binding.slot)
        return binding.ty

    def ref(self, ref: A.Ref, scope: _Scope) -> Ty:
        parts = ref.parts
        if len(parts) == 1:
            name = parts[0]
            if scope.record is not None:
                for f in scope.record.fields:
                    if f.name == name and isinstance(f, A.FactField):
                        return self.bind(ref, Binding(BindingKind.RECORD_FIELD, _FACT_TYPES[f.kind], field_name=name),
                                         scope)
            if scope.current is not None and name == scope.current.name:
                return self.bind(ref, Binding(BindingKind.CURRENT, NUMBER), scope)
            if name == "phase":
                if self.phase_slot is None:
                    self.error("E0603", ref.span)
                    return PHASE
                return self.bind(ref, Binding(BindingKind.FACT, PHASE, slot=self.phase_slot), scope)
            rule = self.by_name.get(name)
            if rule is not None and rule.kind is not RuleKind.INDICATOR:
                return self.bind(ref, Binding(BindingKind.RULE, self.rule_type(rule), slot=rule.slot), scope)
            if rule is not None:
                return self.bind(ref, Binding(BindingKind.RULE, self.rule_type(rule), slot=rule.slot), scope)
            info = self.facts_by_key.get(name)
            if info is not None:  # a top-level list of records, as `indicators`
                return self.bind(ref, Binding(BindingKind.FACT, self.fact_type(info), slot=info.slot), scope)
            if name in self.grade_names:
                return self.bind(ref, Binding(BindingKind.CONSTANT, GRADE, value=name), scope)
            if name in self.phase_names:
                return self.bind(ref, Binding(BindingKind.CONSTANT, PHASE, value=name), scope)
            candidates = [*self.by_name, *self.grade_names, *self.phase_names, *self.facts_by_key]
            if scope.record is not None:
                candidates += [f.name for f in scope.record.fields]
            self.error_unknown(ref, name, candidates)
            return ERROR
        key = ref.dotted
        info = self.facts_by_key.get(key)
        if info is not None:
            return self.bind(ref, Binding(BindingKind.FACT, self.fact_type(info), slot=info.slot), scope)
        head = ".".join(parts[:-1])
        rec = self.facts_by_key.get(head)
        if rec is not None and isinstance(rec.decl, A.RecordsField):
            for f in rec.decl.fields:
                if f.name == parts[-1] and isinstance(f, A.FactField):
                    ty = Ty(_FACT_TYPES[f.kind].base, many=True)
                    return self.bind(ref, Binding(BindingKind.PROJECTION, ty, slot=rec.slot, field_name=f.name), scope)
            names = [f.name for f in rec.decl.fields]
            self.field_error(ref, head, parts[-1], names)
            return ERROR
        section = self.sections.get(parts[0])
        if section is not None and len(parts) == 2:
            self.field_error(ref, parts[0], parts[1], [f.name for f in section.fields])
            return ERROR
        self.unknown_fact(ref)
        return ERROR

    def record_key(self, record: A.RecordsField) -> str:
        return next((f.key for f in self.facts if f.decl is record), record.name)

    def field_error(self, ref: A.Ref, record: str, name: str, names: list[str]) -> None:
        s = _suggest(name, names)
        fields = "、".join(names)
        self.error("E0204", ref.span, record=record, name=name,
                   fields_zh=(f"是否想写 `{s}`？" if s else "") + f"可用的字段：{fields}",
                   fields_en=(f"did you mean `{s}`? " if s else "") + f"fields: {', '.join(names)}")

    def unknown_fact(self, ref: A.Ref) -> None:
        head = ref.parts[0]
        if len(ref.parts) > 1 and head not in self.sections and head not in self.facts_by_key:
            # An unknown group: suggest a near group only where the whole name then exists.
            groups = [*self.sections, *(f.key for f in self.facts if f.is_records and len(f.path) == 1)]
            s = _suggest(head, groups)
            fixed = ".".join((s, *ref.parts[1:])) if s else None
            self.error_unknown(ref, ref.dotted, [fixed] if fixed in self.facts_by_key else [])
            return
        self.error_unknown(ref, ref.dotted, [*self.facts_by_key, *self.by_name])

    def error_unknown(self, ref: A.Ref, name: str, candidates: Iterable[str]) -> None:
        if name in self.unknown_names:
            self.unknown_names[name][1].append(ref.span)
            return
        s = _suggest(name, [c for c in candidates if c is not None])
        if s:
            self.suggested.add(s)
        self.unknown_names[name] = ({
            "name": name,
            "hint_zh": f"是否想写 `{s}`？" if s else "先在 facts、param 或 define 中声明它。",
            "hint_en": f"did you mean `{s}`?" if s else "declare it first in facts, param or define.",
        }, [ref.span])
