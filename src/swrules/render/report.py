"""Evaluation reports: a result and its explanation rendered with Jinja2.

Input: a `Result` evaluated with `explain=True`, its `Explanation`, a language, and a
format (`md`, `html`) or a user's template file. Output: the report text. The data
handed to templates (`report_data`) is plain dicts, lists and strings, already
formatted in the reader's language, so a template needs no Python and can reach
none: the shipped templates live in `reports/` (inside the wheel as
`swrules/reports`), a user's template runs in a `SandboxedEnvironment`. Text from
fact files cannot become markup: HTML is autoescaped, Markdown output escapes every
value through the environment's `finalize`, and data is never parsed as a template.
No clock is read unless asked, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from swrules.base.limits import MAX_TEMPLATE_CHARS, MAX_TEMPLATE_DEPTH, MAX_TEMPLATE_SECONDS
from swrules.base.show import colon, date_range, show, show_unit
from swrules.base.version import __version__
from swrules.base.words import WORDS, w
from swrules.check.ir import CheckedPolicy
from swrules.engine.result import Result
from swrules.explanation.model import Explanation, RuleExplanation
from swrules.explanation.text import phase_words, rounding_words

from .annex import annex_blocks
from .checks import facts_to_give, is_process, plain_label
from .station import AgencyReport, build_report

FORMATS = {"md": "report.md.j2", "html": "report.html.j2"}


def reports_dir() -> Path:
    """The shipped templates: inside the installed package, or `reports/` of a checkout."""
    packaged = resources.files("swrules").joinpath("reports")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "reports"


class MarkdownText(str):
    """Markdown the report itself wrote (a code span): `finalize` leaves it as it is."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(value: Any) -> str:
    """A value as inert Markdown text: no markup, no HTML, no line break that ends a table row."""
    if isinstance(value, MarkdownText):
        return str(value)
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = " ".join(text.splitlines())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: Any) -> MarkdownText:
    """A key or a formula as a Markdown code span, safe inside a table cell."""
    text = " ".join(str(value).splitlines()).replace("`", "'").replace("|", "\\|")
    return MarkdownText(f"`{text}`")


def _autoescape(name: str | None) -> bool:
    return name is not None and name.removesuffix(".j2").endswith((".html", ".htm", ".xml"))


def _is_markdown(name: str) -> bool:
    return name.removesuffix(".j2").endswith((".md", ".markdown"))


def _environment(cls: type[jinja2.Environment], folder: Path, markdown: bool, shipped: bool) -> jinja2.Environment:
    # A user's template keeps Jinja's default whitespace handling, the one its documentation describes.
    env = cls(loader=jinja2.FileSystemLoader(str(folder)), autoescape=_autoescape, undefined=jinja2.StrictUndefined,
              keep_trailing_newline=True, trim_blocks=shipped, lstrip_blocks=shipped,
              finalize=md_escape if markdown else None)
    env.filters["md"] = md_escape
    env.filters["code"] = md_code if markdown else (lambda v: v)
    # A macro's output is text the template already escaped: `{{ block(b) | done }}` keeps it as it is.
    env.filters["done"] = MarkdownText if markdown else (lambda v: v)
    return env


class TemplateProblem(Exception):
    """A user's template that cannot be read or rendered: what went wrong and where."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.message = message

    def render(self, lang: str) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        head = "错误：报告模板有误" if lang == "zh" else "error: the report template cannot be used"
        hint = ("请修改模板；可用的变量见 docs/reports.md。" if lang == "zh" else
                "fix the template; docs/reports.md lists the variables a template can use.")
        return f"{head}：{self.message}\n  --> {where}\n  = {hint}" if lang == "zh" else \
            f"{head}: {self.message}\n  --> {where}\n  = help: {hint}"


def render_report(result: Result, explanation: Explanation, lang: str, fmt: str = "md",
                  template: str | None = None, evaluated_at: str | None = None, *,
                  policy: CheckedPolicy, facts: Mapping[str, Any]) -> str:
    """The report text in `fmt`, or rendered with the user's `template` file in a sandbox.
    `policy` is the checked policy the result is from; `facts` the station's facts as read."""
    data = report_data(result, explanation, lang, evaluated_at, policy=policy, facts=facts)
    if template is None:
        env = _environment(jinja2.Environment, reports_dir(), markdown=fmt == "md", shipped=True)
        return env.get_template(FORMATS[fmt]).render(**data)
    path = Path(template)
    try:
        env = _environment(BoundedSandbox, path.parent.resolve(), markdown=_is_markdown(path.name), shipped=False)
        with _time_limit(template):
            return _bounded_text(env.get_template(path.name).generate(**data), template)
    except TemplateProblem:
        raise
    except RecursionError:
        raise TemplateProblem(template, None, "递归过深 / recursion too deep") from None
    except MemoryError:
        raise TemplateProblem(template, None, f"模板生成的文字过大 / the template builds too large a text "
                                              f"(at most {MAX_TEMPLATE_CHARS} characters)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(template, exc.lineno, exc.message or str(exc)) from None
    except jinja2.TemplateNotFound:
        raise TemplateProblem(template, None, "找不到模板文件 / template file not found") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise TemplateProblem(template, _template_line(exc, path), str(exc)) from None


def shipped_environment(markdown: bool) -> jinja2.Environment:
    """The environment of the shipped templates in `reports/` (Markdown escaping when `markdown`)."""
    return _environment(jinja2.Environment, reports_dir(), markdown=markdown, shipped=True)


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with `*` and `**` refused when their result would exceed the output limit:
    `'x' * 3000000000` would take the memory before any output could be counted."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEMPLATE_CHARS:
                    raise _limit(f"`*` 的结果有 {len(seq) * n} 个元素", f"`*` would make {len(seq) * n} items")
        if operator == "**" and isinstance(right, int) and isinstance(left, int) and abs(right) > 1000:
            raise _limit(f"`**` 的指数 {right} 过大（至多 1000）", f"the exponent {right} of `**` is over 1000")
        return super().call_binop(context, operator, left, right)

    depth = 0

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        if not isinstance(__obj, jinja2.runtime.Macro):
            return super().call(__context, __obj, *args, **kwargs)
        __self.depth += 1
        try:
            if __self.depth > MAX_TEMPLATE_DEPTH:
                raise _TemplateLimit(f"宏调用嵌套超过 {MAX_TEMPLATE_DEPTH} 层 / macros call each other more than "
                                     f"{MAX_TEMPLATE_DEPTH} levels deep")
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self.depth -= 1


class _TemplateLimit(Exception):
    pass


def _limit(zh: str, en: str) -> _TemplateLimit:
    return _TemplateLimit(f"{zh}，超出模板输出上限 {MAX_TEMPLATE_CHARS} 个字符 / {en}, over the template output "
                          f"limit of {MAX_TEMPLATE_CHARS} characters")


def _bounded_text(chunks: Iterator[str], template: str) -> str:
    out: list[str] = []
    size = 0
    try:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_TEMPLATE_CHARS:
                raise _TemplateLimit(f"输出超过 {MAX_TEMPLATE_CHARS} 个字符 / the output exceeds "
                                     f"{MAX_TEMPLATE_CHARS} characters")
            out.append(chunk)
    except _TemplateLimit as exc:
        raise TemplateProblem(template, None, str(exc)) from None
    return "".join(out)


@contextmanager
def _time_limit(template: str) -> Iterator[None]:
    """At most `MAX_TEMPLATE_SECONDS` of rendering (a timer signal: only on the main thread of a
    Unix process, which is where the CLI renders; elsewhere the output and recursion limits hold)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TemplateProblem(template, None, f"渲染超过 {MAX_TEMPLATE_SECONDS:g} 秒 / rendering took longer than "
                                              f"{MAX_TEMPLATE_SECONDS:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, MAX_TEMPLATE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The template line an error happened on: Jinja rewrites tracebacks to point at it."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).name == path.name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# ---------------------------------------------------------------- report data


def agency_report(result: Result, expl: Explanation, lang: str, evaluated_at: str | None, *,
                  policy: CheckedPolicy, facts: Mapping[str, Any]) -> AgencyReport:
    """The report in the agency's structure, its annex included (what md, html and docx render)."""
    doc = build_report(result, expl, policy, facts, lang)
    doc.annex = annex_blocks(result, expl, policy, lang, evaluated_at)
    return doc


def _period(start: Any, end: Any, lang: str) -> str:
    """The assessment period as documents write it (2024年8月6日至2025年6月30日), or what is known of it."""
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return date_range(start, end, lang)
    return "" if start is None and end is None else f"{show(start, lang)} — {show(end, lang)}"


def report_data(result: Result, expl: Explanation, lang: str, evaluated_at: str | None = None, *,
                policy: CheckedPolicy, facts: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a report template sees; documented in docs/reports.md."""

    def s(value: Any, percent: bool = False) -> str:
        return show(value, lang, percent)

    def points(value: Any, percent: bool = False) -> str:
        """Points with the policy's precision, as `swrules eval` prints them."""
        return show(value, lang, percent, places=None if percent else result.places)

    station = result.station
    grade = s(result.grade)
    return {
        "lang": lang,
        "doc": agency_report(result, expl, lang, evaluated_at, policy=policy, facts=facts).to_dict(),
        "t": {key: w(key, lang) for key in WORDS},
        # punctuation of the reader's language, so one template serves both
        "colon": colon(lang), "lp": "（" if lang == "zh" else " (",
        "rp": "）" if lang == "zh" else ")", "gap": "　" if lang == "zh" else "    ",
        "sep": "；" if lang == "zh" else "; ",
        "policy": {"title": result.policy_title, "version": result.policy_version or "", "file": result.policy_file,
                   "sha256": result.policy_hash},
        "facts": {"file": result.facts_file or "", "sha256": result.facts_hash or ""},
        "station": {"name": result.station_name or "", "district": s(station.get("district")),
                    "operator": s(station.get("operator")), "phase": phase_words(result, expl, lang),
                    "period_start": s(station.get("period_start")), "period_end": s(station.get("period_end")),
                    "period": _period(station.get("period_start"), station.get("period_end"), lang)},
        "evaluators": [{"id": p.id, "label": p.label, "share": s(p.share, p.share_kind == "weight"),
                        "counted": points(p.counted)} for p in result.parties],
        "scores": _score_rows(result, s, points),
        "total": points(result.total), "total_max": s(result.total_max), "grade": grade,
        "provisional": result.provisional, "grade_sentence": expl.rule("grade").sentence(lang),
        "vetoes": [_check(expl.rule(v.id), v.status, v.citation, lang) for v in result.vetoes],
        # `process`: a check of the evaluation's own process (`render.checks`), `short_label` its label
        # without 评估工作： for a place headed 评估工作程序核对
        "findings": [_check(expl.rule(f.id), f.status, f.citation, lang, f.record)
                     | {"process": is_process(f), "short_label": plain_label(f)} for f in result.findings
                     if f.record is None] + [
            {"label": f.label, "record": f.record, "status": f.status, "status_text": w(f.status, lang),
             "sentence": "", "citation": f.citation or "", "process": is_process(f), "short_label": plain_label(f)}
            for f in result.findings if f.record is not None],
        "indicators": _indicators(result, lang),
        "outputs": [{"id": o.id, "label": o.label, "unit": o.unit, "status": o.status,
                     "value": show_unit(o.value, o.unit, lang, label=o.unit_label),
                     "sentence": expl.rule(o.id).sentence(lang), "clause": o.clause or ""} for o in result.outputs],
        "reconciliation": [
            {"label": n.line.label, "declared": s(n.line.declared), "computed": s(n.line.computed),
             "difference": s(n.line.difference) if n.line.difference is not None else "", "status": n.line.status,
             "status_text": w(n.line.status, lang), "rule": n.line.rule, "location": n.location,
             "sentence": n.sentence(lang)} for n in expl.reconciliation],
        "differences": [n.sentence(lang) for n in expl.reconciliation if n.line.status == "differs"],
        "missing": [{"key": m.key, "label": m.label, "required": m.required,
                     "required_text": w("required" if m.required else "optional", lang)} for m in result.missing],
        # those the station must give, as `eval`'s text lists them under 未填报的事项 (`render.checks`)
        "to_give": [{"key": m.key, "label": m.label, "required": m.required,
                     "required_text": w("required" if m.required else "optional", lang)}
                    for m in facts_to_give(result, process=False)],
        "why_not": [m.sentence(lang) for m in expl.why_not],
        "capped_by": list(expl.capped_by),
        "appendix": [_rule(r, lang) for r in expl.rules],
        "footer": {"policy_title": result.policy_title, "policy_version": result.policy_version or "",
                   "policy_sha256": result.policy_hash, "facts_file": result.facts_file or "",
                   "facts_sha256": result.facts_hash or "", "swrules_version": __version__,
                   "evaluated_at": evaluated_at},
    }


def _score_rows(result: Result, s: Any, points: Any) -> list[dict[str, Any]]:
    """The score sheet: maxima as the policy writes them, points awarded with its precision."""
    rows = []
    for party in result.parties:
        rows.append({"kind": "party", "label": party.label, "max": s(party.share, party.share_kind == "weight"),
                     "awarded": "", "counted": points(party.counted)})
        for line in (x for x in result.scores if x.party == party.id):
            rows.append({"kind": "item", "label": line.label, "max": s(line.max),
                         "awarded": "" if line.details else points(line.awarded), "counted": points(line.counted)})
            for name, value in line.details:
                rows.append({"kind": "detail", "label": name, "max": "", "awarded": points(value), "counted": ""})
    return rows


def _check(r: RuleExplanation, status: str, citation: str | None, lang: str, record: str | None = None
           ) -> dict[str, Any]:
    return {"label": r.label, "record": record, "status": status, "status_text": w(status, lang),
            "sentence": r.sentence(lang), "citation": citation or "",
            "margins": [m.sentence(lang) for m in r.margins]}


def _indicators(result: Result, lang: str) -> dict[str, Any]:
    if not result.indicators:
        return {"columns": [], "rows": []}
    first = result.indicators[0]
    columns = list(first.field_labels or (k for k, _ in first.fields)) + [first.label]
    several = len({line.indicator for line in result.indicators}) > 1  # then each row names its indicator
    rows = [{"name": f"{line.name} · {line.label}" if several else line.name,
             "cells": [show(v, lang) for _, v in line.fields]
             + [show_unit(line.value, line.unit, lang, label=line.unit_label)],
             "status": line.status} for line in result.indicators]
    return {"columns": columns, "rows": rows}


def _rule(r: RuleExplanation, lang: str) -> dict[str, Any]:
    def s(value: Any, percent: bool = False) -> str:
        return show(value, lang, percent)

    def rounding(items: Any) -> list[dict[str, str]]:
        return [{"before": s(x.before), "after": s(x.after), "how": rounding_words(x.mode, x.places, lang),
                 "location": x.location} for x in items]

    return {
        "id": r.id, "kind": r.kind, "kind_text": w(f"kind_{r.kind}", lang), "label": r.label,
        "location": r.location, "clause": r.clause or "", "status": r.status, "sentence": r.sentence(lang),
        "formulas": [{"role": f.role, "text": f.text, "location": f.location} for f in r.formulas],
        "facts": [{"key": f.key, "label": f.label, "value": s(f.value, f.percent)} for f in r.facts],
        "rules": [{"id": u.id, "label": u.label, "value": s(u.value, u.percent)} for u in r.rules],
        "steps": [{"text": x.text, "value": s(x.value, x.percent)} for x in r.steps],
        "rounding": rounding(r.rounding),
        "records": [{"name": rec.name, "sentence": rec.sentence(lang),
                     "facts": [{"key": f.key, "label": f.label, "value": s(f.value, f.percent)} for f in rec.facts],
                     "steps": [{"text": x.text, "value": s(x.value, x.percent)} for x in rec.steps],
                     "rounding": rounding(rec.rounding)} for rec in r.records],
        "margins": [m.sentence(lang) for m in r.margins],
    }
