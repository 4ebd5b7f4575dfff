"""`swrules eval POLICY FACTS...`: evaluate stations and print the result.

Input: a policy and fact files. Output: the score sheet, total, grade, vetoes,
findings, indicators and reconciliation (text in Chinese or English, or JSON).
"""

from __future__ import annotations

import click

from .cli_common import LANG, cli, fail, open_policy
from .diagnostics import SwrulesError
from .render import render_result


@cli.command("eval")
@click.argument("policy", type=click.Path(dir_okay=False))
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
def eval_cmd(policy: str, facts: tuple[str, ...], fmt: str, lang: str) -> None:
    """Evaluate POLICY against station FACTS files (TOML or JSON)."""
    compiled = open_policy(policy, lang)
    outputs = []
    for path in facts:
        try:
            result = compiled.evaluate_file(path)
        except SwrulesError as exc:
            fail(exc, lang)
        outputs.append(result.to_json() if fmt == "json" else render_result(result, lang))
    click.echo("\n".join(outputs), nl=False)
