"""The `eval` command as click sees it: its arguments and options, and their help.

Input: the command line, parsed by click. Output: `cli.evaluate.run_eval` called with the
values. Kept apart from `cli.evaluate` so that `cli.quick` can run a plain one-station
`swrules eval` without importing click; its parser follows these declarations, and
tests/cli/test_quick_eval.py compares the two, byte for byte.
"""

from __future__ import annotations

import click

from .common import LANG, POLICY_VERSION, cli
from .evaluate import run_eval


@cli.command("eval")
@click.argument("policy", type=click.Path())
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "jsonl", "xlsx"]), default="text",
              show_default=True,
              help="text (a table for many stations), json, csv/jsonl (one row per station), xlsx (a workbook).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="CSV: begin with a byte-order mark, so that Excel reads it as UTF-8; --no-bom for pipelines.")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write to FILE (whole or not at all) instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Evaluate on this many processes; the output is the same for any number.")
@POLICY_VERSION
@LANG
def eval_cmd(policy: str, facts: tuple[str, ...], fmt: str, bom: bool, output: str | None, jobs: int,
             version: str | None, lang: str) -> None:
    """Evaluate POLICY against station fact files (TOML, JSON or .xlsx workbooks) or folders of them."""
    run_eval(policy, facts, fmt, bom, output, jobs, version, lang)
