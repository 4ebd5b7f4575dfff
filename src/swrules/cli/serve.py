"""`swrules serve [FOLDER] [--port N] [--host H]`: the workbench in a browser.

Input: a folder (default: the current one) holding policies and fact files; a policy
file serves its folder. Output: a local web application (docs/workbench.md) until
Ctrl-C. It listens on 127.0.0.1 unless `--host` names another address, which prints a
warning: anyone who can reach that address can read and change the folder's policies.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_BAD_INPUT, cli


@cli.command("serve")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but 127.0.0.1 lets other machines in (a warning is printed).")
def serve_cmd(folder: str, port: int, host: str) -> None:
    """Open the workbench on FOLDER: edit policies, try stations and districts, see what a change does, run tests."""
    from swrules.web.server import LOOPBACK, serve

    root = Path(folder)
    if root.is_file():
        root = root.parent
    if host not in LOOPBACK:
        click.echo(f"警告：工作台将在 {host} 上监听：能访问该地址的任何人都能读取和修改 {root.resolve()} "
                   f"中的评估办法与事实文件。只在可信的网络中这样做。", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"工作台已启动：http://{shown}:{port}/ （目录 {root.resolve()}；按 Ctrl-C 停止）", err=True)
    try:
        serve(root, host, port)
    except OSError as exc:
        click.echo(f"错误：无法在 {host}:{port} 上监听：{exc.strerror or exc}\n"
                   "  = 帮助：用 --port 换一个端口。", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
