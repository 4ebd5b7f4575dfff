"""`escape_controls` escapes exactly the characters of its pattern, whichever way it takes:
text it finds printable (but for line breaks and tabs) is returned as it is, without the
pattern being compiled."""

from __future__ import annotations

import re

from swrules.base.textsafe import _CONTROLS, escape_controls


def test_every_code_point_is_escaped_as_the_pattern_says() -> None:
    pattern = re.compile(_CONTROLS)
    for cp in range(0x110000):
        text = f"站{chr(cp)}\n\t"
        expected = pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        assert escape_controls(text) == expected, hex(cp)
