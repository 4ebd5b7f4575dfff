"""What every command shares: the command group, options, exit statuses, and how a
bad input is reported.

Input: nothing. Output: the click group `cli` that command modules attach to, and
helpers that load a policy or report `SwrulesError`s on standard error. Exit
statuses: 0 done, 1 done with problems found (where a command says so), 2 bad input
or usage, 70 an internal error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from swrules.base.atomic import replaced_on_success
from swrules.base.diagnostics import Diagnostic, SwrulesError, render_all
from swrules.base.textsafe import EscapingStream
from swrules.base.version import __version__

from .helptext import COMMANDS, GROUP_HELP, HELP_OPTIONS, SHORT_HELP, VERSION_HELP, choose_lang
from .language import Command, Group, option_lang, set_lang

if TYPE_CHECKING:  # the engine is imported when a policy is opened: `swrules --help` does not need it
    from swrules.engine.policy import Policy
    from swrules.engine.versions import PolicySet

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

LANG = option_lang()


def fail(exc: SwrulesError, lang: str) -> NoReturn:
    """Report bad input on standard error and exit 2."""
    click.echo(exc.render(lang), err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def open_policy(path: str, lang: str) -> Policy:
    """Load a policy for a command; refuse one with errors (exit 2), print its warnings."""
    from swrules.engine.policy import load_policy

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
    from swrules.engine.versions import PolicySet

    try:
        policies = PolicySet.load(path)
    except SwrulesError as exc:
        fail(exc, lang)
    if policies.warnings:
        click.echo(render_all(policies.warnings, lang), err=True)
    return policies


def _output_problem(path: str, zh: str, en: str, help_zh: str, help_en: str) -> SwrulesError:
    return SwrulesError([Diagnostic("E0003", {"path": path, "reason_zh": zh, "reason_en": en,
                                              "help_zh": help_zh, "help_en": help_en})])


def check_output(path: str | None, inputs: Iterable[str] = ()) -> Path | None:
    """The file `-o` really names (links followed), or a `SwrulesError` saying why it cannot be written:
    a folder, a folder that does not exist, or one of the command's own inputs."""
    if path is None or path == "-":
        return None
    if "\0" in path:
        raise _output_problem(path.replace("\0", "\\0"), "路径中含有 NUL 字符", "the path holds a NUL character",
                              "换一个文件名。", "choose another file name.")
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise _output_problem(path, "这是一个目录", "it is a folder", "在目录后写上文件名，例如 out/结果.csv。",
                              "name a file in it, such as out/result.csv.")
    if not target.parent.is_dir():
        raise _output_problem(path, f"目录 `{target.parent}` 不存在", f"the folder `{target.parent}` does not exist",
                              "先创建该目录，或换一个已有的目录。",
                              "create the folder first, or choose one that exists.")
    if target.exists():
        # `os.path.isfile(name) and os.path.samefile(name, target)`, with one `stat` of each
        # input instead of three (a batch's inputs are thousands of files).
        with contextlib.suppress(OSError):  # gone since: no input is it
            here = os.stat(target)
            for name in inputs:
                with contextlib.suppress(OSError, ValueError):
                    if stat.S_ISREG((found := os.stat(name)).st_mode) and os.path.samestat(found, here):
                        raise _output_problem(path, f"它是本命令的输入文件 `{name}`",
                                              f"it is an input of this command, `{name}`",
                                              "输出写到另一个文件：输入文件不会被覆盖。",
                                              "write the output to another file: an input is never overwritten.")
    return target


def policy_files(policies: PolicySet | Policy) -> list[str]:
    """The policy files a command read: each version, and every file an overlay's declarations
    come from (the bases it `extends`, even where they declare only facts)."""
    chosen = policies.policies if hasattr(policies, "policies") else [policies]
    names = [p.checked.source_name for p in chosen]
    names += [r.origin for p in chosen for r in p.checked.rules if r.origin]
    names += [d.span.source.name for p in chosen for d in p.syntax_tree.declarations if d.span is not None]
    return list(dict.fromkeys(names))


def writable_output(path: str | None, lang: str, inputs: Iterable[str] = ()) -> Path | None:
    """`check_output`, a refusal reported in `lang` with exit 2; for output written whole
    (a workbook's bytes) as much as for a text stream."""
    try:
        return check_output(path, inputs)
    except SwrulesError as exc:
        fail(exc, lang)


@contextmanager
def atomic_output(path: str | None, lang: str = "zh", inputs: Iterable[str] = ()) -> Iterator[IO[str]]:
    """Write to `path` through a temporary file renamed into place only on success, so a crash or a
    bad input never leaves a half-written file; `-` or None is stdout. A link is followed (the file
    it points to is replaced, the link kept); a device or FIFO is written directly, never renamed
    over; an existing file keeps its mode. A path that cannot be written is refused with exit 2."""
    target = writable_output(path, lang, inputs)
    if target is None:
        stream = sys.stdout
        yield stream
        stream.flush()
        return
    try:
        existing = target.stat()
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with _opened(path or "", lang, lambda: open(target, "w", encoding="utf-8", newline="\n")) as handle:
            yield handle
        return
    fd, tmp = _opened_temp(target, path or "", lang)
    with replaced_on_success(fd, tmp, target, existing.st_mode if existing is not None else None) as handle:
        yield handle


def _cannot_write(path: str, exc: OSError, lang: str) -> NoReturn:
    fail(_output_problem(path, exc.strerror or str(exc), exc.strerror or str(exc),
                         "检查该目录的写权限和剩余空间。", "check the folder's permissions and free space."), lang)


def _opened_temp(target: Path, path: str, lang: str) -> tuple[int, str]:
    try:
        import tempfile

        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        _cannot_write(path, exc, lang)


@contextmanager
def _opened(path: str, lang: str, opener: Callable[[], IO[str]]) -> Iterator[IO[str]]:
    try:
        handle = opener()
    except OSError as exc:
        _cannot_write(path, exc, lang)
    with handle:
        yield handle


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
