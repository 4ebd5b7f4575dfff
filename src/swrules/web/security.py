"""What keeps a local workbench local: host and origin checks, a per-run token, bounded bodies.

Input: each HTTP request. Output: the request passed on, or refused (403 for a foreign
Host or Origin or a missing token, 413 for a body over the limit) before any handler
runs. Design: a page of another site open in the same browser can send requests to
127.0.0.1, but (1) its Host header is the attacker's name when it rebinds DNS, and is
refused; (2) a request that changes anything is a POST that must carry the per-run
token in the `X-Swrules-Token` header, which only pages this server rendered hold (a
foreign page can neither read them nor set that header without a CORS preflight we
never grant); (3) a POST whose Origin is not this server is refused. Every answer says
`Content-Security-Policy: default-src 'self'` (no inline script, nothing fetched
elsewhere), `X-Frame-Options: DENY` and `nosniff`.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
from collections.abc import Iterable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from swrules.base.limits import MAX_FACT_FILE_BYTES
from swrules.base.pagewords import pw

TOKEN_HEADER = "x-swrules-token"
MAX_BODY_BYTES = MAX_FACT_FILE_BYTES + 64 * 1024  # one fact file or one policy, and a little JSON around it
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers this server answers: the address it was started on and the loopback names;
    bound to another address, also this machine's name and addresses (how others on the network
    reach it). Any other name is refused: that is what a DNS-rebinding page sends."""
    names = {host, *LOOPBACK}
    if host not in LOOPBACK:
        names |= _machine_names()
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return {f"{n}:{port}" for n in names} | (names if port == 80 else set())


def _machine_names() -> set[str]:
    names = {socket.gethostname(), socket.getfqdn()}
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None):
            names.add(str(info[4][0]))
    return {n for n in names if n}


class Guard:
    """ASGI middleware: refuse foreign hosts, cross-origin or tokenless POSTs and oversized bodies."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], token: str, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.hosts = set(hosts)
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "")
        if host not in self.hosts:
            await _refuse(send, 403, pw("refused_host"))
            return
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin is not None and origin not in {f"http://{h}" for h in self.hosts}:
                await _refuse(send, 403, pw("refused_origin"))
                return
            if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), self.token):
                await _refuse(send, 403, pw("refused_token"))
                return
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                await _refuse(send, 413, too_large(self.max_body))
                return
            receive = _bounded(receive, self.max_body)

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except BodyTooLarge:
            if not started:
                await _refuse(send, 413, too_large(self.max_body))


def too_large(limit: int = MAX_BODY_BYTES) -> str:
    return pw("refused_body", mb=limit // (1024 * 1024))


class BodyTooLarge(Exception):
    """A request body (sent without a length, or lying about it) grew past the limit."""


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def inner() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return inner


async def _refuse(send: Send, status: int, reason: str) -> None:
    body = reason.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
