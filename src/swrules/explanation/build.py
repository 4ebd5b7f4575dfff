"""Explanations: trace events turned into what an auditor reads, rule by rule.

Input: a compiled `Policy` and a `Result` evaluated with `explain=True` (its traces
hold `(node, value)` for every subexpression evaluated). Output: an `Explanation`:
for every rule in policy order one sentence in Chinese and in English with the
actual values, the threshold in force and the clause; the formulas as written with
`file:line`; each fact read with its label, value and fact-file key; each
intermediate value; each rounding step with the value before and after; and, for
the grade bands and every veto not hit, how far the station is from a different
outcome. Nothing here evaluates a rule again: values come from the traces and the
result, so an explanation always agrees with the figures printed beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from swrules.base.values import MODE_NAMES, NOT_APPLICABLE, ROUNDING_MODES, Unknown, exact_quotient, quantum
from swrules.check.ir import PERCENT, BindingKind, CheckedPolicy, FactInfo, Rule, RuleKind
from swrules.compile.plan import RECORD_MARK
from swrules.engine.policy import Policy
from swrules.engine.result import Result, register_explainer
from swrules.syntax import ast as A

from . import sentences as W
from .model import (
    Explanation,
    FactUse,
    Formula,
    Margin,
    ReconciliationNote,
    RecordExplanation,
    Rounding,
    RuleExplanation,
    RuleUse,
    Step,
)
from .sentences import Say, describe_band, show

Event = tuple[Any, Any]


def explain(policy: Policy, result: Result) -> Explanation:
    """Build the explanation of a result evaluated with `explain=True` by this policy."""
    if result.traces is None:
        raise ValueError("the result was evaluated without explain=True: it carries no trace")
    return _Explainer(policy, result).explanation()


def attach(policy: Policy, result: Result) -> Result:
    """The result with its explanation, so that `to_dict()` includes it."""
    if result.explanation is not None:
        return result
    return replace(result, explanation=explain(policy, result))


register_explainer(explain)


def rule_names(policy: Policy) -> list[str]:
    return [r.name for r in policy.checked.rules]


def _compact(text: str) -> str:
    """A formula on one line: layout whitespace folded, text inside quotes kept as written."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = " ".join(parts[i].split())
    return '"'.join(parts)


def _where(node: Any, fallback: str) -> str:
    span = getattr(node, "span", None)
    return span.location() if span is not None else fallback


def _text(node: Any) -> str:
    span = getattr(node, "span", None)
    return _compact(span.text) if span is not None else ""


class _Explainer:
    def __init__(self, policy: Policy, result: Result) -> None:
        self.p = policy
        self.c: CheckedPolicy = policy.checked
        self.r = result
        assert result.traces is not None
        self.traces = result.traces
        self.by_slot = {rule.slot: rule for rule in self.c.rules}
        self.facts_by_slot = {f.slot: f for f in self.c.facts}
        self.results = {rr.id: rr for rr in result.rules}
        self.phase_labels = {ph.name: ph.label or ph.name for ph in self.c.phases.phases} if self.c.phases else {}

    # ------------------------------------------------------------ helpers
    def is_percent(self, node: Any) -> bool:
        return self.c.types.get(id(node)) == PERCENT

    def rule_percent(self, rule: Rule) -> bool:
        d = rule.decl
        if isinstance(d, A.Param):
            values: list[Any] = [d.value]
            if isinstance(d.value, A.ByPhase):
                values = [pv.value for pv in d.value.values]
            elif isinstance(d.value, A.ByDate):
                values = [dv.value for dv in d.value.values]
            return any(self.is_percent(v) or (isinstance(v, A.Number) and v.is_percent) for v in values)
        if isinstance(d, A.Define):
            return self.is_percent(d.expr)
        return False

    def fact_percent(self, info: FactInfo) -> bool:
        return isinstance(info.decl, A.FactField) and info.decl.kind is A.FactKind.PERCENT

    def threshold_words(self, rule: Rule) -> Say:
        """How a parameter is named in a sentence; a by-phase one says which phase's value."""
        d = rule.decl
        if isinstance(d, A.Param) and isinstance(d.value, A.ByPhase) and type(self.r.phase) is not Unknown:
            phase = str(self.r.phase)
            return Say(f"{self.phase_labels.get(phase, phase)}的{rule.name}", f"the {phase} {rule.name}")
        return Say(rule.name, rule.name)

    def describe(self, node: Any) -> Say:
        """A value's name in a sentence: a fact's label, a parameter's name, a rule's label."""
        if isinstance(node, A.Ref):
            b = self.c.bindings.get(id(node))
            if b is not None and b.kind in (BindingKind.FACT, BindingKind.PROJECTION):
                info = self.facts_by_slot.get(b.slot)
                if info is not None and b.kind is BindingKind.FACT:
                    return Say(info.label, info.label)
            if b is not None and b.kind is BindingKind.RECORD_FIELD:
                return Say(b.field_name, b.field_name)
            if b is not None and b.kind is BindingKind.RULE:
                rule = self.by_slot[b.slot]
                return self.threshold_words(rule) if rule.kind is RuleKind.PARAM else Say(rule.label, rule.label)
        if isinstance(node, A.Number):
            return W.NOTHING  # a limit written as a number is said by its value alone
        text = _text(node)
        return Say(text, text)

    def missing_words(self, keys: Iterable[str]) -> Say:
        zh, en = [], []
        for key in keys:
            info = self.c.facts_by_key.get(key)
            if info is not None:
                zh.append(f"{info.label}（{key}）")
                en.append(f"{info.label} ({key})")
            else:
                zh.append(key)
                en.append(key)
        return Say("、".join(zh), ", ".join(en))

    # ------------------------------------------------------------ events
    def read_events(self, events: list[Event], record: int | None = None, over: FactInfo | None = None
                    ) -> tuple[list[FactUse], list[RuleUse], list[Step], list[Rounding]]:
        facts: dict[str, FactUse] = {}
        rules: dict[str, RuleUse] = {}
        steps: list[Step] = []
        rounding: list[Rounding] = []
        latest: dict[int, Any] = {}
        for node, value in events:
            latest[id(node)] = value
            if isinstance(node, A.Ref):
                b = self.c.bindings.get(id(node))
                if b is None:
                    continue
                if b.kind is BindingKind.FACT:
                    info = self.facts_by_slot[b.slot]
                    facts.setdefault(info.key, FactUse(info.key, info.label, value, self.fact_percent(info)))
                elif b.kind is BindingKind.PROJECTION:
                    info = self.facts_by_slot[b.slot]
                    label = _field_label(info, b.field_name)
                    facts.setdefault(node.dotted, FactUse(node.dotted, label, value, self.is_percent(node)))
                elif b.kind is BindingKind.RECORD_FIELD:
                    head = over.key if over is not None else ""
                    key = f"{head}[{record}].{b.field_name}" if record is not None else b.field_name
                    label = _field_label(over, b.field_name) if over is not None else b.field_name
                    facts.setdefault(key, FactUse(key, label, value, self.is_percent(node)))
                elif b.kind is BindingKind.RULE:
                    rule = self.by_slot[b.slot]
                    rules.setdefault(rule.name, RuleUse(rule.name, rule.label, value, self.rule_percent(rule)))
                continue
            if isinstance(node, A.Call) and node.func == "round":
                before = latest.get(id(node.args[0]))
                places = int(node.args[1].value) if isinstance(node.args[1], A.Number) else 0
                mode_binding = self.c.bindings.get(id(node.args[2]))
                mode = MODE_NAMES.get(str(mode_binding.value), "half_up") if mode_binding else "half_up"
                if type(value) is not Unknown:
                    rounding.append(Rounding(_text(node), _where(node, ""), before, value, places, mode))
                continue
            steps.append(Step(_text(node), _where(node, ""), value, self.is_percent(node), _cut(node, value, latest)))
        return list(facts.values()), list(rules.values()), steps, rounding

    @staticmethod
    def split_records(events: list[Event]) -> Iterator[tuple[int | None, list[Event]]]:
        current: list[Event] = []
        index: int | None = None
        for node, value in events:
            if node is RECORD_MARK:
                if current or index is not None:
                    yield index, current
                index, current = value, []
            else:
                current.append((node, value))
        if current or index is not None:
            yield index, current

    # ------------------------------------------------------------ rules
    def explanation(self) -> Explanation:
        rules = tuple(self.rule(rule) for rule in self.c.rules)
        deps = {rule.name: tuple(self.by_slot[s].name for s in sorted(rule.deps, key=lambda s: self.by_slot[s].order))
                for rule in self.c.rules}
        margins = self.band_margins() + tuple(m for r in rules if r.kind == "veto" for m in r.margins)
        capped = tuple(v.label for v in self.r.vetoes_hit)
        return Explanation(self.r.total, self.r.grade, self.r.provisional, rules, margins, capped,
                           self.reconciliation(), deps, phase_label=self.r.phase_label)

    def rule(self, rule: Rule) -> RuleExplanation:
        rr = self.results[rule.name]
        events = self.traces.get(rule.slot, [])
        facts, rules, steps, rounding = self.read_events(events)
        # Facts read through no traced event (a short-circuit stopped early) still count as read.
        seen = {f.key for f in facts}
        for read in rr.reads:
            info = self.c.facts_by_key.get(read.name) if read.is_fact else None
            if info is not None and info.is_records:
                continue  # a list of records: its fields are shown where they were read
            if read.is_fact and read.name not in seen:
                facts.append(FactUse(read.name, read.label, read.value, bool(info and self.fact_percent(info))))
            elif not read.is_fact and all(u.id != read.name for u in rules):
                dep = self.c.rules_by_name[read.name]
                rules.append(RuleUse(read.name, read.label, read.value, self.rule_percent(dep)))
        records: tuple[RecordExplanation, ...] = ()
        margins: tuple[Margin, ...] = ()
        where = rr.location
        d = rule.decl
        value = rr.value
        if rule.kind is RuleKind.INDICATOR:
            assert isinstance(d, A.Indicator)
            records = self.records(rule, d, events)
            head = next(self.split_records(events), (None, []))
            facts, rules, steps, rounding = self.read_events(head[1] if head[0] is None else [])
        elif rule.kind in (RuleKind.PARTY, RuleKind.TOTAL):
            rounding = self.sum_rounding(rule, rules)
        if rule.kind in (RuleKind.VETO, RuleKind.FINDING) and value is False:
            assert isinstance(d, (A.Veto, A.Finding))
            margins = tuple(self.check_margins(rule, d, events))
        return RuleExplanation(
            rule.name, rule.kind.value, rule.label, where, rule.clause, value, rr.status,
            self.sentence(rule, rr.value, rules, records, events), tuple(self.formulas(rule, where)), tuple(facts),
            tuple(rules), tuple(steps), tuple(rounding), rr.missing, records, margins, self.rule_percent(rule),
        )

    def formulas(self, rule: Rule, where: str) -> Iterator[Formula]:
        d = rule.decl
        if isinstance(d, A.Param):
            yield Formula("value", _text(d.value) or _text(d), _where(d.value, where))
        elif isinstance(d, A.Define):
            yield Formula("value", _text(d.expr), _where(d.expr, where))
        elif isinstance(d, A.Item):
            yield Formula("awarded" if d.counted is not None else "value", _text(d.awarded), _where(d.awarded, where))
            if d.counted is not None:
                yield Formula("counted", _text(d.counted), _where(d.counted, where))
        elif isinstance(d, A.Party):
            yield Formula("sum", " + ".join(i.name for i in d.items) + (
                f" × {show(d.share, 'en', percent=True)}" if d.share_kind is A.ShareKind.WEIGHT else ""), where)
        elif rule.kind is RuleKind.TOTAL:
            text = " + ".join(p.name for p in self.c.sheet.parties)
            rounding = self.c.sheet.total.rounding if self.c.sheet.total else None
            if rounding is not None:
                text = f"round({text}, {rounding.places}, {rounding.mode})"
            yield Formula("sum", text, where)
        elif isinstance(d, A.Grades):
            for band in d.bands:
                yield Formula("band", _text(band), _where(band, where))
        elif isinstance(d, (A.Veto, A.Finding)):
            yield Formula("when", _text(d.when), _where(d.when, where))
        elif isinstance(d, A.Indicator):
            yield Formula("compute", _text(d.compute), _where(d.compute, where))
            if d.not_applicable is not None:
                yield Formula("not_applicable", _text(d.not_applicable), _where(d.not_applicable, where))
            for f in d.findings:
                yield Formula(f.name, _text(f.when), _where(f.when, where))

    def sum_rounding(self, rule: Rule, parts: list[RuleUse]) -> list[Rounding]:
        """The total's own rounding, when the sheet declares one: the exact sum, then the rounded."""
        rounding = self.c.sheet.total.rounding if rule.kind is RuleKind.TOTAL and self.c.sheet.total else None
        values = [u.value for u in parts]
        if rounding is None or any(type(v) is Unknown for v in values):
            return []
        exact = sum(values, Decimal(0))
        mode = ROUNDING_MODES.get(rounding.mode)
        after = exact.quantize(quantum(rounding.places), rounding=mode)
        return [Rounding(_text(self.c.sheet.total), _where(self.c.sheet.total, ""), exact, after, rounding.places,
                         MODE_NAMES.get(mode or "", rounding.mode))]

    def records(self, rule: Rule, d: A.Indicator, events: list[Event]) -> tuple[RecordExplanation, ...]:
        lines = [i for i in self.r.indicators if i.indicator == rule.name]
        out = []
        for index, evs in self.split_records(events):
            if index is None or index >= len(lines):
                continue
            line = lines[index]
            facts, _, steps, rounding = self.read_events(evs, index, self.c.facts_by_key[d.over.dotted])
            value = line.value
            head = Say(f"{line.name}：", f"{line.name}: ")
            if value is NOT_APPLICABLE:
                body = Say(f"不适用（{_text(d.not_applicable)}）", f"not applicable ({_text(d.not_applicable)})")
            elif type(value) is Unknown:
                body = Say(f"无法判定，缺少 {self.missing_words(line.missing).zh}",
                           f"undetermined, missing {self.missing_words(line.missing).en}")
            else:
                body = Say(show(value, "zh", percent=True), show(value, "en", percent=True))
            out.append(RecordExplanation(index, line.name, value, head + body, tuple(facts), tuple(steps),
                                         tuple(rounding), line.missing))
        return tuple(out)

    # ------------------------------------------------------------ sentences
    def sentence(self, rule: Rule, value: Any, reads: list[RuleUse], records: tuple[RecordExplanation, ...],
                 events: list[Event]) -> Say:
        if rule.kind is RuleKind.GRADE:
            return self.grade_sentence(value)
        clause = Say(f"（依据：{rule.clause}）", f" (clause {rule.clause})") if rule.clause else W.NOTHING
        return self.sentence_body(rule, value, reads, records, events) + clause + Say("。", ".")

    def sentence_body(self, rule: Rule, value: Any, reads: list[RuleUse], records: tuple[RecordExplanation, ...],
                      events: list[Event]) -> Say:
        shown = rule.name if rule.kind is RuleKind.PARAM else rule.label
        name = Say(f"「{shown}」", f"“{shown}”")
        rr = self.results[rule.name]
        if rule.kind is RuleKind.INDICATOR:
            return name + W.indicator_summary(records)
        if type(value) is Unknown:
            return name + W.undetermined(self.missing_words(rr.missing) if rr.missing else None, value)
        d = rule.decl
        percent = self.rule_percent(rule)
        if isinstance(d, A.Param):
            if isinstance(d.value, A.ByPhase) and type(self.r.phase) is not Unknown:
                phase = str(self.r.phase)
                others = [(self.phase_labels.get(pv.phase, pv.phase), pv.phase, _text(pv.value))
                          for pv in d.value.values if pv.phase != phase]
                return name + W.param_by_phase(rule, value, self.phase_labels.get(phase, phase), phase, others,
                                               percent)
            return name + W.param_plain(rule, value, percent)
        if isinstance(d, A.Item):
            return name + W.item(next(s for s in self.r.scores if s.id == rule.name))
        if isinstance(d, A.Party):
            return name + W.party(next(p for p in self.r.parties if p.id == rule.name), reads)
        if rule.kind is RuleKind.TOTAL:
            return W.total(value, self.r.total_max, reads)
        if isinstance(d, (A.Veto, A.Finding)):
            latest = {id(n): v for n, v in events}
            return name + W.check(rule.kind.value, value, getattr(d, "forces", None), self.reason(d.when, latest))
        return name + Say(f"为 {show(value, 'zh', percent)}", f" is {show(value, 'en', percent)}")

    def reason(self, node: Any, latest: dict[int, Any]) -> Say:
        """Why a condition came out as it did, in terms of the values it compared."""
        if id(node) not in latest and not isinstance(node, (A.Number, A.Bool)):
            return Say("", "")
        value = latest.get(id(node))
        if isinstance(node, A.Logical):
            parts = [node.left, node.right]
            deciding = value if isinstance(value, bool) else None
            if deciding is not None and (deciding is False) == (node.op is A.LogicOp.AND):
                parts = [p for p in parts if latest.get(id(p)) is deciding]
            said = [self.reason(p, latest) for p in parts if id(p) in latest]
            said = [s for s in said if s.zh]
            return Say("；".join(s.zh for s in said), "; ".join(s.en for s in said))
        if isinstance(node, A.Not):
            return self.reason(node.operand, latest)
        if isinstance(node, A.Compare):
            a, b = latest.get(id(node.left), _const(node.left)), latest.get(id(node.right), _const(node.right))
            percent = self.is_percent(node.left) or self.is_percent(node.right)
            if _comparable(a, b):
                left_node, right_node = node.left, node.right
                if _is_threshold(self.c, left_node) and not _is_threshold(self.c, right_node):
                    left_node, right_node, a, b = right_node, left_node, b, a
                left, right = self.describe(left_node), self.describe(right_node)
                rel = "below" if a < b else "equal" if a == b else "above"
                return W.relation(left, show(a, "zh", percent), rel, right, show(b, "zh", percent),
                                show(a, "en", percent), show(b, "en", percent))
        desc = self.describe(node)
        percent = self.is_percent(node)
        return Say(f"{desc.zh}为{show(value, 'zh', percent)}", f"{desc.en} is {show(value, 'en', percent)}")

    def grade_sentence(self, grade: Any) -> Say:
        total = self.r.total
        band = self.band_of(total)
        hit = self.r.vetoes_hit
        pending = [v for v in self.r.vetoes if v.status == "undetermined"]
        total_rule = self.results["total"]
        return W.grade_sentence(grade, total, band, hit, pending, self.r.provisional,
                              self.missing_words(total_rule.missing))

    def band_of(self, total: Any) -> A.Band | None:
        """The band the total falls in, before any veto: the first whose interval and condition hold."""
        if type(total) is Unknown:
            return None
        for band in self.c.grades.bands:
            if _in_band(band, total) and self.provided(band) is not False:
                return band
        return None

    def provided(self, band: A.Band) -> Any:
        """A band's condition as evaluated (True when it has none; None when it was not reached)."""
        if band.provided is None:
            return True
        grade_slot = self.c.rules_by_name["grade"].slot
        return {id(n): v for n, v in self.traces.get(grade_slot, [])}.get(id(band.provided))

    # ------------------------------------------------------------ why not
    def band_margins(self) -> tuple[Margin, ...]:
        total = self.r.total
        if not isinstance(total, Decimal):
            return ()
        current = self.band_of(total)
        out = []
        for band in self.c.grades.bands:
            if current is not None and band.name == current.name:
                continue
            interval = describe_band(band)
            cond = Say("", "")
            if band.provided is not None:
                cond = Say(f"，且须满足 {_text(band.provided)}", f", provided {_text(band.provided)}")
            if _in_band(band, total):
                text = _text(band.provided)
                say = Say(f"总分 {show(total, 'zh')} 在{band.name}的区间（{interval.zh}）内，但不满足 {text}",
                          f"total {show(total, 'en')} lies in {band.name} ({interval.en}) but {text} does not hold")
                out.append(Margin("band", band.name, band.name, "total", total, None, None, None, say))
            elif band.low is not None and (total < band.low or (total == band.low and not band.low_inclusive)):
                d = band.low - total
                trig = ">=" if band.low_inclusive else ">"
                more = "" if band.low_inclusive else "以上"
                say = Say(f"总分 {show(total, 'zh')} 距{band.name}（{interval.zh}）还差 {show(d, 'zh')}{more}",
                          f"total {show(total, 'en')} is {show(d, 'en')} short of {band.name} ({interval.en})"
                          + ("" if band.low_inclusive else ", and must exceed it")) + cond
                out.append(Margin("band", band.name, band.name, "total", total, band.low, trig, d, say))
            elif band.high is not None and (total > band.high or (total == band.high and not band.high_inclusive)):
                d = total - band.high
                trig = "<" if not band.high_inclusive else "<="
                say = Say(f"总分 {show(total, 'zh')} 比{band.name}（{interval.zh}）的上限 {show(band.high, 'zh')} "
                          f"高 {show(d, 'zh')}", f"total {show(total, 'en')} is {show(d, 'en')} above {band.name} "
                          f"({interval.en}), whose upper bound is {show(band.high, 'en')}") + cond
                out.append(Margin("band", band.name, band.name, "total", total, band.high, trig, d, say))
        return tuple(out)

    def check_margins(self, rule: Rule, d: A.Veto | A.Finding, events: list[Event]) -> Iterator[Margin]:
        """For a veto or finding not hit: each condition holding it back, and by how much."""
        latest = {id(n): v for n, v in events}
        for node, negated in _conditions(d.when):
            # Under a `not`, a condition holds the rule back by being true.
            if latest.get(id(node)) is not negated:
                continue
            if isinstance(node, A.Ref):
                desc = self.describe(node)
                yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, negated, not negated, None, None,
                             W.margin_sentence(desc, not negated, None, "", None, None, percent=False))
                continue
            measure, threshold, op = node.left, node.right, _NEGATE[node.op] if negated else node.op
            if _is_threshold(self.c, measure) and not _is_threshold(self.c, threshold):
                measure, threshold, op = threshold, measure, _MIRROR[op]
            m = latest.get(id(measure), _const(measure))
            t = latest.get(id(threshold), _const(threshold))
            if not _comparable(m, t) or not isinstance(m, Decimal | int) or not isinstance(t, Decimal | int):
                continue
            distance: Any = None
            if op in (A.CmpOp.GE, A.CmpOp.GT):
                distance = Decimal(t) - Decimal(m)
            elif op in (A.CmpOp.LE, A.CmpOp.LT):
                distance = Decimal(m) - Decimal(t)
            percent = self.is_percent(measure) or self.is_percent(threshold)
            desc = self.describe(measure)
            tdesc = None if isinstance(threshold, A.Number) else self.describe(threshold)
            yield Margin(rule.kind.value, rule.name, rule.label, desc.zh, m, t, op.value, distance,
                         W.margin_sentence(desc, m, op.value, t, tdesc, distance, percent=percent), percent)

    # ------------------------------------------------------------ reconciliation
    def reconciliation(self) -> tuple[ReconciliationNote, ...]:
        out = []
        for line in self.r.reconciliation:
            rule = self.c.rules_by_name.get(line.rule)
            where = rule.span.location() if rule is not None and rule.span is not None else self.c.source_name
            label = rule.label if rule is not None else line.rule
            out.append(ReconciliationNote(line, where, W.reconciliation_sentence(line, label, where)))
        return tuple(out)


_MIRROR = {A.CmpOp.LT: A.CmpOp.GT, A.CmpOp.GT: A.CmpOp.LT, A.CmpOp.LE: A.CmpOp.GE, A.CmpOp.GE: A.CmpOp.LE,
           A.CmpOp.EQ: A.CmpOp.EQ, A.CmpOp.NE: A.CmpOp.NE}


_NEGATE = {A.CmpOp.LT: A.CmpOp.GE, A.CmpOp.GE: A.CmpOp.LT, A.CmpOp.GT: A.CmpOp.LE, A.CmpOp.LE: A.CmpOp.GT,
           A.CmpOp.EQ: A.CmpOp.NE, A.CmpOp.NE: A.CmpOp.EQ}


def _conditions(node: Any, negated: bool = False) -> Iterator[tuple[Any, bool]]:
    """The comparisons and yes/no values a condition is made of, each with whether a `not` turns it."""
    if isinstance(node, A.Logical):
        yield from _conditions(node.left, negated)
        yield from _conditions(node.right, negated)
    elif isinstance(node, A.Not):
        yield from _conditions(node.operand, not negated)
    elif isinstance(node, (A.Compare, A.Ref)):
        yield node, negated


def _is_threshold(c: CheckedPolicy, node: Any) -> bool:
    """A number written in the policy or a parameter: the side of a comparison that is the limit."""
    if isinstance(node, A.Number):
        return True
    if isinstance(node, A.Ref):
        b = c.bindings.get(id(node))
        if b is not None and b.kind is BindingKind.RULE:
            return any(r.slot == b.slot and r.kind is RuleKind.PARAM for r in c.rules)
    return False


def _const(node: Any) -> Any:
    return node.value if isinstance(node, (A.Number, A.Bool, A.String, A.DateLit)) else None


def _comparable(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    if type(a) is Unknown or type(b) is Unknown:
        return False
    numeric = (Decimal, int)
    return (isinstance(a, numeric) and isinstance(b, numeric)) or type(a) is type(b) and not isinstance(a, str)


def _in_band(band: A.Band, total: Decimal) -> bool:
    if band.low is not None and (total < band.low or (total == band.low and not band.low_inclusive)):
        return False
    return not (band.high is not None and (total > band.high or (total == band.high and not band.high_inclusive)))


def _field_label(info: FactInfo | None, name: str) -> str:
    if info is None or not isinstance(info.decl, A.RecordsField):
        return name
    for f in info.decl.fields:
        if f.name == name:
            return f.label or name
    return name


def _cut(node: Any, value: Any, latest: dict[int, Any]) -> bool:
    """Whether this step is a quotient or mean that was rounded to 34 significant digits."""
    if not isinstance(value, Decimal):
        return False
    if isinstance(node, A.Binary) and node.op is A.BinOp.DIV:
        # A literal operand leaves no event: its value is in the tree.
        a, b = (n.value if isinstance(n, A.Number) else latest.get(id(n)) for n in (node.left, node.right))
        return isinstance(a, Decimal) and isinstance(b, Decimal) and not exact_quotient(value, a, b)
    if isinstance(node, A.Call) and node.func == "mean" and node.args:
        parts = latest.get(id(node.args[0]))
        if isinstance(parts, tuple) and parts and all(isinstance(p, Decimal) for p in parts):
            return not exact_quotient(value, sum(parts, Decimal(0)), Decimal(len(parts)))
    return False
