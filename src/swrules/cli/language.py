"""The command line in the officer's language: click's own text, usage errors and help.

Input: the command line's arguments and the environment. Output: the language every
message of this run is in, chosen before the arguments are parsed, so that `--help`
and usage errors (which click prints while parsing) agree with the rest: `--lang en`
(or `--lang=en`) anywhere before a `--`, else the environment variable `SWRULES_LANG`
(`zh` or `en`), else Chinese. Click marks each message it prints with gettext; this
module routes those through `base.cli_words.CLI_WORDS`, and gives the commands a help
formatter that translates their help and placeholders from the same table.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from swrules.base.cli_words import CLI_WORDS

from .helptext import HELP_HELP, LANG_HELP
from .helptext import LANGS as LANGS  # noqa: F401 (their old home: still imported from here)
from .helptext import choose_lang as choose_lang
from .helptext import display_width as _width
from .helptext import wrap_columns as _wrap

_current = ["zh"]


def set_lang(lang: str) -> None:
    _current[0] = lang


def current_lang() -> str:
    return _current[0]


def tr(text: str) -> str:
    """`text` in the language of this run (English text is the key)."""
    return CLI_WORDS.get(text, text) if _current[0] == "zh" else text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


# Click imports gettext's functions into each of its modules by name, so the hook
# goes where each module looks them up.
for _name in ("core", "exceptions", "types", "parser", "formatting", "decorators", "termui"):
    _module = importlib.import_module(f"click.{_name}")
    if hasattr(_module, "_"):
        _module._ = tr  # type: ignore[attr-defined]
    if hasattr(_module, "ngettext"):
        _module.ngettext = _ngettext  # type: ignore[attr-defined]


_PLACEHOLDER = re.compile(r"\[OPTIONS\]|\[ARGS\]\.\.\.|INTEGER RANGE|\b[A-Z][A-Z_]+\b")


def placeholders(text: str) -> str:
    """Usage placeholders (`[OPTIONS]`, `POLICY`, `FILE`) in the language of this run."""
    return _PLACEHOLDER.sub(lambda m: tr(m.group()), text)


def _paragraphs(text: str) -> str:
    """Help text translated a paragraph at a time (click rewraps each paragraph)."""
    return "\n\n".join(tr(" ".join(p.split())) for p in text.split("\n\n"))


class Formatter(click.HelpFormatter):
    """Click's help formatter, writing the commands' own help in the language of the run."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and current_lang() == "zh":
            prefix = tr("Usage:")
        super().write_usage(prog, placeholders(args), prefix)

    def write_heading(self, heading: str) -> None:
        if current_lang() != "zh":
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        super().write_text(_paragraphs(text))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        def second(text: str) -> str:
            # An option's help, then click's own "  [default: ...]" (translated already).
            head, sep, tail = text.partition("  [")
            return tr(head) + sep + tail

        rows = [(placeholders(a), second(b)) for a, b in rows]
        if current_lang() != "zh":
            super().write_dl(rows, col_max, col_spacing)
            return
        # Click measures text in characters; a Chinese character takes two columns.
        first = min(max((_width(a) for a, _ in rows), default=0), col_max) + col_spacing
        room = max(self.width - self.current_indent - first, 20)
        for a, b in rows:
            self.write(f"{'':>{self.current_indent}}{a}")
            lines = _wrap(b, room) or [""]
            if _width(a) <= first - col_spacing:
                self.write(" " * (first - _width(a)) + lines[0] + "\n")
            else:
                self.write("\n" + " " * (self.current_indent + first) + lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (self.current_indent + first) + line + "\n")


class Context(click.Context):
    formatter_class = Formatter


class _Speaks(click.Command):
    """What commands and groups share: short help and usage errors in the language of the run."""

    context_class = Context

    def get_short_help_str(self, limit: int = 45) -> str:
        if current_lang() == "zh" and self.help:
            first = " ".join(self.help.split("\n\n")[0].split())
            return tr(first)
        return super().get_short_help_str(limit)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise usage_error(exc) from None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # Click may keep the option it made for the first run: give it this run's words.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = tr(HELP_HELP)
        return option


class Command(_Speaks):
    """A command whose help and usage errors are in the language of the run."""


class Group(_Speaks, click.Group):
    """A group whose commands and subgroups speak the language of the run, and which
    suggests the nearest command for an unknown one."""

    command_class = Command
    group_class: type[click.Group] | type[type] = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `--lang` is read before parsing; a group accepts it too, so `swrules facts --help --lang en` works.
        if not any(p.name == "lang" for p in self.params):
            option_lang(expose_value=False)(self)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                                list[str]]:
        name = args[0]
        if not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            ctx.fail(no_such_command(name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)


def missing_usage(exc: click.MissingParameter) -> str:
    """"Missing argument 'FACTS...'" in the language of the run."""
    param = exc.param
    if param is None or current_lang() != "zh":
        return exc.format_message()
    what = "缺少参数" if param.param_type_name == "argument" else "缺少选项"
    name = placeholders(param.human_readable_name if param.param_type_name == "argument"
                        else "/".join(param.opts))
    return f"{what}：{name}"


def no_such_command(name: str, known: Iterable[str]) -> str:
    """An unknown command, with the nearest known ones."""
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return _suggest(tr("No such command {name!r}.").format(name=name), near)


def _suggest(message: str, near: Sequence[str] | None) -> str:
    if not near:
        return message
    words = f"'{near[0]}'"  # the closest only: difflib lists the best match first
    return message + ("" if current_lang() == "zh" else " ") + tr("Did you mean {possibility}?").format(
        possibility=words)


def usage_error(exc: click.UsageError) -> click.UsageError:
    """The usage error click raised, with its message in the language of the run."""
    if current_lang() != "zh":
        return exc
    if isinstance(exc, click.MissingParameter):
        return click.UsageError(missing_usage(exc), exc.ctx)
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        hint = placeholders(exc.param.get_error_hint(exc.ctx)) if exc.ctx is not None else exc.param.name
        return click.UsageError(tr("Invalid value for {param_hint}: {message}").format(
            param_hint=hint, message=exc.message), exc.ctx)
    if isinstance(exc, click.NoSuchOption):
        return click.UsageError(_suggest(exc.message, exc.possibilities), exc.ctx)
    return exc


_F = TypeVar("_F", bound=Callable[..., Any])


def option_lang(**attrs: Any) -> Callable[[_F], _F]:
    """The `--lang` option; its default is the language chosen for this run."""
    return click.option("--lang", type=click.Choice(LANGS), default=None,
                        callback=lambda _ctx, _param, value: value or current_lang(),
                        help=LANG_HELP, **attrs)
