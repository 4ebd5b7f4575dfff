"""Binary output (an .xlsx workbook) through the same all-or-nothing `-o` as text.

Input: the bytes of a file and the `-o` argument. Output: the file written whole
through `atomic_output` (its text stream's underlying byte buffer), or standard
output's byte buffer for `-` or no `-o`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO, cast

from .output import atomic_output


def write_bytes(output: str | None, data: bytes, lang: str = "zh", inputs: Iterable[str] = ()) -> None:
    """Write `data` to `output` whole or not at all (`-` or None: standard output), refusing an
    input of the command as `atomic_output` does, with its messages in `lang`."""
    with atomic_output(output, lang, inputs) as out:
        stream = cast(TextIO, out)
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
