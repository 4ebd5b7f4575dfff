"""A kept explanation's key: what a parameter's, an output's, a veto's or a finding's explanation depends on.

Input: a rule, the phase (its `repr`), its line or the station's slot list with its `Assembler`
table, and its trace events. Output: a hashable key under which `build` keeps the rule's
explanation for every station with the same one. Two stations with one key get one explanation, so
a key must tell apart whatever the explanation tells apart: the digits of a decimal (9.4 and 9.40
are equal decimals, written differently), a value's type, the rule's missing facts, which nodes its
trace went through and their values (which, for a key read by slot, its reads' values settle).
Nothing here reads the policy's words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from swrules.base.values import Unknown
from swrules.check.ir import Rule
from swrules.engine.assemble import Assembler
from swrules.engine.result import RuleResult

from .reading import Event

BY_SLOT = object()  # marks a key made from the slot list (`slot_key`)


def rule_key(rule: Rule, phase: str, rr: RuleResult, events: list[Event]) -> tuple[Any, ...]:
    """A kept explanation's key from the rule's line: what its explanation depends on."""
    # `repr`, not the values: 9.4 and 9.40 are equal decimals, written differently.
    return (rule.name, phase, repr(rr.value), rr.location, rr.missing,
            tuple(map(tuple.__repr__, rr.reads)), rr.in_force_from, rr.document, rr.changed_within_period,
            tuple([id(n) for n, _ in events]), repr([v for _, v in events]))


def slot_key(rule: Rule, phase: str, t: Any, env: list[Any]) -> tuple[Any, ...] | None:
    """`rule_key`'s equal, read by slot with no line built (`t`: the rule's `Assembler` table), for a rule
    not dated: such a line has no date fields, and its reads' names, labels and flags are the rule's, so
    it is told apart by its value, its reads' values and its missing facts (none unless its value is
    undetermined). None for a dated rule (its key is `rule_key`).

    Its events are not in the key: a rule not dated is computed from its reads' values alone (the
    evaluation's decimal context is the engine's own, `swrules.evaluating`), so the same values, told
    apart as `exact` tells them apart (digits, types), leave the same trace, node for node and digit for
    digit (tests/explanation/test_explain_fast.py: the key tells apart every two lines and traces
    `rule_key` tells apart). The values (the rule's, then its reads' in the table's order) are written
    by `exact`; a rule's number of reads is its own."""
    if t.dated:
        return None
    value = env[t.slot]
    if undetermined(value):
        return (BY_SLOT, rule.name, phase, Assembler.missing(t, env), exact([value, *[env[r[2]] for r in t.reads]]))
    return values_key(rule.name, phase, [value, *[env[r[2]] for r in t.reads]])


def values_key(name: str, phase: str, values: list[Any]) -> tuple[Any, ...]:
    """`slot_key` of a rule whose value (`values[0]`, then its reads' in the table's order) is determined:
    it has no missing facts."""
    return (BY_SLOT, name, phase, (), exact(values))


def exact(values: list[Any]) -> tuple[Any, ...]:
    """Values as a key that tells apart what `repr` tells apart (9.4 from 9.40, `True` from 1, the text
    "9.4" from the number), for less: a decimal by its text, `True` and `False` and an undetermined
    value as themselves (an `Unknown` equals itself only, and the key holds it, so its identity is
    not reused), anything else (a text, a list, a date; an `int` whose `repr` is a decimal's text) by
    its `repr` in a tuple of one, equal to none of those."""
    return tuple([str(v) if type(v) is Decimal else v if type(v) is bool or type(v) is Unknown else (repr(v),)
                  for v in values])


def undetermined(value: Any) -> bool:
    """Whether a rule's line lists its missing facts (`Assembler.rule_result`): its value, or one of
    its values, is undetermined."""
    return type(value) is Unknown or type(value) is tuple and any(type(v) is Unknown for v in value)
