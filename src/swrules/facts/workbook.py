"""The layout of a district's fact workbook, shared by the template and the reader.

Input: a `CheckedPolicy`. Output: the sheets a fact workbook has (`SheetLayout`): one
sheet of stations, a row per station and a column per scalar fact, and one sheet per
list of records, a row per record, keyed by the station's name in column A. Every
sheet has the Chinese (or English) label in row 1 and the key path in row 2 (hidden
in the template), and data from row 3. The reader finds columns by the key row, so
columns may be moved, and sheets renamed. Also: how a workbook is saved so that the
same content gives the same bytes (`workbook_bytes`).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.nodes import node
from swrules.check import ir
from swrules.check.ir import CheckedPolicy

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written, not by every reader of fact files
    from openpyxl import Workbook

LABEL_ROW = 1
KEY_ROW = 2
FIRST_ROW = 3
# Column A of a records sheet: the station the record belongs to (not a fact).
STATION_KEY = "#station"
# The key column when a policy declares no text fact to name a station by.
ROW_KEY = "#key"
# Excel refuses these in sheet names, and names longer than 31 characters.
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})
# docProps and zip entries carry this time instead of now: same inputs, same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)


@node
class Column:
    key: str  # the key path written in row 2: `compliance.staffing_shortfall`, `scores.service_quality.score`
    label: str
    decl: ir.FactField | None  # None for the station-key column


@node
class SheetLayout:
    title: str
    path: tuple[str, ...]  # () for the stations sheet; the record list's key path otherwise
    columns: tuple[Column, ...]
    records: ir.RecordsField | None = None


def station_sheet_title(lang: str) -> str:
    return "站点" if lang == "zh" else "stations"


def sheet_title(text: str, taken: set[str]) -> str:
    """`text` as a sheet name Excel accepts (31 characters, none of []:*?/\\), distinct from `taken`."""
    base = text.translate(_BAD_TITLE).strip("'")[:31] or "sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"_{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def name_key(checked: CheckedPolicy) -> str | None:
    """The fact that names a station (the first required text fact of a section), if any."""
    for d in checked.fact_decls:
        if isinstance(d, ir.FactSection):
            for f in d.fields:
                if isinstance(f, ir.FactField) and f.kind is ir.FactKind.TEXT and not f.optional:
                    return f"{d.name}.{f.name}"
    return None


def phase_labels(checked: CheckedPolicy) -> dict[str, dict[str, str]]:
    """Key path of the phase fact -> {label: value} (`中期评估` -> `midterm`), when every
    phase has a label: a drop-down offers the policy's words, the reader maps them back."""
    phases = checked.phases
    if phases is None or not all(p.label for p in phases.phases):
        return {}
    return {phases.source.dotted: {str(p.label): p.name for p in phases.phases}}


def layout(checked: CheckedPolicy, lang: str = "zh") -> tuple[SheetLayout, ...]:
    """The sheets of the policy's fact workbook, stations first; `FactsError` for a
    shape a workbook cannot hold (records within records)."""
    zh = lang == "zh"
    station_cols: list[Column] = []
    record_sheets: list[tuple[tuple[str, ...], ir.RecordsField]] = []
    for d in checked.fact_decls:
        if isinstance(d, ir.FactSection):
            for f in d.fields:
                if isinstance(f, ir.RecordsField):
                    record_sheets.append(((d.name, f.name), f))
                else:
                    station_cols.append(Column(f"{d.name}.{f.name}", f.label or f.name, f))
        elif isinstance(d, ir.RecordsField):
            record_sheets.append(((d.name,), d))
    named = name_key(checked)
    if named is None:
        station_cols.insert(0, Column(ROW_KEY, "站点编号" if zh else "station key", None))
    else:
        first = next(c for c in station_cols if c.key == named)
        station_cols.remove(first)
        station_cols.insert(0, first)
    taken: set[str] = set()
    sheets = [SheetLayout(sheet_title(station_sheet_title(lang), taken), (), tuple(station_cols))]
    station_word = "站点" if zh else "station"
    for path, rec in record_sheets:
        nested = [f for f in rec.fields if isinstance(f, ir.RecordsField)]
        if nested:
            raise FactsError([Diagnostic("E0834", {"key": ".".join((*path, nested[0].name))})])
        cols = [Column(STATION_KEY, station_word, None)]
        cols += [Column(".".join((*path, f.name)), f.label or f.name, f)
                 for f in rec.fields if isinstance(f, ir.FactField)]
        sheets.append(SheetLayout(sheet_title(rec.label or ".".join(path), taken), path, tuple(cols), rec))
    return tuple(sheets)


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file of `wb`, the same bytes for the same content: openpyxl stamps
    docProps with the time of saving and zip entries with the local time, so both are
    replaced by `FIXED_TIME`."""
    wb.properties.creator = "swrules"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    # ExcelWriter.save, not Workbook.save: the latter sets `modified` to now.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The zip archive `data` with every entry stamped `FIXED_TIME`, mode 0644, deflated,
    in the order it had: an Office file saved twice gives the same bytes."""
    import zipfile  # imported when a workbook is written, not by every command that could write one

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
