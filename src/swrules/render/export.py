"""District results as CSV that Excel and WPS open correctly.

Input: the batch's `StationRow`s and a language. Output: CSV text, one line per
station, with headers and values in that language (`--lang zh`: 文件, 状态, 已评估,
中期评估, 是/否), lists joined with "; ", totals as the exact decimals computed.
Guarantees: a byte-order mark first unless asked not to (Excel on Chinese Windows
reads a CSV without one as GBK and shows UTF-8 Chinese garbled); and no cell is read
as a formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
a leading `'` (a station or file name such as `=HYPERLINK(...)` stays text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from swrules.engine.batch import StationRow

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ("path", "status", "station", "phase", "total", "grade", "provisional", "vetoes_hit", "facts_missing",
           "differences", "near_band_edge", "policy_version", "errors")
HEADERS_ZH = ("文件", "状态", "站点", "阶段", "总分", "等级", "暂定", "一票否决", "缺失事实", "核对差异",
              "距等级界限一分以内", "政策版本", "错误")


def neutralise(text: str) -> str:
    """A cell that a spreadsheet would run as a formula, made plain text with a leading `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _dec(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _yes(value: bool | None, zh: bool) -> str:
    if value is None:
        return ""
    return ("是" if value else "否") if zh else ("true" if value else "false")


def row_cells(row: StationRow, lang: str) -> list[str]:
    """The CSV cells of one row, in `COLUMNS` order, before neutralisation."""
    zh = lang == "zh"
    if zh:
        status = "已评估" if row.evaluated else "未评估"
        phase = row.phase_label or row.phase or ""
    else:
        status = "evaluated" if row.evaluated else "failed"
        phase = row.phase or ""
    errors = [f"{e['code']} {e['message']}" for e in row.errors]
    return [row.path, status, row.station or "", phase, _dec(row.total), row.grade or "",
            _yes(row.provisional, zh), "; ".join(row.vetoes_hit), "; ".join(row.missing),
            "; ".join(row.differences), _dec(row.near_edge), row.policy_version or "", "; ".join(errors)]


def csv_text(rows: Sequence[StationRow], lang: str, *, bom: bool = True) -> str:
    """The rows as CSV (see the module docstring); `bom=False` for pipelines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS_ZH if lang == "zh" else COLUMNS)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row_cells(row, lang)])
    return (BOM if bom else "") + buffer.getvalue()
