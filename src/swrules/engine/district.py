"""A district's round of evaluation: every station's batch row and full result, and the totals.

Input: a policy set, the fact files, folders and workbooks named, a version named by
hand (or none) and a language. Output: a `District`: for each station the same
`StationRow` that `swrules eval` prints (from `batch.evaluate_row`, so the counts of a
district report always agree with `eval` on the same folder) and, for those evaluated,
the `Result` (for the operator, the period, the reconciliation and the parties), with
the policy's grades (best first), band edges, vetoes and findings in policy order.
Guarantees: stations in the order `eval` gives them; nothing but plain data and
results, so that the writers in `render` need neither the IR nor the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from swrules.base.diagnostics import SwrulesError
from swrules.base.nodes import node
from swrules.facts.schema import read_fact_file
from swrules.facts.xlsx import StationInput

from .batch import BatchTotals, StationRow, TotalsCounter, evaluate_row, expand
from .result import Result
from .versions import PolicySet

# A station whose name, district or operator says 示例 is an invented example, and is marked so.
EXAMPLE_WORD = "示例"


# Where fact files name the evaluating organisation (the Guangzhou policy's `evaluation.organisation`).
EVALUATOR_KEYS = (("evaluation", "organisation"), ("station", "evaluator"))


@node
class DistrictStation:
    row: StationRow
    result: Result | None  # None when the station could not be evaluated (`row.errors` says why)
    evaluator: str | None = None  # the evaluating organisation, where the facts name it

    @property
    def example(self) -> bool:
        station = self.result.station if self.result is not None else {}
        return any(EXAMPLE_WORD in str(station.get(k) or "") for k in ("name", "district", "operator"))


@node
class District:
    stations: tuple[DistrictStation, ...]
    totals: BatchTotals
    policy_title: str
    grades: tuple[str, ...]  # best first
    edges: tuple[Decimal, ...]  # the band edges, ascending
    total_max: Decimal
    vetoes: tuple[tuple[str, str], ...]  # (id, label), in policy order
    findings: tuple[tuple[str, str], ...]


@node
class Scale:
    """What pictures of totals are drawn against: the grades (best first), the band edges, the maximum."""

    grades: tuple[str, ...]
    edges: tuple[Decimal, ...]
    total_max: Decimal


def scale_of(policies: PolicySet) -> Scale:
    """The scale of the policy in force last (the newest version)."""
    latest = policies.policies[-1].checked
    edges = sorted({b for band in latest.grades.bands for b in (band.low, band.high) if b is not None})
    return Scale(tuple(latest.grade_rank), tuple(edges), latest.total_max)


def evaluate_district(paths: Sequence[str], policies: PolicySet, version: str | None, lang: str) -> District:
    """Every station named, evaluated as `swrules eval` evaluates it, with its result kept."""
    counter = TotalsCounter(policies)
    stations = []
    for item in expand(paths, policies):
        row = evaluate_row(item, policies, version, lang)
        counter.add(row)
        result, evaluator = _result(item, policies, version) if row.evaluated else (None, None)
        stations.append(DistrictStation(row, result, evaluator))
    labels = {c.id: c.label for s in stations if s.result is not None
              for c in (*s.result.vetoes, *s.result.findings)}
    vetoes: dict[str, str] = {}
    findings: dict[str, str] = {}
    for policy in policies.policies:
        for rule in policy.checked.rules:
            if rule.kind.value in ("veto", "finding"):
                chosen = vetoes if rule.kind.value == "veto" else findings
                chosen.setdefault(rule.name, labels.get(rule.name, rule.name))
    scale = scale_of(policies)
    return District(stations=tuple(stations), totals=counter.totals(), policy_title=policies.policies[-1].title,
                    grades=scale.grades, edges=scale.edges, total_max=scale.total_max,
                    vetoes=tuple(vetoes.items()), findings=tuple(findings.items()))


def _result(item: object, policies: PolicySet, version: str | None) -> tuple[Result | None, str | None]:
    """The full result of a station `evaluate_row` evaluated (reading it again: rows carry plain data only),
    and the evaluating organisation its facts name."""
    try:
        if isinstance(item, StationInput):
            data: Any = item.data
            policy, _ = policies.select(data, version=version, file=item.name)
            result = policy.evaluate(data, file=item.name, facts_hash=item.digest)
        elif isinstance(item, str):
            data, source = read_fact_file(item)
            policy, _ = policies.select(data, version=version, file=item)
            digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            result = policy.evaluate(data, file=item, facts_hash=digest)
        else:
            return None, None
    except SwrulesError:
        return None, None
    return result, _evaluator(data)


def _evaluator(data: Any) -> str | None:
    for group, key in EVALUATOR_KEYS:
        section = data.get(group) if isinstance(data, Mapping) else None
        value = section.get(key) if isinstance(section, Mapping) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
