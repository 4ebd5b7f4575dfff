"""The language service's analysis: the checker's diagnostics at editor positions,
tokens for highlighting, formatting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.service import ServiceError, Span, analyse, format_text, tokens

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
OVERLAY = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"
EVERY_POLICY = sorted(p for folder in ("policies", "examples", "tests", "docs") for p in (ROOT / folder).rglob("*.swr"))


def test_a_typo_in_a_fact_name_is_an_error_with_did_you_mean_at_its_place() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace("scores.purchaser", "scores.purchasr", 1)
    a = analyse(GUANGZHOU, text)
    assert a.policy is None
    [d] = a.diagnostics
    assert (d.code, d.severity) == ("E0204", "error")
    assert "purchasr" in d.message and d.help is not None and "是否想写购买方（街道办事处）评分 `purchaser`" in d.help
    line = text.splitlines()[d.span.start_line]
    assert line[d.span.start_col:d.span.end_col] == "scores.purchasr"


def test_a_policy_that_checks_has_no_diagnostics_and_a_checked_policy() -> None:
    a = analyse(GUANGZHOU, GUANGZHOU.read_text(encoding="utf-8"))
    assert a.diagnostics == () and a.policy is not None


def test_columns_count_utf16_code_units() -> None:
    # 𝟙 is outside the Basic Multilingual Plane: one character, two UTF-16 code units.
    text = 'policy "𝟙" { version "1" }\nfcts x {}\n'
    before = 'param x "𝟙𝟙" = 1 + y\n'
    a = analyse(Path("x.swr"), text)
    assert [(d.code, d.span) for d in a.diagnostics if d.severity == "error"] == [("E0105", Span(1, 0, 1, 4))]
    b = analyse(Path("x.swr"), before)
    [d] = [d for d in b.diagnostics if d.code == "E0201"]
    assert d.span == Span(0, 21, 0, 22)  # `y` after 19 characters, two of them double


def test_syntax_and_meaning_errors_are_reported_together() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace("facts station", "fcts station", 1)
    text = text.replace("scores.purchaser", "scores.purchasr", 1)
    codes = [d.code for d in analyse(GUANGZHOU, text).diagnostics]
    assert codes[0] == "E0105"


def test_an_overlay_composes_with_its_base_below_the_root() -> None:
    text = OVERLAY.read_text(encoding="utf-8")
    assert analyse(OVERLAY, text, root=ROOT / "policies").policy is not None
    outside = analyse(OVERLAY, text, root=OVERLAY.parent)
    assert [d.code for d in outside.diagnostics] == ["E0901"]
    assert outside.policy is None


def test_a_mistake_in_the_base_is_shown_at_the_extends_line(tmp_path: Path) -> None:
    (tmp_path / "base.swr").write_text(GUANGZHOU.read_text(encoding="utf-8").replace(
        "scores.purchaser", "scores.purchasr", 1), encoding="utf-8")
    overlay = 'extends "base.swr"\n'
    [d] = analyse(tmp_path / "o.swr", overlay, root=tmp_path).diagnostics
    assert d.span.start_line == 0 and d.help is not None and "base.swr:" in d.help


@pytest.mark.parametrize("path", EVERY_POLICY, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_policy_in_the_repository_tokenizes_without_errors_except_broken_cases(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = tokens(text)
    lines = text.splitlines()
    for t in found:
        assert t.length > 0 and t.line < len(lines)
    if "cases" not in path.parts:  # the diagnostic cases are broken on purpose
        assert [t for t in found if t.kind == "error"] == []


def test_tokens_name_keywords_strings_numbers_and_comments() -> None:
    text = 'param rate "比例" = 85% # 注释\ndefine x = station.phase + 2025-01-31\n'
    got = [(t.line, t.col, t.length, t.kind) for t in tokens(text)]
    assert got == [
        (0, 0, 5, "keyword"), (0, 6, 4, "name"), (0, 11, 4, "string"), (0, 16, 1, "operator"),
        (0, 18, 3, "number"), (0, 22, 4, "comment"),
        (1, 0, 6, "keyword"), (1, 7, 1, "name"), (1, 9, 1, "operator"), (1, 11, 7, "name"),
        (1, 18, 1, "punctuation"), (1, 19, 5, "name"), (1, 25, 1, "operator"), (1, 27, 10, "number"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_never_fail_and_cover_only_the_text(text: str) -> None:
    for t in tokens(text):
        assert t.length > 0


def test_format_text_is_fmt_and_refuses_text_that_does_not_parse() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    assert format_text(GUANGZHOU, text) == text
    assert format_text(Path("x.swr"), 'policy "示例" {version "1"}') == 'policy "示例" {\n  version "1"\n}\n'
    with pytest.raises(ServiceError) as caught:
        format_text(Path("x.swr"), 'policy "示例" {')
    assert [d.code for d in caught.value.diagnostics] == ["E0104"]


def test_a_second_place_is_a_note_at_the_first_definition() -> None:
    path = ROOT / "tests" / "check" / "cases" / "e0202-param-twice.swr"
    text = path.read_text(encoding="utf-8")
    found = analyse(path, text).diagnostics
    error = next(d for d in found if d.code == "E0202" and d.severity == "error")
    note = next(d for d in found if d.code == "E0202" and d.severity == "note")
    assert note.span.start_line < error.span.start_line
    assert note.help is None and note.message
