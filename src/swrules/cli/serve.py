"""`swrules serve [FOLDER] [--port N] [--host H]`: the workbench in a browser.

Input: a folder (default: the current one) holding policies and fact files; a policy
file serves its folder. Output: a local web application (docs/workbench.md) until
Ctrl-C. It listens on 127.0.0.1 unless `--host` names another address, which prints a
warning: anyone who can reach that address can read and change the folder's policies.
"""

from __future__ import annotations

from pathlib import Path

import click

from swrules.base.words import w

from .common import EXIT_BAD_INPUT, LANG, cli


@cli.command("serve")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but 127.0.0.1 lets other machines in (a warning is printed).")
@LANG
def serve_cmd(folder: str, port: int, host: str, lang: str) -> None:
    """Open the workbench on FOLDER in a browser: edit policies, try stations and districts, see what a change does, run the test cases."""  # noqa: E501 - one sentence, as --help shows it
    from swrules.web.server import LOOPBACK, serve

    root = Path(folder)
    if root.is_file():
        root = root.parent
    where = str(root.resolve())
    if host not in LOOPBACK:
        click.echo(w("serve_exposed", lang).format(host=host, folder=where), err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(w("serve_started", lang).format(url=f"http://{shown}:{port}/", folder=where), err=True)
    try:
        serve(root, host, port)
    except OSError as exc:
        click.echo(w("serve_cannot_listen", lang).format(host=host, port=port, reason=exc.strerror or exc), err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
