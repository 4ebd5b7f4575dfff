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
