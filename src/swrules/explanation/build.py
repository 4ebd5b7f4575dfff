"""Explanations: trace events turned into what an auditor reads, rule by rule.

Input: a `Result` evaluated with `explain=True` (its `Trace` holds the checked policy
and `(node, value)` for every subexpression evaluated). Output: an `Explanation`:
for every rule in policy order one sentence in Chinese and in English with the
actual values, the threshold in force and the clause; the formulas as written with
`file:line`; each fact read with its label, value and fact-file key; each
intermediate value; each rounding step with the value before and after; and, for
the grade bands and every veto not hit, how far the station is from a different
outcome (`margins`). Nothing here evaluates a rule again: values come from the trace
and the result, so an explanation always agrees with the figures printed beside it.
`explain(result)` (public as `swrules.explain`) is the only way in: the engine never
calls this stage, so no import order decides whether a result can be explained.

What does not depend on the station is worked out once per policy, for its first
station: each rule's plan (`plans`: its kind, clause ending, name, formulas, place,
reads, dependencies) and each trace node's meaning (`reading`); a station fills its
values in, reading them by slot from the result's slot list. A parameter's, an
output's, a veto's or a finding's explanation depends only on its own values, trace and
the phase, so it is kept (a bounded number per policy) under exactly those and shared by
every station that has the same ones; nearly every station shares its parameters'.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from operator import is_
from typing import Any

from swrules.base.jsonwrite import dumps_fragments_utf8
from swrules.base.show import show, show_unit
from swrules.base.values import MODE_NAMES, NOT_APPLICABLE, ROUNDING_MODES, Unknown, quantum
from swrules.base.words import Say
from swrules.check import ir
from swrules.check.ir import CheckedPolicy, Rule, RuleKind
from swrules.engine.assemble import Assembler
from swrules.engine.deferred import slot_source
from swrules.engine.lines import fields_missing
from swrules.engine.policy import Policy
from swrules.engine.result import Result, RuleResult, status_of

from . import names as N
from . import sentences as W
from .checks import check_plan
from .grading import Grading
from .keys import rule_key, slot_key, undetermined, values_key
from .margins import Event, band_margins, check_margins
from .model import (
    Explanation,
    FactUse,
    Margin,
    RecordExplanation,
    Rounding,
    RuleExplanation,
    RuleUse,
)
from .names import Names
from .plans import RECORDS, SAME_FOR_SAME_VALUES, RulePlan, dependencies, rule_plans
from .reading import read_events
from .records import RecordLine, Records, head_of, record_indices
from .sums import Later, SumPlan

_new = tuple.__new__
_SAME_FOR_SAME_VALUES = SAME_FOR_SAME_VALUES  # the kinds kept by their values (`plans`)
_KEEP_EXPLAINED = 1024  # rule explanations kept per policy (about 1.5 kB each); then it starts afresh
_PHASES_KEPT = 16  # phases whose parameters' last explanations are kept (`_Explainer.rule`)
_NO_EVENTS: list[Event] = []  # a rule that left no event (never changed)


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


def explained_document(result: Result) -> dict[str, Any]:
    """The result's JSON document with its explanation under `explanation` (`swrules eval --format json`)."""
    return result.to_dict() | {"explanation": explain(result).to_dict()}


def explained_json(result: Result) -> str:
    """`explained_document` as JSON text, written as `Result.to_json` writes.

    The rules explained the same way for many stations are written once, as fragments of
    JSON text (`Explanation.json_document`); `explained_document` is the plain document
    the text is the same as (tests/explanation/test_explain_json.py)."""
    written = explained_json_utf8(result)
    return written.decode() if isinstance(written, bytes) else written


def explained_json_bytes(result: Result) -> bytes:
    """`explained_json(result).encode()`, for a binary stream: the text never made as a `str`."""
    written = explained_json_utf8(result)
    return written if isinstance(written, bytes) else written.encode()


def explained_json_utf8(result: Result) -> bytes | str:
    """`explained_json`'s text as the UTF-8 bytes orjson wrote, or as the `str` the pure writer gave
    where orjson could not (`base.jsonwrite.dumps_fragments_utf8`): what `eval --format json` writes,
    handing a `str` (which may hold a lone surrogate) to its text stream as before."""
    document = result.to_dict()
    explanation = explain(result)
    return dumps_fragments_utf8(document | {"explanation": explanation.json_document(1)},
                                lambda: document | {"explanation": explanation.to_dict()}, newline=True)


def add_reads(reads: list[tuple[str, str, Any, bool, Any]], facts: list[FactUse], rules: list[RuleUse]) -> None:
    """Facts and rules read through no traced event (a short-circuit stopped early) still count as read
    (`reads`: (name, label, value, is_fact, percent flag), lists of records left out)."""
    seen: set[str] | None = None  # the facts and rules already listed, made when first needed
    ids: set[str] | None = None
    for name, label, value, is_fact, how in reads:
        if is_fact:
            if seen is None:
                seen = {f.key for f in facts}
            if name not in seen:
                facts.append(_new(FactUse, (name, label, value, how)))
        else:
            if ids is None:
                ids = {u.id for u in rules}
            if name not in ids:
                ids.add(name)
                rules.append(_new(RuleUse, (name, label, value, how)))


class _Lines(dict[str, RuleResult]):
    """A station's rule lines by id, each built when first asked for (`Assembler.rule_result`, what
    `Result.rules` holds): the explanation asks only for those of rules it explains anew."""

    def __init__(self, source: tuple[list[Any], Any, dict[int, Any]], by_name: Mapping[str, Rule]) -> None:
        super().__init__()
        self.env, self.parts, self.shared = source
        self.by_name = by_name

    def __missing__(self, name: str) -> RuleResult:
        parts = self.parts
        found = self[name] = parts.rule_result(parts.tables[self.by_name[name].slot], self.env, self.shared)
        return found  # type: ignore[no-any-return]


def rule_names(policy: Policy) -> list[str]:
    return [r.name for r in policy.checked.rules]


class _Explainer(Grading):
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
        source = slot_source(result)
        if source is None:  # a result built whole: its lines are there
            self.results: dict[str, RuleResult] = {rr.id: rr for rr in result.rules}
            self.env: list[Any] | None = None
        else:  # a rule's line is built only when its explanation is built anew (`rule`)
            self.env = source[0]
            self.parts = source[1]
            self.tables = source[1].tables
            self.results = _Lines(source, checked.rules_by_name)
        self.phase = repr(result.phase)  # a part of every kept explanation's key
        self.lines: dict[str, dict[str, Any]] = {}  # `line_of`: the result's score and party lines by id
        self.start_grading()
        # `rule`: a parameter's last explanation in this phase by slot, with the values it was built for.
        by_phase = self.words.memo.setdefault("same", {})
        same = by_phase.get(self.phase)
        if same is None:
            if len(by_phase) >= _PHASES_KEPT:
                by_phase.clear()
            same = by_phase[self.phase] = {}
        self.same: dict[int, tuple[list[Any], RuleExplanation]] = same

    # ------------------------------------------------------------ rules
    def explanation(self) -> Explanation:
        """The explanation; with a slot list, the items', parties' and total's explanations are left to be
        built when first read, and their dicts to be written straight from their traces (`sums.Later`)."""
        traces, kept, build_rule = self.traces, self.rule, self.build_rule
        entries: list[Any] = []
        later = self.env is not None
        for plan in rule_plans(self.names):
            events = traces.get(plan.slot, _NO_EVENTS)
            if plan.kept:
                entries.append(kept(plan, events))
            elif later and plan.sums is not False:
                entries.append((plan, events))
            else:
                entries.append(build_rule(plan, events))
        margins = band_margins(self.c, self.r.total, self.grade_events(), self.band()) + tuple(
            m for r in entries if type(r) is RuleExplanation and r.kind == "veto" for m in r.margins)
        capped = tuple([v.label for v in self.vetoes()[0]])
        r = self.r
        if later:
            return Explanation.later(Later(self, entries), r.total, r.grade, r.provisional, margins, capped,
                                     self.reconciliation(), dict(dependencies(self.names)), phase_label=r.phase_label)
        return Explanation(r.total, r.grade, r.provisional, tuple(entries), margins, capped, self.reconciliation(),
                           dict(dependencies(self.names)), phase_label=r.phase_label)

    def rule(self, plan: RulePlan, events: list[Event]) -> RuleExplanation:
        """A rule of `_SAME_FOR_SAME_VALUES`: everything its explanation says comes from its values, its
        trace and the phase, so a station with the same ones shares it (parameters: nearly every station).

        A rule read by slot, not dated and determined is first looked up by the identities of its value
        and its reads' values: a parameter's value is the policy's own object at every station, and a
        yes/no (`True`, `False`) is one object wherever it is read. The last explanation of each such rule
        in each phase is kept with the values it was built for (held, so their identities are not reused):
        the same objects in the same phase have the same `slot_key` (its events are not in it: the same
        values leave the same trace), so this is the explanation that key finds, found without writing it.
        Otherwise its key is written from the values just read (`keys.values_key`, `slot_key`'s own)."""
        env = self.env
        if env is None:
            return self.kept(plan, events)
        slot = plan.slot
        t = self.tables[slot]
        value = env[slot]
        if t.dated or type(value) is Unknown or type(value) is tuple:
            return self.kept(plan, events)
        values = [value, *[env[r[2]] for r in t.reads]] if t.reads else [value]
        last = self.same.get(slot)
        if last is not None and all(map(is_, last[0], values)):
            return last[1]
        found = self.by_key(plan, events, values_key(plan.name, self.phase, values))
        self.same[slot] = (values, found)
        return found

    def kept(self, plan: RulePlan, events: list[Event]) -> RuleExplanation:
        """A kept rule's explanation found by its key (`slot_key`, or `rule_key` for a dated rule or a
        result with no slot list), built on a miss."""
        key = None
        if self.env is not None:
            key = slot_key(plan.rule, self.phase, self.tables[plan.slot], self.env)
        if key is None:
            key = rule_key(plan.rule, self.phase, self.results[plan.name], events)
        return self.by_key(plan, events, key)

    def by_key(self, plan: RulePlan, events: list[Event], key: Any) -> RuleExplanation:
        """The explanation kept under `key`, built and kept on a miss (a bounded number per policy)."""
        known = self.words.explained
        found = known.get(key)
        if found is None:
            if len(known) >= _KEEP_EXPLAINED:
                known.clear()
            found = known[key] = self.build_rule(plan, events)
        return found  # type: ignore[no-any-return]

    def line(self, plan: RulePlan) -> tuple[RuleResult, list[tuple[str, str, Any, bool, Any]]]:
        """A rule's line and its reads, each with its percent flag (lists of records left out). Read by
        slot when the result has its slot list and the rule is not dated: the line is then `Result.rules`'
        without its reads, which come from the slots."""
        env = self.env
        if env is not None:
            t = self.tables[plan.slot]
            if not t.dated:
                value = env[plan.slot]
                rr = _new(RuleResult, (*t.result_head, value, (), Assembler.missing(t, env) if undetermined(value)
                                       else (), plan.rule.origin, None, None, None))
                return rr, [(name, label, env[slot], is_fact, how)
                            for name, label, slot, is_fact, how in plan.table_reads(self.names, t)]
        rr = self.results[plan.name]
        reads = [(name, label, value, is_fact, plan.read_how(self.names, name, is_fact))
                 for name, label, value, is_fact, _ in rr.reads]
        return rr, [r for r in reads if r[4] is not RECORDS]

    def build_rule(self, plan: RulePlan, events: list[Event]) -> RuleExplanation:
        sums = plan.sums
        if sums is not False and self.env is not None:  # an item, a party, the total: values paired (`sums`)
            if sums is None:
                sums = plan.sums = SumPlan(plan, self)
            found: RuleExplanation | None = sums.explain(self, events)
            if found is not None:
                return found
        return self.build_plain(plan, events)

    def build_plain(self, plan: RulePlan, events: list[Event]) -> RuleExplanation:
        """A rule's explanation written from its line and trace (what `sums` gives for the common case)."""
        rule = plan.rule
        kind = rule.kind
        rr, reads = self.line(plan)
        value = rr.value
        records: tuple[RecordExplanation, ...] | Records = ()
        lines: list[RecordLine] = []
        margins: tuple[Margin, ...] = ()
        if kind is RuleKind.INDICATOR:
            assert plan.over is not None
            (facts, rules, steps, rounding, latest), first = head_of(self.names, events, plan.over)
            if first < len(events):
                lines, count = self.records(plan, record_indices(events, first))
                if lines:  # the records deferred: their dicts written from the events, their model when asked for
                    records = Records(self.names, events, plan.over, first, lines, count)
        else:
            facts, rules, steps, rounding, latest = read_events(self.names, events)
            if reads:
                add_reads(reads, facts, rules)
            if kind is RuleKind.PARTY or kind is RuleKind.TOTAL:
                rounding = [*rounding, *self.sum_rounding(plan, rules, events)]
            elif value is False and (kind is RuleKind.VETO or kind is RuleKind.FINDING):
                margins = tuple(check_margins(self.names, rule, latest))
        where = rr.location
        return _new(RuleExplanation, (  # type: ignore[no-any-return]
            rule.name, plan.kind, rule.label, where, plan.clause, value, status_of(value),
            self.sentence(plan, rr, rules, lines, latest), plan.formulas_at(self.names, where), tuple(facts),
            tuple(rules), tuple(steps), tuple(rounding), rr.missing, records, margins, plan.percent))

    def sum_rounding(self, plan: RulePlan, parts: list[RuleUse], events: list[Event]) -> list[Rounding]:
        """A party's or the total's own rounding, when declared: the exact sum (weighted, for
        a party's share; for a total that counts an expression, its value), then the rounded."""
        d = plan.rule.decl
        counted = plan.counted
        where: ir.Party | ir.TotalDecl | None
        if isinstance(d, ir.Party):
            rounding, where = d.rounding, d
            items = plan.items
            parts = [u for u in parts if u.id in items]
        else:
            rounding, where = (self.c.sheet.total.rounding if self.c.sheet.total else None), self.c.sheet.total
        if rounding is None:
            return []
        values = [v for node, v in events if node is counted][-1:] if counted is not None else [u.value for u in parts]
        if not values or any(type(v) is Unknown for v in values):
            return []
        exact = sum(values, Decimal(0))
        if isinstance(d, ir.Party) and d.share_kind is ir.ShareKind.WEIGHT:
            exact *= d.share
        mode = ROUNDING_MODES.get(rounding.mode)
        after = exact.quantize(quantum(rounding.places), rounding=mode)
        return [Rounding(N.text(where), N.where(where, ""), exact, after, rounding.places,
                         MODE_NAMES.get(mode or "", rounding.mode))]

    def records(self, plan: RulePlan, indices: list[int]) -> tuple[list[RecordLine], int]:
        """An indicator's records' lines (those with these indices, in this order, but any past the list's
        length) and the list's length: each record's name, value, missing fields and sentence, read from the
        slot list as the engine's indicator lines are made (`Assembler.indicators_of`), without making them;
        from `Result.indicators` for a result built whole."""
        env = self.env
        lines: list[tuple[str, Any, tuple[str, ...]]] | None = None
        if env is None:
            lines = [(i.name, i.value, i.missing) for i in self.r.indicators if i.indicator == plan.name]
            count = len(lines)
        else:
            row = self.words.memo.get(("indicator lines", plan.slot))
            if row is None:
                parts = slot_source(self.r)[1]  # type: ignore[index]
                row = self.words.memo[("indicator lines", plan.slot)] = next(
                    t for t in parts.indicators if t[4] == plan.slot)
            _, _, records_slot, key, slot, name_field, _, missing_fields, *_ = row
            rows = env[records_slot]
            if type(rows) is Unknown:
                rows = ()
            values = env[slot]
            many = type(values) is tuple
            count = len(rows)
        out = []
        for index in indices:
            if index >= count:
                continue
            if lines is not None:
                name, value, missing = lines[index]
            else:
                rec = rows[index]
                value = values[index] if many else values
                name = str(rec.get(name_field, index + 1)) if name_field else str(index + 1)
                missing = fields_missing(key, missing_fields, rec, index) if type(value) is Unknown else ()
            if type(value) is Decimal:  # nearly every record; a decimal reads the same in both languages
                shown = show(value, "zh", percent=True)
                zh, en = f"{name}：{shown}", f"{name}: {shown}"
            elif value is NOT_APPLICABLE:
                na = plan.not_applicable
                zh, en = f"{name}：不适用（{na}）", f"{name}: not applicable ({na})"
            elif type(value) is Unknown:
                words = self.names.missing_words(missing)
                zh, en = f"{name}：无法判定，缺少 {words.zh}", f"{name}: undetermined, missing {words.en}"
            else:
                zh, en = f"{name}：{show(value, 'zh', percent=True)}", f"{name}: {show(value, 'en', percent=True)}"
            out.append(_new(RecordLine, (index, name, value, zh, en, missing)))
        return out, count

    # ------------------------------------------------------------ sentences
    def sentence(self, plan: RulePlan, rr: RuleResult, reads: list[RuleUse],
                 records: list[RecordLine], latest: dict[int, Any]) -> Say:
        """A rule's sentence: its name (not the total's), what it says, its clause: one `Say` made."""
        kind = plan.rule.kind
        if kind is RuleKind.GRADE:
            return self.grade_sentence(rr.value)
        zh, en = self.sentence_body(plan, rr, reads, records, latest)
        end = plan.clause_end
        if kind is RuleKind.TOTAL and type(rr.value) is not Unknown:
            return Say(zh + end.zh, en + end.en)
        name = plan.said
        return Say(name.zh + zh + end.zh, name.en + en + end.en)

    def sentence_body(self, plan: RulePlan, rr: RuleResult, reads: list[RuleUse],
                      records: list[RecordLine], latest: dict[int, Any]) -> tuple[str, str]:
        """What a rule's sentence says between its name and its clause, in Chinese and in English."""
        rule = plan.rule
        value = rr.value
        said: Say
        if rule.kind is RuleKind.INDICATOR:
            said = W.indicator_summary(records)
        elif type(value) is Unknown:
            said = W.undetermined(self.names.missing_words(rr.missing) if rr.missing else None, value)
        elif rule.kind is RuleKind.VETO or rule.kind is RuleKind.FINDING:  # its condition's plan says why
            check = check_plan(self.names, rule)
            said = W.check(check.kind, value, check.forces, check.reason(latest, self.names))
        else:
            d = rule.decl
            percent = plan.percent
            if isinstance(d, ir.Param):
                if isinstance(d.value, ir.ByPhase) and type(self.r.phase) is not Unknown:
                    phase = str(self.r.phase)
                    others = [(self.names.phase_label(pv.phase), pv.phase, N.text(pv.value))
                              for pv in d.value.values if pv.phase != phase]
                    said = W.param_by_phase(rule, value, self.names.phase_label(phase), phase, others, percent)
                elif isinstance(d.value, ir.ByDate):
                    said = W.param_plain(rule, value, percent) + W.dated(rr)
                else:
                    said = W.param_plain(rule, value, percent)
            elif isinstance(d, ir.Item):
                said = W.item(self.line_of(rule.name, "scores"), self.r.places)
            elif isinstance(d, ir.Party):
                said = W.party(self.line_of(rule.name, "parties"), reads, self.r.places, plan.own_rounding)
            elif rule.kind is RuleKind.TOTAL:
                said = W.total(value, self.r.total_max, reads, self.r.places, plan.counted_text, plan.total_rounding)
            elif isinstance(d, ir.Define) and d.unit is not None:  # in its declared unit: 35,000 元, 第 2 名
                return (f"为 {show_unit(value, d.unit.kind, 'zh', label=d.unit.label)}",
                        f" is {show_unit(value, d.unit.kind, 'en', label=d.unit.label)}")
            else:
                return f"为 {show(value, 'zh', percent)}", f" is {show(value, 'en', percent)}"
        return said.zh, said.en

    def line_of(self, name: str, lines: str) -> Any:
        """The result's score or party line of a rule: the station's lines by id, made once."""
        by_id = self.lines.get(lines)
        if by_id is None:
            by_id = self.lines[lines] = {line.id: line for line in getattr(self.r, lines)}
        return by_id[name]
