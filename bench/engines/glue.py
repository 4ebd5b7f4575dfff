"""The Python around the rule engines: the part of the evaluation neither engine can hold.

Input: a fact mapping. `shape` validates it with `handwritten.validate` (so that the
engines reject exactly what the hand-written evaluator rejects, with the same
`InvalidFacts`) and lays out the data the rules read: the six sections as tables (a
missing fact is an absent key, never 0 or false), the service areas and the
indicators as lists or `None`. Output, at the end: a `handwritten.Summary` built from
the engines' values by `summary`, which only puts them in order and turns a rule's
three-valued answer (true, false, null) into the status words the report uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import handwritten
from handwritten import ITEMS, VETO_ORDER, Summary

FINDING_ORDER = ("继续教育时数不足", "稳岗率未达标", "满意度样本不足", "初评意见反馈逾期", "评估报告出具逾期",
                 "评估报告确认逾期", "公示期不足")
ITEM_ORDER = tuple(name for name, _ in ITEMS)
DECLARED = ("total", "grade", "service_quality")
# The fact sheet's keys a rule reads, by section: required ones and the optional ones
# some rule reads (as `handwritten.evaluate` reports them); `scores.service_quality`
# is the list of areas, reported on its own.
NEEDED = tuple(
    (section, tuple(name for name, spec in fields.items()
                    if spec[3] or f"{section}.{name}" in handwritten.NEEDED_OPTIONAL))
    for section, fields in handwritten.SCHEMA.items()
)


def shape(facts: Any) -> dict[str, Any]:
    """The validated facts as the rules read them; raises `handwritten.InvalidFacts`."""
    sections, areas, indicators = handwritten.validate(facts)
    data: dict[str, Any] = dict(sections)
    data["areas"] = areas
    data["indicators"] = indicators
    return data


def status(value: bool | None, word: str) -> str:
    return "undetermined" if value is None else word if value else "clear"


def section_missing(data: dict[str, Any]) -> list[str]:
    """Facts of the fact sheet that some rule reads and the station lacks (`compliance.serious_violation`)."""
    return [f"{section}.{name}" for section, names in NEEDED for name in names if name not in data[section]]


def record_missing(areas: Sequence[dict[str, Any]] | None, indicators: Sequence[dict[str, Any]] | None) -> list[str]:
    """Missing facts inside records, named with the record's index (`indicators[3].target`).

    For an engine whose loops cannot see the index of the record they are on.
    """
    out = []
    if areas is None:
        out.append("scores.service_quality")
    else:
        out.extend(f"scores.service_quality[{i}].score" for i, a in enumerate(areas) if "score" not in a)
    if indicators is None:
        out.append("indicators")
    else:
        for i, row in enumerate(indicators):
            out.extend(f"indicators[{i}].{field}" for field in ("actual", "target") if field not in row)
    return out


def summary(data: dict[str, Any], vetoes: Sequence[bool | None], findings: Sequence[bool | None],
            rates: Sequence[Any], reconciliation: Sequence[str], missing: Iterable[str]) -> Summary:
    """The report's figures in the hand-written evaluator's order and words.

    `data` holds the derived values the rules wrote back (`counted`, `total`, `grade`,
    `provisional`); indicators without a name are numbered from 1, as in the report.
    """
    indicators = data["indicators"] or ()
    return Summary(
        total=data["total"], grade=data["grade"], provisional=data["provisional"],
        counted=tuple(zip(ITEM_ORDER, data["counted"], strict=True)),
        vetoes=tuple((name, status(v, "hit")) for name, v in zip(VETO_ORDER, vetoes, strict=True)),
        findings=tuple((name, status(v, "raised")) for name, v in zip(FINDING_ORDER, findings, strict=True)),
        indicators=tuple((row.get("name", str(i + 1)), rate)
                         for i, (row, rate) in enumerate(zip(indicators, rates, strict=True))),
        reconciliation=tuple(zip(DECLARED, reconciliation, strict=True)),
        missing=tuple(sorted(missing)),
    )
