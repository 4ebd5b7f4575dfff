"""`swrules check POLICY...`: parse and check policies without evaluating anything.

Input: policy files, or folders of dated versions (whose effective ranges are checked
against each other too). Output: every diagnostic, in the rustc layout (Chinese by
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
from swrules.engine.versions import PolicySet
from swrules.syntax.compose import read_source
from swrules.syntax.lowering import parse_good_declarations

from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, LANG, cli

# Codes that mean the file itself could not be read, not that its text is wrong (E0912: a
# folder with no policy file in it).
UNREADABLE = ("E0001", "E0002", "E0912")


@cli.command("check")
@click.argument("policies", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for editors and CI.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@LANG
def check_cmd(policies: tuple[str, ...], fmt: str, strict: bool, lang: str) -> None:
    """Check POLICY files (or folders of dated versions) for mistakes, without evaluating any station."""
    found: list[Diagnostic] = []
    texts: list[str] = []
    for path in policies:
        diags = check_folder(path) if Path(path).is_dir() else check_path(path)
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


def check_folder(path: str) -> list[Diagnostic]:
    """Every diagnostic for a folder of dated versions: each file's, then, when every file
    is free of errors, the folder's own (versions in force at the same time, a version
    without an effective range, two versions of one name, a range that ends before it starts)."""
    files = sorted(f for f in Path(path).glob("*.swr") if f.is_file())
    if not files:
        return [Diagnostic("E0912", {"dir": path}, file=path)]
    diags = [d for f in files for d in check_path(str(f))]
    if not any(d.is_error for d in diags):
        try:
            PolicySet.load(path)
        except PolicyError as exc:
            diags.extend(exc.diagnostics)
    return sorted(diags, key=Diagnostic.sort_key)


def exit_status(diags: list[Diagnostic], strict: bool) -> int:
    if any(d.code in UNREADABLE for d in diags):
        return EXIT_BAD_INPUT
    if any(d.is_error for d in diags) or (strict and diags):
        return EXIT_PROBLEMS
    return EXIT_OK
