"""`swrules facts template POLICY` and `swrules facts check POLICY FACTS...`.

Input: a policy and, for `check`, fact files, workbooks or folders of them. Output:
`template` writes a TOML skeleton of every fact the policy declares, or with
`--format xlsx` a district workbook to fill in Excel or WPS (to standard output, or
atomically to `-o FILE`); `check` validates fact files and each station row of a
workbook without evaluating them and says, for each, that it is valid, or well-formed
but incomplete (which required facts are still missing, so that its results will be
provisional or undetermined), or lists every problem in it (a workbook's by cell).
Exit status of `check`: 0 every file valid (an incomplete file can be evaluated, so it
passes unless `--complete` is given), 1 some file invalid (or, with `--complete`,
incomplete), 2 bad usage or a policy with errors.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from swrules.base.diagnostics import SwrulesError, render_all
from swrules.base.show import join
from swrules.base.values import MISSING
from swrules.base.words import w
from swrules.engine.batch import Item, NoFactFiles, discover, expand
from swrules.engine.policy import evaluating
from swrules.engine.versions import PolicySet
from swrules.facts.schema import read_fact_file
from swrules.facts.template import render_template
from swrules.facts.template_xlsx import template_workbook
from swrules.facts.xlsx import StationInput, is_workbook, split_selector

from .common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    LANG,
    POLICY_VERSION,
    atomic_output,
    cli,
    fail,
    open_policy_set,
    policy_files,
    writable_output,
)
from .files import write_bytes


@cli.group("facts")
def facts_group() -> None:
    """Fact files: write a template for a policy, or check fact files against it."""


@facts_group.command("template")
@click.argument("policy", type=click.Path())
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write the template to FILE (whole or not at all) instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["toml", "xlsx"]), default="toml", show_default=True,
              help="toml (one station's file) or xlsx (a district's workbook, a row per station).")
@POLICY_VERSION
@LANG
def template_cmd(policy: str, output: str | None, fmt: str, version: str | None, lang: str) -> None:
    """Write a skeleton of every fact POLICY declares, with labels, types and ranges."""
    policies = open_policy_set(policy, lang)
    chosen = _pick(policies, version, lang)
    inputs = [policy, *policy_files(policies)]
    if fmt == "xlsx":
        if output in (None, "-") and sys.stdout.isatty():
            click.echo("错误：--format xlsx 须用 -o 文件.xlsx 指定输出文件" if lang == "zh" else
                       "error: --format xlsx needs -o FILE.xlsx", err=True)
            raise SystemExit(EXIT_BAD_INPUT)
        writable_output(output, lang, inputs)  # refused (exit 2) before the workbook is built
        try:
            data = template_workbook(chosen.checked, lang)
        except SwrulesError as exc:
            fail(exc, lang)
        write_bytes(output, data, lang, inputs)
        return
    with atomic_output(output, lang, inputs) as out:
        out.write(render_template(chosen.checked, lang))


def _pick(policies: PolicySet, version: str | None, lang: str) -> Any:
    """The newest version, or the one named (an unknown one is E0914, suggesting the nearest)."""
    if version is None:
        return policies.policies[-1]
    try:
        return policies.find_version(version)
    except SwrulesError as exc:
        fail(exc, lang)


@facts_group.command("check")
@click.argument("policy", type=click.Path())
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--complete", is_flag=True,
              help="Also fail (exit 1) when a file lacks required facts, e.g. before submitting it.")
@POLICY_VERSION
@LANG
def check_cmd(policy: str, facts: tuple[str, ...], fmt: str, complete: bool, version: str | None,
              lang: str) -> None:
    """Validate fact files (or folders of them) against POLICY without evaluating."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover(facts)
    except NoFactFiles as exc:
        fail(exc, lang)
    reports = [_check_one(policies, item, version) for item in expand(paths, policies)]
    bad = sum(1 for _, errors, _ in reports if errors)
    incomplete = sum(1 for _, errors, missing in reports if missing and not errors)
    if fmt == "json":
        doc = [{"file": path, "valid": not errors, "complete": not errors and not missing,
                "errors": [d.to_dict(lang) for d in errors], "missing_required": missing}
               for path, errors, missing in reports]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for path, errors, missing in reports:
            if errors:
                click.echo(render_all(errors, lang) + "\n")
            elif missing:
                click.echo(f"{path}: {_incomplete(missing, lang)}")
            else:
                click.echo(f"{path}: {'有效' if lang == 'zh' else 'valid'}")
    books = any(is_workbook(split_selector(p)[0]) for p in paths)  # then a row of a workbook counts as a file
    if lang == "zh":
        what = "个文件或工作簿中的站点" if books else "个文件"
        summary = f"检查 {len(reports)} {what}：{len(reports) - bad} 个有效，{bad} 个无效"
        if incomplete:
            summary += f"；有效的{'站点' if books else '文件'}中 {incomplete} 个缺少必填事实"
    else:
        what = "files or workbook stations" if books else "files"
        summary = f"{len(reports)} {what} checked: {len(reports) - bad} valid, {bad} invalid"
        if incomplete:
            summary += f"; {incomplete} of the valid ones lack required facts"
    click.echo(summary, err=True)
    raise SystemExit(EXIT_PROBLEMS if bad or (complete and incomplete) else EXIT_OK)


def _incomplete(missing: list[str], lang: str) -> str:
    """What a well-formed file with required facts missing is fit for, then which facts."""
    return w("facts_incomplete", lang).format(n=len(missing), keys=join(missing, lang))


def _check_one(policies: PolicySet, item: Item, version: str | None) -> tuple[str, list[Any], list[str]]:
    """(name, errors, required facts missing) for one fact file or workbook station."""
    if isinstance(item, tuple):
        return item[0], [d for d in item[1] if d.is_error], []
    path = item.name if isinstance(item, StationInput) else item
    try:
        if isinstance(item, StationInput):
            if item.problems:
                return path, list(item.problems), []
            data = item.data
        else:
            data, _ = read_fact_file(path)
        policy, _ = policies.select(data, version=version, file=path)
        with evaluating():  # `require` conditions may compute with decimals
            env = policy.schema.validate(data, path, policy.plan.requires)
    except SwrulesError as exc:
        errors = [d for d in exc.diagnostics if d.is_error]
        return path, item.locate(errors) if isinstance(item, StationInput) else errors, []
    missing = [f.key for f in policy.checked.facts if f.required and env[f.slot] is MISSING]
    return path, [], missing
