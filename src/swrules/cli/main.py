"""The `swrules` command: the group from `cli.common`, whose commands are loaded on demand.

Each command lives in its own module of this package; the group imports it when the
command is named (see `COMMANDS` in `cli.helptext`). Two command lines are answered
before click is imported, with the same output in a fraction of the time: a bare help
request (`swrules`, `-h`, `--help`) by `cli.helptext`, and a plain `swrules eval` (one
policy, fact files, text or JSON) by `cli.quick`. `main` turns anything unexpected into a
one-line internal-error message (exit 70) instead of a traceback, and Ctrl-C into "已中断"
/ "interrupted" and exit 130.
"""

from __future__ import annotations

import sys
from typing import Any

from .helptext import answer_help, choose_lang
from .quick import aborted, eval_call, interrupted, run_quick


def main(argv: list[str] | None = None) -> Any:
    args = sys.argv[1:] if argv is None else argv
    quick = answer_help(args)
    if quick is not None:
        raise SystemExit(quick)
    call = eval_call(args)
    try:
        code = _with_click(args) if call is None else run_quick(call, args)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        interrupted(args)
    except Exception as exc:  # a bug in swrules, not bad input: say so, without a traceback
        from swrules.base.words import w

        from .output import EXIT_INTERNAL, echo

        detail = f"{type(exc).__name__}: {exc}"
        echo(w("internal_error", choose_lang(args)).format(detail=detail), err=True)
        raise SystemExit(EXIT_INTERNAL) from None
    from .output import EXIT_OK

    raise SystemExit(code if isinstance(code, int) else EXIT_OK)


def _with_click(args: list[str]) -> Any:
    """The command line parsed and run by click; its usage errors shown as click shows them (exit 2)."""
    import click

    from .common import cli

    try:
        # Not standalone: click would turn Ctrl-C into "Aborted!" and exit 1, the "some files failed" code.
        return cli.main(args=args, prog_name="swrules", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt) or isinstance(exc.__cause__, KeyboardInterrupt):
            interrupted(args)
        aborted(args)
    except click.exceptions.ClickException as exc:  # bad usage: click's own message, exit 2
        exc.show()
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
