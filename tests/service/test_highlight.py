"""The Pygments lexer: found by name through its entry point, and every policy in the
repository lexes with no error token; policy text on a terminal is coloured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, String

from swrules.service.highlight import SwrulesLexer, for_terminal

ROOT = Path(__file__).resolve().parents[2]
# The diagnostic cases are broken on purpose (a stray character is their point).
POLICIES = sorted(p for folder in ("policies", "examples", "tests", "bench")
                  for p in (ROOT / folder).rglob("*.swr") if "cases" not in p.parts)
FENCED = re.compile(r"```swrules\n(.*?)```", re.S)


def test_the_entry_point_registers_the_lexer_by_name_and_suffix() -> None:
    assert isinstance(get_lexer_by_name("swrules"), SwrulesLexer)
    assert isinstance(get_lexer_for_filename("station-evaluation.swr"), SwrulesLexer)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_policy_lexes_without_error_tokens_and_loses_no_character(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = list(SwrulesLexer(stripnl=False, ensurenl=False).get_tokens(text))
    assert [v for t, v in tokens if t is Error] == []
    assert "".join(v for _, v in tokens) == text


def test_every_swrules_block_in_the_docs_lexes_without_error_tokens() -> None:
    blocks = [b for page in sorted((ROOT / "docs").glob("*.md")) for b in FENCED.findall(page.read_text("utf-8"))]
    assert blocks, "docs/editors.md shows a ```swrules block"
    for block in blocks:
        assert [v for t, v in SwrulesLexer().get_tokens(block) if t is Error] == []


def test_keywords_names_and_strings_get_their_token_types() -> None:
    got = [(t, v) for t, v in SwrulesLexer().get_tokens('veto 示例 "标签" { when station.phase }') if v.strip()]
    assert got[:3] == [(Keyword, "veto"), (Name, "示例"), (String, '"标签"')]
    assert (Name, "phase") in got  # after a dot a keyword is a field's name


def test_terminal_colours_add_escape_codes_and_keep_the_text() -> None:
    text = (ROOT / "policies" / "guangzhou" / "station-evaluation.swr").read_text(encoding="utf-8")
    shown = for_terminal(text)
    assert "\x1b[" in shown
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == text
