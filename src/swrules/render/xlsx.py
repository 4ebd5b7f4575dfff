"""District results as a formatted workbook (`swrules eval ... --format xlsx`).

Input: the batch's `StationRow`s, its `BatchTotals` and a language. Output: the bytes
of an .xlsx file: a summary sheet (one row per station: scores per party, total,
grade coloured by rank, provisional, vetoes hit by their labels, published figures that differ,
the facts the station must give (`render.checks`), errors), one sheet per veto, per station's
finding and per check of the evaluation's own process (程序：, after the others) that was hit,
raised or undetermined anywhere, the batch totals, native charts of the totals, grades and vetoes
(`xlsx_charts`, when the policy's scale is given), and the errors of the rows that could not
be evaluated, each with a frozen header, filters and widths that fit Chinese text.
Text is stored as text, never as a formula (a
station named `=1+1` shows as written). Numbers are stored as numbers: the exact decimal is written as Excel's number (a
binary double, which is fine here: this is output, nothing is computed from it), with
as many decimal places shown as the policy's rounding gave the column's values.
The same rows give the same bytes (`workbook_bytes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from swrules.base.diagnostics import display_width
from swrules.base.show import join, yes_no
from swrules.base.words import w
from swrules.engine.batch import UNDETERMINED_GRADE, BatchTotals, ReadLines, StationRow
from swrules.engine.district import Scale
from swrules.facts.workbook import sheet_title, workbook_bytes

from .checks import is_process_label, plain, vetoes_hit
from .labels import NONE, Labels, StationNames, near_edge
from .reads import lacking_text, reads_text
from .xlsx_charts import add_charts

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
# Grade colours by rank: the best green, the worst red, those between amber.
BEST, MIDDLE, WORST = "C6EFCE", "FFEB9C", "FFC7CE"


def _places(values: Sequence[Any]) -> int:
    exps = [v.as_tuple().exponent for v in values if isinstance(v, Decimal) and v.is_finite()]
    return max([0, *(-e for e in exps if isinstance(e, int))])


def _number_format(places: int) -> str:
    return "0" if places == 0 else "0." + "0" * places


def _sheet(ws: Worksheet, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table from A1: bold header, frozen, filtered, widths by display width, decimals aligned per column."""
    for i, name in enumerate(head, start=1):
        cell = ws.cell(1, i, name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for i, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = ws.cell(r, i, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: openpyxl would store `=1+1` as a formula
    for i in range(1, len(head) + 1):
        column = [row[i - 1] for row in rows]
        letter = get_column_letter(i)
        if any(isinstance(v, Decimal) for v in column):
            fmt = _number_format(_places(column))
            for r, v in enumerate(column, start=2):
                if isinstance(v, Decimal):
                    ws.cell(r, i).number_format = fmt
        widest = max([display_width(str(head[i - 1]))] + [display_width(str(v)) for v in column if v is not None])
        ws.column_dimensions[letter].width = min(60, widest + 2)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"


def _grade_fills(sums: BatchTotals) -> dict[str, PatternFill]:
    grades = [g for g, _ in sums.per_grade if g != UNDETERMINED_GRADE]
    fills = {}
    for rank, grade in enumerate(grades):
        colour = BEST if rank == 0 else WORST if rank == len(grades) - 1 else MIDDLE
        fills[grade] = PatternFill("solid", fgColor=colour)
    return fills


def results_workbook(rows: Sequence[StationRow], sums: BatchTotals, lang: str,
                     outputs: Sequence[tuple[str, str]] = (), scale: Scale | None = None, labels: Labels = NONE
                     ) -> bytes:
    """The result workbook (see the module docstring); with the policy's `scale`, a sheet of charts too;
    rules and published figures the totals and rows name by program names shown by their `labels`."""
    zh = lang == "zh"
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    taken: set[str] = set()
    summary.title = sheet_title("汇总" if zh else "summary", taken)
    parties: list[str] = []
    for r in rows:
        parties += [label for label, _ in r.parties if label not in parties]
    head = ["文件" if zh else "file", "站点" if zh else "station", "阶段" if zh else "phase", *parties,
            "总分" if zh else "total", "等级" if zh else "grade", w("provisional", lang),
            "一票否决" if zh else "vetoes hit", "核对差异" if zh else "differences",
            w("missing_column", lang), "政策版本" if zh else "policy version",
            *(header for _, header in outputs), "错误" if zh else "errors"]
    table = []
    for r in rows:
        scores = dict(r.parties)
        yes = None if r.provisional is None else yes_no(r.provisional, lang)
        phase = (r.phase_label if zh else None) or r.phase
        errors = f"{len(r.errors)} 个错误，见“错误”表" if zh and r.errors else \
            f"{len(r.errors)} errors, see the errors sheet" if r.errors else None
        table.append([r.path, r.station, phase, *(scores.get(p) for p in parties), r.total, r.grade, yes,
                      join(vetoes_hit(r), lang), "; ".join(labels.difference(d, lang) for d in r.differences),
                      "; ".join(labels.to_give(key, lang) for key in r.to_give), r.policy_version,
                      *(dict(r.outputs).get(name) for name, _ in outputs), errors])
    _sheet(summary, head, table)
    fills = _grade_fills(sums)
    grade_col = 3 + len(parties) + 2
    for i, r in enumerate(rows, start=2):
        if r.grade in fills:
            summary.cell(i, grade_col).fill = fills[r.grade]
    _checks(wb, rows, lang, taken)
    _totals(wb.create_sheet(sheet_title("汇总数" if zh else "totals", taken)), sums, lang, labels,
            StationNames.of(rows))
    if scale is not None:
        add_charts(wb, rows, sums, scale, lang, taken, labels)
    failed = [r for r in rows if not r.evaluated]
    if failed:
        lines = [[r.path, e.get("file") or "", e["key_path"] or "", e["code"], e["message"], e["help"] or ""]
                  for r in failed for e in r.errors]
        _sheet(wb.create_sheet(sheet_title("错误" if zh else "errors", taken)),
               ["文件" if zh else "file", "位置" if zh else "place", "键" if zh else "key", "代码" if zh else "code",
                "问题" if zh else "problem", "帮助" if zh else "help"], lines)
    return workbook_bytes(wb)


def _checks(wb: Workbook, rows: Sequence[StationRow], lang: str, taken: set[str]) -> None:
    """A sheet per veto and per finding, listing the stations where it was hit, raised or undetermined."""
    zh = lang == "zh"
    order: dict[tuple[str, str], str] = {}
    for r in rows:
        for kind, rule, label, *_ in r.checks:
            order.setdefault((kind, rule), label)
    # vetoes, the station's findings, then the checks of the evaluation's own process (`render.checks`)
    groups = (("veto", False, "否决：" if zh else "veto "), ("finding", False, "关注：" if zh else "finding "),
              ("finding", True, "程序：" if zh else "process "))
    for kind, process, prefix in groups:
        for (k, rule), label in order.items():
            if k != kind or is_process_label(label) != process:
                continue
            lines = [[r.path, r.station, w(status, lang), record or None, _reads(reads, lang) or None]
                     for r in rows for (ck, cr, _, status, record, reads) in r.checks if (ck, cr) == (k, rule)]
            _sheet(wb.create_sheet(sheet_title(prefix + plain(label), taken)),
                   ["文件" if zh else "file", "站点" if zh else "station", "结果" if zh else "status",
                    "记录" if zh else "record",
                    "读取的值（或未填报的事实）" if zh else "values read (or facts not given)"],
                   lines)


def _reads(reads: ReadLines, lang: str) -> str:
    """A row's check as `eval`'s text says it (`render.reads`): what it read by the policy's labels,
    or, for one not decided for want of facts, 未填报： and those facts."""
    values, lacking = reads
    return lacking_text(lacking, lang) if lacking else reads_text(values, lang)


def _totals(ws: Worksheet, sums: BatchTotals, lang: str, labels: Labels, names: StationNames) -> None:
    zh = lang == "zh"
    lines: list[list[Any]] = [
        ["读取" if zh else "read", sums.read], ["评估" if zh else "evaluated", sums.evaluated],
        ["失败" if zh else "failed", sums.failed],
        *([f"{'等级' if zh else 'grade'} {g}", n] for g, n in sums.per_grade),
        [w("grade_provisional", lang), sums.provisional],
        *([f"{'一票否决' if zh else 'veto'} {labels.rule(v)}", n] for v, n in sums.per_veto),
        *([f"{'从未触发' if zh else 'never fired'}", labels.rule(name)] for name in sums.never_fired),
        *(["距等级界限一分以内" if zh else "within one point of a band edge", near_edge(names(p, lang), t, e, lang)]
          for p, t, e in sums.near_edges),
    ]
    _sheet(ws, ["项目" if zh else "item", "数" if zh else "count"], lines)
