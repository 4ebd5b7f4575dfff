"""The state of one workbench run and what every endpoint shares.

Input: the served folder and the per-run token. Output: `Workbench` (the folder, loaded
policies, tried stations, the Jinja2 environment with autoescape on), `guarded` (a
refusal or a bad policy or fact file answered as the Chinese message the CLI prints,
never a traceback) and the readers of a request's JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from swrules.base.diagnostics import Diagnostic, SwrulesError, render_all
from swrules.base.pagewords import PAGE_MESSAGE_WORDS, PAGE_WORDS, SCRIPT_KEYS, pw

from .files import POLICY_SUFFIXES, Folder, Refused
from .security import BodyTooLarge, too_large
from .station import Policies, Store

HERE = Path(__file__).parent
Handler = Callable[[Request], Awaitable[Response]]


class Workbench:
    """The state one `swrules serve` run holds: the folder, loaded policies, tried stations."""

    def __init__(self, folder: Folder, token: str) -> None:
        self.folder = folder
        self.token = token
        self.policies = Policies()
        self.store = Store()
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self.env.globals["w"] = PAGE_WORDS
        self.env.globals["script_words"] = {key: PAGE_WORDS[key] for key in SCRIPT_KEYS}

    # ------------------------------------------------------------ helpers

    def page(self, name: str, request: Request, status: int = 200, **data: Any) -> HTMLResponse:
        policy_list = self.folder.listing(POLICY_SUFFIXES)
        data.setdefault("policy", self.chosen_policy(request, policy_list))
        html = self.env.get_template(name).render(token=self.token, policies=policy_list, folder=self.folder.root.name,
                                                  path=request.url.path, **data)
        return HTMLResponse(html, status_code=status)

    def chosen_policy(self, request: Request, listed: list[str] | None = None) -> str:
        """The policy the request names, else the folder's main one: the first not among examples or tests."""
        named = request.query_params.get("policy")
        if named:
            return named
        listed = self.folder.listing(POLICY_SUFFIXES) if listed is None else listed
        main = sorted(listed, key=lambda rel: ({"examples", "tests"} & set(rel.split("/")[:-1]) != set(), rel))
        return main[0] if main else ""

    def fragment_text(self, template: str, **data: Any) -> str:
        """A piece of a page (a tried station's result), paths shown within the served folder."""
        return self.relative_text(self.env.get_template(template).render(**data))

    def relative_text(self, text: str) -> str:
        """A message with the served folder's own path taken out: pages show paths within it."""
        return text.replace(str(self.folder.root) + "/", "")

    def policy_of(self, rel: str) -> tuple[Path, Any]:
        if not rel:
            raise Refused(pw("refused_no_policy"), 404)
        path = self.folder.resolve(rel)
        if path.is_file() and not path.name.endswith(POLICY_SUFFIXES):
            raise Refused(pw("refused_not_policy"), 400)
        return path, self.policies.load(path)


def on_page(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics as the page shows them: where a message says to start from a blank fact
    file, it names the page's own download links, not a command (the officer has no terminal)."""
    return [d.shown_with(PAGE_MESSAGE_WORDS) for d in diagnostics]


def guarded(handler: Handler) -> Handler:
    """A refusal or a bad policy or fact file answered as a message; never a traceback."""

    async def run(request: Request) -> Response:
        bench: Workbench = request.app.state.bench
        try:
            return await handler(request)
        except Refused as exc:
            return PlainTextResponse(exc.reason, status_code=exc.status)
        except BodyTooLarge:
            return PlainTextResponse(too_large(), status_code=413)
        except SwrulesError as exc:
            text = bench.relative_text(render_all(on_page(exc.diagnostics), "zh"))
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return bench.page("problem.html", request, 422, problem=text)
            return PlainTextResponse(text, status_code=422)

    return run


async def json_body(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise Refused(pw("refused_json"), 400) from None
    if not isinstance(data, dict):
        raise Refused(pw("refused_json"), 400)
    return data


def text_field(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise Refused(pw("refused_text", key=key), 400)
    return value
