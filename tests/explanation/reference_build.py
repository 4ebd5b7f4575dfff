"""The explanation builder as it was before explanations were precomputed per policy (issue 17).

Kept as the oracle of `test_explain_fast.py`: it writes every sentence of every station from
the words and the trace, with nothing remembered between stations, and the builder in
`swrules.explanation.build` must give exactly what it gives. It reads the same words
(`explanation.sentences`, `names`, `margins`), so a change of wording changes both alike;
a change of what an explanation holds (a new field, a new kind of rule) must be made here too.
Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from reference_margins import check_margins, comparable

from swrules.base.show import join_clauses, show, show_unit
from swrules.base.values import MODE_NAMES, NOT_APPLICABLE, ROUNDING_MODES, Unknown, exact_quotient, quantum
from swrules.base.words import NOTHING, Say
from swrules.check import ir
from swrules.check.bands import graded_total
from swrules.check.ir import BindingKind, CheckedPolicy, FactInfo, Rule, RuleKind
from swrules.compile.plan import RECORD_MARK
from swrules.engine.result import Result
from swrules.explanation import names as N
from swrules.explanation import sentences as W
from swrules.explanation.margins import Event, band_margins, band_of
from swrules.explanation.model import (
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
from swrules.explanation.names import Names


def explain(result: Result) -> Explanation:
    """The explanation of a result evaluated with `explain=True`: every rule, in policy order.

    This is the one way to an explanation (`swrules.explain`). It reads the trace the
    result carries and builds the sentences now; call it once and keep what it gives.
    Raises `ValueError` when the result carries no trace: it was evaluated without
    `explain=True`, or it crossed a process boundary (a trace is not pickled).
    """
    if result.trace is None:
        raise ValueError("the result carries no trace: evaluate it with explain=True (a trace is not pickled)")
    return _Explainer(result.trace.policy, result).explanation()


class _Explainer:
    """One result's explanation being built: the trace read rule by rule, in policy order."""

    def __init__(self, checked: CheckedPolicy, result: Result) -> None:
        self.c = checked
        self.r = result
        assert result.trace is not None
        self.traces = result.trace.events
        self.names = Names(checked, result.phase)
        self.words = self.names.words  # what depends on the policy alone, computed for its first station
        self.by_slot = self.names.by_slot
        self.facts_by_slot = self.names.facts_by_slot
        self.results = {rr.id: rr for rr in result.rules}

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
            if isinstance(node, ir.Ref):
                b = node.binding
                if b is None:
                    continue
                if b.kind is BindingKind.FACT:
                    info = self.facts_by_slot[b.slot]
                    facts.setdefault(info.key, FactUse(info.key, info.label, value, self.names.fact_percent(info)))
                elif b.kind is BindingKind.PROJECTION:
                    info = self.facts_by_slot[b.slot]
                    label = N.field_label(info, b.field_name)
                    facts.setdefault(node.dotted, FactUse(node.dotted, label, value, self.names.is_percent(node)))
                elif b.kind is BindingKind.RECORD_FIELD:
                    head = over.key if over is not None else ""
                    key = f"{head}[{record}].{b.field_name}" if record is not None else b.field_name
                    label = N.field_label(over, b.field_name) if over is not None else b.field_name
                    facts.setdefault(key, FactUse(key, label, value, self.names.is_percent(node)))
                elif b.kind is BindingKind.RULE:
                    rule = self.by_slot[b.slot]
                    rules.setdefault(rule.name, RuleUse(rule.name, rule.label, value, self.names.rule_percent(rule)))
                continue
            if isinstance(node, ir.Call) and node.func == "round":
                before = latest.get(id(node.args[0]))
                places = int(node.args[1].value) if isinstance(node.args[1], ir.Number) else 0
                mode_arg = node.args[2]
                mode_binding = mode_arg.binding if isinstance(mode_arg, ir.Ref) else None
                mode = MODE_NAMES.get(str(mode_binding.value), "half_up") if mode_binding else "half_up"
                if type(value) is not Unknown:
                    rounding.append(Rounding(*self.words.node(node), before, value, places, mode))
                continue
            steps.append(Step(*self.words.node(node), value, self.names.is_percent(node),
                              _cut(node, value, latest)))
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
        deps = self.words.memo.get("deps")
        if deps is None:
            deps = self.words.memo["deps"] = {
                rule.name: tuple(self.by_slot[s].name for s in sorted(rule.deps, key=lambda s: self.by_slot[s].order))
                for rule in self.c.rules}
        margins = band_margins(self.c, self.r.total, self.grade_events()) + tuple(
            m for r in rules if r.kind == "veto" for m in r.margins)
        capped = tuple(v.label for v in self.r.vetoes_hit)
        return Explanation(self.r.total, self.r.grade, self.r.provisional, rules, margins, capped,
                           self.reconciliation(), dict(deps), phase_label=self.r.phase_label)

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
                facts.append(FactUse(read.name, read.label, read.value, bool(info and self.names.fact_percent(info))))
            elif not read.is_fact and all(u.id != read.name for u in rules):
                dep = self.c.rules_by_name[read.name]
                rules.append(RuleUse(read.name, read.label, read.value, self.names.rule_percent(dep)))
        records: tuple[RecordExplanation, ...] = ()
        margins: tuple[Margin, ...] = ()
        where = rr.location
        d = rule.decl
        value = rr.value
        if rule.kind is RuleKind.INDICATOR:
            assert isinstance(d, ir.Indicator)
            records = self.records(rule, d, events)
            head = next(self.split_records(events), (None, []))
            facts, rules, steps, rounding = self.read_events(head[1] if head[0] is None else [])
        elif rule.kind in (RuleKind.PARTY, RuleKind.TOTAL):
            rounding = [*rounding, *self.sum_rounding(rule, rules, events)]
        if rule.kind in (RuleKind.VETO, RuleKind.FINDING) and value is False:
            assert isinstance(d, (ir.Veto, ir.Finding))
            margins = tuple(check_margins(self.names, rule, d, events))
        return RuleExplanation(
            rule.name, "output" if isinstance(rule.decl, ir.Define) and rule.decl.output else rule.kind.value,
            rule.label, where, rule.clause, value, rr.status,
            self.sentence(rule, rr.value, rules, records, events), self.formulas_of(rule, where), tuple(facts),
            tuple(rules), tuple(steps), tuple(rounding), rr.missing, records, margins, self.names.rule_percent(rule),
        )

    def formulas_of(self, rule: Rule, where: str) -> tuple[Formula, ...]:
        """A rule's formulas as written: the same for every station, built once per policy."""
        key = ("formulas", rule.name, where)
        found = self.words.memo.get(key)
        if found is None:
            found = self.words.memo[key] = tuple(self.formulas(rule, where))
        return found  # type: ignore[no-any-return]

    def formulas(self, rule: Rule, where: str) -> Iterator[Formula]:
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
            counted = self.c.sheet.total.counted if self.c.sheet.total else None
            text = N.text(counted) if counted is not None else " + ".join(p.name for p in self.c.sheet.parties)
            rounding = self.c.sheet.total.rounding if self.c.sheet.total else None
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

    def sum_rounding(self, rule: Rule, parts: list[RuleUse], events: list[Event]) -> list[Rounding]:
        """A party's or the total's own rounding, when declared: the exact sum (weighted, for
        a party's share; for a total that counts an expression, its value), then the rounded."""
        d = rule.decl
        counted = self.c.sheet.total.counted if rule.kind is RuleKind.TOTAL and self.c.sheet.total else None
        where: ir.Party | ir.TotalDecl | None
        if isinstance(d, ir.Party):
            rounding, where = d.rounding, d
            parts = [u for u in parts if any(i.name == u.id for i in d.items)]
        else:
            rounding, where = (self.c.sheet.total.rounding if self.c.sheet.total else None), self.c.sheet.total
        values = [v for node, v in events if node is counted][-1:] if counted is not None else [u.value for u in parts]
        if rounding is None or not values or any(type(v) is Unknown for v in values):
            return []
        exact = sum(values, Decimal(0))
        if isinstance(d, ir.Party) and d.share_kind is ir.ShareKind.WEIGHT:
            exact *= d.share
        mode = ROUNDING_MODES.get(rounding.mode)
        after = exact.quantize(quantum(rounding.places), rounding=mode)
        return [Rounding(N.text(where), N.where(where, ""), exact, after, rounding.places,
                         MODE_NAMES.get(mode or "", rounding.mode))]

    def records(self, rule: Rule, d: ir.Indicator, events: list[Event]) -> tuple[RecordExplanation, ...]:
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
                body = Say(f"不适用（{N.text(d.not_applicable)}）", f"not applicable ({N.text(d.not_applicable)})")
            elif type(value) is Unknown:
                body = Say(f"无法判定，缺少 {self.names.missing_words(line.missing).zh}",
                           f"undetermined, missing {self.names.missing_words(line.missing).en}")
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
        clause = Say(f"（依据：{rule.clause}）", f" (clause {rule.clause})") if rule.clause else NOTHING
        return self.sentence_body(rule, value, reads, records, events) + clause + Say("。", ".")

    def sentence_body(self, rule: Rule, value: Any, reads: list[RuleUse], records: tuple[RecordExplanation, ...],
                      events: list[Event]) -> Say:
        shown = rule.name if rule.kind is RuleKind.PARAM else rule.label
        name = Say(f"「{shown}」", f"“{shown}”")
        rr = self.results[rule.name]
        if rule.kind is RuleKind.INDICATOR:
            return name + W.indicator_summary(records)
        if type(value) is Unknown:
            return name + W.undetermined(self.names.missing_words(rr.missing) if rr.missing else None, value)
        d = rule.decl
        percent = self.names.rule_percent(rule)
        if isinstance(d, ir.Param):
            if isinstance(d.value, ir.ByPhase) and type(self.r.phase) is not Unknown:
                phase = str(self.r.phase)
                others = [(self.names.phase_label(pv.phase), pv.phase, N.text(pv.value))
                          for pv in d.value.values if pv.phase != phase]
                return name + W.param_by_phase(rule, value, self.names.phase_label(phase), phase, others,
                                               percent)
            if isinstance(d.value, ir.ByDate):
                return name + W.param_plain(rule, value, percent) + W.dated(rr)
            return name + W.param_plain(rule, value, percent)
        if isinstance(d, ir.Item):
            return name + W.item(next(s for s in self.r.scores if s.id == rule.name), self.r.places)
        if isinstance(d, ir.Party):
            own = (d.rounding.mode, d.rounding.places) if d.rounding is not None else None
            return name + W.party(next(p for p in self.r.parties if p.id == rule.name), reads, self.r.places, own)
        if rule.kind is RuleKind.TOTAL:
            counted = self.c.sheet.total.counted if self.c.sheet.total else None
            total = self.c.sheet.total.rounding if self.c.sheet.total else None
            return W.total(value, self.r.total_max, reads, self.r.places,
                           N.text(counted) if counted is not None else None,
                           (total.mode, total.places) if total is not None else None)
        if isinstance(d, (ir.Veto, ir.Finding)):
            latest = {id(n): v for n, v in events}
            return name + W.check(rule.kind.value, value, getattr(d, "forces", None), self.reason(d.when, latest))
        if isinstance(d, ir.Define) and d.unit is not None:  # in its declared unit: 35,000 元, 第 2 名
            return name + Say(f"为 {show_unit(value, d.unit.kind, 'zh', label=d.unit.label)}",
                              f" is {show_unit(value, d.unit.kind, 'en', label=d.unit.label)}")
        return name + Say(f"为 {show(value, 'zh', percent)}", f" is {show(value, 'en', percent)}")

    def reason(self, node: Any, latest: dict[int, Any]) -> Say:
        """Why a condition came out as it did, in terms of the values it compared."""
        if id(node) not in latest and not isinstance(node, (ir.Number, ir.Bool)):
            return Say("", "")
        value = latest.get(id(node))
        if isinstance(node, ir.Logical):
            parts = [node.left, node.right]
            deciding = value if isinstance(value, bool) else None
            if deciding is not None and (deciding is False) == (node.op is ir.LogicOp.AND):
                parts = [p for p in parts if latest.get(id(p)) is deciding]
            said = [self.reason(p, latest) for p in parts if id(p) in latest]
            said = [s for s in said if s.zh]
            return Say(join_clauses((s.zh for s in said), "zh"), join_clauses((s.en for s in said), "en"))
        if isinstance(node, ir.Not):
            return self.reason(node.operand, latest)
        if isinstance(node, ir.Cond) and isinstance(latest.get(id(node.test)), bool):
            # `if known(x) then x >= 5 else not y`: why the branch taken came out as it did.
            return self.reason(node.then if latest[id(node.test)] else node.otherwise, latest)
        if isinstance(node, ir.Compare):
            a, b = latest.get(id(node.left), N.constant(node.left)), latest.get(id(node.right), N.constant(node.right))
            percent = self.names.is_percent(node.left) or self.names.is_percent(node.right)
            if comparable(a, b):
                left_node, right_node = node.left, node.right
                if self.names.is_threshold(left_node) and not self.names.is_threshold(right_node):
                    left_node, right_node, a, b = right_node, left_node, b, a
                left, right = self.names.describe(left_node), self.names.describe(right_node)
                rel = "below" if a < b else "equal" if a == b else "above"
                return W.relation(left, show(a, "zh", percent), rel, right, show(b, "zh", percent),
                                show(a, "en", percent), show(b, "en", percent))
        desc = self.names.describe(node)
        percent = self.names.is_percent(node)
        return Say(f"{desc.zh}为{show(value, 'zh', percent)}", f"{desc.en} is {show(value, 'en', percent)}")

    def grade_sentence(self, grade: Any) -> Say:
        total = self.r.total
        band = band_of(self.c, total, self.grade_events())
        hit = self.r.vetoes_hit
        pending = [v for v in self.r.vetoes if v.status == "undetermined"]
        total_rule = self.results["total"]
        g = self.c.grades
        rounding = (g.rounding.mode, g.rounding.places) if g.rounding is not None else None
        graded = graded_total(total, g.rounding)
        before = W.graded_words(total, graded, rounding, g.integer)
        return W.grade_sentence(grade, graded, band, hit, pending, self.r.provisional,
                                self.names.missing_words(total_rule.missing), before, g.otherwise)

    def grade_events(self) -> list[Event]:
        return self.traces.get(self.c.rules_by_name["grade"].slot, [])

    # ------------------------------------------------------------ reconciliation
    def reconciliation(self) -> tuple[ReconciliationNote, ...]:
        out = []
        for line in self.r.reconciliation:
            rule = self.c.rules_by_name.get(line.rule)
            where = rule.span.location() if rule is not None and rule.span is not None else self.c.source_name
            label = rule.label if rule is not None else line.rule
            out.append(ReconciliationNote(line, where, W.reconciliation_sentence(line, label, where)))
        return tuple(out)


def _cut(node: Any, value: Any, latest: dict[int, Any]) -> bool:
    """Whether this step is a quotient or mean that was rounded to 34 significant digits."""
    if not isinstance(value, Decimal):
        return False
    if isinstance(node, ir.Binary) and node.op is ir.BinOp.DIV:
        # A literal operand leaves no event: its value is in the tree.
        a, b = (n.value if isinstance(n, ir.Number) else latest.get(id(n)) for n in (node.left, node.right))
        return isinstance(a, Decimal) and isinstance(b, Decimal) and not exact_quotient(value, a, b)
    if isinstance(node, ir.Call) and node.func == "mean" and node.args:
        parts = latest.get(id(node.args[0]))
        if isinstance(parts, tuple) and parts and all(isinstance(p, Decimal) for p in parts):
            return not exact_quotient(value, sum(parts, Decimal(0)), Decimal(len(parts)))
    return False
