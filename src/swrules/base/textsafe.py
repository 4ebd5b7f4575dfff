"""Text that is safe to show: control characters escaped, spreadsheet formulas neutralised.

Input: text that may come from a fact file or a policy (a station's name, a label, a
message). Output: `escape_controls(text)`, the same text with every control character
other than a line break or a tab written as `\\u001b` (so an escape sequence cannot
clear a terminal or hide a line, and JSON stays valid JSON); `csv_cell(text)`, text a
spreadsheet will not read as a formula (a leading `'` before `=`, `+`, `-`, `@`, tab or
carriage return, as OWASP recommends); and `EscapingStream`, a text stream that
escapes everything written through it, which the CLI puts in front of standard
output and standard error.
"""

from __future__ import annotations

import re
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
