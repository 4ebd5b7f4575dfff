"""cli: the `swrules` command line.

Input: arguments, files named on the command line. Output: text on standard output
and error, files written atomically with `-o`, and an exit status (0 done, 1 problems
found, 2 bad input, 70 internal error). One module per command, imported only when
that command runs; `language` makes click's own text, help and usage errors speak the
run's language (`--lang`, else `SWRULES_LANG`, else Chinese); `helptext` answers
`swrules --help` without importing click. May import every other package; nothing
imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .main import main

if TYPE_CHECKING:
    from .common import cli


def __getattr__(name: str) -> Any:
    """`cli`, the click group, imported (with click) when first asked for."""
    if name == "cli":
        from .common import cli

        return cli
    raise AttributeError(f"module 'swrules.cli' has no attribute {name!r}")


__all__ = ["cli", "main"]
