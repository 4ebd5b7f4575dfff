"""Whatever an officer has typed so far, the service answers: analysing any text, and
asking for hover, definition and completion anywhere in it, never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.service import analyse, completed_span, completions, definition, hover, text_completions

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
TEXT = GUANGZHOU.read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(TEXT)), st.integers(0, 200), st.text(max_size=20), st.integers(0, 400), st.integers(0, 90))
def test_any_edit_of_a_real_policy_is_served(at: int, cut: int, typed: str, line: int, col: int) -> None:
    text = TEXT[:at] + typed + TEXT[at + cut:]
    a = analyse(GUANGZHOU, text)
    lines = text.count("\n") + 1
    for d in a.diagnostics:
        assert 0 <= d.span.start_line <= d.span.end_line < lines + 1
    hover(a, line % lines, col)
    definition(a, line % lines, col)
    completions(a, line % lines, col)
    text_completions(text, line % lines, col, bases=a)  # the workbench's and a keystroke's
    completed_span(text, line % lines, col)
