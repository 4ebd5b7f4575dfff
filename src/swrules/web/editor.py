"""The policy editor's page and endpoints: the language service (`swrules.service`) over HTTP.

Input: the text the page holds and positions in it (0-based line, UTF-16 column, as
JavaScript strings count). Output: JSON of the service's diagnostics, tokens, hover,
definition and completion, as `swrules lsp` gives them to editors (one service, no logic
here; completion from the posted text alone, so it reads no file and answers in the
time of the declaration being written);
and the save: formatted as `swrules fmt` would (when the text parses), written
atomically, refused when the file changed on disk since the page loaded it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from swrules import service
from swrules.base.pagewords import pw

from .bench import Workbench, json_body, text_field
from .files import POLICY_SUFFIXES, Refused

Handler = Callable[[Request], Awaitable[Response]]
MAX_POLICY_CHARS = 2 * 1024 * 1024


async def _request(request: Request) -> tuple[Workbench, dict[str, Any], str, str]:
    bench: Workbench = request.app.state.bench
    data = await json_body(request)
    rel = text_field(data, "policy")
    text = text_field(data, "text")
    if len(text) > MAX_POLICY_CHARS:
        raise Refused(pw("refused_policy_size", mb=MAX_POLICY_CHARS // (1024 * 1024)), 413)
    if not rel.endswith(POLICY_SUFFIXES):
        raise Refused(pw("refused_not_policy"), 400)
    return bench, data, rel, text


def _analysis(bench: Workbench, rel: str, text: str) -> service.Analysis:
    path = bench.folder.resolve(rel, must_exist=False)
    return service.analyse(path, text, bench.folder.root)


def _position(data: dict[str, Any]) -> tuple[int, int]:
    line, col = data.get("line"), data.get("col")
    if not isinstance(line, int) or not isinstance(col, int) or line < 0 or col < 0:
        raise Refused(pw("refused_position"), 400)
    return line, col


def _diagnostic(d: service.ServiceDiagnostic) -> dict[str, Any]:
    return {"code": d.code, "severity": d.severity, "message": d.message, "help": d.help,
            "span": dataclasses.asdict(d.span)}


def routes(guarded: Callable[[Handler], Handler]) -> list[Route]:
    async def page(request: Request) -> Response:
        bench: Workbench = request.app.state.bench
        rel = bench.chosen_policy(request)
        if not rel:
            raise Refused(pw("refused_no_policy"), 404)
        text, digest = bench.folder.read_text(rel)
        return bench.page("editor.html", request, policy=rel, text=text, digest=digest)

    async def analyse(request: Request) -> Response:
        bench, _, rel, text = await _request(request)
        a = _analysis(bench, rel, text)
        return JSONResponse({"diagnostics": [_diagnostic(d) for d in a.diagnostics],
                             "tokens": [dataclasses.astuple(t) for t in service.tokens(text)]})

    async def hover(request: Request) -> Response:
        bench, data, rel, text = await _request(request)
        found = service.hover(_analysis(bench, rel, text), *_position(data))
        return JSONResponse(None if found is None else
                            {"markdown": bench.relative_text(found.markdown), "span": dataclasses.asdict(found.span)})

    async def definition(request: Request) -> Response:
        bench, data, rel, text = await _request(request)
        found = service.definition(_analysis(bench, rel, text), *_position(data))
        if found is None:
            return JSONResponse(None)
        target = bench.folder.root / found.path if not found.path.is_absolute() else found.path
        try:
            where = bench.folder.relative(target.resolve())
            bench.folder.resolve(where)
        except (ValueError, Refused):
            return JSONResponse(None)  # a declaration outside the served folder is not opened
        return JSONResponse({"policy": where, "span": dataclasses.asdict(found.span)})

    async def complete(request: Request) -> Response:
        _, data, _, text = await _request(request)
        line, col = _position(data)
        found = service.text_completions(text, line, col)
        return JSONResponse({"replace": dataclasses.asdict(service.completed_span(text, line, col)),
                             "items": [dataclasses.asdict(c) for c in found]})

    async def save(request: Request) -> Response:
        bench, data, rel, text = await _request(request)
        expected = data.get("digest")
        if not isinstance(expected, str):
            raise Refused(pw("refused_digest"), 400)
        path = bench.folder.resolve(rel, must_exist=False)
        formatted = True
        try:
            text = service.format_text(path, text)
        except service.ServiceError:
            formatted = False  # saved as written: the diagnostics already show why it does not parse
        digest = bench.folder.write_text(rel, text, expected)
        return JSONResponse({"digest": digest, "text": text, "formatted": formatted})

    return [Route("/editor", guarded(page)),
            Route("/api/analyse", guarded(analyse), methods=["POST"]),
            Route("/api/hover", guarded(hover), methods=["POST"]),
            Route("/api/definition", guarded(definition), methods=["POST"]),
            Route("/api/complete", guarded(complete), methods=["POST"]),
            Route("/api/save", guarded(save), methods=["POST"])]
