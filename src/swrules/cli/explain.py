"""`swrules explain POLICY FACTS [RULE...]`: every rule explained for one station.

Input: a policy, one fact file and optionally rule names. Output: for every rule (or
the named rules and everything they read, down to the facts) a sentence with the
actual values, threshold and clause, the formulas with `file:line`, the facts read,
the intermediate values and rounding steps, and how far the station is from another
grade or a veto; as text (zh or en) or as JSON, the same structure as the
`explanation` part of `swrules eval --format json`.
"""

from __future__ import annotations

import difflib
import shutil
import sys
from typing import Any

import click

from swrules.base.diagnostics import FactsError, SwrulesError, render_all
from swrules.base.jsonwrite import dumps_plain
from swrules.base.show import join
from swrules.engine.policy import Policy
from swrules.engine.result import Result
from swrules.explanation.build import explain, rule_names
from swrules.explanation.text import render_explanation
from swrules.facts.xlsx import one_station

from .common import EXIT_BAD_INPUT, LANG, POLICY_VERSION, cli, fail, open_policy_set


def evaluate_explained(policy: str, facts: str, version: str | None, lang: str) -> tuple[Policy, Result]:
    """One station evaluated with its explanation, by the policy version in force for it (exit 2 on bad input)."""
    compiled, result, _ = evaluate_station(policy, facts, version, lang)
    return compiled, result


def evaluate_station(policy: str, facts: str, version: str | None, lang: str) -> tuple[Policy, Result, Any]:
    """`evaluate_explained`, and the station's facts as read (for the report's evaluators' text)."""
    policies = open_policy_set(policy, lang)
    try:
        # A fact file, or one station of a workbook (`区评估.xlsx#站点名称`): see docs/facts.md.
        station = one_station(facts, policies.policies[-1].checked)
    except SwrulesError as exc:
        fail(exc, lang)
    try:
        compiled, why = policies.select(station.data, version=version, file=station.name, lang=lang)
        if len(policies.policies) > 1 or version is not None:
            click.echo(why, err=True)  # which version applies, and why; standard output stays the document
        result = compiled.evaluate(station.data, explain=True, file=station.name, facts_hash=station.digest)
        if result.warnings:
            click.echo(render_all(result.warnings, lang), err=True)  # a dated value changed within the period
        return compiled, result, station.data
    except SwrulesError as exc:
        fail(FactsError(station.locate(exc.diagnostics)), lang)


@cli.command("explain")
@click.argument("policy", type=click.Path())
@click.argument("facts", type=click.Path())
@click.argument("rules", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--width", type=click.IntRange(min=0), default=None, metavar="COLUMNS",
              help="Fold lines to this many columns (0: never). Default: the terminal's width; "
                   "output to a file or pipe is not folded.")
@POLICY_VERSION
@LANG
def explain_cmd(policy: str, facts: str, rules: tuple[str, ...], fmt: str, width: int | None, version: str | None,
                lang: str) -> None:
    """Explain how POLICY decides each rule for the station in FACTS; name RULEs to see only their derivation."""
    compiled, result = evaluate_explained(policy, facts, version, lang)
    known = rule_names(compiled)
    for name in rules:
        if name not in known:
            near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = ("" if not near else
                    (f"；是不是 {join(near, lang)}？" if lang == "zh" else f"; did you mean {join(near, lang)}?"))
            message = (f"错误：评估办法中没有名为 `{name}` 的规则{hint}\n"
                       f"  规则名称可用 `swrules explain {policy} {facts}` 查看。" if lang == "zh" else
                       f"error: the policy has no rule named `{name}`{hint}\n  "
                       f"`swrules explain {policy} {facts}` lists every rule's name.")
            click.echo(message, err=True)
            raise SystemExit(EXIT_BAD_INPUT)
    explanation = explain(result)
    if rules:
        explanation = explanation.select(rules)
    if fmt == "json":
        click.echo(dumps_plain(explanation.to_dict()))  # `json.dumps(..., indent=2)`'s text, faster
    else:
        if width is None and sys.stdout.isatty():
            width = shutil.get_terminal_size().columns
        click.echo(render_explanation(result, explanation, lang, width or None), nl=False)
