"""The checker on the constructs other cities' schemes need: gaps the grades say how to
grade are accepted and the others still named; misuse of a party's rounding, a counted
total, `otherwise` and the date functions gets a catalogue diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from swrules.engine.policy import check_file

HEAD = ('policy "p" { version "1" }\nfacts s "s" { x decimal min 0 max 100 "x"\n d date "d" }\n'
        'score sheet { party p "p" points 100 { item a "a" max 100 = s.x } total max 100 }\n')


def codes(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "p.swr"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.message("en")) for d in check_file(path) if d.severity.value == "error"]


WHOLE_BANDS = " 优秀 90 <= total\n 良好 80 <= total <= 89\n 合格 60 <= total <= 79\n 不合格 total <= 59\n"


def test_without_a_statement_the_gaps_of_whole_number_bands_are_named(tmp_path: Path) -> None:
    found = codes(tmp_path, HEAD + "grades {\n" + WHOLE_BANDS + "}\n")
    assert [c for c, _ in found] == ["E0501", "E0501", "E0501"]


@pytest.mark.parametrize("statement", ["grading integer", "grading round 0 half_up", "grading round 0 down",
                                       "otherwise 不合格", "评级 整数", "其余为 不合格"])
def test_a_statement_of_how_totals_are_graded_covers_those_gaps(tmp_path: Path, statement: str) -> None:
    assert codes(tmp_path, HEAD + "grades {\n " + statement + "\n" + WHOLE_BANDS + "}\n") == []


def test_a_gap_that_holds_a_whole_number_is_still_named(tmp_path: Path) -> None:
    bands = WHOLE_BANDS.replace("良好 80 <= total <= 89", "良好 80 <= total <= 88")
    found = codes(tmp_path, HEAD + "grades {\n grading integer\n" + bands + "}\n")
    assert found == [("E0501", "the grade bands leave a gap: a total in 88 < total < 90 has no grade")]


def test_rounding_to_tenths_covers_only_gaps_without_a_tenth(tmp_path: Path) -> None:
    bands = " 优秀 90 <= total\n 良好 80 <= total <= 89.9\n 合格 total < 80\n"
    assert codes(tmp_path, HEAD + "grades {\n grading round 1 half_up\n" + bands + "}\n") == []
    assert [c for c, _ in codes(tmp_path, HEAD + "grades {\n grading round 2 half_up\n" + bands + "}\n")] == ["E0501"]


def test_otherwise_names_a_grade_that_exists(tmp_path: Path) -> None:
    found = codes(tmp_path, HEAD + "grades {\n otherwise 差\n 合格 60 <= total\n 不合格 total < 60\n}\n")
    assert [c for c, _ in found] == ["E0206"]


@pytest.mark.parametrize(("text", "code"), [
    (HEAD.replace('points 100 {', 'points 100 round 2 sideways {'), "E0208"),
    (HEAD.replace("total max 100", "total max 100 round 2 sideways"), "E0208"),
    (HEAD.replace("total max 100", "total max 100 counted total + 1"), "E0701"),
])
def test_misused_sheet_roundings_and_counted_totals_are_reported(tmp_path: Path, text: str, code: str) -> None:
    found = codes(tmp_path, text + "grades { 合格 60 <= total\n 不合格 total < 60 }\n")
    assert code in [c for c, _ in found]


@pytest.mark.parametrize(("expr", "code"), [
    ("days_between(s.d, 5)", "E0301"),
    ("months_between(s.d)", "E0209"),
    ("相隔月数(s.d, s.x)", "E0301"),
])
def test_date_functions_take_two_dates(tmp_path: Path, expr: str, code: str) -> None:
    found = codes(tmp_path, HEAD + "grades { 合格 60 <= total\n 不合格 total < 60 }\n"
                  f"finding f {{ when {expr} > 1 }}\n")
    assert [c for c, _ in found] == [code]
