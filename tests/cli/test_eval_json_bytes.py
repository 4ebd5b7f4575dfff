"""`eval --format json` writes orjson's UTF-8 bytes to the binary stream (`cli.output.write_json`):
the same bytes as the text path it replaced, `explained_json(result)` written as text through
`EscapingStream` on standard output and as it is with `-o FILE`.

The reference is that text path itself (`_text_path`, put in `write_json`'s place). Both are
run on every bundled policy's fact files, on generated stations and on a station whose name
and texts hold C1 controls, DEL, escape sequences and bidirectional overrides; the latter also
as a user runs it, in its own process, to standard output and to `-o FILE`. `write_json` is
checked on the streams where it must keep the text path: another encoding, line ends
translated, no text file, a `str`.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import ROOT
from helpers import run_cli

import swrules
from swrules.base.textsafe import EscapingStream, escape_controls
from swrules.cli import evaluate, output
from swrules.engine.versions import PolicySet
from swrules.explanation.build import explained_json
from swrules.facts.xlsx import one_station

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402

G = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
# C1 controls (NEL, CSI), DEL, an escape sequence, overrides and isolates, beside text that is
# neither (a non-breaking space, "·", quotation marks and a dash, an astral character).
HOSTILE = "站\u202e名\x85\x9b[2J\x7f\x1b[31m\u2066\u2069\u202a\u00a0·“—”\U0001f600\x80\x9f"


def _text_path(out: IO[str], written: bytes | str) -> None:
    """What `eval --format json` did before: `explained_json(result)` written as text."""
    out.write(written.decode() if isinstance(written, bytes) else written)


def _fact_files() -> Iterator[tuple[Path, Path]]:
    """(policy, fact file) for every policy in the repository and each fact file beside it (the
    examples for Guangzhou's), as `helpers.bundled_results` finds them."""
    for policy in sorted(ROOT.glob("policies/**/*.swr")):
        files = [*policy.parent.glob("**/*.toml"), *policy.parent.glob("**/*.json")]
        if policy.parent.name == "guangzhou":
            files += [*ROOT.glob("examples/**/*.toml"), *ROOT.glob("examples/**/*.json")]
        for path in sorted(files):
            try:
                swrules.read_fact_file(path)
            except swrules.SwrulesError:
                continue  # a test case's expectations, not a fact file
            yield policy, path


def _hostile_station(folder: Path) -> Path:
    facts = json.loads((ROOT / "examples" / "stations" / "07-veto-certified-shortfall-midterm.json").read_text())
    facts["station"]["name"] = HOSTILE
    facts["station"]["operator"] = "\u202e" + HOSTILE
    facts["scores"]["service_quality"][0]["area"] = "\x85片区\u2067"
    path = folder / "hostile.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return path


def _both(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[tuple[bytes, int], tuple[bytes, int]]:
    """(standard output, exit status) of `swrules eval ARGS --format json`, now and by the text path."""
    calls = []
    escape = output.escape_json_controls
    monkeypatch.setattr(output, "escape_json_controls", lambda data: calls.append(1) or escape(data))
    now = run_cli("eval", *args, "--format", "json")
    if now.exit_code == 0:
        assert calls, "the bytes path was not taken"
    with monkeypatch.context() as m:
        m.setattr(evaluate, "write_json", _text_path)
        before = run_cli("eval", *args, "--format", "json")
    return (now.stdout_bytes, now.exit_code), (before.stdout_bytes, before.exit_code)


def test_every_bundled_fact_file_is_written_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    count = 0
    for policy, path in _fact_files():
        now, before = _both(monkeypatch, str(policy), str(path))
        assert now == before, (policy, path)
        count += now[1] == 0
    assert count > 30


def test_generated_and_hostile_stations_are_written_as_before(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    for path in [*stations.write_toml(tmp_path, 8), _hostile_station(tmp_path)]:
        now, before = _both(monkeypatch, str(G), str(path))
        assert now == before and now[1] == 0, path
    assert b"\\u202e" in now[0] and b"\\u0085" in now[0] and b"\\u009b[2J" in now[0] and b"\\u007f" in now[0]


def _expected(path: Path) -> str:
    """`explained_json` of the station as `eval` evaluates it."""
    policies = PolicySet.load(G)
    station = one_station(str(path), policies.policies[-1].checked)
    policy, _ = policies.select(station.data, file=station.name, lang="zh")
    return explained_json(policy.evaluate(station.data, explain=True, file=station.name, facts_hash=station.digest))


def test_a_hostile_station_run_as_a_user_runs_it(tmp_path: Path) -> None:
    path = _hostile_station(tmp_path)
    written = tmp_path / "out.json"
    expected = _expected(path)
    done = subprocess.run([sys.executable, "-c", "from swrules.cli.main import main; main()", "eval", str(G),
                           str(path), "--format", "json"], capture_output=True, cwd=ROOT, check=True)
    assert done.stdout == escape_controls(expected).encode()
    assert "\u202e".encode() not in done.stdout and b"\xc2\x85" not in done.stdout and b"\x7f" not in done.stdout
    subprocess.run([sys.executable, "-c", "from swrules.cli.main import main; main()", "eval", str(G), str(path),
                    "--format", "json", "-o", str(written)], capture_output=True, cwd=ROOT, check=True)
    assert written.read_bytes() == expected.encode()  # `-o` has never escaped: the file holds the data
    assert all(c.encode() in written.read_bytes() for c in "\u202e\x85\x9b\x7f\u2066\u2069\u202a")


class _Raw(io.BytesIO):
    def close(self) -> None:  # kept readable after the wrapper goes
        pass


def _write(written: bytes | str, escaped: bool, **opened: Any) -> bytes:
    raw = _Raw()
    stream = io.TextIOWrapper(raw, **opened)
    stream.write("前")  # text written before must come first
    output.write_json(EscapingStream(stream) if escaped else stream, written)  # type: ignore[arg-type]
    stream.flush()
    return raw.getvalue()


def _through_text(text: str, escaped: bool, **opened: Any) -> bytes:
    raw = _Raw()
    stream = io.TextIOWrapper(raw, **opened)
    stream.write("前")
    (EscapingStream(stream) if escaped else stream).write(text)
    stream.flush()
    return raw.getvalue()


# UTF-8 with line ends kept (as Python opens standard output on POSIX, `atomic_output` its files,
# a test runner its capture); then streams that must keep the text path.
BYTES_TAKEN = [{"encoding": "utf-8", "newline": "\n"}, {"encoding": "UTF8"}, {"encoding": "utf_8", "newline": ""}]
TEXT_KEPT = [{"encoding": "gb18030"}, {"encoding": "latin-1", "errors": "replace"}, {"encoding": "utf-8-sig"},
             {"encoding": "ascii", "errors": "backslashreplace"}]


@pytest.mark.parametrize("escaped", [False, True])
@pytest.mark.parametrize("opened", BYTES_TAKEN + TEXT_KEPT)
def test_write_json_writes_what_the_text_stream_writes(escaped: bool, opened: dict[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    escape = output.escape_json_controls
    monkeypatch.setattr(output, "escape_json_controls", lambda data: calls.append(1) or escape(data))
    text = json.dumps({"name": HOSTILE, "lines": ["\n", "a\tb"]}, ensure_ascii=False, indent=2) + "\n"
    expected = _through_text(text, escaped, **opened)
    assert _write(text.encode(), escaped, **opened) == expected
    assert bool(calls) == (escaped and opened in BYTES_TAKEN)
    assert _write(text, escaped, **opened) == expected
    if escaped and opened in BYTES_TAKEN:
        assert HOSTILE.encode() not in expected and escape_controls(HOSTILE).encode() in expected


def test_where_line_ends_are_translated_the_text_path_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows: Python's standard output writes "\r\n" for "\n"; `write_json` leaves it to the text stream.
    monkeypatch.setattr(os, "linesep", "\r\n")
    text = json.dumps({"name": HOSTILE}, ensure_ascii=False, indent=2) + "\n"
    for escaped in (False, True):
        expected = _through_text(text, escaped, encoding="utf-8", newline="\r\n")
        assert b"\r\n" in expected
        assert _write(text.encode(), escaped, encoding="utf-8", newline="\r\n") == expected


def test_write_json_on_a_stream_that_is_no_text_file() -> None:
    for escaped in (False, True):
        plain = io.StringIO()
        output.write_json(EscapingStream(plain) if escaped else plain, "\x85".encode())  # type: ignore[arg-type]
        assert plain.getvalue() == ("\\u0085" if escaped else "\x85")


def test_a_lone_surrogate_is_left_to_the_text_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pure writer's text (orjson refuses a lone surrogate) reaches the stream as a `str`, which
    # writes or refuses it as before: here a stream that escapes surrogates as bytes.
    raw = _Raw()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="\n")
    output.write_json(EscapingStream(stream), '"\udc85"\n')  # type: ignore[arg-type]
    stream.flush()
    assert raw.getvalue() == b'"\x85"\n'
