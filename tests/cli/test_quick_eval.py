"""`swrules eval` answered without click (`cli.quick`) writes exactly what click's path writes.

Every command line the quick path accepts, and the error cases it meets after accepting one
(a missing or bad file, a policy with errors, an `-o` that cannot be written, a station
name holding terminal escapes), is run twice as a user runs it, in its own process: once as
it is, once with the quick path turned off, so that click parses it. Standard output and
error (bytes), the exit status and every file written must be the same, and the first run
must not have imported click. Anything the quick path does not fully understand (another
format or option, an option given twice, `--`, a bad value, shell completion) must be left to
click. `echo` is compared with `click.echo` directly, on a file and on a terminal.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from conftest import ROOT

from swrules.base.textsafe import EscapingStream
from swrules.cli import quick
from swrules.cli.output import echo

G = "policies/guangzhou/station-evaluation.swr"
S1 = "examples/stations/01-excellent.toml"
S7 = "examples/stations/07-veto-certified-shortfall-midterm.json"
S22 = "examples/stations/22-missing-compliance.toml"
S28 = "examples/stations/28-findings.toml"
VERSIONS = "policies/examples/guangzhou-versions"
DATED = "policies/examples/dated-change/station-evaluation.swr"
DATED_FACTS = "policies/examples/dated-change/tests/facts/station.toml"
OVERLAY = "policies/examples/district-overlay/station-evaluation.swr"
OVERLAY_FACTS = "policies/examples/district-overlay/tests/facts/clean-station.toml"
BOOK = "examples/区评估-示例.xlsx"

# A child process: `swrules` as installed runs it, noting at exit whether click was imported;
# with SWRULES_TEST_CLICK set the quick path is off and click parses the command line.
CHILD = """
import atexit, importlib, os, sys
atexit.register(lambda: open(os.environ["SWRULES_TEST_NOTE"], "w").write(str("click" in sys.modules)))
entry = importlib.import_module("swrules.cli.main")
if os.environ.get("SWRULES_TEST_CLICK"):
    entry.eval_call = lambda args, environ=None: None
entry.main()
"""


def _run(args: list[str], tmp: Path, env: dict[str, str], click_path: bool,
         setup: Callable[[], None] | None) -> tuple[bytes, bytes, int, dict[str, tuple[bytes, int]], bool]:
    out_dir = tmp / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    if setup is not None:
        setup()
    note = tmp / "note"
    child_env = {k: v for k, v in os.environ.items() if k not in ("SWRULES_LANG", "SWRULES_TEST_CLICK")}
    child_env.update(env, SWRULES_TEST_NOTE=str(note), COLUMNS="80")
    if click_path:
        child_env["SWRULES_TEST_CLICK"] = "1"
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, cwd=ROOT, env=child_env,
                          check=False, stdin=subprocess.DEVNULL)
    files = {p.name: (p.read_bytes(), p.stat().st_mode) for p in sorted(out_dir.iterdir())}
    return done.stdout, done.stderr, done.returncode, files, note.read_text() == "True"


def _same(args: list[str], tmp: Path, env: dict[str, str] | None = None,
          setup: Callable[[], None] | None = None) -> tuple[bytes, bytes, int]:
    quick_run = _run(args, tmp, env or {}, False, setup)
    click_run = _run(args, tmp, env or {}, True, setup)
    assert not quick_run[4], "the quick path imported click"
    assert click_run[4]
    assert quick_run[:4] == click_run[:4]
    return quick_run[:3]


ACCEPTED = [
    ["eval", G, S1],
    ["eval", G, S1, "--format", "json"],
    ["eval", G, S28, "--format=text", "--lang", "en"],
    ["eval", "--format", "json", "--lang=en", G, S7],
    ["--lang", "en", "eval", G, S22],
    ["--lang=zh", "eval", G, S22, "--format=json"],
    ["eval", G, S1, "-o", "-"],
    ["eval", VERSIONS, S1],
    ["eval", VERSIONS, S1, "--lang", "en", "--policy-version", "2018.1"],
    ["eval", VERSIONS, S1, "--policy-version=2025.1", "--format", "json"],
    ["eval", VERSIONS, S1, "--policy-version", "1999.9"],
    ["eval", DATED, DATED_FACTS],
    ["eval", DATED, DATED_FACTS, "--format", "json", "--lang", "en"],
    ["eval", OVERLAY, OVERLAY_FACTS],
    ["eval", G, S1, "examples/stations/02-good.toml"],
    ["eval", G, S1, "examples/stations/02-good.toml", "--format", "json", "--lang", "en"],
    ["eval", G, "examples/stations"],
    ["eval", G, BOOK],
    ["eval", G, f"{BOOK}#3", "--lang", "en"],
    ["eval", G, "examples/no-such-station.toml"],
    ["eval", "policies/no-such-policy.swr", S1, "--lang", "en"],
    ["eval", G, "policies"],
    ["eval", G, ""],
]


@pytest.mark.parametrize("args", ACCEPTED, ids=lambda a: " ".join(a)[:60])
def test_the_quick_path_writes_what_click_writes(args: list[str], tmp_path: Path) -> None:
    assert quick.eval_call(args, {}) is not None
    _same(args, tmp_path)


def test_the_language_from_the_environment(tmp_path: Path) -> None:
    assert b"Total" in _same(["eval", G, S1], tmp_path, {"SWRULES_LANG": "en"})[0]


@pytest.mark.parametrize("form", [["-o"], ["--output"], ["--output="]])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_to_a_file_whole_with_its_mode_kept(form: list[str], fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "结果.txt"

    def existing() -> None:
        target.write_text("old", encoding="utf-8")
        target.chmod(0o600)

    option = [form[0] + str(target)] if form[0].endswith("=") else [form[0], str(target)]
    assert _same(["eval", G, S1, "--format", fmt, *option], tmp_path)[2] == 0
    assert _same(["eval", G, S1, "--format", fmt, *option], tmp_path, setup=existing)[2] == 0


def test_output_that_cannot_be_written_is_refused_alike(tmp_path: Path) -> None:
    facts = tmp_path / "out" / "station.toml"
    assert _same(["eval", G, str(facts), "-o", str(facts)], tmp_path,
                 setup=lambda: shutil.copy(ROOT / S1, facts))[2] == 2  # an input is never overwritten
    assert _same(["eval", G, S1, "-o", str(tmp_path / "out")], tmp_path)[2] == 2  # a folder
    assert _same(["eval", G, S1, "-o", str(tmp_path / "missing" / "x.txt"), "--lang", "en"], tmp_path)[2] == 2


def test_bad_facts_and_a_policy_with_errors_are_reported_alike(tmp_path: Path) -> None:
    good = (ROOT / S1).read_text(encoding="utf-8")
    bad_toml = tmp_path / "out" / "bad.toml"
    bad_value = tmp_path / "out" / "value.toml"
    broken = tmp_path / "out" / "broken.swr"

    def write() -> None:
        bad_toml.write_text(good + "\n[[[\n", encoding="utf-8")
        bad_value.write_text(good.replace("operations = ", "operations = 1000"), encoding="utf-8")
        broken.write_text((ROOT / G).read_text(encoding="utf-8").replace("staffing_shortfall >=",
                                                                          "staffing_shortfal >="), encoding="utf-8")

    for args in (["eval", G, str(bad_toml)], ["eval", G, str(bad_value), "--lang", "en"],
                 ["eval", str(broken), S1], ["eval", str(broken), S1, "--format", "json"]):
        assert _same(args, tmp_path, setup=write)[2] == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_terminal_escapes_in_a_station_name_are_shown_alike(fmt: str, tmp_path: Path) -> None:
    facts = tmp_path / "out" / "escapes.toml"
    text = (ROOT / S1).read_text(encoding="utf-8")
    name = text.split('name = "', 1)[1].split('"', 1)[0]

    def write() -> None:
        facts.write_text(text.replace(name, "\\u001b[31m红\\u001b[0m站\\u0007\\u202e"), encoding="utf-8")
        bad = tmp_path / "out" / "bad-escapes.toml"
        bad.write_text(text.replace("operations = ", 'operations = "\\u001b[2J" #'), encoding="utf-8")

    out, _, code = _same(["eval", G, str(facts), "--format", fmt], tmp_path, setup=write)
    assert code == 0 and b"\x1b" not in out and b"\\u001b" in out
    _, err, code = _same(["eval", G, str(tmp_path / "out" / "bad-escapes.toml")], tmp_path, setup=write)
    assert code == 2 and b"\x1b" not in err


def test_a_closed_pipe_ends_alike(tmp_path: Path) -> None:
    def closed(click_path: bool) -> tuple[bytes, int]:
        read, write = os.pipe()
        os.close(read)
        env = {k: v for k, v in os.environ.items() if k != "SWRULES_TEST_CLICK"}
        env["SWRULES_TEST_NOTE"] = str(tmp_path / "note")
        if click_path:
            env["SWRULES_TEST_CLICK"] = "1"
        try:
            done = subprocess.run([sys.executable, "-c", CHILD, "eval", G, S1], stdout=write,
                                  stderr=subprocess.PIPE, cwd=ROOT, env=env, check=False)
        finally:
            os.close(write)
        return done.stderr, done.returncode

    assert closed(False) == closed(True)
    assert closed(False)[1] == 1


@pytest.mark.parametrize("error", [KeyboardInterrupt, EOFError, RuntimeError])
def test_ctrl_c_end_of_input_and_a_bug_end_alike(error: type[BaseException], monkeypatch: pytest.MonkeyPatch,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    from swrules.cli import eval_click, evaluate

    entry = importlib.import_module("swrules.cli.main")

    def fails(*args: object, **kwargs: object) -> None:
        raise error("boom")

    monkeypatch.setattr(evaluate, "run_eval", fails)
    monkeypatch.setattr(eval_click, "run_eval", fails)
    args = ["eval", G, S1, "--lang", "en"]
    seen = []
    for quick_path in (True, False):
        if not quick_path:
            monkeypatch.setattr(entry, "eval_call", lambda args, environ=None: None)
        with pytest.raises(SystemExit) as stop:
            entry.main(args)
        seen.append((stop.value.code, capfd.readouterr()))
    assert seen[0] == seen[1]
    assert seen[0][0] == {KeyboardInterrupt: 130, EOFError: 1, RuntimeError: 70}[error]


@pytest.mark.parametrize("args", [
    ["eval", G],  # FACTS missing: click's usage error
    ["check", G],
    ["eval", G, S1, "--format", "csv"],
    ["eval", G, S1, "--format", "xml"],
    ["eval", G, S1, "--format"],
    ["eval", G, S1, "--format="],
    ["eval", G, S1, "--lang", "fr"],
    ["eval", G, S1, "--lang", "en", "--lang", "zh"],
    ["--lang", "en", "eval", G, S1, "--lang", "en"],
    ["eval", G, S1, "-h"],
    ["eval", G, S1, "--help"],
    ["--version"],
    ["-o", "x", "eval", G, S1],
    ["eval", G, S1, "--bom"],
    ["eval", G, S1, "-j", "2"],
    ["eval", G, S1, "--jobs=1"],
    ["eval", G, S1, "-ofile.txt"],
    ["eval", G, S1, "-o=file.txt"],
    ["eval", G, S1, "-o", "--lang"],
    ["eval", G, S1, "--policy-version", "-1"],
    ["eval", G, S1, "--formats", "json"],
    ["eval", "--", G, S1],
    ["eval", G, "-"],
    ["eval", G, "-x"],
    ["eval", G, "a\0b"],
    ["evaluate", G, S1],
    [],
])
def test_what_the_quick_path_does_not_fully_understand_is_left_to_click(args: list[str]) -> None:
    assert quick.eval_call(args, {}) is None


def test_shell_completion_is_left_to_click() -> None:
    assert quick.eval_call(["eval", G, S1], {"_SWRULES_COMPLETE": "bash_complete"}) is None


def test_what_the_quick_path_passes_on() -> None:
    assert quick.eval_call(["--lang=en", "eval", "--format=json", G, S1, "-o", "x", "--policy-version", "v"], {}) == {
        "policy": G, "facts": (S1,), "fmt": "json", "bom": True, "output": "x", "jobs": 1, "version": "v",
        "lang": "en"}
    assert quick.eval_call(["eval", G, S1, S7], {"SWRULES_LANG": "en"}) == {
        "policy": G, "facts": (S1, S7), "fmt": "text", "bom": True, "output": None, "jobs": 1, "version": None,
        "lang": "en"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_path_is_left_to_click(tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text("", encoding="utf-8")
    facts.chmod(0)
    assert quick.eval_call(["eval", G, str(facts)], {}) is None


MESSAGES = ["", "plain", "红\x1b[31m站\x1b[0m", "\x1b[2J\x1b[?25l", "a\x07b\u202ec", "\x1b]0;title\x07", "行\n行\t"]


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("escaped", [False, True])
@pytest.mark.parametrize("err", [False, True])
def test_echo_writes_what_click_echo_writes(terminal: bool, escaped: bool, err: bool,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def written(write: Callable[[str], None]) -> bytes:
        if terminal:
            main_fd, other = os.openpty()
            raw = io.TextIOWrapper(io.FileIO(other, "w"), encoding="utf-8")
        else:
            buffer = io.BytesIO()
            raw = io.TextIOWrapper(buffer, encoding="utf-8")
        stream = EscapingStream(raw) if escaped else raw
        monkeypatch.setattr(sys, "stderr" if err else "stdout", stream)
        for message in MESSAGES:
            write(message)
        if not terminal:
            return buffer.getvalue()
        raw.flush()
        got = b""
        while chunk := _read(main_fd):
            got += chunk
        raw.close()
        os.close(main_fd)
        return got

    assert written(lambda m: echo(m, err=err)) == written(lambda m: click.echo(m, err=err))


def _read(fd: int) -> bytes:
    import select

    return os.read(fd, 65536) if select.select([fd], [], [], 0.2)[0] else b""


def test_echo_leaves_a_stream_it_cannot_vouch_for_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="ascii"))
    echo("站点")  # click re-encodes an ASCII stream as UTF-8, with replacement
    sys.stdout.flush()
    assert buffer.getvalue() == "站点\n".encode()


def test_the_collector_is_on_again_after_a_quick_run_and_during_a_batch(monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from swrules.cli import evaluate

    entry = importlib.import_module("swrules.cli.main")

    during = []
    rows = evaluate.evaluate_rows

    def noting(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return rows(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate, "evaluate_rows", noting)
    for args in (["eval", G, S1], ["eval", G, S1, "examples/stations/02-good.toml", "--format", "json"]):
        with pytest.raises(SystemExit):
            entry.main(args)
        assert gc.isenabled()
    assert during == [True]
    capsys.readouterr()


def test_the_quick_path_follows_the_eval_command_s_declarations() -> None:
    """An option the quick path reads is one of `eval`'s, under the same names; what it does
    not read, it passes as click's defaults; its formats and languages are click's choices."""
    from swrules.cli.common import cli

    command = cli.get_command(click.Context(cli), "eval")
    assert command is not None
    options = {p.name: p for p in command.params if isinstance(p, click.Option)}
    for name, dest in quick.OPTIONS.items():
        assert name in options[dest].opts
    assert {n for n in quick.OPTIONS if n.startswith("--")} == set(quick.LONG)
    call = quick.eval_call(["eval", G, S1], {})
    assert call is not None
    for dest in set(options) - set(quick.OPTIONS.values()) - {"lang"}:
        assert call[dest] == options[dest].default, dest
    assert options["version"].default is None and call["version"] is None and call["output"] is None
    assert set(quick.FORMATS) <= set(options["fmt"].type.choices)  # type: ignore[attr-defined]
    assert options["fmt"].default == call["fmt"] == "text"
    assert tuple(options["lang"].type.choices) == quick.LANGS  # type: ignore[attr-defined]
    assert [p.name for p in command.params if isinstance(p, click.Argument)] == ["policy", "facts"]
