"""A veto's or finding's condition as its explanation reads it: planned once per policy, walked per station.

Input: a veto or finding of the checked policy (through `Names`, whose `PolicyWords` keeps what is
worked out per policy). Output: a `CheckPlan` (`check_plan`): its condition tree turned into closures
that say why the condition came out as it did (`reason`: each node's kind, children, a comparison's
sides with their names, literal values and percent flag, all settled when the plan is made), and the
comparisons and yes/no values that can hold it back, each with what its margin needs (`margins`).
A station's build (`build`, `margins.check_margins`) calls these with the latest value of each node
by its `id`: no `isinstance` test, no look-up of a node's name, no walk of the tree to find its
conditions. What the walk says is what `_Explainer.reason` and `check_margins` said when they worked
it all out for every station (`tests/explanation/reference_build.py`, `reference_margins.py`).

A parameter with values by phase is named by the station's phase (`Names.describe`), so a node that
names one keeps no words in the plan and is named per station; every other node's words are the
policy's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from swrules.base.show import join_clauses
from swrules.base.values import Unknown
from swrules.base.words import NOTHING, Say
from swrules.check import ir
from swrules.check.ir import Rule

from . import sentences as W
from .model import Margin
from .names import Names

# Why a node came out as it did, from each node's latest value by `id` and the station's words.
Reason = Callable[[dict[int, Any], Names], Say]

MIRROR = {ir.CmpOp.LT: ir.CmpOp.GT, ir.CmpOp.GT: ir.CmpOp.LT, ir.CmpOp.LE: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LE,
          ir.CmpOp.EQ: ir.CmpOp.EQ, ir.CmpOp.NE: ir.CmpOp.NE}

NEGATE = {ir.CmpOp.LT: ir.CmpOp.GE, ir.CmpOp.GE: ir.CmpOp.LT, ir.CmpOp.GT: ir.CmpOp.LE, ir.CmpOp.LE: ir.CmpOp.GT,
          ir.CmpOp.EQ: ir.CmpOp.NE, ir.CmpOp.NE: ir.CmpOp.EQ}

# A margin's distance: how far the measure must rise (the limit minus it) or fall (it minus the limit).
_RISE, _FALL, _NONE = 1, -1, 0
_DIRECTION = {ir.CmpOp.GE: _RISE, ir.CmpOp.GT: _RISE, ir.CmpOp.LE: _FALL, ir.CmpOp.LT: _FALL}


class CheckPlan:
    """What a veto's or finding's explanation takes from its condition: the same for every station."""

    __slots__ = ("kind", "forces", "reason", "margins")

    def __init__(self, rule: Rule, names: Names) -> None:
        d = rule.decl
        assert isinstance(d, (ir.Veto, ir.Finding))
        when = d.when
        self.kind: str = rule.kind.value  # veto, finding
        self.forces: str | None = getattr(d, "forces", None)  # the grade a veto forces
        self.reason: Reason = _reason(when, names)
        # For each comparison or yes/no value of the condition (`conditions`): its margin's maker.
        self.margins = tuple(_margin(rule, node, negated, names) for node, negated in conditions(when))


def check_plan(names: Names, rule: Rule) -> CheckPlan:
    """A veto's or finding's plan: made for the first station that needs it, then kept (by its slot)."""
    plans = names.words.memo.setdefault("checks", {})
    found = plans.get(rule.slot)
    if found is None:
        found = plans[rule.slot] = CheckPlan(rule, names)
    return found  # type: ignore[no-any-return]


def conditions(node: Any, negated: bool = False) -> Iterator[tuple[Any, bool]]:
    """The comparisons and yes/no values a condition is made of, each with whether a `not` turns it."""
    if isinstance(node, ir.Logical):
        yield from conditions(node.left, negated)
        yield from conditions(node.right, negated)
    elif isinstance(node, ir.Not):
        yield from conditions(node.operand, not negated)
    elif isinstance(node, ir.Cond):  # both branches: only the one evaluated has values, and counts
        yield from conditions(node.then, negated)
        yield from conditions(node.otherwise, negated)
    elif isinstance(node, (ir.Compare, ir.Ref)):
        yield node, negated


def _words(node: Any, names: Names) -> Say | None:
    """A node's name in a sentence when it is the policy's own (None: named by the station's phase)."""
    return None if names.by_phase(node) else names.describe(node)


def numeric(value: Any) -> bool:
    """A number a margin can measure: a decimal or an integer, not a yes/no (`comparable` of two numbers)."""
    kind = type(value)
    if kind is Decimal or kind is int:
        return True
    return kind is not bool and kind is not Unknown and isinstance(value, (Decimal, int))


def comparable(a: Any, b: Any) -> bool:
    """Two determined values a sentence can compare: numbers with numbers, dates with dates."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    if type(a) is Unknown or type(b) is Unknown:
        return False
    numbers = (Decimal, int)
    return (isinstance(a, numbers) and isinstance(b, numbers)) or type(a) is type(b) and not isinstance(a, str)


# ------------------------------------------------------------------ reasons
def _reason(node: Any, names: Names) -> Reason:
    """`node`'s reason, worked out once: which of the walks below it takes and what that walk reads."""
    if isinstance(node, ir.Logical):
        return _logical(node, names)
    if isinstance(node, ir.Not):
        return _not(node, names)
    said = _value(node, names)
    if isinstance(node, ir.Cond):
        return _cond(node, names, said)
    if isinstance(node, ir.Compare):
        return _compare(node, names, said)
    if isinstance(node, (ir.Number, ir.Bool)):  # a literal leaves no event, and is said all the same
        return said
    key = id(node)

    def value(latest: dict[int, Any], names: Names) -> Say:
        return said(latest, names) if key in latest else NOTHING

    return value


def _value(node: Any, names: Names) -> Reason:
    """`node` said by its name and its value: `稳岗率为 85%`."""
    key = id(node)
    words = _words(node, names)
    percent = names.is_percent(node)
    shown = W.shown

    def said(latest: dict[int, Any], names: Names) -> Say:
        desc = names.describe(node) if words is None else words
        zh, en = shown(latest.get(key), percent)
        return Say(f"{desc.zh}为{zh}", f"{desc.en} is {en}")

    return said


def _logical(node: ir.Logical, names: Names) -> Reason:
    """`a and b`, `a or b`: the parts that decided it (both when neither alone did), each said."""
    key = id(node)
    parts = ((id(node.left), _reason(node.left, names)), (id(node.right), _reason(node.right, names)))
    deciding = node.op is not ir.LogicOp.AND  # the value that alone decides: false for `and`, true for `or`

    def logical(latest: dict[int, Any], names: Names) -> Say:
        if key not in latest:
            return NOTHING
        if latest[key] is deciding:
            said = [reason(latest, names) for part, reason in parts if latest.get(part) is deciding]
        else:
            said = [reason(latest, names) for part, reason in parts if part in latest]
        said = [s for s in said if s.zh]
        if len(said) < 2:  # one part said (the other stopped early, or said nothing): it is the whole
            return said[0] if said else NOTHING
        return Say(join_clauses((s.zh for s in said), "zh"), join_clauses((s.en for s in said), "en"))

    return logical


def _not(node: ir.Not, names: Names) -> Reason:
    key = id(node)
    operand = _reason(node.operand, names)

    def negated(latest: dict[int, Any], names: Names) -> Say:
        return operand(latest, names) if key in latest else NOTHING

    return negated


def _cond(node: ir.Cond, names: Names, said: Reason) -> Reason:
    """`if known(x) then x >= 5 else not y`: why the branch taken came out as it did (the whole said
    by its value when the test has no yes/no value)."""
    key, test = id(node), id(node.test)
    then, otherwise = _reason(node.then, names), _reason(node.otherwise, names)

    def cond(latest: dict[int, Any], names: Names) -> Say:
        if key not in latest:
            return NOTHING
        taken = latest.get(test)
        if taken is True:
            return then(latest, names)
        if taken is False:
            return otherwise(latest, names)
        return said(latest, names)

    return cond


def _compare(node: ir.Compare, names: Names, said: Reason) -> Reason:
    """A comparison stated with both values and how they stand, the limit on the right (`Names.compared`);
    said by its value when they cannot be compared."""
    key = id(node)
    left_node, right_node, left_constant, right_constant, percent, _ = names.compared(node)
    left_key, right_key = id(left_node), id(right_node)
    left_words, right_words = _words(left_node, names), _words(right_node, names)
    shown, relation = W.shown, W.relation

    def compare(latest: dict[int, Any], names: Names) -> Say:
        if key not in latest:
            return NOTHING
        a, b = latest.get(left_key, left_constant), latest.get(right_key, right_constant)
        if not comparable(a, b):
            return said(latest, names)
        left = names.describe(left_node) if left_words is None else left_words
        right = names.describe(right_node) if right_words is None else right_words
        rel = "below" if a < b else "equal" if a == b else "above"
        a_zh, a_en = shown(a, percent)
        b_zh, b_en = shown(b, percent)
        return relation(left, a_zh, rel, right, b_zh, a_en, b_en)

    return compare


# ------------------------------------------------------------------ margins
Margins = Callable[[dict[int, Any], Names], Margin | None]


def _margin(rule: Rule, node: Any, negated: bool, names: Names) -> tuple[int, bool, Margins]:
    """A condition's margin maker, with the node's `id` and the value that holds the rule back (true
    under a `not`); the maker gives None when the values cannot be measured."""
    kind, name, label = rule.kind.value, rule.name, rule.label
    if isinstance(node, ir.Ref):
        words = _words(node, names)
        fixed = None if words is None else _yes_no(kind, name, label, words, negated)

        def yes_no(latest: dict[int, Any], names: Names) -> Margin:
            return fixed if fixed is not None else _yes_no(kind, name, label, names.describe(node), negated)

        return id(node), negated, yes_no
    measure, threshold, measure_constant, threshold_constant, percent, swapped = names.compared(node)
    op = NEGATE[node.op] if negated else node.op
    if swapped:
        op = MIRROR[op]
    trigger = op.value
    direction = _DIRECTION.get(op, _NONE)
    measure_key, threshold_key = id(measure), id(threshold)
    measure_words = _words(measure, names)
    number = isinstance(threshold, ir.Number)  # a limit written as a number is said by its value alone
    threshold_words = None if number else _words(threshold, names)
    sentence = W.margin_sentence

    def compared(latest: dict[int, Any], names: Names) -> Margin | None:
        m = latest.get(measure_key, measure_constant)
        t = latest.get(threshold_key, threshold_constant)
        if not numeric(m) or not numeric(t):
            return None
        distance: Any = None
        if direction == _RISE:
            distance = Decimal(t) - Decimal(m)
        elif direction == _FALL:
            distance = Decimal(m) - Decimal(t)
        desc = names.describe(measure) if measure_words is None else measure_words
        tdesc = None if number else names.describe(threshold) if threshold_words is None else threshold_words
        return Margin(kind, name, label, desc.zh, m, t, trigger, distance,
                      sentence(desc, m, trigger, t, tdesc, distance, percent=percent), percent)

    return id(node), negated, compared


def _yes_no(kind: str, name: str, label: str, desc: Say, negated: bool) -> Margin:
    """A yes/no value holding the rule back: it would be hit if the value were the other one."""
    return Margin(kind, name, label, desc.zh, negated, not negated, None, None,
                  W.margin_sentence(desc, not negated, None, "", None, None, percent=False))
