"""`escape_controls` escapes exactly the characters of its pattern, whichever way it takes:
text it finds printable (but for line breaks and tabs) is returned as it is, without the
pattern being compiled."""

from __future__ import annotations

import json
import re

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.base import textsafe
from swrules.base.textsafe import _CONTROLS, escape_controls, escape_controls_utf8, escape_json_controls

# Any text but lone surrogates (no UTF-8 holds one), weighted towards the controls, their
# neighbours (U+00A0, U+2029, U+206A), characters that share their lead bytes ("“", "—", "·")
# and astral ones.
NEAR = ("\x00\x08\t\n\x0b\r\x1b\x1f \x7e\x7f\x80\x85\x9b\x9f\xa0\xb7\u2014\u201c"
        "\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a中😀\U0010ffff")
TEXT = st.one_of(st.text(st.characters(blacklist_categories=["Cs"])), st.text(alphabet=NEAR),
                 st.lists(st.one_of(st.sampled_from(NEAR), st.characters(blacklist_categories=["Cs"]))).map("".join))


def test_every_code_point_is_escaped_as_the_pattern_says() -> None:
    pattern = re.compile(_CONTROLS)
    for cp in range(0x110000):
        text = f"站{chr(cp)}\n\t"
        expected = pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        assert escape_controls(text) == expected, hex(cp)


@settings(max_examples=1500, deadline=None)
@given(text=TEXT)
def test_utf8_escaped_as_the_text_is(text: str) -> None:
    assert escape_controls_utf8(text.encode()) == escape_controls(text).encode()


@settings(max_examples=1500, deadline=None)
@given(texts=st.lists(TEXT, max_size=4))
def test_json_text_escaped_as_the_text_is(texts: list[str]) -> None:
    # JSON as orjson and `json.dumps` write it, so any line break or tab in it is layout or escaped
    for data in (orjson.dumps(texts, option=orjson.OPT_INDENT_2),
                 json.dumps({"a": texts}, ensure_ascii=False, indent=2).encode()):
        assert escape_json_controls(data) == escape_controls(data.decode()).encode()


def test_every_code_point_is_escaped_in_utf8_as_in_text() -> None:
    for cp in [*range(0x3000), *range(0xe000, 0x10000, 7), *range(0x10000, 0x110000, 97)]:
        text = f"站{chr(cp)}\n\t“"
        assert escape_controls_utf8(text.encode()) == escape_controls(text).encode(), hex(cp)
        if cp >= 0x20 or cp in (0x09, 0x0a):
            assert escape_json_controls(text.encode()) == escape_controls(text).encode(), hex(cp)


def test_json_text_without_controls_is_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    # the test before the pattern: text with the lead bytes of controls but none of them is returned as it is
    monkeypatch.setattr(textsafe, "escape_controls_utf8", lambda data: pytest.fail("searched"))
    data = "“中”—·\u00a0\u2029\u206a\n".encode() * 100
    assert escape_json_controls(data) is data
