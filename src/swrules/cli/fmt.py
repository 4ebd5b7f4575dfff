"""`swrules fmt FILE...`: print, check or rewrite policy files in the canonical layout.

Input: policy files or folders of them (`-` reads standard input). Output: the formatted text on
standard output (default; highlighted when that is a terminal); with `--check`, the files that would change (exit 1 if
any); with `--write`, each changed file replaced atomically. A file that does not
parse is never written: its diagnostics go to standard error and the exit status is 2.
Before anything is printed or written, the formatted text is parsed again and must
give the same policy and keep every comment, so formatting can never change a rule.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

import click

from swrules.base.diagnostics import SwrulesError
from swrules.base.source import Source
from swrules.syntax.compose import read_source
from swrules.tools.fmt import format_source, parse_with_comments
from swrules.tools.fmt_keywords import Style

from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, LANG, cli
from .language import tr


class FormatterBug(RuntimeError):
    """The formatted text would mean something else: a bug in `fmt`, never shown as a result."""


def formatted(source: Source, keywords: Style | None = None) -> str:
    """The canonical text of `source`, its keywords spelled in `keywords` (by default as
    most of them are written), verified to parse to the same policy and comments."""
    policy, comments = parse_with_comments(source)
    text = format_source(source, keywords)
    again, again_comments = parse_with_comments(Source.from_text(source.name, text))
    kept = sorted(c.text for c in again_comments)
    if again != policy or kept != sorted(c.text for c in comments):
        raise FormatterBug(f"formatting {source.name} would change its meaning or lose a comment")
    return text


def expand(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a folder stands for the .swr files under it, in a stable order."""
    out: list[str] = []
    for p in paths:
        if p != "-" and Path(p).is_dir():
            out.extend(str(f) for f in sorted(Path(p).rglob("*.swr")))
        else:
            out.append(p)
    return out


def replace_file(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, give it `path`'s permissions, and
    rename it into place: readers see the old file or the new one, never half of one."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@cli.command("fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--check", is_flag=True, help="Change nothing; list the files that are not formatted (exit 1 if any).")
@click.option("--write", "-w", is_flag=True, help="Rewrite files that are not formatted (atomically).")
@click.option("--keywords", type=click.Choice(["en", "zh"]), default=None,
              help="Spell keywords in English (en) or Chinese (zh); by default as most of each file's are.")
@LANG
def fmt_cmd(files: tuple[str, ...], check: bool, write: bool, keywords: str | None, lang: str) -> None:
    """Print FILES in the canonical layout; comments and Chinese text are kept as written.

    A folder stands for every .swr file under it.

    Exit status: 0 done (or, with --check, every file formatted); 1 with --check when a
    file would change; 2 when a file cannot be read or does not parse (it is left alone).
    """
    if check and write:
        raise click.UsageError(tr("--check and --write cannot be used together"))
    status = EXIT_OK
    for path in expand(files):
        try:
            source = Source.from_text("<stdin>", sys.stdin.read()) if path == "-" else read_source(Path(path))
            text = formatted(source, "zh" if keywords == "zh" else "en" if keywords == "en" else None)
        except SwrulesError as exc:
            click.echo(exc.render(lang), err=True)
            status = EXIT_BAD_INPUT
            continue
        changed = text != source.text
        if check:
            if changed:
                click.echo(("需要重新格式化：" if lang == "zh" else "would reformat: ") + path)
                status = max(status, EXIT_PROBLEMS)
        elif write and path != "-":
            if changed:
                replace_file(Path(path), text)
                click.echo(("已重新格式化：" if lang == "zh" else "reformatted: ") + path)
        else:
            if _colour():
                _print_coloured(text)
            else:
                click.echo(text, nl=False)
    raise SystemExit(status)


def _print_coloured(text: str) -> None:
    """The text with its control characters escaped first, then coloured, written past
    the escaping stream (which would escape the colours too)."""
    from swrules.base.textsafe import escape_controls
    from swrules.service.highlight import for_terminal  # Pygments, loaded only for a terminal

    out = getattr(sys.stdout, "unescaped", sys.stdout)
    out.write(for_terminal(escape_controls(text)))
    out.flush()


def _colour() -> bool:
    """Colours only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")

