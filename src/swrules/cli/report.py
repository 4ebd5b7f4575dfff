"""`swrules report POLICY FACTS --format md|html|docx -o FILE`: the evaluation report.

Input: a policy, one fact file, a format or a user's Jinja2 template. Output: the
report (station and period, who evaluated, score sheet, total and grade, vetoes,
findings, indicators, reconciliation, every rule explained, audit footer), written
atomically: a bad input or a broken template leaves no file behind. The evaluation
time appears only with `--timestamp`, so a report can be reproduced byte for byte.
For a folder, or a workbook of several stations, the district's summary report or its
public notice instead (`cli.district`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from swrules.explanation.build import explain
from swrules.facts.xlsx import is_workbook, split_selector
from swrules.render.report import FORMATS, TemplateProblem, agency_report, render_report
from swrules.render.report_docx import report_docx

from .common import EXIT_BAD_INPUT, LANG, POLICY_VERSION, atomic_output, cli, open_policy_set, policy_files
from .district import write_district
from .evaluate import _one_station
from .explain import evaluate_station
from .files import write_bytes


@cli.command("report")
@click.argument("policy", type=click.Path())
@click.argument("facts", type=click.Path())
@click.option("--format", "fmt", type=click.Choice([*sorted(FORMATS), "docx"]), default="md", show_default=True,
              help="md (Markdown), html (one self-contained file that prints on A4) or docx (Word, to sign).")
@click.option("--kind", type=click.Choice(["summary", "notice"]), default="summary", show_default=True,
              help="For a folder or workbook of stations: summary (the district's report, with pictures) or "
                   "notice (the public notice, 公示 list).")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The date printed on a district's document (as 2025年2月20日); without it the date is left "
                   "blank for the bureau to fill.")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Render with your own Jinja2 template (sandboxed); see docs/reports.md.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - is standard output.")
@click.option("--timestamp", is_flag=True, help="Print the time of evaluation in the audit footer.")
@POLICY_VERSION
@LANG
def report_cmd(policy: str, facts: str, fmt: str, kind: str, date: dt.datetime | None, template: str | None,
               output: str, timestamp: bool, version: str | None, lang: str) -> None:
    """Write the evaluation report of the station in FACTS under POLICY; for a folder or a workbook
    of several stations, the district's summary report or its public notice (--kind notice)."""
    if fmt == "docx" and output in (None, "-") and sys.stdout.isatty():
        click.echo("错误：--format docx 须用 -o 文件.docx 指定输出文件" if lang == "zh" else
                   "error: --format docx needs -o FILE.docx", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    if kind == "notice" or Path(facts).is_dir() or (
            is_workbook(split_selector(facts)[0]) and not _one_station(facts, open_policy_set(policy, lang))):
        if template is not None:
            click.echo("错误：--template 只用于单个站点的报告；区汇总报告与公示名单用内置格式" if lang == "zh" else
                       "error: --template is for one station's report; a district's documents use the built-in "
                       "formats", err=True)
            raise SystemExit(EXIT_BAD_INPUT)
        write_district(policy, facts, fmt, kind, date.date() if date else None, output, version, lang)
        return
    compiled, result, data = evaluate_station(policy, facts, version, lang)
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat() if timestamp else None
    inputs = [policy, facts, *([template] if template else []), *policy_files(compiled)]
    if fmt == "docx" and template is None:
        doc = agency_report(result, explain(result), lang, when, policy=compiled.checked, facts=data)
        write_bytes(output, report_docx(doc, lang), lang, inputs)
        return
    try:
        text = render_report(result, explain(result), lang, "md" if fmt == "docx" else fmt, template, when,
                             policy=compiled.checked, facts=data)
    except TemplateProblem as exc:
        click.echo(exc.render(lang), err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    with atomic_output(output, lang, inputs) as out:
        out.write(text)
