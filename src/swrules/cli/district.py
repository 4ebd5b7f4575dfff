"""`swrules report POLICY DIR_OR_WORKBOOK`: the district's summary report or its public notice.

Input: a policy, a folder of fact files or a workbook of several stations, the kind of
document (`summary`, `notice`), a format (md, html, docx) and the date to print (none:
left blank for the bureau). Output: the document, written atomically; the counts on
standard error. Every station is evaluated as `swrules eval` evaluates it
(`engine.district`), so the figures agree with eval's. Exit status as eval's: 0 every
station evaluated, 1 some could not be (the report lists them, with the reason), 2
nothing could be evaluated or the input is unusable.
"""

from __future__ import annotations

import datetime as dt

import click

from swrules.engine.batch import NoFactFiles, discover
from swrules.engine.district import evaluate_district
from swrules.facts.xlsx import split_selector
from swrules.render.district import render_district

from .batch_table import counts_line
from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, atomic_output, fail, open_policy_set, policy_files
from .files import write_bytes


def write_district(policy: str, facts: str, fmt: str, kind: str, date: dt.date | None, output: str,
                   version: str | None, lang: str) -> None:
    """Evaluate every station under `facts` and write the district's document; exits with eval's status."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover([facts])
    except NoFactFiles as exc:
        fail(exc, lang)
    inputs = [policy, *policy_files(policies), *(split_selector(p)[0] for p in paths)]
    district = evaluate_district(paths, policies, version, lang)
    if fmt == "docx":
        from swrules.render.district_word import district_docx

        write_bytes(output, district_docx(district, lang, kind, date), lang, inputs)
    else:
        text = render_district(district, lang, fmt, kind, date)
        with atomic_output(output, lang, inputs) as out:
            out.write(text)
    sums = district.totals
    click.echo(counts_line(sums, lang), err=True)
    raise SystemExit(EXIT_OK if sums.failed == 0 else EXIT_BAD_INPUT if sums.evaluated == 0 else EXIT_PROBLEMS)
