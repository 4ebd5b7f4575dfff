"""The workbench's web application: pages and their endpoints, on Starlette.

Input: the served folder, the host and port the server listens on (for the Host and
Origin checks) and a per-run token. Output: a Starlette ASGI app wrapped in `Guard`.
Pages are Jinja2 templates with autoescape on (text from policies and fact files can
never become markup); the page scripts are static files (no inline script: the Content
Security Policy forbids it). Every path a request names goes through `Folder.resolve`.
Bad input answers with the Chinese message the CLI would print, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from swrules.base.diagnostics import FactsError
from swrules.base.pagewords import pw
from swrules.render.report import TemplateProblem

from . import pages
from .bench import HERE, Workbench, guarded, json_body, text_field
from .editor import routes as editor_routes
from .files import FACT_SUFFIXES, Folder, Refused
from .form import FormFacts, form_entries, form_facts, form_problems, form_texts
from .security import Guard, allowed_hosts, new_token
from .station import Choice, Tried, report_docx, report_text, try_bytes, try_file, word_writer

# ---------------------------------------------------------------- pages

@guarded
async def index(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    return bench.page("index.html", request, facts=bench.folder.listing(FACT_SUFFIXES),
                      folders=bench.folder.folders_with(FACT_SUFFIXES))


@guarded
async def try_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    policy_rel = bench.chosen_policy(request)
    _, policies = bench.policy_of(policy_rel)
    fields = form_entries(policies.policies[-1].checked)
    return bench.page("try.html", request, policy=policy_rel, fields=fields,
                      facts=bench.folder.listing(FACT_SUFFIXES), chosen=request.query_params.get("facts", ""))


@guarded
async def try_station(request: Request) -> Response:
    """POST: a fact file of the folder (`{"facts": path}`), the form (`{"form": {key path: text}}`), or an
    upload (the file's bytes as the body, its name in `X-File-Name`, a workbook's station in `X-Station`);
    answers the result as an HTML fragment, a workbook's stations to pick one from as a fragment too,
    and the form's bad values as JSON (`{"problems": [{key, message, help, text}]}`)."""
    bench: Workbench = request.app.state.bench
    policy_rel = request.query_params.get("policy", "")
    _, policies = bench.policy_of(policy_rel)
    upload = request.headers.get("x-file-name")
    tried: Tried | Choice
    if upload is not None:
        body = await request.body()
        tried = try_bytes(policy_rel, policies, unquote(upload), body, unquote(request.headers.get("x-station", "")))
    else:
        data = await json_body(request)
        form = data.get("form")
        if isinstance(form, dict):
            facts: FormFacts | None = None
            try:
                facts = form_facts(policies.policies[-1].checked, {str(k): _form_text(k, v) for k, v in form.items()})
                tried = try_bytes(policy_rel, policies, pw("form") + ".toml", facts.text)
            except FactsError as exc:  # each message beside its field: the page places them by key path
                return JSONResponse({"problems": form_problems(exc, facts)}, status_code=422)
        else:
            tried = try_file(bench.folder, policy_rel, policies, text_field(data, "facts"))
    if isinstance(tried, Choice):
        # A workbook of the folder opens in the district page too, all its stations at once; an upload does not.
        return HTMLResponse(bench.fragment_text("choose.html", c=tried, policy=policy_rel, in_folder=upload is None))
    bench.store.add(tried)
    html = bench.fragment_text("result.html", r=tried.report, id=tried.id, policy=policy_rel, name=tried.name,
                               docx=word_writer() is not None)
    return HTMLResponse(html)


@guarded
async def form_of(request: Request) -> Response:
    """A tried station's facts as the form's inputs show them (`{"values": {key path: text}}`), to fill
    the form with: a loaded station changed a little and tried again."""
    bench: Workbench = request.app.state.bench
    tried = bench.store.get(request.path_params["id"])
    _, policies = bench.policy_of(tried.policy_rel)  # the form the page shows: the latest version's
    return JSONResponse({"values": form_texts(policies.policies[-1].checked, tried.data), "name": tried.name})


def _form_text(key: object, value: object) -> str:
    """A value of the form: always text, so that a number is never a float on its way."""
    if not isinstance(value, str):
        raise Refused(pw("refused_text", key=key), 400)
    return value


@guarded
async def download(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    tried = bench.store.get(request.path_params["id"])
    fmt = request.path_params["fmt"]
    name = f"{tried.report['station']['name'] or 'station'}-{tried.report['t']['report_title']}.{fmt}"
    headers = {"content-disposition": f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{_quote(name)}"}
    if fmt == "docx":
        data = report_docx(tried)
        if data is None:
            raise Refused(pw("refused_format"), 404)
        return Response(data, headers=headers,
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    if fmt not in ("md", "html"):
        raise Refused(pw("refused_format"), 404)
    try:
        text = report_text(tried, fmt)
    except TemplateProblem as exc:
        return PlainTextResponse(exc.render("zh"), status_code=500)
    media = "text/markdown" if fmt == "md" else "text/html"
    return Response(bench.relative_text(text), media_type=f"{media}; charset=utf-8", headers=headers)


@guarded
async def fact_template(request: Request) -> Response:
    """GET: a blank fact file for the chosen policy (its latest version), to fill in and upload: the
    workbook (`template.xlsx`) or the TOML file (`template.toml`), as `swrules facts template` writes them."""
    bench: Workbench = request.app.state.bench
    _, policies = bench.policy_of(bench.chosen_policy(request))
    checked = policies.policies[-1].checked
    fmt = request.path_params["fmt"]
    name = f"{checked.header.title}-{pw('template_file')}.{fmt}"
    headers = {"content-disposition": f"attachment; filename=\"facts.{fmt}\"; filename*=UTF-8''{_quote(name)}"}
    if fmt == "xlsx":
        from swrules.facts.template_xlsx import template_workbook
        return Response(template_workbook(checked), headers=headers,
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt == "toml":
        from swrules.facts.template import render_template
        return Response(render_template(checked), headers=headers, media_type="application/toml; charset=utf-8")
    raise Refused(pw("refused_format"), 404)


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name, safe="")


@guarded
async def district(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    policy_rel = bench.chosen_policy(request)
    source = request.query_params.get("source", "")
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    if source:
        path, policies = bench.policy_of(policy_rel)
        rows = pages.district_rows(bench.folder, policies, path, source)
        checks = pages.district_checks(pages.declared_checks(policies), rows)
    grades = sorted({r["grade"] for r in rows if r["grade"]})
    sources = bench.folder.folders_with(FACT_SUFFIXES) + [f for f in bench.folder.listing((".xlsx",))]
    return bench.page("district.html", request, policy=policy_rel, source=source, rows=rows, grades=grades,
                      checks=checks, sources=sources)


@guarded
async def changes(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    old_rel = request.query_params.get("old", "")
    new_rel = request.query_params.get("new", "")
    stations_rel = request.query_params.get("stations", "")
    found = None
    if old_rel and new_rel:
        _, old = bench.policy_of(old_rel)
        _, new = bench.policy_of(new_rel)
        old_policy, new_policy = old.policies[-1], new.policies[-1]
        stations = pages.read_stations(bench.folder, old_policy, stations_rel) if stations_rel else []
        found = pages.changes(old_policy, new_policy, stations)
    return bench.page("changes.html", request, old=old_rel, new=new_rel, stations=stations_rel, found=found,
                      sources=bench.folder.folders_with(FACT_SUFFIXES))


@guarded
async def tests_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    policy_rel = bench.chosen_policy(request)
    path, policies = bench.policy_of(policy_rel)
    results = pages.test_results(policies, path, str(bench.folder.root) + "/")
    return bench.page("tests.html", request, policy=policy_rel, results=results)


@guarded
async def save_test(request: Request) -> Response:
    """POST {"id", "name", "description"}: the tried station written as a new test case beside the policy."""
    bench: Workbench = request.app.state.bench
    data = await json_body(request)
    tried = bench.store.get(text_field(data, "id"))
    name = text_field(data, "name").strip()
    if not name or not all(c.isalnum() or c in "-_" or "\u4e00" <= c <= "\u9fff" for c in name) or len(name) > 80:
        raise Refused(pw("refused_case_name"), 400)
    policy_path = bench.folder.resolve(tried.policy_rel)
    tests_dir = (policy_path if policy_path.is_dir() else policy_path.parent) / "tests"
    if not tests_dir.is_dir():
        tests_dir.mkdir()
    rel = bench.folder.relative(tests_dir / f"{name}.toml")
    text = pages.test_case_toml(tried, text_field(data, "description").strip() or tried.name)
    bench.folder.write_text(rel, text, None)
    return JSONResponse({"saved": rel})


async def not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(pw("not_found"), status_code=404)


def create_app(root: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> Guard:
    """The workbench for the folder `root`, answering only as `host:port` (and the loopback names)."""
    bench = Workbench(Folder.open(root), token or new_token())
    app = Starlette(routes=[
        Route("/", index),
        Route("/try", try_page),
        Route("/api/try", try_station, methods=["POST"]),
        Route("/api/form/{id}", form_of),
        Route("/report/{id}.{fmt}", download),
        Route("/template.{fmt}", fact_template),
        Route("/district", district),
        Route("/changes", changes),
        Route("/tests", tests_page),
        Route("/api/save-test", save_test, methods=["POST"]),
        *editor_routes(guarded),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ], exception_handlers={404: not_found})
    app.state.bench = bench
    return Guard(app, allowed_hosts(host, port), bench.token)
