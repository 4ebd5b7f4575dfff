"""The policy's words for what a batch row and the batch totals name as a program does.

Input: a `PolicySet`. Output: `Labels`: each veto's and finding's label by its rule name (the
totals count hits per rule name, and list the rules that never fired), and each published
figure's label by the name a row's differences give it (`total` of `declared.total`:
报告公布的总分), and the label of the rule each published figure is checked against by its
name (`grade`: 评估等级). The batch's table, CSV and workbook, the workbench's district
table, and one station's text (its 核对报告公布的数字), show these, so that no one reads a
rule's or a fact's program name there. A name the policy gives no label keeps its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from swrules.check.ir import CheckedPolicy
from swrules.engine.versions import PolicySet


@dataclass(frozen=True)
class Labels:
    rules: Mapping[str, str] = field(default_factory=dict)
    published: Mapping[str, str] = field(default_factory=dict)
    reconciled: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, policies: PolicySet) -> Labels:
        return cls.of_checked(policy.checked for policy in policies.policies)

    @classmethod
    def of_checked(cls, checked_policies: Iterable[CheckedPolicy]) -> Labels:
        """The labels of these policies (a name two versions label differently: the first's)."""
        rules: dict[str, str] = {}
        published: dict[str, str] = {}
        reconciled: dict[str, str] = {}
        for checked in checked_policies:
            for rule in checked.rules:
                if rule.kind.value in ("veto", "finding") and rule.label:
                    rules.setdefault(rule.name, rule.label)
            for line in checked.reconcile:
                info = checked.facts_by_key.get(line.declared.dotted)
                if info is not None:
                    published.setdefault(info.path[-1], info.label)
                # the name a `Reconciliation` gives its rule: the computed side as written
                name = line.computed.span.text if line.computed.span else ""
                computed = checked.rules_by_name.get(name)
                if computed is not None and computed.label:
                    reconciled.setdefault(name, computed.label)
        return cls(rules, published, reconciled)

    def rule(self, name: str) -> str:
        return self.rules.get(name, name)

    def reconciling(self, name: str) -> str:
        """The rule a published figure is checked against, as the report calls it: `grade`, 评估等级."""
        return self.reconciled.get(name, name)

    def difference(self, text: str, lang: str = "zh") -> str:
        """A row's `total: 89.50 ≠ 88.50` as people read it: 报告公布的总分：89.50 ≠ 88.50."""
        name, sep, values = text.partition(": ")
        if not sep or name not in self.published:
            return text
        return f"{self.published[name]}{'：' if lang == 'zh' else ': '}{values}"


NONE = Labels()
