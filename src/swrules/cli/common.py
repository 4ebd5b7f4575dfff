"""What every command shares: the command group, options, exit statuses, and how a
bad input is reported.

Input: nothing. Output: the click group `cli` that command modules attach to, its shared
options, and (from `cli.output`, which needs no click) helpers that load a policy, report
`SwrulesError`s on standard error and write `-o` whole. Exit statuses: 0 done, 1 done with
problems found (where a command says so), 2 bad input or usage, 70 an internal error, 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from swrules.base.textsafe import EscapingStream
from swrules.base.version import __version__

from .helptext import COMMANDS, GROUP_HELP, HELP_OPTIONS, SHORT_HELP, VERSION_HELP, choose_lang
from .language import Command, Group, option_lang, set_lang
from .output import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    atomic_output,
    check_output,
    fail,
    open_policy,
    open_policy_set,
    policy_files,
    writable_output,
)

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PROBLEMS", "LANG",
           "POLICY_VERSION", "SHORT_HELP", "atomic_output", "check_output", "cli", "fail", "open_policy",
           "open_policy_set", "policy_files", "writable_output"]

LANG = option_lang()

POLICY_VERSION = click.option("--policy-version", "version", default=None, metavar="VERSION",
                              help="Use this version of the policy instead of the one in force for each station.")


_LISTING = "swrules.listing commands"


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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands in `--help`, from `SHORT_HELP` for those not imported yet."""
        ctx.meta[_LISTING] = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if ctx.meta.get(_LISTING) and cmd_name not in self.commands and cmd_name in SHORT_HELP:
            return Command(cmd_name, help=SHORT_HELP[cmd_name])  # what the list shows of it, nothing more
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)


# `swrules --help` itself is answered by `helptext` without click (cli.main); this group's
# help, made of the same words, is what it must match.
@click.group("swrules", cls=LazyGroup, help=GROUP_HELP, context_settings={"help_option_names": list(HELP_OPTIONS)})
@click.version_option(__version__, prog_name="swrules", help=VERSION_HELP)
def cli() -> None:
    # Text from fact files and policies reaches both streams: control characters are shown escaped.
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, EscapingStream):
            setattr(sys, name, EscapingStream(stream))
