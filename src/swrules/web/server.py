"""Running the workbench: Uvicorn on one host and port, in the foreground or in a thread.

Input: the folder to serve, a host and a port (0: any free port). Output: a running
server and its address; `serve` blocks until Ctrl-C, `Running` (a context manager)
serves from a background thread and stops when the block ends, which is how the
browser tests run it in-process.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from .app import create_app
from .security import LOOPBACK, new_token

__all__ = ["LOOPBACK", "Address", "free_port", "running", "serve"]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def _server(root: str | Path, host: str, port: int, token: str) -> uvicorn.Server:
    app = create_app(root, host, port, token)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, proxy_headers=False, lifespan="off")
    return uvicorn.Server(config)


def serve(root: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted."""
    _server(root, host, port, new_token()).run()


@dataclass(frozen=True)
class Address:
    url: str
    token: str


@contextmanager
def running(root: str | Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[Address]:
    """The workbench served from a thread for the length of the block (port 0: a free one)."""
    port = port or free_port(host)
    token = new_token()
    server = _server(root, host, port, token)
    thread = threading.Thread(target=server.run, name="swrules-serve", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the workbench server did not start")
            time.sleep(0.02)
        yield Address(f"http://{host}:{port}", token)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
