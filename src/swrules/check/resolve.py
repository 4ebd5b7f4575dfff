"""Name resolution: what each name in a formula stands for.

Input: the `Context` after collection, a name (`ast.Ref`) and the `Scope` it is
written in. Output: a bound `ir.Ref` (a fact's slot, a rule's slot, a record's
field, a grade, phase or the indicator's current value) and the reading recorded on
the rule in scope; for a name that is nothing, one diagnostic per name with the
nearest declared name offered and the other places it is used as notes. The type of
a rule named here comes from `rule_type`, given by the typing pass, so rules are
typed on demand in any order.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Span
from swrules.base.words import keyword_zh
from swrules.syntax import ast as A

from . import ir
from .context import Context, RuleDraft, Scope

RuleType = Callable[[RuleDraft], ir.Ty]

FACT_TYPES = {
    A.FactKind.BOOLEAN: ir.BOOL, A.FactKind.INTEGER: ir.NUMBER, A.FactKind.DECIMAL: ir.NUMBER,
    A.FactKind.PERCENT: ir.PERCENT, A.FactKind.DATE: ir.DATE, A.FactKind.TEXT: ir.TEXT, A.FactKind.CHOICE: ir.TEXT,
}


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def fact_type(c: Context, info: ir.FactInfo) -> ir.Ty:
    if isinstance(info.decl, A.RecordsField):
        return ir.RECORDS
    if info.slot == c.phase_slot:
        return ir.PHASE
    return FACT_TYPES[info.decl.kind]


def fact_ref(c: Context, ref: A.Ref) -> ir.Ref:
    """A name in a declaration that must be a fact (`over`, `dated by`, a reconciled
    fact), bound to it without counting as a reading; unknown names are reported by
    the caller."""
    info = c.facts_by_key.get(ref.dotted)
    if info is None:
        return ir.Ref(ref.parts, None, ir.ERROR, ref.span)
    ty = fact_type(c, info)
    return ir.Ref(ref.parts, ir.Binding(ir.BindingKind.FACT, ty, slot=info.slot), ty, ref.span)


def resolve_sources(c: Context) -> None:
    """The facts that give the phase (`phases from`) and the date (`dated by`)."""
    if c.phases is not None:
        info = c.facts_by_key.get(c.phases.source.dotted)
        if info is None:
            unknown_fact(c, c.phases.source)
        else:
            c.phase_slot = info.slot
    assert c.header is not None
    ref = c.header.dated_by
    if ref is None:
        return
    info = c.facts_by_key.get(ref.dotted)
    if info is None:
        unknown_fact(c, ref)
        return
    if not (isinstance(info.decl, A.FactField) and info.decl.kind is A.FactKind.DATE):
        words = ir.type_words(fact_type(c, info))
        c.error("E0301", ref.span, expected="日期", expected_en="a date", text=ref.dotted,
                found=words[0], found_en=words[1],
                help_zh="dated by 须指向日期类型的事实。", help_en="dated by must name a date fact.")
    c.date_slot = info.slot


def _bind(c: Context, ref: A.Ref, binding: ir.Binding, scope: Scope) -> ir.Ref:
    if scope.rule is not None:
        if binding.kind is ir.BindingKind.RULE:
            scope.rule.deps.add(binding.slot)
        elif binding.kind in (ir.BindingKind.FACT, ir.BindingKind.PROJECTION):
            scope.rule.facts.add(binding.slot)
        if binding.kind is ir.BindingKind.PROJECTION:
            scope.rule.record_fields.add((binding.slot, binding.field_name))
        elif binding.kind is ir.BindingKind.RECORD_FIELD and scope.record is not None:
            records = c.facts_by_key.get(_record_key(c, scope.record))
            if records is not None:
                scope.rule.record_fields.add((records.slot, binding.field_name))
    if binding.kind is ir.BindingKind.RULE:
        c.used.add(binding.slot)
    return ir.Ref(ref.parts, binding, binding.ty, ref.span)


def _unbound(ref: A.Ref, ty: ir.Ty = ir.ERROR) -> ir.Ref:
    return ir.Ref(ref.parts, None, ty, ref.span)


def resolve_ref(c: Context, ref: A.Ref, scope: Scope, rule_type: RuleType) -> ir.Ref:
    parts = ref.parts
    K = ir.BindingKind
    if len(parts) == 1:
        name = parts[0]
        if scope.record is not None:
            for f in scope.record.fields:
                if f.name == name and isinstance(f, A.FactField):
                    return _bind(c, ref, ir.Binding(K.RECORD_FIELD, FACT_TYPES[f.kind], field_name=name), scope)
        if scope.current is not None and name == scope.current.name:
            return _bind(c, ref, ir.Binding(K.CURRENT, ir.NUMBER), scope)
        if name == "phase":
            if c.phase_slot is None:
                c.error("E0603", ref.span)
                return _unbound(ref, ir.PHASE)
            return _bind(c, ref, ir.Binding(K.FACT, ir.PHASE, slot=c.phase_slot), scope)
        rule = c.by_name.get(name)
        if rule is not None:
            return _bind(c, ref, ir.Binding(K.RULE, rule_type(rule), slot=rule.slot), scope)
        info = c.facts_by_key.get(name)
        if info is not None:  # a top-level list of records, as `indicators`
            return _bind(c, ref, ir.Binding(K.FACT, fact_type(c, info), slot=info.slot), scope)
        if name in c.grade_names:
            return _bind(c, ref, ir.Binding(K.CONSTANT, ir.GRADE, value=name), scope)
        if name in c.phase_names:
            return _bind(c, ref, ir.Binding(K.CONSTANT, ir.PHASE, value=name), scope)
        candidates = [*c.by_name, *c.grade_names, *c.phase_names, *c.facts_by_key]
        if scope.record is not None:
            candidates += [f.name for f in scope.record.fields]
        labels = {n: getattr(r.decl, "label", None) for n, r in c.by_name.items()}
        _error_unknown(c, ref, name, candidates, labels)
        return _unbound(ref)
    info = c.facts_by_key.get(ref.dotted)
    if info is not None:
        return _bind(c, ref, ir.Binding(K.FACT, fact_type(c, info), slot=info.slot), scope)
    head = ".".join(parts[:-1])
    rec = c.facts_by_key.get(head)
    if rec is not None and isinstance(rec.decl, A.RecordsField):
        for f in rec.decl.fields:
            if f.name == parts[-1] and isinstance(f, A.FactField):
                ty = ir.Ty(FACT_TYPES[f.kind].base, many=True)
                return _bind(c, ref, ir.Binding(K.PROJECTION, ty, slot=rec.slot, field_name=f.name), scope)
        _field_error(c, ref, head, parts[-1], rec.decl.fields)
        return _unbound(ref)
    section = c.sections.get(parts[0])
    if section is not None and len(parts) == 2:
        _field_error(c, ref, parts[0], parts[1], section.fields)
        return _unbound(ref)
    unknown_fact(c, ref)
    return _unbound(ref)


def _record_key(c: Context, record: A.RecordsField) -> str:
    return next((f.key for f in c.facts if f.decl is record), record.name)


def suggest_by_label(name: str, labelled: Iterable[tuple[str, str | None]]) -> str | None:
    """The id meant by `name`: a near id, else the id whose label is near `name` or holds
    it (a policy officer may write the field's label, `s.社工缺口`, for its id)."""
    pairs = list(labelled)
    by_id = suggest(name, [i for i, _ in pairs])
    if by_id is not None:
        return by_id
    labels = {label: i for i, label in pairs if label}
    by_label = suggest(name, labels)
    if by_label is not None:
        return labels[by_label]
    return next((i for label, i in labels.items() if len(name) > 1 and name in label), None)


def _field_error(c: Context, ref: A.Ref, record: str, name: str,
                 fields: Iterable[A.FactField | A.RecordsField]) -> None:
    labels = {f.name: f.label for f in fields}
    s = suggest_by_label(name, labels.items())
    listed = "、".join(_labelled(n, label) for n, label in labels.items())
    hint_zh = hint_en = ""
    if s is not None and suggest(name, labels) == s:
        hint_zh, hint_en = f"是否想写{_labelled(s, labels[s])}？", f"did you mean `{s}`? "
    elif s is not None:  # the label, or part of it, written for the id
        hint_zh = f"是否想写{_labelled(s, labels[s])}？算式中字段写名称，不写标签。"
        hint_en = f"did you mean `{s}` ({labels[s]})? a formula names a field by its id, not by its label. "
    c.error("E0204", ref.span, record=record, name=name, fields_zh=f"{hint_zh}可用的字段：{listed}",
            fields_en=f"{hint_en}fields: {', '.join(labels)}")


def _labelled(name: str, label: str | None) -> str:
    """A field in a Chinese message: its label from the policy, then its id as a formula
    writes it (as a hover shows a name)."""
    return f"{label} `{name}`" if label else f"`{name}`"


def unknown_fact(c: Context, ref: A.Ref) -> None:
    head = ref.parts[0]
    if len(ref.parts) > 1 and head not in c.sections and head not in c.facts_by_key:
        # An unknown group: suggest a near group only where the whole name then exists.
        groups = [*c.sections, *(f.key for f in c.facts if f.is_records and len(f.path) == 1)]
        s = suggest(head, groups)
        fixed = ".".join((s, *ref.parts[1:])) if s else None
        _error_unknown(c, ref, ref.dotted, [fixed] if fixed in c.facts_by_key else [])
        return
    _error_unknown(c, ref, ref.dotted, [*c.facts_by_key, *c.by_name])


_DECLARE_ZH = f"{keyword_zh('facts')}、{keyword_zh('param')}或{keyword_zh('define')}"


def _error_unknown(c: Context, ref: A.Ref, name: str, candidates: Iterable[str | None],
                   labels: dict[str, str | None] | None = None) -> None:
    """E0201, with the nearest name offered: by id, else (given `labels`) by a rule's label."""
    if name in c.unknown_names:
        c.unknown_names[name][1].append(ref.span)
        return
    s = suggest(name, [x for x in candidates if x is not None])
    hint_zh, hint_en = (f"是否想写 `{s}`？", f"did you mean `{s}`?") if s else (
        f"先在{_DECLARE_ZH}中声明它。", "declare it first in facts, param or define.")
    if s is None and labels:
        s = suggest_by_label(name, ((n, label) for n, label in labels.items() if label))
        if s is not None:  # the label, or part of it, written for the name
            hint_zh = f"是否想写{labels[s]} `{s}`？算式中写名称，不写标签。"
            hint_en = f"did you mean `{s}` ({labels[s]})? a formula uses the name, not the label."
    if s:
        c.suggested.add(s)
    c.unknown_names[name] = ({"name": name, "hint_zh": hint_zh, "hint_en": hint_en}, [ref.span])


def _also_used(name: str, spans: list[Span | None]) -> tuple[tuple[Span, str], ...]:
    return tuple((sp, f"这里也用了 `{name}` / `{name}` is also used here") for sp in spans[1:] if sp is not None)


def report_unknown_names(c: Context) -> None:
    """One diagnostic per unknown name, with the other places it is used as notes."""
    for name, (args, spans) in c.unknown_names.items():
        c.diags.append(Diagnostic("E0201", args, spans[0], related=_also_used(name, spans)))


def report_unknown_grades(c: Context) -> None:
    """One diagnostic per unknown grade: a deleted band is one mistake, however many vetoes force it."""
    for name, spans in c.unknown_grades.items():
        args = {"name": name, "grades": "、".join(c.grade_names), "grades_en": ", ".join(c.grade_names)}
        c.diags.append(Diagnostic("E0206", args, spans[0], related=_also_used(name, spans)))


_CITING = (A.Param, A.Define, A.Item, A.Veto, A.Finding, A.Indicator, A.Party, A.Sheet, A.Override)


def cite_documents(policy: A.Policy) -> tuple[A.Policy, list[Diagnostic]]:
    """Every `clause 评估办法 "…"` given the title of the regulation its short name declares
    (`regulation 评估办法 "标题"`), so each output cites document and clause; a short name no
    regulation declares is an error. Clauses without a short name are left as written."""
    header = next((d for d in policy.declarations if isinstance(d, A.Header)), None)
    named = [r for r in (header.regulations if header else ()) if r.name]
    titles = {r.name: r.title for r in named}
    diags: list[Diagnostic] = []

    def fix(node: object) -> object:
        if isinstance(node, A.Clause):
            if node.source is None:
                return node
            title = titles.get(node.source)
            if title is None:
                known = "、".join(f"{r.name}（{r.title}）" for r in named) or "（无）"
                diags.append(Diagnostic("E0213", {"name": node.source, "known": known}, node.span))
                return node
            return dataclasses.replace(node, document=title)
        if not isinstance(node, _CITING):
            return node
        changes: dict[str, object] = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            new = tuple(fix(v) for v in value) if isinstance(value, tuple) else fix(value)
            if new != value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]

    decls = tuple(fix(d) for d in policy.declarations)
    return dataclasses.replace(policy, declarations=decls), diags  # type: ignore[arg-type]

