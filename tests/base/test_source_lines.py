"""`Source` finds its line starts when first asked (fact files are read by the thousand and
most are never pointed into): every offset still gets the line and column a walk over the
characters gives, and every line its text."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.base.source import Source


def by_characters(text: str, offset: int) -> tuple[int, int]:
    line, column = 1, 1
    for c in text[:offset]:
        line, column = (line + 1, 1) if c == "\n" else (line, column + 1)
    return line, column


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab\n\r\t站 "), max_size=60))
def test_every_offset_and_line_as_the_characters_say(text: str) -> None:
    source = Source.from_text("f.toml", text)
    for offset in range(len(text) + 1):
        assert source.position(offset) == by_characters(text, offset)
    lines = text.split("\n")
    assert [source.line_text(i + 1) for i in range(len(lines))] == [x.rstrip("\r") for x in lines]
    assert source.line_text(len(lines) + 1) == source.line_text(0) == ""


def test_found_once_and_the_same_before_and_after() -> None:
    a, b = Source.from_text("f", "x\ny\n"), Source.from_text("f", "x\ny\n")
    assert a.position(3) == (2, 2)
    assert a == b and hash(a) == hash(b)  # equal whether or not the line starts were found yet
    assert pickle.loads(pickle.dumps(a)).position(3) == (2, 2)
    assert pickle.loads(pickle.dumps(b)).position(3) == (2, 2)
