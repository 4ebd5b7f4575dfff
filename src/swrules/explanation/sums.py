"""The items', parties' and total's explanations: what the policy fixes worked out once, a station pairs values.

Input: the plan of a rule that is an item, a party or the total (`plans.RulePlan`), the station's
explainer (`build._Explainer`: its result and slot list) and the rule's trace events. Output: the
rule's `RuleExplanation`, equal to the one `build._Explainer.build_plain` writes the plain way; or
None where the station is not the common case: the result has no slot list, the rule's value is
no determined decimal, or its trace holds an indicator's records. The plain builder explains those.
Or, for an explanation whose model is not read (`Later`, `Explanation.later`), the rule's dict written
straight from the same recipe (`SumPlan.write`, `sum_dicts`), without the explanation.

These rules are explained anew at every station, because their values differ from station to
station; all else in their explanations is the policy's. So, once per policy and rule (`SumPlan`):
its head, place, formulas, how its sentence begins and ends, its reads that are
facts and those that are rules, and where its score or party line is; and once per kind of trace
the rule leaves, the nodes of its events in order (`_recipe`): which event gives each fact, rule,
step and rounding its value, which gives a rounding's exact value and a quotient's operands, and
which reads its trace did not meet. A station's part is indexing its events and slots, and
writing its values in the sentence (`sentences.item_words`, `party_words`, `total_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from swrules.base.values import Unknown
from swrules.base.words import Say
from swrules.check.ir import RuleKind

from . import sentences as W
from . import sum_dicts
from .model import FactUse, Rounding, RuleExplanation, RuleUse, Step, _roundings
from .reading import _DIV, FACT, FIELD, MARK, ROUND, RULE, STEP, _cut, plan_of

if TYPE_CHECKING:
    from .plans import RulePlan

_new = tuple.__new__
# The kinds as numbers: reading an enum member (`RuleKind.ITEM`) costs about 0.5 µs. Not the members
# themselves under module names: the policy snapshot pickles swrules' module-level objects by name
# (`engine.snapshot`), and would then name them by this module; so, too, no module-level `()`.
ITEM, PARTY, TOTAL = 0, 1, 2
_SHAPES_KEPT = 32  # kinds of trace kept per rule; then it starts afresh


class SumPlan:
    """What an item's, a party's or the total's explanation takes from the policy alone (see the module)."""

    __slots__ = ("plan", "slot", "name", "kind", "dated", "head", "location", "formulas", "zh_start",
                 "en_start", "zh_end", "en_end", "reads", "lines", "line", "maximum", "max_shown", "rounds", "recipes",
                 "writers")

    def __init__(self, plan: RulePlan, explainer: Any) -> None:  # `build._Explainer`, which imports this
        rule = plan.rule
        t = explainer.tables[plan.slot]
        names = explainer.names
        self.plan = plan
        self.slot = plan.slot
        self.name = plan.name
        self.kind = ITEM if rule.kind is RuleKind.ITEM else PARTY if rule.kind is RuleKind.PARTY else TOTAL
        self.dated = bool(t.dated)  # its line says which dated value was used: the plain builder writes it
        self.location = where = t.result_head[3]
        self.formulas = plan.formulas_at(names, where)
        self.head = (rule.name, plan.kind, rule.label, where, plan.clause)
        # The sentence: the rule's name (not the total's, when determined), what it says, its clause.
        said = plan.said if self.kind != TOTAL else Say("", "")
        self.zh_start, self.en_start = said.zh, said.en
        self.zh_end, self.en_end = plan.clause_end.zh, plan.clause_end.en
        self.reads = plan.table_reads(names, t)  # (name, label, slot, is_fact, percent)
        self.lines = "scores" if self.kind == ITEM else "parties" if self.kind == PARTY else ""
        self.line = -1  # where the rule's line is in the result's `scores` or `parties` (checked by id)
        self.maximum: Any = self  # an item's maximum as its line gives it (none yet: never a line's), and shown
        self.max_shown = ("", "")
        self.rounds = plan.own_rounding is not None or plan.total_rounding is not None
        self.recipes: dict[Any, Any] = {}
        self.writers: dict[Any, Any] = {}  # by kind of trace: its dict's function (`sum_dicts`), or its uses so far

    def recipe(self, ex: Any, events: list[tuple[Any, Any]]) -> Any:
        """How this kind of trace is read (`_recipe`), with the trace's kind (its shape); None: not the common
        case (no determined decimal, a dated rule, a trace with an indicator's records)."""
        value = ex.env[self.slot]
        if type(value) is not Decimal or self.dated:
            return None
        # The kind of trace: no event, one event's node (nearly every item), or the nodes of several.
        shape: Any = (id(events[0][0]) if len(events) == 1 else tuple([id(e[0]) for e in events])) if events \
            else ()
        recipe = self.recipes.get(shape)
        if recipe is None:
            if len(self.recipes) >= _SHAPES_KEPT:
                self.recipes.clear()
                self.writers.clear()
            recipe = self.recipes[shape] = _recipe(ex, self.reads, events)
        return None if recipe is False else (shape, recipe)

    def explain(self, ex: Any, events: list[tuple[Any, Any]]) -> RuleExplanation | None:
        """The rule's explanation at this station; None: not the common case (the plain builder's)."""
        found = self.recipe(ex, events)
        if found is None:
            return None
        env = ex.env
        value = env[self.slot]
        recipe_facts, recipe_rules, recipe_steps, recipe_rounding = found[1]

        facts: list[Any] = []
        for source, key, label, percent in recipe_facts:
            v = events[source][1] if source >= 0 else env[~source]
            facts.append(_new(FactUse, (key, label, v, percent)))
        rules: list[Any] = []
        for source, key, label, percent in recipe_rules:
            v = events[source][1] if source >= 0 else env[~source]
            rules.append(_new(RuleUse, (key, label, v, percent)))
        steps: list[Any] = []
        if recipe_steps:
            for source, text, where, percent, cut in recipe_steps:
                v = events[source][1]
                if cut is not None:  # a quotient or mean: was it cut to 34 digits? (`reading._cut`, its operands)
                    cut = _cut(cut[0], v, {node: events[i][1] for node, i in cut[1]})
                steps.append(_new(Step, (text, where, v, percent, cut is not None and cut)))
        rounding: list[Any] = []
        if recipe_rounding:
            for source, text, where, before, places, mode in recipe_rounding:
                v = events[source][1]
                if type(v) is not Unknown:
                    rounding.append(_new(Rounding, (text, where, events[before][1] if before >= 0 else None, v,
                                                    places, mode)))
        if self.rounds:
            rounding += ex.sum_rounding(self.plan, rules, events)
        zh, en = self.words(ex, value, rules)
        name, kind_text, label, location, clause = self.head
        return _new(RuleExplanation, (  # type: ignore[no-any-return]
            name, kind_text, label, location, clause, value, "determined", Say(zh, en), self.formulas,
            tuple(facts), tuple(rules), tuple(steps), tuple(rounding), (), (), (), self.plan.percent))

    def words(self, ex: Any, value: Decimal, rules: Sequence[Any]) -> tuple[str, str]:
        """The rule's sentence as its two texts: its name, what it says (`sentences`), its clause. `rules`:
        the rules it read, each a `RuleUse` or its value alone (the sentence reads the value)."""
        kind = self.kind
        r = ex.r
        if kind == TOTAL:
            plan = self.plan
            zh, en = W.total_words(value, r.total_max, rules, r.places, plan.counted_text, plan.total_rounding)
        else:
            lines: Any = r.scores if kind == ITEM else r.parties
            at = self.line
            line: Any = lines[at] if 0 <= at < len(lines) else None
            if line is None or line.id != self.name:
                line = ex.line_of(self.name, self.lines)
                self.line = lines.index(line)
            if kind == ITEM:
                if line.max is not self.maximum:  # the policy's own number: shown once
                    self.maximum, self.max_shown = line.max, W.shown(line.max)
                zh, en = W.item_words(line, r.places, self.max_shown)
            else:
                zh, en = W.party_words(line, rules, r.places, self.plan.own_rounding)
        return self.zh_start + zh + self.zh_end, self.en_start + en + self.en_end

    def write(self, ex: Any, events: list[tuple[Any, Any]]) -> dict[str, Any] | None:
        """The rule's dict at this station (`explain(...).to_dict()`), written by its kind of trace's function
        (`sum_dicts.writer`), or by loops over its recipe while that kind of trace has been seen too few times
        to make one (`sum_dicts.written`); None: not the common case (the caller builds the explanation and
        writes its dict)."""
        found = self.recipe(ex, events)
        if found is None:
            return None
        shape, recipe = found
        writer = self.writers.get(shape, 0)
        env = ex.env
        if type(writer) is int:
            if writer + 1 < sum_dicts.GENERATE_AT:
                self.writers[shape] = writer + 1
                return sum_dicts.written(self, recipe, ex, events, env, env[self.slot])
            writer = self.writers[shape] = sum_dicts.writer(self, recipe)
        return writer(ex, events, env, env[self.slot])  # type: ignore[no-any-return]

    def roundings(self, ex: Any, rules: Sequence[tuple[str, Any]], events: list[tuple[Any, Any]]) -> list[Any]:
        """The dicts of the rule's own rounding (`build._Explainer.sum_rounding`), from its reads' ids and values."""
        uses = [_new(RuleUse, (name, "", v, False)) for name, v in rules]
        return _roundings(tuple(ex.sum_rounding(self.plan, uses, events)))


def _recipe(ex: Any, reads: tuple[tuple[str, str, int, bool, Any], ...],
            events: list[tuple[Any, Any]]) -> Any:
    """How a trace of these nodes is read (`reading.read_all` and `build.add_reads`, by position): its
    facts, rules, steps and roundings, each (where its value is, what the policy says of it), where is
    the index of an event, or `~slot` for a read the trace did not meet (listed after those it met);
    False for a trace with an indicator's records.

    The first value of a fact or rule is kept; a rounding's exact value and a quotient's operands are
    the last event of their node before it (`latest` in `read_all`), -1 when there is none."""
    names = ex.names
    plans = names.words.plans
    facts: dict[str, tuple[int, str, str, bool]] = {}
    rules: dict[str, tuple[int, str, str, bool]] = {}
    steps: list[tuple[int, str, str, bool, Any]] = []
    rounding: list[tuple[int, str, str, int, int, str]] = []
    latest: dict[int, int] = {}
    for i, (node, _) in enumerate(events):
        key = id(node)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = plan_of(node, names)  # as `read_all` keeps it
        kind = plan[0]
        if kind == MARK:
            return False
        if kind == STEP:
            latest[key] = i
            cut = plan[4]
            if cut is not None:  # the cut's operand nodes, each with its last event so far (`latest`)
                operands = ([] if cut[1] else [cut[2]]) + ([] if cut[3] else [cut[4]]) if cut[0] == _DIV else [cut[1]]
                cut = (cut, tuple((o, latest[o]) for o in operands if o in latest))
            steps.append((i, plan[1], plan[2], plan[3], cut))
            continue
        if kind == FIELD:  # outside an indicator's records: its name is its key and label
            if plan[1] not in facts:
                facts[plan[1]] = (i, plan[1], plan[1], plan[2])
        elif kind == FACT:
            if plan[1] not in facts:
                facts[plan[1]] = (i, plan[1], plan[2], plan[3])
        elif kind == ROUND:
            rounding.append((i, plan[1], plan[2], latest.get(plan[3], -1), plan[4], plan[5]))
        elif kind == RULE and plan[1] not in rules:
            rules[plan[1]] = (i, plan[1], plan[2], plan[3])
        latest[key] = i
    seen = set(facts)  # `add_reads`: the facts met before the reads; the rules met so far
    read_facts = []
    for name, label, slot, is_fact, how in reads:
        if is_fact:
            if name not in seen:
                read_facts.append((~slot, name, label, how))
        elif name not in rules:
            rules[name] = (~slot, name, label, how)
    return (*facts.values(), *read_facts), tuple(rules.values()), tuple(steps), tuple(rounding)


class Later:
    """An explanation's rules, those explained anew (items, parties, the total) not built yet: each entry is
    a rule's explanation, or its plan and trace events (`build._Explainer.explanation`). `write` writes
    such a rule's dict straight from them (`SumPlan.write`), as building it and `to_dict` would; `rules`
    builds them all, as `explain` would have at once (`Explanation.later`)."""

    __slots__ = ("ex", "entries")

    def __init__(self, ex: Any, entries: list[Any]) -> None:
        self.ex = ex
        self.entries = entries

    def write(self, entry: tuple[RulePlan, list[tuple[Any, Any]]]) -> dict[str, Any]:
        plan, events = entry
        ex = self.ex
        sums = plan.sums
        if sums is None:
            sums = plan.sums = SumPlan(plan, ex)
        written: dict[str, Any] | None = sums.write(ex, events)
        if written is None:
            return ex.build_rule(plan, events).plain_dict()  # type: ignore[no-any-return]
        return written

    def rules(self) -> tuple[RuleExplanation, ...]:
        build = self.ex.build_rule
        return tuple([build(*r) if type(r) is not RuleExplanation else r for r in self.entries])
