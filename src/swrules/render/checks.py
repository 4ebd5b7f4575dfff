"""Whose a result's checks are, and which facts not given someone must act on.

Input: a `Result`. Output: its findings split into the station's and the evaluation's own
process checks, and the facts not given that a person must act on. A finding whose label
starts with `评估工作：` (`engine.result.PROCESS_PREFIX`) checks the evaluation
agency's and the district bureau's work (the survey's size, the 5/10/5/7 working-day
deadlines), not the station: the report puts these in its annex only, and `swrules eval`
in a section of their own. An optional fact that is not given is worth a line only when
a check could not be decided without it; a required one always is. The report
(`render.station`, `render.annex`) and the terminal (`render.terminal`) read these here,
so the two say the same.
"""

from __future__ import annotations

from swrules.engine.result import PROCESS_PREFIX, Check, MissingFact, Result


def is_process(c: Check) -> bool:
    return c.process


def plain_label(c: Check) -> str:
    """The label without the process prefix, for a place whose heading already says it."""
    return c.label.removeprefix(PROCESS_PREFIX)


def station_findings(result: Result) -> list[Check]:
    return [f for f in result.findings if not is_process(f)]


def process_checks(result: Result) -> list[Check]:
    return [f for f in result.findings if is_process(f)]


def facts_to_give(result: Result, *, process: bool = True) -> list[MissingFact]:
    """The facts not given that someone must act on: every required one, and each optional one
    that a veto or finding could not be decided without (with `process=False`, not counting
    the evaluation's process checks: what the station itself must give)."""
    checks = (*result.vetoes, *(result.findings if process else station_findings(result)))
    wanted = {key for c in checks if c.status == "undetermined" for key in c.missing}
    return [m for m in result.missing if m.required or m.key in wanted]
