"""cli: the `swrules` command line.

Input: arguments, files named on the command line. Output: text on standard output
and error, files written atomically with `-o`, and an exit status (0 done, 1 problems
found, 2 bad input, 70 internal error). One module per command, imported only when
that command runs; `language` makes click's own text, help and usage errors speak the
run's language (`--lang`, else `SWRULES_LANG`, else Chinese). May import every other
package; nothing imports it.
"""

from .common import cli
from .main import main

__all__ = ["cli", "main"]
