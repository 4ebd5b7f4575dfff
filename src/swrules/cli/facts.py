"""`swrules facts template POLICY` and `swrules facts check POLICY FACTS...`.

Input: a policy and, for `check`, fact files or folders of them. Output: `template`
writes a TOML skeleton of every fact the policy declares (to standard output, or
atomically to `-o FILE`); `check` validates fact files without evaluating them and
says, for each, that it is valid (and which required facts are still missing) or
lists every problem in it. Exit status of `check`: 0 every file valid, 1 some file
invalid, 2 bad usage or a policy with errors.
"""

from __future__ import annotations

import json
from typing import Any

import click

from swrules.base.diagnostics import SwrulesError, render_all
from swrules.base.values import MISSING
from swrules.engine.batch import NoFactFiles, discover
from swrules.engine.policy import evaluating
from swrules.engine.versions import PolicySet
from swrules.facts.schema import read_fact_file
from swrules.facts.template import render_template

from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    LANG,
    POLICY_VERSION,
    atomic_output,
    cli,
    fail,
    open_policy_set,
    policy_files,
)


@cli.group("facts")
def facts_group() -> None:
    """Fact files: write a template for a policy, or check fact files against it."""


@facts_group.command("template")
@click.argument("policy", type=click.Path())
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write the template to FILE (whole or not at all) instead of standard output.")
@POLICY_VERSION
@LANG
def template_cmd(policy: str, output: str | None, version: str | None, lang: str) -> None:
    """Write a TOML skeleton of every fact POLICY declares, with labels, types and ranges."""
    policies = open_policy_set(policy, lang)
    chosen = _pick(policies, version)
    with atomic_output(output, lang, [policy, *policy_files(policies)]) as out:
        out.write(render_template(chosen.checked, lang))


def _pick(policies: PolicySet, version: str | None) -> Any:
    if version is None:
        return policies.policies[-1]
    for p in policies.policies:
        if p.version == version:
            return p
    available = ", ".join(str(p.version) for p in policies.policies)
    raise click.BadParameter(f"no version {version!r} (available: {available})", param_hint="--policy-version")


@facts_group.command("check")
@click.argument("policy", type=click.Path())
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@POLICY_VERSION
@LANG
def check_cmd(policy: str, facts: tuple[str, ...], fmt: str, version: str | None, lang: str) -> None:
    """Validate fact files (or folders of them) against POLICY without evaluating."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover(facts)
    except NoFactFiles as exc:
        fail(exc, lang)
    reports = [_check_one(policies, path, version) for path in paths]
    bad = sum(1 for _, errors, _ in reports if errors)
    if fmt == "json":
        doc = [{"file": path, "valid": not errors, "errors": [d.to_dict(lang) for d in errors],
                "missing_required": missing} for path, errors, missing in reports]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for path, errors, missing in reports:
            if errors:
                click.echo(render_all(errors, lang) + "\n")
            elif missing:
                word = ("有效，缺少必填事实：" if lang == "zh" else "valid; required facts missing: ")
                click.echo(f"{path}: {word}{('、' if lang == 'zh' else ', ').join(missing)}")
            else:
                click.echo(f"{path}: {'有效' if lang == 'zh' else 'valid'}")
    if lang == "zh":
        summary = f"检查 {len(paths)} 个文件：{len(paths) - bad} 个有效，{bad} 个无效"
    else:
        summary = f"{len(paths)} files checked: {len(paths) - bad} valid, {bad} invalid"
    click.echo(summary, err=True)
    raise SystemExit(EXIT_PROBLEMS if bad else EXIT_OK)


def _check_one(policies: PolicySet, path: str, version: str | None) -> tuple[str, list[Any], list[str]]:
    """(path, errors, required facts missing) for one fact file."""
    try:
        data, _ = read_fact_file(path)
        policy, _ = policies.select(data, version=version, file=path)
        with evaluating():  # `require` conditions may compute with decimals
            env = policy.schema.validate(data, path, policy.plan.requires)
    except SwrulesError as exc:
        return path, [d for d in exc.diagnostics if d.is_error], []
    missing = [f.key for f in policy.checked.facts if f.required and env[f.slot] is MISSING]
    return path, [], missing
