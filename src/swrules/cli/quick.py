"""`swrules eval` without click, for the command line people type most: one policy, fact
files, and at most `--format text|json`, `--lang zh|en`, `-o FILE`, `--policy-version V`.

Input: the command line's arguments and the environment. Output: for a command line this
module fully understands, the values click would have given `cli.evaluate.run_eval`
(`eval_call`), and that function run as click's group and `main` run it (`run_quick`):
standard streams escaped, Ctrl-C and a closed pipe handled the same way. For anything
else (another command, another option, an option given twice, `--`, `-h`, a value that
is not plainly valid, a path click would refuse as unreadable, shell completion) None,
and click parses the command line as usual, with its own messages. Click and the
language hooks take about a fifth of a one-station eval's time; this path imports
neither. tests/cli/test_quick_eval.py runs both paths over every form this accepts and
over the error cases, and compares standard output and error, exit status and the
files written, byte for byte.
"""

from __future__ import annotations

import atexit
import errno
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from .helptext import LANGS, choose_lang

FORMATS = ("text", "json")  # the rest (csv, jsonl, xlsx) are batches: click parses them
# Each option this path reads, by every name click knows it by, and its parameter.
OPTIONS = {"--format": "fmt", "--lang": "lang", "-o": "output", "--output": "output", "--policy-version": "version"}
LONG = ("--format", "--lang", "--output", "--policy-version")  # those that may be written `--name=value`


def eval_call(args: Sequence[str], environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """`run_eval`'s arguments for `[--lang L] eval POLICY FACTS... [options]`, exactly as click
    would pass them; None for any command line this does not fully understand."""
    env = os.environ if environ is None else environ
    if env.get("_SWRULES_COMPLETE") or any("\0" in a for a in args):
        return None  # shell completion, or a path no file can have: click's own answer
    values: dict[str, str] = {}
    rest = list(args)
    while rest and rest[0] != "eval":  # before the command, the group's `--lang` only
        if not _option(rest, values) or values.keys() != {"lang"}:
            return None
    if not rest:
        return None
    rest.pop(0)
    positional: list[str] = []
    while rest:
        if rest[0].startswith("-"):
            if not _option(rest, values):
                return None
        else:
            positional.append(rest.pop(0))
    if len(positional) < 2 or values.get("fmt", "text") not in FORMATS or values.get("lang", "zh") not in LANGS:
        return None
    if not all(map(_readable, positional)):
        return None  # click.Path(): "Path '…' is not readable"
    return {"policy": positional[0], "facts": tuple(positional[1:]), "fmt": values.get("fmt", "text"),
            "bom": True, "output": values.get("output"), "jobs": 1, "version": values.get("version"),
            "lang": choose_lang(args, env)}


def _option(rest: list[str], values: dict[str, str]) -> bool:
    """Take one option and its value off `rest` into `values`; False if it is not one of
    `OPTIONS`, is given a second time, or its value is missing or begins with `-` (but `-o -`)."""
    arg = rest.pop(0)
    name, eq, value = arg.partition("=")
    if eq and name not in LONG:
        return False
    if not eq:
        if not rest:
            return False
        name, value = arg, rest.pop(0)
    key = OPTIONS.get(name)
    if key is None or key in values or (value.startswith("-") and not (key == "output" and value == "-")):
        return False
    values[key] = value
    return True


def _readable(path: str) -> bool:
    """What `click.Path()` checks: a path that exists must be readable."""
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def run_quick(call: dict[str, Any], args: Sequence[str]) -> int:
    """Run `eval` with `call`'s arguments as click's group runs it (standard output and error
    escaped first) and as click's `main` ends it: Ctrl-C a blank line and the word for
    "interrupted" (130), end of input "aborted" (1), a closed pipe exit 1 in silence.

    The cyclic garbage collector is off while swrules starts: what the imports and the
    policy's snapshot make lives as long as the process, so the twenty-odd collections it
    would run meanwhile find next to nothing. For one fact file (not a workbook) it stays off:
    the command evaluates one station and ends. For anything that may be a batch it is on
    again before the first station, so a batch of any size still runs in flat memory. At
    exit, every object is frozen (`gc.freeze`) before Python's two full collections at
    shutdown, which then have nothing to go through: a process ending frees its memory
    anyway, and no output waits on them (files are closed and flushed before). Together
    these were a tenth of the command's instructions."""
    collecting = gc.isenabled()
    gc.disable()
    atexit.unregister(gc.freeze)  # once, however often `main` runs in one process
    atexit.register(gc.freeze)
    try:
        from swrules.base.textsafe import EscapingStream
        from swrules.facts.xlsx import is_workbook

        from .evaluate import run_eval

        facts = call["facts"]
        if collecting and not (len(facts) == 1 and os.path.isfile(facts[0]) and not is_workbook(facts[0])):
            _collect_again()
        for name in ("stdout", "stderr"):  # as the group's callback does, before the command runs
            stream = getattr(sys, name)
            if not isinstance(stream, EscapingStream):
                setattr(sys, name, EscapingStream(stream))
        run_eval(**call)
    except (EOFError, KeyboardInterrupt) as exc:
        import click

        click.echo(file=sys.stderr)  # the blank line click writes after ^C
        if isinstance(exc, KeyboardInterrupt):
            interrupted(args)
        aborted(args)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        from click.utils import _PacifyFlushWrapper

        sys.stdout = _PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = _PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        return 1
    finally:
        if collecting and not gc.isenabled():
            _collect_again()
    return 0


def _collect_again() -> None:
    """The collector on again, with what was made while it was off counted as old: `gc.freeze`
    takes every object out of the young generations (the first collection would otherwise go
    through all of them), `gc.unfreeze` puts them back among the oldest."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def interrupted(args: Sequence[str]) -> NoReturn:
    """Ctrl-C: one word in the user's language, exit 130 (128 + SIGINT, as shells report it)."""
    from swrules.base.words import w

    from .output import EXIT_INTERRUPTED, echo

    echo(w("interrupted", choose_lang(args)), err=True)
    raise SystemExit(EXIT_INTERRUPTED)


def aborted(args: Sequence[str]) -> NoReturn:
    """Input ended where an answer was awaited: "aborted", exit 1 (as click's Abort)."""
    from swrules.base.words import w

    from .output import EXIT_PROBLEMS, echo

    echo(w("aborted", choose_lang(args)), err=True)
    raise SystemExit(EXIT_PROBLEMS)
