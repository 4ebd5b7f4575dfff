"""What commands write and how they end, without click: the exit statuses, `echo`, a bad
input reported, a policy opened, and `-o` written whole or not at all.

Input: messages, `SwrulesError`s, policy paths, the `-o` argument. Output: text on standard
output and error, files replaced atomically, `SystemExit` with the command's status (0
done, 1 done with problems found where a command says so, 2 bad input or usage, 70 an
internal error, 130 interrupted). Importing it imports no click, so `swrules eval`'s quick
path (`cli.quick`) and the click commands (`cli.common` re-exports these) share one copy;
`echo` writes exactly what `click.echo` writes, and hands the rare stream it cannot vouch
for to click itself.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from swrules.base.atomic import replaced_on_success
from swrules.base.diagnostics import Diagnostic, SwrulesError, render_all
from swrules.base.textsafe import EscapingStream, escape_json_controls

if TYPE_CHECKING:  # the engine is imported when a policy is opened
    from swrules.engine.policy import Policy
    from swrules.engine.versions import PolicySet

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

# click's own pattern for the colour and style codes `click.echo` removes when the stream is no terminal.
_ANSI = r"\033\[[0-?]*[ -/]*[@-~]"


def echo(message: str, err: bool = False) -> None:
    """`click.echo(message, err=err)`: the message and a line end on standard output (or error),
    colour codes removed unless it is a terminal, flushed. Written here for a standard stream
    (a text file behind swrules' `EscapingStream` or not) whose encoding is not ASCII: the
    case click leaves as it is. Any other stream (a test runner's, one click would re-encode)
    goes to click, so the bytes are click's in every case (tests/cli/test_quick_eval.py)."""
    stream = sys.stderr if err else sys.stdout
    plain = stream.unescaped if isinstance(stream, EscapingStream) else stream
    if type(plain) is not io.TextIOWrapper or _ascii(plain.encoding):
        import click

        click.echo(message, err=err)
        return
    text = message + "\n"
    if "\033" in text and not _isatty(stream):
        text = re.sub(_ANSI, "", text)
    stream.write(text)
    stream.flush()


def write_json(out: IO[str], written: bytes | str) -> None:
    """Write JSON text to `out` (a stream `atomic_output` gave) as `out.write(text)` writes it, where
    `written` is the text or its UTF-8 bytes (`explanation.build.explained_json_utf8`).

    Bytes go straight to the binary buffer of a text file that would write them unchanged: UTF-8,
    and line ends not translated (`os.linesep` is "\\n", so a stream opened with `newline=None`,
    as Python opens standard output, writes "\\n" as it is, as do those opened with "\\n", as
    `atomic_output` opens files; a text file does not say how it was opened, so one opened with
    `newline="\\r\\n"` where `os.linesep` is "\\n" is taken for one of these: swrules opens none).
    Through swrules' `EscapingStream` (standard output) they are escaped as it escapes text
    (`escape_json_controls`); a file written with `-o` is not escaped, as before. Any other stream
    (another encoding, Windows' line ends, not a text file) and a `str` get the text, as before."""
    escaping = isinstance(out, EscapingStream)
    plain = out.unescaped if escaping else out  # type: ignore[attr-defined]
    if isinstance(written, str) or not (isinstance(plain, io.TextIOWrapper) and os.linesep == "\n"
                                        and _utf8(plain.encoding)):
        out.write(written if isinstance(written, str) else written.decode())
        return
    plain.flush()  # what was written as text before goes first
    plain.buffer.write(escape_json_controls(written) if escaping else written)


def _utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def _ascii(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "ascii"
    except LookupError:
        return False


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def fail(exc: SwrulesError, lang: str) -> NoReturn:
    """Report bad input on standard error and exit 2."""
    echo(exc.render(lang), err=True)
    raise SystemExit(EXIT_BAD_INPUT)


def open_policy(path: str, lang: str) -> Policy:
    """Load a policy for a command; refuse one with errors (exit 2), print its warnings."""
    from swrules.engine.policy import load_policy

    try:
        policy = load_policy(path)
    except SwrulesError as exc:
        fail(exc, lang)
    if policy.warnings:
        echo(render_all(policy.warnings, lang), err=True)
    return policy


def open_policy_set(path: str, lang: str) -> PolicySet:
    """Load a policy (or a folder of versions); refuse one with errors (exit 2), print its warnings."""
    from swrules.engine.versions import PolicySet

    try:
        policies = PolicySet.load(path)
    except SwrulesError as exc:
        fail(exc, lang)
    if policies.warnings:
        echo(render_all(policies.warnings, lang), err=True)
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
    names += [name for p in chosen for name in p.files]
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
