"""`swrules report POLICY FACTS --format md|html -o FILE`: the evaluation report.

Input: a policy, one fact file, a format or a user's Jinja2 template. Output: the
report (station and period, who evaluated, score sheet, total and grade, vetoes,
findings, indicators, reconciliation, every rule explained, audit footer), written
atomically: a bad input or a broken template leaves no file behind. The evaluation
time appears only with `--timestamp`, so a report can be reproduced byte for byte.
"""

from __future__ import annotations

import datetime as dt

import click

from swrules.explanation.build import explain
from swrules.render.report import FORMATS, TemplateProblem, render_report

from .common import EXIT_BAD_INPUT, LANG, POLICY_VERSION, atomic_output, cli, policy_files
from .explain import evaluate_explained


@cli.command("report")
@click.argument("policy", type=click.Path())
@click.argument("facts", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="md", show_default=True,
              help="md (Markdown) or html (one self-contained, printable file).")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Render with your own Jinja2 template (sandboxed); see docs/reports.md.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - is standard output.")
@click.option("--timestamp", is_flag=True, help="Print the time of evaluation in the audit footer.")
@POLICY_VERSION
@LANG
def report_cmd(policy: str, facts: str, fmt: str, template: str | None, output: str, timestamp: bool,
               version: str | None, lang: str) -> None:
    """Write the evaluation report of the station in FACTS under POLICY."""
    compiled, result = evaluate_explained(policy, facts, version, lang)
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat() if timestamp else None
    try:
        text = render_report(result, explain(result), lang, fmt, template, when)
    except TemplateProblem as exc:
        click.echo(exc.render(lang), err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    with atomic_output(output, lang, [policy, facts, *([template] if template else []),
                                      *policy_files(compiled)]) as out:
        out.write(text)
