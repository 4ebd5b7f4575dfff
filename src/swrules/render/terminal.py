"""Rendering a result as text for a terminal.

Input: a `Result` and a language. Output: the text `swrules eval` prints: the score
sheet, total and grade, vetoes, findings, indicators, reconciliation and missing
facts. Columns are aligned by display width, so Chinese text lines up. Values are
formatted by `base.show`, with every digit of a figure kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from swrules.base.diagnostics import display_width
from swrules.base.show import aside, colon, show, show_unit
from swrules.base.values import Unknown
from swrules.base.words import w
from swrules.engine.result import Check, Result, missing_labels

from .checks import facts_to_give, plain_label, process_checks, station_findings
from .labels import NONE, Labels
from .reads import check_reads, lacking_text


def _v(value: Any, lang: str, percent: bool = False, places: int | None = None) -> str:
    """A figure in a table: every digit kept, however long the fraction; points with the
    policy's precision (`places`)."""
    return show(value, lang, percent, exact=True, places=places)


def table(rows: Sequence[Sequence[str]], right: Sequence[int] = (), indent: int = 2) -> list[str]:
    """Rows aligned by display width; columns listed in `right` are right-aligned."""
    if not rows:
        return []
    widths = [max(display_width(r[i]) for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]
    out = []
    for r in rows:
        cells = []
        for i, cell in enumerate(r):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append((" " * indent + "  ".join(cells)).rstrip())
    return out


def _status(check: Check, lang: str) -> str:
    return f"[{w(check.status, lang)}]"


def render_result(result: Result, lang: str = "zh", labels: Labels = NONE) -> str:
    out: list[str] = []
    version = aside(f"{w('version', lang)} {result.policy_version}", lang) if result.policy_version else ""
    out.append(f"{result.policy_title}{version}")
    head = []
    if result.station_name:
        head.append(f"{w('station', lang)}{colon(lang)}{result.station_name}")
    if result.phase is not None:
        phase = result.phase_label or _v(result.phase, lang)
        head.append(f"{w('phase', lang)}：{phase}" if lang == "zh" else f"phase: {_v(result.phase, lang)}")
    if result.facts_file:
        head.append(f"{w('facts_file', lang)}{colon(lang)}{result.facts_file}")
    if head:
        out.append("    ".join(head))
    out.append("")

    # Score sheet: points with the policy's precision, as the batch table and reports print them
    n = result.places
    out.append(w("score_sheet", lang))
    rows = [[w("item", lang), w("max", lang), w("awarded", lang), w("counted", lang)]]
    for party in result.parties:
        share = _v(party.share, lang, percent=party.share_kind == "weight")  # maxima as the policy writes them
        rows.append([party.label, share, "", _v(party.counted, lang, places=n)])
        for s in (s for s in result.scores if s.party == party.id):
            awarded = "" if s.details else _v(s.awarded, lang, places=n)
            rows.append(["  " + s.label, _v(s.max, lang), awarded, _v(s.counted, lang, places=n)])
            for name, value in s.details:
                rows.append(["    " + name, "", _v(value, lang, places=n), ""])
    rows.append([w("total", lang), _v(result.total_max, lang), "", _v(result.total, lang, places=n)])
    out.extend(table(rows, right=(1, 2, 3)))
    out.append("")

    # Grade
    grade = _v(result.grade, lang) if type(result.grade) is not Unknown else w("not_determined_grade", lang)
    if result.provisional and type(result.grade) is not Unknown:
        grade += aside(w("provisional", lang), lang)
    sep = colon(lang)
    out.append(f"{w('total', lang)}{sep}{_v(result.total, lang, places=n)}    {w('grade', lang)}{sep}{grade}")
    hit = result.vetoes_hit
    if hit:
        names = "、".join(v.label for v in hit) if lang == "zh" else "; ".join(v.label for v in hit)
        out.append(f"  {w('vetoed_by', lang)}{colon(lang)}{names}")
    elif result.provisional:
        out.append("  " + w("provisional_because", lang))
        for v in result.vetoes:
            if v.status == "undetermined":
                out.append(f"    - {v.label}{aside(lacking_text(missing_labels(v, result.missing), lang), lang)}")
    out.append("")

    # Vetoes
    out.append(w("vetoes", lang))
    rows = []
    for v in result.vetoes:
        detail = _reads(v, result, lang)
        rows.append([_status(v, lang), v.label, detail])
    out.extend(table(rows))
    out.append("")

    # Findings: the station's; then the checks on the evaluation's own process, apart, as the
    # report's annex puts them (they bind the evaluator and the district bureau, not the station)
    out.append(w("findings", lang))
    rows = []
    for f in station_findings(result):
        label = f.label + aside(f.record or "", lang)
        rows.append([_status(f, lang), label, _reads(f, result, lang)])
    out.extend(table(rows) if rows else ["  " + w("none", lang)])
    out.append("")
    process = process_checks(result)
    if process:
        out.append(w("r_process", lang))
        out.append("  " + w("r_process_lead", lang))
        out.extend(table([[_status(f, lang), plain_label(f), _reads(f, result, lang)] for f in process]))
        out.append("")

    # Indicators
    if result.indicators:
        out.append(w("indicators", lang))
        for indicator in dict.fromkeys(line.indicator for line in result.indicators):  # a table each
            lines = [line for line in result.indicators if line.indicator == indicator]
            first = lines[0]
            header = [w("name", lang)] + list(first.field_labels or (k for k, _ in first.fields)) + [first.label]
            rows = [header]
            for line in lines:
                rows.append([line.name] + [_v(v, lang) for _, v in line.fields] +
                            [show_unit(line.value, line.unit, lang, label=line.unit_label, exact=True)])
            out.extend(table(rows, right=tuple(range(1, len(header)))))
        out.append("")

    # Outputs: each in its declared unit
    if result.outputs:
        out.append(w("outputs", lang))
        rows = [[o.label, show_unit(o.value, o.unit, lang, label=o.unit_label, exact=True)] for o in result.outputs]
        out.extend(table(rows, right=(1,)))
        out.append("")

    # Reconciliation
    if result.reconciliation:
        out.append(w("reconciliation", lang))
        rows = [["", w("declared", lang), w("computed", lang), w("difference", lang), "", w("rule", lang)]]
        for r in result.reconciliation:
            rows.append([r.label, _v(r.declared, lang), _v(r.computed, lang),
                         _v(r.difference, lang) if r.difference is not None else "", w(r.status, lang),
                         labels.reconciling(r.rule)])
        out.extend(table(rows, right=(1, 2, 3)))
        out.append("")

    # Facts not given that the station must act on: the required ones, and the optional ones a veto
    # or finding could not be decided without (those only a process check lacked are shown there)
    missing = facts_to_give(result, process=False)
    if missing:
        out.append(w("missing_facts", lang))
        rows = [[m.key, m.label, w("required" if m.required else "optional", lang)] for m in missing]
        out.extend(table(rows))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _reads(check: Check, result: Result, lang: str) -> str:
    """What a check read, by the policy's labels, or the facts it lacked (`render.reads`), and its clause."""
    text = check_reads(check, result.missing, lang)
    if check.citation:
        text += f"  〔{check.citation}〕" if lang == "zh" else f"  [{check.citation}]"
    return text
