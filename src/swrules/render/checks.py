"""Whose a result's checks are, and which facts not given someone must act on.

Input: a `Result`. Output: its findings split into the station's and the evaluation's own
process checks, and the facts not given that a person must act on. A finding whose label
starts with `评估工作：` (`engine.result.PROCESS_PREFIX`) checks the evaluation
agency's and the district bureau's work (the survey's size, the 5/10/5/7 working-day
deadlines), not the station: the report puts these in its annex only, and `swrules eval`
in a section of their own. An optional fact that is not given is worth a line only when
a check could not be decided without it; a required one always is. The report
(`render.station`, `render.annex`), the terminal (`render.terminal`), the batch's workbook (`render.xlsx`), the
district report (`render.district`) and the workbench (`web`) read these here, so they say the
same; a batch row's facts to give are `facts_to_give(process=False)`, counted by
`engine.result.to_give` from what the row has.
"""

from __future__ import annotations

from swrules.engine.batch import StationRow
from swrules.engine.result import PROCESS_PREFIX, Check, MissingFact, Result, is_process_label, to_give


def is_process(c: Check) -> bool:
    return c.process


__all__ = ["facts_to_give", "is_process", "is_process_label", "plain", "plain_label", "process_checks",
           "station_findings", "vetoes_hit"]  # `is_process_label` (the engine's) for an output with labels alone


def plain(label: str) -> str:
    """A check's label without the process prefix, for a place whose heading already says it."""
    return label.removeprefix(PROCESS_PREFIX)


def plain_label(c: Check) -> str:
    """`plain` of a check's label."""
    return plain(c.label)


def station_findings(result: Result) -> list[Check]:
    return [f for f in result.findings if not is_process(f)]


def process_checks(result: Result) -> list[Check]:
    return [f for f in result.findings if is_process(f)]


def facts_to_give(result: Result, *, process: bool = True) -> list[MissingFact]:
    """The facts not given that someone must act on: every required one, and each optional one
    that a veto or finding could not be decided without (with `process=False`, not counting
    the evaluation's process checks: what the station itself must give)."""
    return to_give(result.missing, (*result.vetoes, *(result.findings if process else station_findings(result))))


def vetoes_hit(row: StationRow) -> list[str]:
    """The vetoes a batch row hit, by their labels as the policy states them (the row's
    `vetoes_hit` holds their ids, for programs: JSON keeps them)."""
    return [label for kind, _, label, status, *_ in row.checks if kind == "veto" and status == "hit"]
