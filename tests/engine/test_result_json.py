"""A result's JSON (`Result.to_json`, the part of `eval --format json` before the explanation)
keeps its bytes: the golden file was written by the code before the fast serialisation
(issue 17), and covers every kind of line and every optional key (a rule's origin, a
value in force from a date and a change within the period, a veto that forces a grade,
an indicator's finding, score details, outputs, warnings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

import swrules
from swrules.engine.versions import PolicySet
from swrules.tools.policy_tests import load_cases

GUANGZHOU_FILES = ["examples/luopu-midterm-2025.toml", "examples/stations/22-missing-compliance.toml",
                   "examples/stations/24-declared-disagrees.toml"]
CASES = [("chinese-scoring-types/chinese-scoring-types.swr", "five-stars.toml"),
         ("dated-change/station-evaluation.swr", "before-the-change.toml"),
         ("dated-change/station-evaluation.swr", "straddling-period.toml"),
         ("district-overlay/station-evaluation.swr", "boundary/final-band-60-at.toml"),
         ("grade-rewards/station-evaluation.swr", "boundary/all-band-60-at.toml")]


def _results() -> list[tuple[str, swrules.Result]]:
    out = []
    guangzhou = swrules.load_policy("policies/guangzhou/station-evaluation.swr")
    for name in GUANGZHOU_FILES:
        out.append((name, guangzhou.evaluate(swrules.read_fact_file(name)[0], file=name)))
    for policy_path, case_name in CASES:
        path = Path("policies/examples") / policy_path
        case = next(c for c in load_cases(path.parent / "tests", PolicySet.load(path)) if c.name == case_name)
        out.append((f"{policy_path} {case_name}", swrules.load_policy(path).evaluate(case.facts, file=case_name)))
    return out


def test_results_are_written_as_before(golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the paths in the documents are relative
    with swrules.evaluating():
        text = "".join(f"# {name}\n{result.to_json()}" for name, result in _results())
    for key in ('"origin": "', '"in_force_from"', '"changed_within_period"', '"forces"', '"record"', '"details": [\n',
                '"outputs"', '"warnings"'):
        assert key in text, key  # what the golden file is there to cover
    golden("eval/results.json.txt", text)
