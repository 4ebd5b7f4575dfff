"""The `swrules` command: the group from `cli.common`, whose commands are loaded on demand.

Each command lives in its own module of this package; the group imports it when the
command is named (see `COMMANDS` in `cli.common`). `main`
turns anything unexpected into a one-line internal-error message (exit 70) instead
of a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .common import EXIT_INTERNAL, cli


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="swrules", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # a bug in swrules, not bad input: say so, without a traceback
        click.echo(f"swrules: internal error ({type(exc).__name__}: {exc}). Please report it with the command "
                   "and the files that caused it.", err=True)
        raise SystemExit(EXIT_INTERNAL) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
