"""The catalogue of invalid fact files: each is refused, never evaluated, with a message
that names the file, the key path, the value found and what was expected. The full
messages (Chinese and English) are golden files under tests/golden/facts/invalid/."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli

import swrules
from swrules.base.diagnostics import FactsError

INVALID = ROOT / "tests" / "facts" / "invalid"

# For each file: the (code, key path) of every error it must report. Key paths are
# None for syntax errors, which are located by line and column instead.
EXPECTED: dict[str, list[tuple[str, str | None]]] = {
    "01-toml-text-without-quotes": [("E0801", None)],
    "02-toml-full-width-equals": [("E0801", None)],
    "03-toml-key-twice": [("E0801", None)],
    "04-json-trailing-comma": [("E0801", None)],
    "05-json-key-twice": [("E0811", "name")],
    "06-json-top-level-list": [("E0809", None)],
    "07-unknown-section": [("E0802", "scroes")],
    "08-unknown-key-in-section": [("E0802", "compliance.staffing_shortfal")],
    "09-unknown-key-in-record": [("E0802", "scores.service_quality[0].scroe")],
    "10-score-over-item-maximum": [("E0804", "scores.service_monitoring")],
    "11-area-score-over-maximum": [("E0804", "scores.service_quality[2].score")],
    "12-negative-count": [("E0804", "compliance.staffing_shortfall")],
    "13-count-with-fraction": [("E0803", "compliance.certified_shortfall")],
    "14-number-in-quotes": [("E0803", "scores.service_outcomes")],
    "15-boolean-in-chinese": [("E0803", "compliance.serious_violation")],
    "16-boolean-as-zero": [("E0803", "compliance.rectification_failed")],
    "17-phase-misspelled": [("E0805", "station.phase")],
    "18-phase-in-chinese": [("E0805", "station.phase")],
    "19-percent-as-whole-number": [("E0806", "compliance.personnel_spending_ratio")],
    "20-percent-without-sign": [("E0803", "compliance.personnel_spending_ratio")],
    "21-percent-over-100": [("E0804", "staff.retention_rate")],
    "22-percent-in-words": [("E0803", "staff.retention_rate")],
    "23-date-does-not-exist": [("E0803", "station.period_end")],
    "24-date-with-time": [("E0803", "station.period_start")],
    "25-date-with-slashes": [("E0803", "station.period_end")],
    "26-period-end-before-start": [("E0808", "station.period_start, station.period_end")],
    "27-section-written-under-another-table": [("E0814", "station.scores")],
    "28-records-not-a-list": [("E0803", "scores.service_quality")],
    "29-records-empty": [("E0807", "scores.service_quality")],
    "30-name-is-a-number": [("E0803", "station.name")],
    "31-declared-total-over-100": [("E0804", "declared.total")],
    "32-negative-budget": [("E0804", "station.budget")],
    "33-records-written-under-another-table": [("E0814", "station.indicators")],
    "34-score-is-nan": [("E0803", "scores.service_monitoring")],
    "35-percent-as-text-fraction": [("E0803", "compliance.personnel_spending_ratio")],
    "36-many-errors-at-once": [
        ("E0802", "station.budgte"),
        ("E0803", "scores.purchaser"),
        ("E0803", "compliance.staffing_shortfall"),
        ("E0804", "scores.service_monitoring"),
        ("E0804", "scores.service_quality[0].score"),
        ("E0805", "station.phase"),
        ("E0806", "compliance.personnel_spending_ratio"),
        ("E0808", "station.period_start, station.period_end"),
    ],
    "37-require-and-type-error-together": [
        ("E0803", "scores.operations"),
        ("E0808", "station.period_start, station.period_end"),
    ],
    "38-indicator-field-misspelled": [("E0802", "indicators[0].traget")],
    "39-not-utf8": [("E0002", None)],
    "40-section-not-a-table": [("E0803", "scores")],
    "41-unknown-top-level-key": [("E0802", "comments")],
}

FILES = sorted(p for p in INVALID.iterdir() if p.suffix in (".toml", ".json"))


def test_the_catalogue_is_complete() -> None:
    assert len(FILES) >= 30
    assert sorted(p.stem for p in FILES) == sorted(EXPECTED)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_invalid_file_is_refused_with_every_problem_named(guangzhou: swrules.Policy, golden, in_root: None,
                                                          path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    with pytest.raises(FactsError) as caught:
        guangzhou.evaluate_file(relative)
    problems = caught.value.diagnostics
    assert sorted((d.code, d.key_path) for d in problems) == sorted(EXPECTED[path.stem])
    for d in problems:
        assert d.filename == relative  # every message names the file
    golden(f"facts/invalid/{path.stem}.txt",
           caught.value.render("zh") + "\n\n---- en ----\n\n" + caught.value.render("en") + "\n")


def test_a_broken_requirement_names_the_keys_and_their_values(guangzhou: swrules.Policy) -> None:
    with pytest.raises(FactsError) as caught:
        guangzhou.evaluate_file(INVALID / "26-period-end-before-start.toml")
    [problem] = caught.value.diagnostics
    text = problem.render("en")
    assert "station.period_start = 2025-01-31" in text and "station.period_end = 2024-08-06" in text


def test_phase_typo_suggests_the_declared_phase(guangzhou: swrules.Policy) -> None:
    with pytest.raises(FactsError) as caught:
        guangzhou.evaluate_file(INVALID / "17-phase-misspelled.toml")
    assert 'is mid, not one of midterm, final' in caught.value.render("en")
    assert 'did you mean midterm?' in caught.value.render("en")


def test_whole_number_percent_suggests_the_percent_form(guangzhou: swrules.Policy) -> None:
    with pytest.raises(FactsError) as caught:
        guangzhou.evaluate_file(INVALID / "19-percent-as-whole-number.toml")
    assert '"85%"' in caught.value.render("en") and "0.85" in caught.value.render("en")


def test_check_command_reports_each_invalid_file_and_exits_1(in_root: None) -> None:
    result = run_cli("facts", "check", str(GUANGZHOU), "tests/facts/invalid", "--lang", "en")
    assert result.exit_code == 1
    for path in FILES:
        assert path.relative_to(ROOT).as_posix() in result.stdout
    assert f"{len(FILES)} files checked: 0 valid, {len(FILES)} invalid" in result.stderr
