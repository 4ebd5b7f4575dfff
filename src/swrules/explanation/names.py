"""How an explanation names the things of a policy: facts, parameters, rules, formulas.

Input: the checked policy and the station's phase. Output: `Names`, which answers
"what is this node called in a sentence" (a fact by its label, a parameter by its
name and, when it has values by phase, by the phase in force, another rule by its
label), whether a value is a percentage, and the text and place of a formula as
written. Nothing here reads a value: the builder (`build`) and the margins
(`margins`) bring the values, this module brings the words.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from swrules.base.show import join, one_line
from swrules.base.units import Unit
from swrules.base.values import Unknown
from swrules.base.words import NOTHING, Say
from swrules.check import ir
from swrules.check.ir import PERCENT, BindingKind, CheckedPolicy, FactInfo, Rule, RuleKind


def where(node: Any, fallback: str) -> str:
    """`file:line` of a node, or `fallback` when it has no position."""
    span = getattr(node, "span", None)
    return span.location() if span is not None else fallback


def text(node: Any) -> str:
    """A node as written in the policy, on one line."""
    span = getattr(node, "span", None)
    return one_line(span.text) if span is not None else ""


def constant(node: Any) -> Any:
    """The value of a literal, or None for anything else."""
    return node.value if isinstance(node, (ir.Number, ir.Bool, ir.String, ir.DateLit)) else None


def field_label(info: FactInfo | None, name: str) -> str:
    """A record field's declared label, or its name."""
    if info is None or not isinstance(info.decl, ir.RecordsField):
        return name
    for f in info.decl.fields:
        if f.name == name:
            return f.label or name
    return name


class PolicyWords:
    """What naming needs that depends on the policy alone, built once per policy (`policy_words`):
    rules and facts by slot, phase labels, each rule's percent flag, each node's text and place."""

    __slots__ = ("by_slot", "facts_by_slot", "phase_labels", "percent", "nodes", "node_percent", "plans",
                 "field_labels", "explained", "described", "memo")

    def __init__(self, checked: CheckedPolicy) -> None:
        self.by_slot = {rule.slot: rule for rule in checked.rules}
        self.facts_by_slot = {f.slot: f for f in checked.facts}
        self.phase_labels = {ph.name: ph.label or ph.name for ph in checked.phases.phases} if checked.phases else {}
        self.percent: dict[str, bool] = {}
        # A node's (text, file:line), by its identity: the policy holds its nodes as long as this lives.
        self.nodes: dict[int, tuple[str, str]] = {}
        self.node_percent: dict[int, bool] = {}
        self.plans: dict[int, tuple[Any, ...]] = {}  # what a trace event of each node means (`reading`)
        self.field_labels: dict[tuple[str, str], str] = {}  # a record field's label by (list, field)
        self.explained: dict[Any, Any] = {}  # rule explanations by everything they depend on (`build`)
        self.described: dict[int, Say] = {}  # `Names.describe` of a node, by its identity
        self.memo: dict[Any, Any] = {}  # anything else the builder computes once per policy (formulas, deps, checks)

    def node(self, node: Any) -> tuple[str, str]:
        """`text(node)` and `where(node, "")`, computed once."""
        found = self.nodes.get(id(node))
        if found is None:
            found = self.nodes[id(node)] = (text(node), where(node, ""))
        return found


@functools.lru_cache(maxsize=8)
def policy_words(checked: CheckedPolicy) -> PolicyWords:
    """The `PolicyWords` of a checked policy (a few policies kept: an editor's server reloads them)."""
    return PolicyWords(checked)


class Names:
    """The words for a policy's nodes, for one station (a by-phase parameter is named by its phase)."""

    def __init__(self, checked: CheckedPolicy, phase: Any) -> None:
        self.c = checked
        self.phase = phase
        self.words = words = policy_words(checked)
        self.by_slot = words.by_slot
        self.facts_by_slot = words.facts_by_slot
        self.phase_labels = words.phase_labels

    def phase_label(self, phase: str) -> str:
        return self.phase_labels.get(phase, phase)

    def is_percent(self, node: Any) -> bool:
        found = self.words.node_percent.get(id(node))
        if found is None:  # a type is compared field by field: once per node of the policy
            found = self.words.node_percent[id(node)] = getattr(node, "ty", None) == PERCENT
        return found

    def rule_percent(self, rule: Rule) -> bool:
        known = self.words.percent.get(rule.name)
        if known is None:
            known = self.words.percent[rule.name] = self._rule_percent(rule)
        return known

    def _rule_percent(self, rule: Rule) -> bool:
        d = rule.decl
        if isinstance(d, ir.Param):
            values: list[Any] = [d.value]
            if isinstance(d.value, ir.ByPhase):
                values = [pv.value for pv in d.value.values]
            elif isinstance(d.value, ir.ByDate):
                values = [dv.value for dv in d.value.values]
            return any(self.is_percent(v) or (isinstance(v, ir.Number) and v.is_percent) for v in values)
        if isinstance(d, ir.Define):
            return d.unit.kind is Unit.PERCENT if d.unit is not None else self.is_percent(d.expr)
        return False

    @staticmethod
    def fact_percent(info: FactInfo) -> bool:
        return isinstance(info.decl, ir.FactField) and info.decl.kind is ir.FactKind.PERCENT

    def is_threshold(self, node: Any) -> bool:
        """A number written in the policy or a parameter: the side of a comparison that is the limit."""
        if isinstance(node, ir.Number):
            return True
        if isinstance(node, ir.Ref):
            b = node.binding
            if b is not None and b.kind is BindingKind.RULE:
                rule = self.by_slot.get(b.slot)
                return rule is not None and rule.kind is RuleKind.PARAM
        return False

    def compared(self, node: ir.Compare) -> tuple[Any, Any, Any, Any, bool, bool]:
        """A comparison as a sentence and a margin read it, once per policy (`PolicyWords.memo`): the
        measured side and the limit (`is_threshold`: swapped when only the left side is a limit), each
        side's literal value (`constant`, None for anything else), whether either side is a percentage,
        and whether the sides were swapped."""
        compares = self.words.memo.setdefault("compared", {})
        found = compares.get(id(node))
        if found is None:
            left, right = node.left, node.right
            swapped = self.is_threshold(left) and not self.is_threshold(right)
            if swapped:
                left, right = right, left
            found = compares[id(node)] = (left, right, constant(left), constant(right),
                                          self.is_percent(left) or self.is_percent(right), swapped)
        return found  # type: ignore[no-any-return]

    def threshold_words(self, rule: Rule) -> Say:
        """How a parameter is named in a sentence; a by-phase one says which phase's value."""
        d = rule.decl
        if isinstance(d, ir.Param) and isinstance(d.value, ir.ByPhase) and type(self.phase) is not Unknown:
            phase = str(self.phase)
            return Say(f"{self.phase_label(phase)}的{rule.name}", f"the {phase} {rule.name}")
        return Say(rule.name, rule.name)

    def describe(self, node: Any) -> Say:
        """A value's name in a sentence: a fact's label, a parameter's name, a rule's label. The same for
        every station but a parameter's with values by phase: kept per policy (`PolicyWords.described`)."""
        described = self.words.described
        found = described.get(id(node))
        if found is None:
            found = self._describe(node)
            if not self.by_phase(node):
                described[id(node)] = found
        return found

    def by_phase(self, node: Any) -> bool:
        """Whether a node names a parameter with values by phase (named by the station's phase)."""
        b = node.binding if isinstance(node, ir.Ref) else None
        if b is None or b.kind is not BindingKind.RULE:
            return False
        d = self.by_slot[b.slot].decl
        return isinstance(d, ir.Param) and isinstance(d.value, ir.ByPhase)

    def _describe(self, node: Any) -> Say:
        if isinstance(node, ir.Ref):
            b = node.binding
            if b is not None and b.kind in (BindingKind.FACT, BindingKind.PROJECTION):
                info = self.facts_by_slot.get(b.slot)
                if info is not None and b.kind is BindingKind.FACT:
                    return Say(info.label, info.label)
            if b is not None and b.kind is BindingKind.RECORD_FIELD:
                return Say(b.field_name, b.field_name)
            if b is not None and b.kind is BindingKind.RULE:
                rule = self.by_slot[b.slot]
                return self.threshold_words(rule) if rule.kind is RuleKind.PARAM else Say(rule.label, rule.label)
        if isinstance(node, ir.Number):
            return NOTHING  # a limit written as a number is said by its value alone
        written = text(node)
        return Say(written, written)

    def missing_words(self, keys: Iterable[str]) -> Say:
        """Missing facts by label and key: 稳岗率（staff.retention_rate）、…"""
        zh, en = [], []
        for key in keys:
            info = self.c.facts_by_key.get(key)
            if info is not None:
                zh.append(f"{info.label}（{key}）")
                en.append(f"{info.label} ({key})")
            else:
                zh.append(key)
                en.append(key)
        return Say(join(zh, "zh"), join(en, "en"))
