"""The command line: `swrules eval`, and the commands later issues add.

Input: arguments. Output: text or JSON on standard output, diagnostics on standard
error, and an exit status: 0 when the job was done, 1 when it was done but found
problems (where a command says so), 2 for bad input or usage. No Python traceback
reaches the user; an internal error says so and exits 70.
"""

from __future__ import annotations

import sys

from typing import Any

import click

from . import __version__
from .diagnostics import SwrulesError, render_all
from .engine import Policy, load_policy
from .render import render_result

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="Language of the output: zh (中文) or en.")


def fail(exc: SwrulesError, lang: str) -> None:
    click.echo(exc.render(lang), err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def open_policy(path: str, lang: str) -> Policy:
    try:
        policy = load_policy(path)
    except SwrulesError as exc:
        fail(exc, lang)
        raise  # unreachable
    if policy.warnings:
        click.echo(render_all(policy.warnings, lang), err=True)
    return policy


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="swrules")
def cli() -> None:
    """swrules: evaluate social work stations against a policy file, and explain every rule."""


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
            return
        outputs.append(result.to_json() if fmt == "json" else render_result(result, lang))
    click.echo("\n".join(outputs), nl=False)


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="swrules", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # a bug in swrules, not bad input: say so, without a traceback
        click.echo(f"swrules: internal error ({type(exc).__name__}: {exc}). Please report it with the command "
                   "and files that caused it.", err=True)
        raise SystemExit(EXIT_INTERNAL) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
