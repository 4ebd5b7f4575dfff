"""Binary output (an .xlsx workbook) through the same all-or-nothing `-o` as text.

Input: the bytes of a file and the `-o` argument. Output: the file written whole
through `atomic_output` (its text stream's underlying byte buffer), or standard
output's byte buffer for `-` or no `-o`.
"""

from __future__ import annotations

from typing import TextIO, cast

from .common import atomic_output


def write_bytes(output: str | None, data: bytes) -> None:
    """Write `data` to `output` whole or not at all (`-` or None: standard output)."""
    with atomic_output(output) as out:
        stream = cast(TextIO, out)
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
