"""The `swrules` command: the group from `cli.common`, whose commands are loaded on demand.

Each command lives in its own module of this package; the group imports it when the
command is named (see `COMMANDS` in `cli.helptext`). A bare help request (`swrules`,
`-h`, `--help`) is answered by `cli.helptext` before click is imported: the same text,
in a fraction of the time. `main`
turns anything unexpected into a one-line internal-error message (exit 70) instead
of a traceback, and Ctrl-C into "已中断" / "interrupted" and exit 130.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from .helptext import answer_help, choose_lang


def main(argv: list[str] | None = None) -> Any:
    args = sys.argv[1:] if argv is None else argv
    quick = answer_help(args)
    if quick is not None:
        raise SystemExit(quick)
    import click  # everything but the help needs it

    from swrules.base.words import w

    from .common import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, cli

    try:
        # Not standalone: click would turn Ctrl-C into "Aborted!" and exit 1, the "some files failed" code.
        code = cli.main(args=args, prog_name="swrules", standalone_mode=False)
    except SystemExit:
        raise
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt) or isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted(args)
        click.echo(w("aborted", choose_lang(args)), err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    except click.exceptions.ClickException as exc:  # bad usage: click's own message, exit 2
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        _interrupted(args)
    except Exception as exc:  # a bug in swrules, not bad input: say so, without a traceback
        detail = f"{type(exc).__name__}: {exc}"
        click.echo(w("internal_error", choose_lang(args)).format(detail=detail), err=True)
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(code if isinstance(code, int) else EXIT_OK)


def _interrupted(args: list[str]) -> NoReturn:
    """Ctrl-C: one word in the user's language, exit 130 (128 + SIGINT, as shells report it)."""
    import click

    from swrules.base.words import w

    from .common import EXIT_INTERRUPTED

    click.echo(w("interrupted", choose_lang(args)), err=True)
    raise SystemExit(EXIT_INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
