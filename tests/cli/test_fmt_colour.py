"""`swrules fmt` highlights the policy it prints on a terminal, and only there."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
COMMAND = [sys.executable, "-c", "from swrules.cli import main; main()", "fmt", str(GUANGZHOU)]


def run_on_a_terminal(env: dict[str, str]) -> bytes:
    """The command's output on a real pseudo-terminal."""
    main, side = os.openpty()
    with subprocess.Popen(COMMAND, stdout=side, stderr=subprocess.DEVNULL, env=env) as proc:
        os.close(side)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait()
    os.close(main)
    return b"".join(chunks)


def test_a_terminal_gets_colours_and_the_same_text() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    shown = run_on_a_terminal(env).decode("utf-8")
    assert "\x1b[" in shown
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown).replace("\r\n", "\n")
    assert plain == GUANGZHOU.read_text(encoding="utf-8")


def test_no_colour_when_asked_or_when_piped() -> None:
    assert b"\x1b[" not in run_on_a_terminal({**os.environ, "NO_COLOR": "1"})
    piped = subprocess.run(COMMAND, capture_output=True, check=True).stdout
    assert piped.decode("utf-8") == GUANGZHOU.read_text(encoding="utf-8")
