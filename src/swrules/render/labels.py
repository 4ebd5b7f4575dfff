"""The policy's words for what a batch row and the batch totals name as a program does.

Input: a `PolicySet`. Output: `Labels`: each veto's and finding's label by its rule name (the
totals count hits per rule name, and list the rules that never fired), and each published
figure's label by the name a row's differences give it (`total` of `declared.total`:
报告公布的总分), and the label of the rule each published figure is checked against by its
name (`grade`: 评估等级), and each fact's label by its key (a record's field by the key
without the record's number: `indicators.target`, 协议指标量). The batch's table, CSV and
workbook, the workbench's district table, and one station's text (its 核对报告公布的数字),
show these, so that no one reads a rule's or a fact's program name there. A name the policy
gives no label keeps its name. `StationNames` says how the batch totals name the stations
they list: as the table does, by name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from swrules.base.show import aside, show
from swrules.check.ir import CheckedPolicy, RecordsField
from swrules.engine.versions import PolicySet

if TYPE_CHECKING:
    from swrules.engine.batch import StationRow


@dataclass(frozen=True)
class Labels:
    rules: Mapping[str, str] = field(default_factory=dict)
    published: Mapping[str, str] = field(default_factory=dict)
    reconciled: Mapping[str, str] = field(default_factory=dict)
    facts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, policies: PolicySet) -> Labels:
        return cls.of_checked(policy.checked for policy in policies.policies)

    @classmethod
    def of_checked(cls, checked_policies: Iterable[CheckedPolicy]) -> Labels:
        """The labels of these policies (a name two versions label differently: the first's)."""
        rules: dict[str, str] = {}
        published: dict[str, str] = {}
        reconciled: dict[str, str] = {}
        facts: dict[str, str] = {}
        for checked in checked_policies:
            for fact in checked.facts:
                facts.setdefault(fact.key, fact.label)
                if isinstance(fact.decl, RecordsField):  # a record's field, by its key without the record's number
                    for f in fact.decl.fields:
                        facts.setdefault(f"{fact.key}.{f.name}", f.label or f.name)
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
        return cls(rules, published, reconciled, facts)

    def rule(self, name: str) -> str:
        return self.rules.get(name, name)

    def reconciling(self, name: str) -> str:
        """The rule a published figure is checked against, as the report calls it: `grade`, 评估等级."""
        return self.reconciled.get(name, name)

    def fact(self, key: str) -> str:
        """A fact's label by its key (`indicators[3].target`: 协议指标量); a key not declared keeps its key."""
        return self.facts.get(_RECORD_NUMBER.sub("", key), key)

    def to_give(self, key: str, lang: str = "zh") -> str:
        """A fact the station must give, as a cell of the batch's CSV and workbook names it: its label,
        and its key beside it (where to write it in a fact file, as 未填报的事项 of `eval` and the
        report's annex give it): 稳岗率（staff.retention_rate）."""
        label = self.fact(key)
        return label + aside(key, lang) if label != key else key

    def difference(self, text: str, lang: str = "zh") -> str:
        """A row's `total: 89.50 ≠ 88.50` as people read it: 报告公布的总分：89.50 ≠ 88.50."""
        name, sep, values = text.partition(": ")
        if not sep or name not in self.published:
            return text
        return f"{self.published[name]}{'：' if lang == 'zh' else ': '}{values}"


class StationNames:
    """How the batch totals name a station they list (those near a band edge): by its name, as the
    table's 站点 column does, with its file beside it only where two stations of the batch share the
    name (the midterm and final of one station, two streets' stations of one name), and by its file
    where it has no name. Fed every row as it comes (`add`), it keeps each name's count and the names
    of the rows the totals will list (`listed`), not every row."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.listed: dict[str, str | None] = {}

    def add(self, path: str, name: str | None, listed: bool) -> None:
        if name:
            self.counts[name] += 1
        if listed:
            self.listed[path] = name

    @classmethod
    def of(cls, rows: Iterable[StationRow]) -> StationNames:
        names = cls()
        for r in rows:
            names.add(r.path, r.station, r.near_edge is not None)
        return names

    def __call__(self, path: str, lang: str = "zh") -> str:
        name = self.listed.get(path)
        if not name:
            return path
        return name + aside(path, lang) if self.counts[name] > 1 else name


_RECORD_NUMBER = re.compile(r"\[\d+\]")

NONE = Labels()


def near_edge(station: str, total: Decimal, edge: Decimal, lang: str) -> str:
    """A station within one point of a band edge, as the totals list it: 示例站点26  89.50（界限 90）."""
    edge_text = ("界限 " if lang == "zh" else "edge ") + show(edge, lang, exact=True)
    return f"{station}  {show(total, lang, exact=True)}{aside(edge_text, lang)}"
