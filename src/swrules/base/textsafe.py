"""Text that is safe to show: control characters escaped, spreadsheet formulas neutralised.

Input: text that may come from a fact file or a policy (a station's name, a label, a
message). Output: `escape_controls(text)`, the same text with every control character
other than a line break or a tab written as `\\u001b` (so an escape sequence cannot
clear a terminal or hide a line, and JSON stays valid JSON); `csv_cell(text)`, text a
spreadsheet will not read as a formula (a leading `'` before `=`, `+`, `-`, `@`, tab or
carriage return, as OWASP recommends); and `EscapingStream`, a text stream that
escapes everything written through it, which the CLI puts in front of standard
output and standard error. For UTF-8 text kept as bytes (`eval --format json` writes
orjson's bytes to standard output's binary buffer), `escape_controls_utf8` gives the
bytes of `escape_controls` without decoding, and `escape_json_controls` the same for JSON
text, first testing cheaply whether it can hold anything to escape.
"""

from __future__ import annotations

import re
from functools import cache
from typing import IO, Any

# C0 and C1 controls and DEL (a line break and a tab are layout), and the bidirectional
# overrides and isolates, which reorder what a reader sees. Each of them is "not printable"
# for `str.isprintable` (categories Cc and Cf), so text that is printable but for its line
# breaks and tabs holds none of them; the pattern is compiled only for text that may.
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_controls(text: str) -> str:
    """`text` with every control character but `\\n` and `\\t` shown as `\\uXXXX`."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return re.sub(_CONTROLS, _escaped, text)


# The same characters as UTF-8: one byte each below U+0080, `\xc2\x80`-`\xc2\x9f` for C1, three
# bytes for the overrides and isolates. UTF-8 is self-synchronising (a lead byte is never a
# continuation byte), so a match in valid UTF-8 is always a whole character. Compiled (by `re`'s
# cache) only when first used: compiled at import, every command would pay for it (≈ 5 M instructions).
_CONTROLS_UTF8 = rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
# What may follow a lead byte in a control's UTF-8 (for `escape_json_controls`' test).
_C1_TAILS = frozenset(bytes([b]) for b in range(0x80, 0xa0))
_BIDI_TAILS = frozenset(chr(c).encode()[1:] for c in [*range(0x202a, 0x202f), *range(0x2066, 0x206a)])


def escape_controls_utf8(data: bytes) -> bytes:
    """`escape_controls(data.decode()).encode()` for UTF-8 `data`, without the text in between."""
    escapes = _escapes_utf8()
    return re.sub(_CONTROLS_UTF8, lambda m: escapes[m.group()], data)


@cache
def _escapes_utf8() -> dict[bytes, bytes]:
    """Each character of `_CONTROLS` as UTF-8, and its escape as `escape_controls` writes it."""
    return {chr(c).encode(): f"\\u{c:04x}".encode() for c in
            [*range(0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0), *range(0x202a, 0x202f), *range(0x2066, 0x206a)]}


def escape_json_controls(data: bytes) -> bytes:
    """`escape_controls_utf8(data)` for UTF-8 JSON text whose only raw C0 controls are line breaks and
    tabs (as every JSON writer gives: a string holds its C0 controls escaped), tested first without
    the pattern, which goes through the whole text: with no DEL and no lead byte of a C1 control
    (`\xc2`) or of an override or isolate (`\xe2`) followed by the rest of one (each found by
    `memchr`; "“" and "—" start with `\xe2` too), there is nothing to escape."""
    if b"\x7f" in data or _holds(data, b"\xc2", 1, _C1_TAILS) or _holds(data, b"\xe2", 2, _BIDI_TAILS):
        return escape_controls_utf8(data)
    return data


def _holds(data: bytes, lead: bytes, length: int, tails: frozenset[bytes]) -> bool:
    """Whether `lead` followed by one of `tails` (`length` bytes each) is in `data`."""
    find = data.find
    at = find(lead)
    while at >= 0:
        if data[at + 1:at + 1 + length] in tails:
            return True
        at = find(lead, at + 1)
    return False


def escape_line(text: str) -> str:
    """For one cell or one line: line breaks and tabs escaped too."""
    return escape_controls(text).replace("\n", "\\n").replace("\t", "\\t")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` when it would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class EscapingStream:
    """A text stream writing through `escape_controls`; `unescaped` is the stream behind it,
    for output the program itself colours (a terminal table, a progress bar)."""

    def __init__(self, stream: IO[str]) -> None:
        self.unescaped = stream

    def write(self, text: str) -> int:
        self.unescaped.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, buffer...
        return getattr(self.unescaped, name)
