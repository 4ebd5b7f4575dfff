"""The catalogue of broken policies, shared by tests/syntax and tests/check.

Each `cases/*.swr` is the smallest policy that shows one mistake a policy officer
makes, named `<code>-<what>.swr` after the diagnostic it is for (`e01-…` cases show
several syntax errors at once). Its first line says the mistake; the `# expect:`
lines under it list every diagnostic `swrules check` must give, each with its line
and the exact text it underlines (`…` after the text: the span runs on over more
lines; no line: a diagnostic about the whole file):

    # expect: E0105 line 25 `vetoo`

`check_case` asserts exactly those diagnostics, so a case shows its own problem and
nothing else, and compares the output with two golden files beside the case: the
Chinese text and the English JSON. Regenerate the goldens with
`pytest --update-goldens` and review them with `git diff`; the expectations are
written by hand, never regenerated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli

EXPECT = re.compile(r"^# expect: (?P<code>[EW]\d{4})(?: line (?P<line>\d+) `(?P<text>.*)`)?$")

Expected = tuple[str, int | None, str | None]


def cases(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.swr"))


def expectations(path: Path) -> list[Expected]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect"):
            m = EXPECT.match(line)
            assert m, f"{path.name}: cannot read {line!r}"
            found.append((m["code"], int(m["line"]) if m["line"] else None, m["text"]))
    return found


def underlined(lines: list[str], d: dict[str, object]) -> str | None:
    """The source text a diagnostic underlines, as an `# expect:` line writes it."""
    line, column, end_line, end_column = d["line"], d["column"], d["end_line"], d["end_column"]
    if line is None:
        return None
    assert isinstance(line, int) and isinstance(column, int) and isinstance(end_line, int)
    assert isinstance(end_column, int)
    assert (end_line, end_column) >= (line, column)
    text = lines[line - 1]
    if end_line == line:
        return text[column - 1:end_column - 1]
    return text[column - 1:].rstrip() + " …"


def check_case(folder: Path, name: str, golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / f"{name}.swr"
    expected = expectations(path)
    assert expected, f"{path.name} has no `# expect:` line"
    code = name.split("-")[0].upper()
    assert any(c.startswith(code) for c, _, _ in expected), f"{path.name} does not expect the code it is named for"

    monkeypatch.chdir(ROOT)  # the goldens show the path as a user types it
    rel = path.relative_to(ROOT).as_posix()
    text = run_cli("check", rel)
    as_json = run_cli("check", "--format", "json", "--lang", "en", rel)
    diags = json.loads(as_json.output)
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [(d["code"], d["line"], underlined(lines, d)) for d in diags]
    assert sorted(found, key=repr) == sorted(expected, key=repr)
    # errors fail the check, warnings alone do not
    has_error = any(d["severity"] == "error" for d in diags)
    assert text.exit_code == as_json.exit_code == (1 if has_error else 0)
    golden(folder / f"{name}.zh.txt", text.output)
    golden(folder / f"{name}.en.json", as_json.output)
