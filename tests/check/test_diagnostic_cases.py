"""Meaning errors and warnings (E02xx-E07xx, Wxxxx) in the catalogue of broken
policies: each case under `cases/` gives exactly the diagnostics its `# expect:`
lines name, underlining the text they name, and `swrules check` prints them as its
golden files show."""

from __future__ import annotations

from pathlib import Path

import pytest
from diagnostic_cases import cases, check_case

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("name", cases(CASES))
def test_check_case(name: str, golden, monkeypatch: pytest.MonkeyPatch) -> None:
    check_case(CASES, name, golden, monkeypatch)
