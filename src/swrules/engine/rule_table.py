"""A rule's per-policy table: what the result's lines need of one rule, worked out once.

Input: a checked rule and what `engine.assemble.Assembler` finds of it when the policy is loaded.
Output: `RuleTable`, read by the Assembler's plain builders, the generated head and lines
(`engine.lines`), the generated document (`engine.document`), the dated parameters
(`engine.dated`) and the explanation.
"""

from __future__ import annotations

from swrules.check import ir
from swrules.check.ir import Rule

# One rule's reads: (name, label, slot, is a fact, is a percentage), facts in declaration order, then
# rules in policy order.
Reads = tuple[tuple[str, str, int, bool, bool], ...]
# One rule's missing facts: fact (key, slot) pairs, then record fields (records slot, field name, records key).
Missing = tuple[tuple[tuple[str, int], ...], tuple[tuple[int, str, str], ...]]


class RuleTable:
    __slots__ = ("rule", "slot", "reads", "missing", "location", "result_head", "check_head", "dated")

    def __init__(self, rule: Rule, reads: Reads, missing: Missing, location: str,
                 result_head: tuple[str, str, str, str, str | None]) -> None:
        self.rule = rule
        self.slot = rule.slot
        self.reads = reads
        self.missing = missing
        self.location = location
        self.result_head = result_head
        self.check_head = (rule.name, rule.label, rule.clause, getattr(rule.decl, "forces", None))
        self.dated: tuple[ir.DatedValue, ...] = ()  # a parameter's values by date, when the policy is dated
