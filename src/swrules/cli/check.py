"""`swrules check POLICY...`: parse and check policies without evaluating anything.

Input: policy files. Output: every diagnostic, in the rustc layout (Chinese by
default, `--lang en`) or as a JSON list for editors and CI, then a summary line.
Exit status: 0 no errors, 1 errors found (or warnings with `--strict`), 2 a file
cannot be read (that status wins, since the file was not checked at all).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from swrules.base.diagnostics import Diagnostic, PolicyError, render_all, summary_line
from swrules.check.checker import check_good_declarations
from swrules.engine.policy import check_file
from swrules.syntax.compose import read_source
from swrules.syntax.lowering import parse_good_declarations

from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, LANG, cli

# Codes that mean the file itself could not be read, not that its text is wrong.
UNREADABLE = ("E0001", "E0002")


@cli.command("check")
@click.argument("policies", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for editors and CI.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@LANG
def check_cmd(policies: tuple[str, ...], fmt: str, strict: bool, lang: str) -> None:
    """Check POLICY files for mistakes, without evaluating any station."""
    found: list[Diagnostic] = []
    texts: list[str] = []
    for path in policies:
        diags = check_path(path)
        found.extend(diags)
        if diags:
            texts.append(render_all(diags, lang))
        elif fmt == "text":
            texts.append(f"{path}: " + ("没有发现问题" if lang == "zh" else "no problems found"))
    if fmt == "json":
        click.echo(json.dumps([d.to_dict(lang) for d in found], ensure_ascii=False, indent=2))
    else:
        if found:
            texts.append(summary_line(found, lang))
        click.echo("\n\n".join(texts))
    raise SystemExit(exit_status(found, strict))


def check_path(path: str) -> list[Diagnostic]:
    """Every diagnostic for one policy file. With syntax errors, the declarations that
    did parse are still checked for problems of meaning, so one run reports both."""
    diags = check_file(path)
    if any(d.code.startswith("E01") for d in diags):
        try:
            source = read_source(Path(path))
        except PolicyError:
            return diags
        diags = sorted(diags + check_good_declarations(parse_good_declarations(source), path),
                       key=Diagnostic.sort_key)
    return diags


def exit_status(diags: list[Diagnostic], strict: bool) -> int:
    if any(d.code in UNREADABLE for d in diags):
        return EXIT_BAD_INPUT
    if any(d.is_error for d in diags) or (strict and diags):
        return EXIT_PROBLEMS
    return EXIT_OK
