"""The catalogue of broken policies: each file under `cases/` is a mistake a policy
officer makes (most are one small edit of the Guangzhou policy, named on its first
line). `swrules check` output is compared with two golden files beside it: the
Chinese text, whose caret line pins the underlined span, and the English JSON, which
pins line, column and end. Regenerate with `pytest --update-goldens`, review with
`git diff`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "tests" / "syntax" / "cases", ROOT / "tests" / "check" / "cases"]
ALL = sorted(str(p.relative_to(ROOT).with_suffix("")) for folder in CASES for p in folder.glob("*.swr"))


def test_the_catalogue_has_at_least_50_mistakes() -> None:
    assert len(ALL) >= 50


@pytest.mark.parametrize("name", ALL)
def test_check_output_matches_golden(name: str, golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rel = f"{name}.swr"
    text = run_cli("check", rel)
    golden(ROOT / f"{name}.zh.txt", text.output)
    as_json = run_cli("check", "--format", "json", "--lang", "en", rel)
    golden(ROOT / f"{name}.en.json", as_json.output)
    diags = json.loads(as_json.output)
    # Every case is a mistake: it is reported, and errors fail the check while warnings do not.
    assert diags, "a broken policy must produce a diagnostic"
    has_error = any(d["severity"] == "error" for d in diags)
    assert text.exit_code == (1 if has_error else 0)
    assert as_json.exit_code == text.exit_code
    # The case is named after the code it demonstrates.
    prefix = Path(name).name.split("-")[0].upper()
    assert any(d["code"].startswith(prefix) for d in diags), (prefix, [d["code"] for d in diags])
    for d in diags:
        if d["line"] is not None:
            assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"])
