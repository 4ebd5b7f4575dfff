"""The engine: a policy loaded once, applied to many stations.

Input: a policy file (parsed, checked and compiled once by `load_policy`) and fact
mappings or fact files. Output: `Result`s. This is the public face of the pipeline
source -> syntax -> lowering -> check -> compile; evaluation enters the decimal
context once per call (or once per batch through `evaluating`).
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import hashlib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ast as A
from .check import check_or_raise
from .compile import CURRENT_KEY, Plan, compile_policy
from .compose import load_ast
from .diagnostics import Diagnostic, PolicyError
from .facts import FactSchema, read_fact_file
from .ir import CheckedPolicy, FactInfo, Rule, RuleKind
from .result import (
    Check,
    IndicatorLine,
    MissingFact,
    PartyLine,
    Read,
    Reconciliation,
    Result,
    RuleResult,
    ScoreLine,
    attach_explanation,
)
from .runtime import MISSING, NOT_APPLICABLE, Unknown, context


def load_policy(path: Path | str) -> Policy:
    """Parse, check and compile a policy file once; raise `PolicyError` if it has errors."""
    policy_ast, text = load_ast(Path(path))
    checked, warnings = check_or_raise(policy_ast, str(path))
    for rule in checked.rules:  # a district overlay mixes rules from several files
        rule.origin = rule.span.source.name if rule.span is not None else checked.source_name
    return Policy(checked, compile_policy(checked), warnings, text)


def check_file(path: Path | str) -> list[Diagnostic]:
    """Every diagnostic for a policy file, errors and warnings, without compiling."""
    from .check import check_policy

    try:
        policy_ast, _ = load_ast(Path(path))
    except PolicyError as exc:
        return exc.diagnostics
    _, diags = check_policy(policy_ast, str(path))
    return diags


_IN_CONTEXT: contextvars.ContextVar[bool] = contextvars.ContextVar("swrules_in_context", default=False)


@contextlib.contextmanager
def evaluating() -> Iterator[None]:
    """Enter the evaluation decimal context once for a batch of evaluations."""
    if _IN_CONTEXT.get():
        yield
        return
    token = _IN_CONTEXT.set(True)
    try:
        with decimal.localcontext(context()):
            yield
    finally:
        _IN_CONTEXT.reset(token)


class Policy:
    """A compiled policy. Safe to share across threads: evaluation keeps its state per call."""

    def __init__(self, checked: CheckedPolicy, plan: Plan, warnings: list[Diagnostic], text: str) -> None:
        self.checked = checked
        self.plan = plan
        self.warnings = warnings
        self.schema = FactSchema(checked)
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._labels = {f.slot: f for f in checked.facts}

    @property
    def title(self) -> str:
        return self.checked.header.title

    @property
    def version(self) -> str | None:
        return self.checked.header.version

    def evaluate(self, facts: Mapping[str, Any], *, explain: bool = False, file: str = "<facts>",
                 facts_hash: str | None = None) -> Result:
        """Evaluate one station's facts (a mapping as `tomllib` reads a fact file).

        Raises `FactsError` when the facts do not match the policy's declarations.
        With `explain`, the result carries the trace of every intermediate value.
        """
        if _IN_CONTEXT.get():
            return self._evaluate(facts, explain, file, facts_hash)
        with evaluating():
            return self._evaluate(facts, explain, file, facts_hash)

    def evaluate_file(self, path: Path | str, *, explain: bool = False) -> Result:
        data, source = read_fact_file(path)
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        return self.evaluate(data, explain=explain, file=str(path), facts_hash=digest)

    def values(self, facts: Mapping[str, Any]) -> list[Any]:
        """Evaluate without building a result: the slot list (for benchmarks and batch totals)."""
        with evaluating():
            env = self.schema.validate(facts, "<facts>", self.plan.requires)
            self.plan.run(env)
        return env

    def _evaluate(self, facts: Mapping[str, Any], explain: bool, file: str, facts_hash: str | None) -> Result:
        env = self.schema.validate(facts, file, self.plan.requires)
        traces = self.plan.run_traced(env) if explain else None
        if not explain:
            self.plan.run(env)
        result = _Assembler(self, env, file, facts_hash, traces).result()
        return attach_explanation(self, result) if explain else result


class _Assembler:
    """Turns the filled slot list into a `Result`."""

    def __init__(self, policy: Policy, env: list[Any], file: str, facts_hash: str | None,
                 traces: dict[int, list[tuple[Any, Any]]] | None) -> None:
        self.p = policy
        self.c = policy.checked
        self.env = env
        self.file = file
        self.facts_hash = facts_hash
        self.traces = traces
        self.by_slot: dict[int, Rule] = {r.slot: r for r in self.c.rules}

    def fact_label(self, info: FactInfo) -> str:
        return info.label

    def reads(self, rule: Rule) -> tuple[Read, ...]:
        out = []
        for info in self.c.facts:
            if info.slot in rule.facts:
                out.append(Read(info.key, info.label, self.env[info.slot], True))
        for slot in sorted(rule.deps, key=lambda s: self.by_slot[s].order):
            dep = self.by_slot[slot]
            out.append(Read(dep.name, dep.label, self.env[slot], False))
        return tuple(out)

    def missing(self, rule: Rule) -> tuple[str, ...]:
        out = [f.key for f in self.c.facts if f.slot in rule.all_facts and self.env[f.slot] is MISSING]
        for slot, name in sorted(rule.all_record_fields):
            records = self.env[slot]
            if type(records) is Unknown:
                continue
            key = next(f.key for f in self.c.facts if f.slot == slot)
            for i, rec in enumerate(records):
                if name not in rec:
                    out.append(f"{key}[{i}].{name}")
        return tuple(out)

    def result(self) -> Result:
        c, env = self.c, self.env
        station_section = next((d for d in c.policy.declarations
                                if isinstance(d, A.FactSection) and d.name == "station"), None)
        station = {}
        if station_section is not None:
            for f in station_section.fields:
                info = c.facts_by_key.get(f"station.{f.name}")
                if info is not None and env[info.slot] is not MISSING:
                    station[f.name] = env[info.slot]
        total_rule = c.rules_by_name["total"]
        grade_rule = c.rules_by_name["grade"]
        grade = env[grade_rule.slot]
        return Result(
            policy_title=c.header.title,
            policy_version=c.header.version,
            policy_file=c.source_name,
            policy_hash=self.p.sha256,
            facts_file=self.file,
            facts_hash=self.facts_hash,
            station=station,
            phase=env[c.phase_slot] if c.phase_slot is not None else None,
            phase_label=self.phase_label(env[c.phase_slot] if c.phase_slot is not None else None),
            total=env[total_rule.slot],
            total_max=c.total_max,
            grade=grade,
            provisional=self.provisional(grade),
            parties=self.parties(),
            scores=self.scores(),
            vetoes=self.vetoes(),
            findings=self.findings(),
            indicators=self.indicators(),
            reconciliation=self.reconciliation(),
            missing=self.missing_facts(),
            rules=tuple(self.rule_result(r) for r in c.rules),
            grade_names=tuple(c.grade_rank),
            traces=self.traces,
        )

    def phase_label(self, phase: Any) -> str | None:
        if self.c.phases is None or not isinstance(phase, str):
            return None
        decl = next((p for p in self.c.phases.phases if p.name == phase), None)
        return (decl.label or decl.name) if decl is not None else None

    def provisional(self, grade: Any) -> bool:
        """A grade is provisional when an undetermined veto could still lower it."""
        if type(grade) is Unknown:
            return True
        rank = self.c.grade_rank[grade]
        return any(
            r.kind is RuleKind.VETO and type(self.env[r.slot]) is Unknown
            and self.c.grade_rank[r.decl.forces] > rank  # type: ignore[attr-defined]
            for r in self.c.rules
        )

    def parties(self) -> tuple[PartyLine, ...]:
        out = []
        for p in self.c.sheet.parties:
            rule = self.c.rules_by_name[p.name]
            out.append(PartyLine(p.name, p.label or p.name, p.share_kind.value, p.share, self.env[rule.slot]))
        return tuple(out)

    def scores(self) -> tuple[ScoreLine, ...]:
        out = []
        for p in self.c.sheet.parties:
            for item in p.items:
                rule = self.c.rules_by_name[item.name]
                counted = self.env[rule.slot]
                awarded = self.env[rule.awarded_slot] if rule.awarded_slot is not None else counted
                details: tuple[tuple[str, Any], ...] = ()
                if isinstance(awarded, tuple):
                    details = self.record_details(item.awarded, awarded)
                out.append(ScoreLine(item.name, item.label or item.name, p.name, p.label or p.name, item.maximum,
                                     awarded, counted, details))
        return tuple(out)

    def record_details(self, expr: A.Expr, values: tuple[Any, ...]) -> tuple[tuple[str, Any], ...]:
        """Name each awarded value by its record's first text field (the service area)."""
        if not isinstance(expr, A.Ref):
            return tuple((str(i + 1), v) for i, v in enumerate(values))
        head = ".".join(expr.parts[:-1])
        info = self.c.facts_by_key.get(head)
        records = self.env[info.slot] if info is not None else ()
        name_field = _name_field(info.decl) if info is not None else None
        out = []
        for i, v in enumerate(values):
            rec = records[i] if isinstance(records, tuple) and i < len(records) else {}
            out.append((str(rec.get(name_field, i + 1)) if name_field else str(i + 1), v))
        return tuple(out)

    def check(self, rule: Rule, hit_word: str) -> Check:
        value = self.env[rule.slot]
        status = hit_word if value is True else "clear" if value is False else "undetermined"
        return Check(rule.name, rule.label, rule.clause, status, self.reads(rule), self.missing(rule),
                     forces=getattr(rule.decl, "forces", None),
                     location=rule.span.location() if rule.span else "")

    def vetoes(self) -> tuple[Check, ...]:
        return tuple(self.check(r, "hit") for r in self.c.rules if r.kind is RuleKind.VETO)

    def findings(self) -> tuple[Check, ...]:
        out = []
        for r in self.c.rules:
            if r.kind is RuleKind.FINDING:
                out.append(self.check(r, "raised"))
            elif r.kind is RuleKind.INDICATOR:
                d = r.decl
                assert isinstance(d, A.Indicator) and r.awarded_slot is not None
                hits = self.env[r.awarded_slot]
                records = self.env[self.c.facts_by_key[d.over.dotted].slot]
                if type(hits) is Unknown or type(records) is Unknown:
                    continue
                info = self.c.facts_by_key[d.over.dotted]
                name_field = _name_field(info.decl)
                for j, f in enumerate(d.findings):
                    for i, row in enumerate(hits):
                        v = row[j]
                        status = "raised" if v is True else "clear" if v is False else "undetermined"
                        rec = records[i]
                        out.append(Check(f.name, f.label or f.name, f.clause.text if f.clause else None, status,
                                         (), (), record=str(rec.get(name_field, i + 1)) if name_field else str(i + 1),
                                         location=f.span.location() if f.span else ""))
        return tuple(out)

    def indicators(self) -> tuple[IndicatorLine, ...]:
        out = []
        for r in self.c.rules:
            if r.kind is not RuleKind.INDICATOR:
                continue
            d = r.decl
            assert isinstance(d, A.Indicator)
            info = self.c.facts_by_key[d.over.dotted]
            records = self.env[info.slot]
            values = self.env[r.slot]
            if type(records) is Unknown:
                continue
            name_field = _name_field(info.decl)
            decls = [f for f in info.decl.fields if f.name != name_field]  # type: ignore[union-attr]
            fields = [f.name for f in decls]
            labels = tuple(f.label or f.name for f in decls)
            for i, rec in enumerate(records):
                value = values[i] if isinstance(values, tuple) else values
                missing = tuple(f"{info.key}[{i}].{name}" for s, name in sorted(r.all_record_fields)
                                if s == info.slot and name not in rec)
                out.append(IndicatorLine(
                    r.name, r.label, str(rec.get(name_field, i + 1)) if name_field else str(i + 1),
                    tuple((f, rec.get(f, MISSING)) for f in fields), value,
                    missing if type(value) is Unknown else (), labels,
                ))
        return tuple(out)

    def reconciliation(self) -> tuple[Reconciliation, ...]:
        out = []
        for line, slot, fn in self.p.plan.reconcile:
            declared = self.env[slot]
            computed = fn(self.env, None, None)
            info = self.c.facts_by_key[line.declared.dotted]
            rule_name = line.computed.span.text if line.computed.span else ""
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
            out.append(Reconciliation(info.path[-1], info.label, declared, computed, difference, status, rule_name))
        return tuple(out)

    def missing_facts(self) -> tuple[MissingFact, ...]:
        """Required facts that are absent, and optional ones some rule needed."""
        needed: set[int] = set()
        for r in self.c.rules:
            needed |= r.all_facts
        out = []
        for f in self.c.facts:
            if self.env[f.slot] is MISSING and (f.required or f.slot in needed):
                out.append(MissingFact(f.key, f.label, f.required))
        for r in self.c.rules:
            for key in self.missing(r):
                if "[" in key and all(m.key != key for m in out):
                    out.append(MissingFact(key, self.record_field_label(key), True))
        return tuple(out)

    def record_field_label(self, key: str) -> str:
        """The label of `records[i].field`, as declared."""
        head, _, name = key.rpartition(".")
        info = self.c.facts_by_key.get(head.split("[")[0])
        if info is not None and isinstance(info.decl, A.RecordsField):
            decl = next((f for f in info.decl.fields if f.name == name), None)
            if decl is not None and decl.label:
                return decl.label
        return key

    def rule_result(self, rule: Rule) -> RuleResult:
        value = self.env[rule.slot]
        if rule.kind is RuleKind.INDICATOR and isinstance(value, tuple):
            value = tuple(v for v in value)
        dated = self.dated_entry(rule)
        return RuleResult(
            rule.name, rule.kind.value, rule.label,
            rule.span.location() if rule.span else self.c.source_name,
            rule.clause, value, self.reads(rule), self.missing(rule) if _undetermined(value) else (),
            rule.origin, dated.start if dated else None, dated.document if dated else None,
        )

    def dated_entry(self, rule: Rule) -> A.DatedValue | None:
        """For a parameter with values by date: the entry in force on the policy's date."""
        d = rule.decl
        if not (isinstance(d, A.Param) and isinstance(d.value, A.ByDate)) or self.c.date_slot is None:
            return None
        when = self.env[self.c.date_slot]
        if type(when) is Unknown:
            return None
        chosen = None
        for dv in d.value.values:
            if dv.start <= when:
                chosen = dv
        return chosen


def _undetermined(value: Any) -> bool:
    if type(value) is Unknown:
        return True
    if isinstance(value, tuple):
        return any(type(v) is Unknown for v in value)
    return False


def _name_field(decl: A.FactField | A.RecordsField) -> str | None:
    """The field that names a record: `name` if declared, else the first text field."""
    if not isinstance(decl, A.RecordsField):
        return None
    texts = [f.name for f in decl.fields if isinstance(f, A.FactField) and f.kind is A.FactKind.TEXT]
    if "name" in texts:
        return "name"
    return texts[0] if texts else None


__all__ = ["Policy", "load_policy", "check_file", "evaluating", "CURRENT_KEY", "NOT_APPLICABLE"]
