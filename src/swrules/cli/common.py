"""What every command shares: the command group, options, exit statuses, and how a
bad input is reported.

Input: nothing. Output: the click group `cli` that command modules attach to, and
helpers that load a policy or report `SwrulesError`s on standard error. Exit
statuses: 0 done, 1 done with problems found (where a command says so), 2 bad input
or usage, 70 an internal error.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from swrules.base.diagnostics import SwrulesError, render_all
from swrules.base.version import __version__
from swrules.engine.policy import Policy, load_policy
from swrules.engine.versions import PolicySet

from .language import Group, choose_lang, option_lang, set_lang

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70

LANG = option_lang()


def fail(exc: SwrulesError, lang: str) -> NoReturn:
    """Report bad input on standard error and exit 2."""
    click.echo(exc.render(lang), err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def open_policy(path: str, lang: str) -> Policy:
    """Load a policy for a command; refuse one with errors (exit 2), print its warnings."""
    try:
        policy = load_policy(path)
    except SwrulesError as exc:
        fail(exc, lang)
    if policy.warnings:
        click.echo(render_all(policy.warnings, lang), err=True)
    return policy


POLICY_VERSION = click.option("--policy-version", "version", default=None, metavar="VERSION",
                              help="Use this version of the policy instead of the one in force for each station.")


def open_policy_set(path: str, lang: str) -> PolicySet:
    """Load a policy (or a folder of versions); refuse one with errors (exit 2), print its warnings."""
    try:
        policies = PolicySet.load(path)
    except SwrulesError as exc:
        fail(exc, lang)
    if policies.warnings:
        click.echo(render_all(policies.warnings, lang), err=True)
    return policies


@contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """Write to `path` through a temporary file renamed into place only on success,
    so a crash or a bad input never leaves a half-written file; `-` or None is stdout."""
    if path is None or path == "-":
        stream = sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        # mkstemp makes the file private (0600); give it the mode any new file would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Each command's name and the module that defines it: the module is imported only when
# the command is used (or listed by --help), so one command does not pay for the others.
COMMANDS = {
    "check": "swrules.cli.check",
    "diff": "swrules.cli.diff",
    "eval": "swrules.cli.evaluate",
    "explain": "swrules.cli.explain",
    "facts": "swrules.cli.facts",
    "fmt": "swrules.cli.fmt",
    "report": "swrules.cli.report",
    "test": "swrules.cli.testing",
}


class LazyGroup(Group):
    """A group that imports a command's module the first time the command is asked for;
    the module attaches the command to `cli` with the usual decorator. The language of
    the run is chosen before anything is parsed (see `cli.language`)."""

    group_class = Group

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        set_lang(choose_lang(sys.argv[1:] if args is None else args))
        return super().main(args, *rest, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group("swrules", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="swrules", help="Show the version and exit.")
def cli() -> None:
    """swrules: evaluate social work stations against a policy file, and explain every rule."""
