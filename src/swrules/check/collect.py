"""Pass 1, collection: every declaration of a policy gets its name, its slot and its place.

Input: a fresh `Context`. Output: the context's facts, rules, grade and phase names,
header, sheet and grades filled in, and a diagnostic for each name declared twice
(with the first definition as a note), a section given twice, and a missing header,
score sheet or grades. Types are not looked at here; the typing pass resolves them
once everything is named.
"""

from __future__ import annotations

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Span
from swrules.base.words import keyword_zh
from swrules.syntax import ast as A
from swrules.syntax.grammar import CHINESE_NAMES

from .context import Context, RuleDraft, RuleSource
from .ir import FactInfo, RuleKind


def collect_declarations(c: Context) -> bool:
    """Collect every declaration; True when the policy lacks its header, sheet or
    grades and so cannot be used (it is then checked against empty ones, so that every
    other problem is still reported in the same run)."""
    for d in c.policy.declarations:
        _collect(c, d)
    if c.header is None:
        c.error("E0210", c.policy.span.source.span(0, 0) if c.policy.span else None)
    if c.sheet is None:
        c.error("E0212", None, what_zh=keyword_zh("score sheet"), what_en="score sheet",
                help_zh="添加 `score sheet { party ... }`。", help_en="add a `score sheet { party ... }`.")
    if c.grades is None:
        c.error("E0212", None, what_zh=keyword_zh("grades"), what_en="grades",
                help_zh="添加 `grades { 合格 60 <= total ... }`。",
                help_en="add `grades { pass 60 <= total ... }`.")
    for diag in c.diags:
        if diag.span is None and diag.file is None:
            object.__setattr__(diag, "file", c.source_name)
    incomplete = c.sheet is None or c.grades is None or c.header is None
    c.header = c.header or A.Header("", span=c.policy.span)
    c.sheet = c.sheet or A.Sheet((), None, span=c.policy.span)
    c.synthetic_grades = c.grades is None
    c.grades = c.grades or A.Grades((), span=c.policy.span)
    _add_builtin_rules(c)
    return incomplete


def _declare(c: Context, name: str, span: Span | None) -> bool:
    if name in c.names or name in ("total", "grade", "phase", *CHINESE_NAMES.values()):
        c.diags.append(Diagnostic("E0202", {"name": name}, span,
                                  related=_first_definition(c.names.get(name))))
        return False
    c.names[name] = span
    return True


def _add_rule(c: Context, kind: RuleKind, name: str, decl: RuleSource) -> RuleDraft:
    rule = RuleDraft(kind, name, c.new_slot(), decl, len(c.rules))
    c.rules.append(rule)
    if _declare(c, name, decl.span):
        c.by_name[name] = rule
    return rule


def _collect(c: Context, d: A.Decl) -> None:
    match d:
        case A.Header():
            if c.header is not None:
                c.error("E0211", d.span, what="policy", what_zh=keyword_zh("policy"))
            else:
                c.header = d
        case A.Phases():
            if c.phases is not None:
                c.error("E0211", d.span, what="phases", what_zh=keyword_zh("phases"))
                return
            c.phases = d
            for p in d.phases:
                if _declare(c, p.name, p.span):
                    c.phase_names.append(p.name)
        case A.FactSection():
            if d.name in c.sections or d.name in c.facts_by_key:
                first = c.sections[d.name].span if d.name in c.sections else None
                c.diags.append(Diagnostic("E0202", {"name": d.name}, d.span, related=_first_definition(first)))
                return
            c.sections[d.name] = d
            c.fact_decls.append(d)
            _collect_fields(c, (d.name,), d.fields, d.label)
        case A.RecordsField():
            if d.name in c.sections or d.name in c.facts_by_key:
                c.error("E0202", d.span, name=d.name)
                return
            c.fact_decls.append(d)
            _add_fact(c, (d.name,), d, None)
        case A.Param():
            _add_rule(c, RuleKind.PARAM, d.name, d)
        case A.Define():
            _add_rule(c, RuleKind.DEFINE, d.name, d)
        case A.Sheet():
            if c.sheet is not None:
                c.error("E0211", d.span, what="score sheet", what_zh=keyword_zh("score sheet"))
                return
            c.sheet = d
            for party in d.parties:
                for item in party.items:
                    rule = _add_rule(c, RuleKind.ITEM, item.name, item)
                    if item.counted is not None:
                        rule.awarded_slot = c.new_slot()
                _add_rule(c, RuleKind.PARTY, party.name, party)
        case A.Grades():
            if c.grades is not None:
                c.error("E0211", d.span, what="grades", what_zh=keyword_zh("grades"))
                return
            c.grades = d
            for band in d.bands:
                if _declare(c, band.name, band.span):
                    c.grade_names.append(band.name)
        case A.Veto():
            _add_rule(c, RuleKind.VETO, d.name, d)
        case A.Finding():
            _add_rule(c, RuleKind.FINDING, d.name, d)
        case A.Indicator():
            rule = _add_rule(c, RuleKind.INDICATOR, d.name, d)
            rule.awarded_slot = c.new_slot()
            for f in d.findings:
                _declare(c, f.name, f.span)
        case A.Reconcile():
            c.reconcile.extend(d.lines)
        case A.Require():
            c.requires.append(d)
        case A.Extends() | A.Remove() | A.Override():
            pass  # resolved by `compose` before checking


def _collect_fields(c: Context, prefix: tuple[str, ...], fields: tuple[A.FactField | A.RecordsField, ...],
                    section_label: str | None) -> None:
    seen: set[str] = set()
    for f in fields:
        if f.name in seen:
            c.error("E0202", f.span, name=".".join(prefix + (f.name,)))
            continue
        seen.add(f.name)
        _add_fact(c, prefix + (f.name,), f, section_label)


def _add_fact(c: Context, path: tuple[str, ...], decl: A.FactField | A.RecordsField,
              section_label: str | None) -> None:
    info = FactInfo(path, decl, c.new_slot(), section_label)
    c.facts.append(info)
    c.facts_by_key[info.key] = info
    if isinstance(decl, A.RecordsField):
        seen: set[str] = set()
        for f in decl.fields:
            if f.name in seen:
                c.error("E0202", f.span, name=f"{info.key}.{f.name}")
            seen.add(f.name)
            if isinstance(f, A.RecordsField):
                c.error("E0301", f.span, expected="单个值的字段", expected_en="a single-valued field",
                        text=f.name, found="嵌套的记录", found_en="nested records",
                        help_zh="记录中不能再嵌套记录。", help_en="records cannot contain records.")


def _add_builtin_rules(c: Context) -> None:
    assert c.sheet is not None and c.grades is not None
    total = RuleDraft(RuleKind.TOTAL, "total", c.new_slot(), c.sheet.total or c.sheet, len(c.rules))
    c.rules.append(total)
    c.by_name["total"] = total
    grade = RuleDraft(RuleKind.GRADE, "grade", c.new_slot(), c.grades, len(c.rules))
    c.rules.append(grade)
    c.by_name["grade"] = grade
    # Keep explanations in policy order: total after the sheet, grade after the bands.
    c.rules.sort(key=lambda r: (_decl_index(c, r), r.order))
    for i, r in enumerate(c.rules):
        r.order = i


def _decl_index(c: Context, rule: RuleDraft) -> int:
    target = c.sheet if rule.kind in (RuleKind.ITEM, RuleKind.PARTY, RuleKind.TOTAL) else \
        c.grades if rule.kind is RuleKind.GRADE else rule.decl
    for i, d in enumerate(c.policy.declarations):
        if d is target:
            return i
    return len(c.policy.declarations)


def _first_definition(span: Span | None) -> tuple[tuple[Span, str], ...]:
    return ((span, "第一次定义 / first defined here"),) if span is not None else ()
