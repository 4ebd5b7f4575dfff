"""docs/fmt.md shows a layout problem and what `swrules fmt` prints for it: the example
is run through fmt and must come out exactly as the page shows it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from helpers import run_cli

from swrules.base.source import Source
from swrules.syntax.lowering import parse_policy

PAGE = ROOT / "docs" / "fmt.md"


def example() -> tuple[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    part = text[text.index("\n例如"):]
    blocks = re.findall(r"```\n(.*?)```", part, flags=re.S)
    return blocks[0], blocks[1]


def test_the_documented_output_is_what_fmt_prints(tmp_path: Path) -> None:
    before, after = example()
    path = tmp_path / "example.swr"
    path.write_text(before, encoding="utf-8")
    result = run_cli("fmt", str(path))
    assert result.exit_code == 0
    assert result.stdout == after


def test_the_documented_example_is_a_layout_problem_only() -> None:
    before, after = example()
    assert before != after
    # Same declarations before and after: the example changes layout, not meaning.
    assert parse_policy(Source.from_text("before.swr", before)) == parse_policy(Source.from_text("after.swr", after))
