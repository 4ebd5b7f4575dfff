"""Rendering a result as text for a terminal.

Input: a `Result` and a language. Output: the text `swrules eval` prints: the score
sheet, total and grade, vetoes, findings, indicators, reconciliation and missing
facts. Columns are aligned by display width, so Chinese text lines up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from swrules.base.diagnostics import display_width
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.base.words import w
from swrules.engine.result import Check, Result


def fmt_value(value: Any, lang: str = "zh", percent: bool = False) -> str:
    """A value as people read it: exact decimals, percentages with %, undetermined said so."""
    if value is None:
        return "—"
    if value is NOT_APPLICABLE:
        return w("not_applicable", lang)
    if type(value) is Unknown:
        key = {"missing": "missing", "division by zero": "division_by_zero", "no records": "no_records"}.get(
            value.reason, "undetermined")
        return f"({w(key, lang)})"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        if percent:
            return f"{value.scaleb(2):f}%"
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ", ".join(fmt_value(v, lang, percent) for v in value)
    return str(value)


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


def render_result(result: Result, lang: str = "zh") -> str:
    out: list[str] = []
    version = f"（{w('version', lang)} {result.policy_version}）" if lang == "zh" else \
        f" ({w('version', lang)} {result.policy_version})"
    out.append(f"{result.policy_title}{version if result.policy_version else ''}")
    head = []
    if result.station_name:
        sep = "：" if lang == "zh" else ": "
        head.append(f"{w('station', lang)}{sep}{result.station_name}")
    if result.phase is not None:
        phase = result.phase_label or fmt_value(result.phase, lang)
        head.append(f"{w('phase', lang)}：{phase}" if lang == "zh" else f"phase: {fmt_value(result.phase, lang)}")
    if result.facts_file:
        head.append(f"{w('facts_file', lang)}：{result.facts_file}" if lang == "zh" else
                    f"fact file: {result.facts_file}")
    if head:
        out.append("    ".join(head))
    out.append("")

    # Score sheet
    out.append(w("score_sheet", lang))
    rows = [[w("item", lang), w("max", lang), w("awarded", lang), w("counted", lang)]]
    for party in result.parties:
        share = fmt_value(party.share, lang, percent=party.share_kind == "weight")
        rows.append([party.label, share, "", fmt_value(party.counted, lang)])
        for s in (s for s in result.scores if s.party == party.id):
            awarded = "" if s.details else fmt_value(s.awarded, lang)
            rows.append(["  " + s.label, fmt_value(s.max, lang), awarded, fmt_value(s.counted, lang)])
            for name, value in s.details:
                rows.append(["    " + name, "", fmt_value(value, lang), ""])
    rows.append([w("total", lang), fmt_value(result.total_max, lang), "", fmt_value(result.total, lang)])
    out.extend(table(rows, right=(1, 2, 3)))
    out.append("")

    # Grade
    grade = fmt_value(result.grade, lang) if type(result.grade) is not Unknown else w("not_determined_grade", lang)
    if result.provisional and type(result.grade) is not Unknown:
        grade += f"（{w('provisional', lang)}）" if lang == "zh" else f" ({w('provisional', lang)})"
    sep = "：" if lang == "zh" else ": "
    out.append(f"{w('total', lang)}{sep}{fmt_value(result.total, lang)}    {w('grade', lang)}{sep}{grade}")
    hit = result.vetoes_hit
    if hit:
        names = "、".join(v.label for v in hit) if lang == "zh" else "; ".join(v.label for v in hit)
        out.append(("  一票否决：" if lang == "zh" else "  vetoed by: ") + names)
    elif result.provisional:
        out.append("  " + w("provisional_because", lang))
        for v in result.vetoes:
            if v.status == "undetermined":
                out.append(f"    - {v.label}（{w('missing', lang)} {', '.join(v.missing)}）" if lang == "zh" else
                           f"    - {v.label} (missing {', '.join(v.missing)})")
    out.append("")

    # Vetoes
    out.append(w("vetoes", lang))
    rows = []
    for v in result.vetoes:
        detail = _reads(v, lang)
        rows.append([_status(v, lang), v.label, detail])
    out.extend(table(rows))
    out.append("")

    # Findings
    out.append(w("findings", lang))
    rows = []
    for f in result.findings:
        label = f.label + (f"（{f.record}）" if f.record and lang == "zh" else f" ({f.record})" if f.record else "")
        rows.append([_status(f, lang), label, _reads(f, lang)])
    out.extend(table(rows) if rows else ["  " + w("none", lang)])
    out.append("")

    # Indicators
    if result.indicators:
        out.append(w("indicators", lang))
        first = result.indicators[0]
        header = [w("name", lang)] + list(first.field_labels or (k for k, _ in first.fields)) + [first.label]
        rows = [header]
        for line in result.indicators:
            rows.append([line.name] + [fmt_value(v, lang) for _, v in line.fields] +
                        [fmt_value(line.value, lang, percent=True)])
        out.extend(table(rows, right=tuple(range(1, len(header)))))
        out.append("")

    # Reconciliation
    if result.reconciliation:
        out.append(w("reconciliation", lang))
        rows = [["", w("declared", lang), w("computed", lang), w("difference", lang), "", w("rule", lang)]]
        for r in result.reconciliation:
            rows.append([r.label, fmt_value(r.declared, lang), fmt_value(r.computed, lang),
                         fmt_value(r.difference, lang) if r.difference is not None else "", w(r.status, lang),
                         r.rule])
        out.extend(table(rows, right=(1, 2, 3)))
        out.append("")

    # Missing facts
    if result.missing:
        out.append(w("missing_facts", lang))
        rows = [[m.key, m.label, w("required" if m.required else "optional", lang)] for m in result.missing]
        out.extend(table(rows))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _reads(check: Check, lang: str) -> str:
    if check.status == "undetermined" and check.missing:
        return f"{w('missing', lang)}: {', '.join(check.missing)}"
    parts = [f"{r.name} = {fmt_value(r.value, lang)}" for r in check.reads]
    text = "; ".join(parts)
    if check.citation:
        text += f"  〔{check.citation}〕" if lang == "zh" else f"  [{check.citation}]"
    return text
