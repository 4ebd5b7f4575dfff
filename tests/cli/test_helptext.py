"""`swrules --help` is answered without click (cli.helptext), and says exactly what click
would: the same bytes at every width click's formatter can choose (50 to 78 columns) and
in both languages, on the same stream with the same exit status."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys

import pytest

from swrules.cli import main
from swrules.cli.common import cli
from swrules.cli.helptext import help_text, quick_help


def click_says(args: list[str]) -> tuple[str, str, int]:
    """What the click group itself prints for `args` (stdout, stderr, exit status)."""
    import click

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(args=args, prog_name="swrules", standalone_mode=False)
        except click.exceptions.ClickException as exc:
            exc.show()
            code = exc.exit_code
    return out.getvalue(), err.getvalue(), code


def fast_says(args: list[str]) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        main(args)
    assert isinstance(done.value.code, int)
    return out.getvalue(), err.getvalue(), done.value.code


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", range(40, 101))
def test_the_quick_help_is_clicks_byte_for_byte_at_every_width(lang: str, columns: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.delenv("SWRULES_LANG", raising=False)
    assert quick_help(["--help", "--lang", lang]) is not None
    assert fast_says(["--help", "--lang", lang]) == click_says(["--help", "--lang", lang])


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"], ["--lang", "en"], ["--lang=en", "-h"], ["-h", "--lang", "zh"],
                                  ["--help", "--help"]])
@pytest.mark.parametrize("env_lang", [None, "en"])
def test_every_bare_help_request_prints_what_click_prints(args: list[str], env_lang: str | None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if env_lang is None:
        monkeypatch.delenv("SWRULES_LANG", raising=False)
    else:
        monkeypatch.setenv("SWRULES_LANG", env_lang)
    monkeypatch.setenv("COLUMNS", "80")
    assert fast_says(args) == click_says(args)


@pytest.mark.parametrize("args", [["--version"], ["--lang", "fr", "--help"], ["eval", "--help"], ["--help", "eval"],
                                  ["--lang"], ["--", "--help"], ["-hx"]])
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert quick_help(args) is None


def test_the_help_is_printed_without_importing_click() -> None:
    code = ("import sys\nfrom swrules.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit as e:\n"
            "    assert e.code == 0\nprint('click' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "COLUMNS": "80", "SWRULES_LANG": "en"})
    assert done.stderr.strip() == "False"
    assert done.stdout == help_text("en", 78) + "\n"
