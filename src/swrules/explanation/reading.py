"""Reading a rule's trace: its events turned into the facts, rules, steps and roundings it read.

Input: the `(node, value)` events a traced evaluation appended for one rule (or for one
record of an indicator), and the station's `Names`. Output: lists of `FactUse`,
`RuleUse`, `Step` and `Rounding`, in the order the events came. What an event means
depends on its node alone, so each node's meaning (fact, rule, record field, rounding
or step; its key, label, text, `file:line`, percent flag, and what the precision check
of a quotient needs) is worked out once per policy (`plan_of`, kept in
`PolicyWords.plans`); a station only pairs values with it.
"""

from __future__ import annotations

from decimal import Context, Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from swrules.base.values import MODE_NAMES, Unknown
from swrules.check import ir
from swrules.check.ir import BindingKind, FactInfo
from swrules.compile.plan import RECORD_MARK

from .model import FactUse, Rounding, RuleUse, Step
from .names import Names, field_label

Event = tuple[Any, Any]

# What a node's event is: the first item of its plan (MARK: an indicator's next record begins).
SKIP, FACT, RULE, FIELD, ROUND, STEP, MARK = range(7)
# A step that may be a quotient cut to 34 digits: how to check it (the second item of its `cut`).
_DIV, _MEAN = 1, 2

_new = tuple.__new__
# `values.exact_quotient` without entering a context for each step: the same product with
# room for every digit, computed in this context directly (a station has hundreds of steps).
_WIDE = Context(prec=200)


def plan_of(node: Any, names: Names) -> tuple[Any, ...]:
    """What an event of this node means, for every station: see the module's docstring."""
    if isinstance(node, ir.Ref):
        b = node.binding
        if b is None:
            return (SKIP,)
        if b.kind is BindingKind.FACT:
            info = names.facts_by_slot[b.slot]
            return FACT, info.key, info.label, names.fact_percent(info)
        if b.kind is BindingKind.PROJECTION:
            return FACT, node.dotted, field_label(names.facts_by_slot[b.slot], b.field_name), names.is_percent(node)
        if b.kind is BindingKind.RECORD_FIELD:
            return FIELD, b.field_name, names.is_percent(node)
        if b.kind is BindingKind.RULE:
            rule = names.by_slot[b.slot]
            return RULE, rule.name, rule.label, names.rule_percent(rule)
        return (SKIP,)
    text, where = names.words.node(node)
    if isinstance(node, ir.Call) and node.func == "round":
        places = int(node.args[1].value) if isinstance(node.args[1], ir.Number) else 0
        mode_arg = node.args[2]
        mode_binding = mode_arg.binding if isinstance(mode_arg, ir.Ref) else None
        mode = MODE_NAMES.get(str(mode_binding.value), "half_up") if mode_binding else "half_up"
        return ROUND, text, where, id(node.args[0]), places, mode
    cut: tuple[Any, ...] | None = None
    if isinstance(node, ir.Binary) and node.op is ir.BinOp.DIV:
        # A literal operand leaves no event: its value is in the tree.
        cut = (_DIV, *_operand(node.left), *_operand(node.right))
    elif isinstance(node, ir.Call) and node.func == "mean" and node.args:
        cut = (_MEAN, id(node.args[0]))
    return STEP, text, where, names.is_percent(node), cut


def _operand(node: Any) -> tuple[bool, Any]:
    """A quotient's operand: (True, its value) for a literal, (False, its node's id) otherwise."""
    return (True, node.value) if isinstance(node, ir.Number) else (False, id(node))


Reading = tuple[list[FactUse], list[RuleUse], list[Step], list[Rounding], dict[int, Any]]
# One record of an indicator: its index, the facts it read, its steps and roundings.
RecordReading = tuple[int, list[FactUse], list[Step], list[Rounding]]
# The same from `read_records`, its parts as tuples (what a `RecordExplanation` holds).
RecordParts = tuple[int, tuple[FactUse, ...], tuple[Step, ...], tuple[Rounding, ...]]


def read_events(names: Names, events: list[Event]) -> Reading:
    """The facts and rules an expression read (each once, first value kept), its steps and roundings,
    and the last value of each node by its `id` (what a sentence's reasons and margins read)."""
    return read_all(names, events, None)[0]


def read_all(names: Names, events: list[Event], over: FactInfo | None) -> tuple[Reading, list[RecordReading]]:
    """An indicator's events read in one pass: `read_events` of those before its first record, and
    each record's facts, steps and roundings (a record's facts and latest values start afresh at its
    mark; its fields are read as `list[i].field`). `over`: the indicator's list of records, None for
    a rule that is no indicator (only an indicator's trace has records)."""
    if not events:  # nearly half the rules a station explains anew (parties, the total): nothing to set up
        return ([], [], [], [], {}), []
    plans = names.words.plans
    facts: dict[str, FactUse] = {}
    rules: dict[str, RuleUse] = {}
    steps: list[Step] = []
    rounding: list[Rounding] = []
    latest: dict[int, Any] = {}
    first: Reading | None = None  # what was read before the first record
    records: list[RecordReading] = []
    record: int | None = None
    head = ""  # a record field's key is this and the field's name: `completion[3].` in a record
    over_key = over.key if over is not None else ""
    labels = names.words.field_labels
    for node, value in events:
        key = id(node)
        try:
            plan = plans[key]
        except KeyError:  # the node's first event: its plan, worked out once per policy
            plan = plans[key] = (MARK,) if node is RECORD_MARK else plan_of(node, names)
        kind = plan[0]  # the kinds by how often they come: steps, record fields, facts, roundings, rules
        if kind == STEP:
            latest[key] = value
            cut = plan[4]
            steps.append(_new(Step, (plan[1], plan[2], value, plan[3],
                                     cut is not None and _cut(cut, value, latest))))
            continue
        if kind == FIELD:
            name = plan[1]
            fact = head + name
            if fact not in facts:
                label = name if record is None else labels.get((over_key, name))
                if label is None:
                    label = _field_label(names, over, name)
                facts[fact] = _new(FactUse, (fact, label, value, plan[2]))
        elif kind == FACT:
            if plan[1] not in facts:
                facts[plan[1]] = _new(FactUse, (plan[1], plan[2], value, plan[3]))
        elif kind == ROUND:
            if type(value) is not Unknown:
                rounding.append(_new(Rounding, (plan[1], plan[2], latest.get(plan[3]), value, plan[4], plan[5])))
        elif kind == RULE:
            if plan[1] not in rules:
                rules[plan[1]] = _new(RuleUse, (plan[1], plan[2], value, plan[3]))
        elif kind == MARK:  # record `value` begins: what came before it is read
            if record is None:
                first = (list(facts.values()), list(rules.values()), steps, rounding, latest)
            else:
                records.append((record, list(facts.values()), steps, rounding))
            record = value
            head = f"{over_key}[{value}]."
            facts, rules, steps, rounding, latest = {}, {}, [], [], {}
            continue
        latest[key] = value
    if record is None:
        return (list(facts.values()), list(rules.values()), steps, rounding, latest), records
    records.append((record, list(facts.values()), steps, rounding))
    return first or ([], [], [], [], {}), records


def _field_label(names: Names, over: FactInfo | None, name: str) -> str:
    """A record field's label (`names.field_label`), found once per list of records and field."""
    if over is None:
        return name
    labels = names.words.field_labels
    found = labels.get((over.key, name))
    if found is None:
        found = labels[(over.key, name)] = field_label(over, name)
    return found


def _cut(cut: tuple[Any, ...], value: Any, latest: dict[int, Any]) -> bool:
    """Whether this step is a quotient or mean that was rounded to 34 significant digits."""
    if not isinstance(value, Decimal):
        return False
    if cut[0] == _DIV:
        a = cut[2] if cut[1] else latest.get(cut[2])
        b = cut[4] if cut[3] else latest.get(cut[4])
        return isinstance(a, Decimal) and isinstance(b, Decimal) and _WIDE.multiply(value, b) != a
    parts = latest.get(cut[1])
    if isinstance(parts, tuple) and parts and all(isinstance(p, Decimal) for p in parts):
        return _WIDE.multiply(value, Decimal(len(parts))) != sum(parts, Decimal(0))
    return False


# ------------------------------------------------------------ an indicator's records, by their shapes
_MARK_ID = id(RECORD_MARK)
_node_of = itemgetter(0)
_value_of = itemgetter(1)
_SHAPES_KEPT = 256  # record shapes kept per indicator; then it starts afresh
_KEYS_KEPT = 4096  # a shape's fact keys kept by record index; then it starts afresh


def read_records(names: Names, events: list[Event], over: FactInfo) -> tuple[Reading, list[RecordParts]]:
    """`read_all` of an indicator's events, each record read by the plan of its shape.

    A record's shape is the sequence of nodes its events came from (the same formula, the same
    branches: nearly every record of every station has one of a few). What a record reads depends on
    its shape alone but for the values and its index, so each shape is worked out once per policy
    (`RecordShape`): which event is which fact, step or rounding, with its key, label, text and place,
    and where a step's operands and a rounding's value before are. A record then costs pairing its
    values with that plan. The events before the first record are read by `read_events`."""
    ids = list(map(id, map(_node_of, events)))
    try:
        p = ids.index(_MARK_ID)
    except ValueError:  # no record at all
        return read_all(names, events, over)
    head = read_events(names, events[:p]) if p else ([], [], [], [], {})
    values = list(map(_value_of, events))
    memo = names.words.memo
    shapes = memo.get(("records", over.key))
    if shapes is None:
        shapes = memo[("records", over.key)] = {}
    out: list[RecordParts] = []
    end = len(ids)
    while True:
        try:
            q = ids.index(_MARK_ID, p + 1)
        except ValueError:
            q = end
        key = tuple(ids[p + 1:q])
        shape = shapes.get(key)
        if shape is None:
            if len(shapes) >= _SHAPES_KEPT:
                shapes.clear()
            shape = shapes[key] = RecordShape(names, events[p + 1:q], over)
        out.append(shape.read(values[p], values[p + 1:q]))
        if q == end:
            return head, out
        p = q


class RecordShape:
    """What a record whose events came from these nodes reads, whatever its values: `read_all`'s
    reading of one record, worked out once with positions in place of values."""

    __slots__ = ("over_key", "fields", "labels", "facts_at", "fact_percent", "keys", "steps_at", "step_texts",
                 "step_places", "step_percent", "cuts", "roundings")

    def __init__(self, names: Names, events: list[Event], over: FactInfo) -> None:
        plans = names.words.plans
        labels = names.words.field_labels
        self.over_key = over.key
        fields: list[str | None] = []  # per fact read: a record field's name, or None for another fact
        keys: list[str] = []  # per fact read: its key (a record field's: its name, the record's head added per index)
        seen: set[tuple[bool, str]] = set()
        fact_labels: list[str] = []
        facts_at: list[int] = []
        fact_percent: list[bool] = []
        steps_at: list[int] = []
        step_texts: list[str] = []
        step_places: list[str] = []
        step_percent: list[bool] = []
        cuts: list[tuple[int, tuple[Any, ...]]] = []  # (step number, how its cut is checked), quotients and means
        roundings: list[tuple[int, str, str, int | None, int, str]] = []
        last: dict[int, int] = {}  # a node's latest event so far, by the node's id: its position
        for at, (node, _) in enumerate(events):
            key = id(node)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = plan_of(node, names)
            kind = plan[0]
            if kind == STEP:
                last[key] = at
                cut = plan[4]
                if cut is not None:
                    if cut[0] == _DIV:
                        a = (True, cut[2]) if cut[1] else (False, last.get(cut[2]))
                        b = (True, cut[4]) if cut[3] else (False, last.get(cut[4]))
                        cuts.append((len(steps_at), (_DIV, at, *a, *b)))
                    else:
                        cuts.append((len(steps_at), (_MEAN, at, last.get(cut[1]))))
                steps_at.append(at)
                step_texts.append(plan[1])
                step_places.append(plan[2])
                step_percent.append(plan[3])
                continue
            if kind == FIELD and (False, plan[1]) not in seen:
                seen.add((False, plan[1]))
                label = labels.get((over.key, plan[1]))
                fields.append(plan[1])
                keys.append(plan[1])
                fact_labels.append(label if label is not None else _field_label(names, over, plan[1]))
                facts_at.append(at)
                fact_percent.append(plan[2])
            elif kind == FACT and (True, plan[1]) not in seen:
                seen.add((True, plan[1]))
                fields.append(None)
                keys.append(plan[1])
                fact_labels.append(plan[2])
                facts_at.append(at)
                fact_percent.append(plan[3])
            elif kind == ROUND:
                roundings.append((at, plan[1], plan[2], last.get(plan[3]), plan[4], plan[5]))
            last[key] = at
        self.fields = tuple(fields)
        self.labels = tuple(fact_labels)
        self.facts_at = tuple(facts_at)
        self.fact_percent = tuple(fact_percent)
        self.keys: dict[int, tuple[str, ...]] = {-1: tuple(keys)}
        self.steps_at = tuple(steps_at)
        self.step_texts = tuple(step_texts)
        self.step_places = tuple(step_places)
        self.step_percent = tuple(step_percent)
        self.cuts = tuple(cuts)
        self.roundings = tuple(roundings)

    def fact_keys(self, index: int) -> tuple[str, ...]:
        """The keys of the facts this record read: a record field's is `list[index].field`."""
        found = self.keys.get(index)
        if found is None:
            if len(self.keys) >= _KEYS_KEPT:
                self.keys = {-1: self.keys[-1]}
            head = f"{self.over_key}[{index}]."
            found = self.keys[index] = tuple([key if field is None else head + field
                                              for key, field in zip(self.keys[-1], self.fields, strict=True)])
        return found

    def read(self, index: int, values: list[Any]) -> RecordParts:
        """Record `index`'s facts, steps and roundings, its events' values being `values`."""
        get = values.__getitem__
        facts = tuple(map(_new, repeat(FactUse), zip(self.fact_keys(index), self.labels, map(get, self.facts_at),
                                                      self.fact_percent)))
        cuts = [False] * len(self.steps_at)
        for number, how in self.cuts:
            cuts[number] = _cut_at(how, values)
        steps = tuple(map(_new, repeat(Step), zip(self.step_texts, self.step_places, map(get, self.steps_at),
                                                   self.step_percent, cuts)))
        rounding = ()
        if self.roundings:
            rounding = tuple([_new(Rounding, (text, where, None if before is None else values[before], values[at],
                                              places, mode))
                              for at, text, where, before, places, mode in self.roundings
                              if type(values[at]) is not Unknown])
        return index, facts, steps, rounding


def _cut_at(how: tuple[Any, ...], values: list[Any]) -> bool:
    """`_cut` of a step by positions in its record's values (`RecordShape.cuts`)."""
    value = values[how[1]]
    if not isinstance(value, Decimal):
        return False
    if how[0] == _DIV:
        _, _, a_literal, a, b_literal, b = how
        a = a if a_literal else None if a is None else values[a]
        b = b if b_literal else None if b is None else values[b]
        return isinstance(a, Decimal) and isinstance(b, Decimal) and _WIDE.multiply(value, b) != a
    parts = None if how[2] is None else values[how[2]]
    if isinstance(parts, tuple) and parts and all(isinstance(p, Decimal) for p in parts):
        return _WIDE.multiply(value, Decimal(len(parts))) != sum(parts, Decimal(0))
    return False
