"""Reading a district's fact workbook (.xlsx): one fact mapping per station row.

Input: the path of a workbook laid out as `workbook.layout` describes (the template
`swrules facts template --format xlsx` writes), and the `CheckedPolicy`. Output: one
`StationInput` per non-empty row of the stations sheet, its records gathered from the
record sheets by the station's name, each value converted to what a TOML fact file
would hold, and the cell of every value, so that the schema's errors (found by key
path, in the catalogue's words) can name the workbook, sheet and cell.

Exact by construction: openpyxl parses a number cell's stored text (`<v>9.42</v>`,
the shortest decimal that round-trips Excel's double) with `float`. `_ExactParser`
is openpyxl's own sheet parser with one change: a number cell's value is
`Decimal` of that same text, never a float. A cell formatted as a percentage holds the
fraction (85% typed in Excel is stored as 0.85 with a `%` format); a percent fact reads it
as the cell shows it, as a fact file's `"85%"`, so that 150% is refused as 150% (out of
range), never as a fraction written as a whole number. A date cell is
a serial number with a date format; a date fact accepts it, and a plain serial
number, converted by whole days from the workbook's epoch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.nodes import node
from swrules.base.values import shifted
from swrules.base.words import os_reason
from swrules.check import ir
from swrules.check.ir import CheckedPolicy

from .schema import read_fact_file
from .workbook import FIRST_ROW, KEY_ROW, ROW_KEY, STATION_KEY, SheetLayout, layout, name_key, phase_labels
from .xlsx_cells import EXCEL_DIGITS as EXCEL_DIGITS
from .xlsx_cells import Cell as _Cell
from .xlsx_cells import cells_of
from .xlsx_cells import excel_decimal as excel_decimal

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_TRUE = {"是", "true", "yes", "y", "对", "√"}
_FALSE = {"否", "false", "no", "n", "不", "×"}


def is_workbook(path: str) -> bool:
    return path.lower().endswith(XLSX_SUFFIXES)


def _number_text(d: Decimal) -> str:
    return f"{d:f}"


def cell_value(cell: _Cell, decl: ir.FactField, epoch: dt.datetime, labels: Mapping[str, str] | None = None) -> Any:
    """A cell's value as a TOML fact file would hold it for `decl` (`labels`: a one-of
    fact's words in the drop-down, to its values); anything that does not fit is
    passed on as it is, for the schema to report in its own words."""
    v, kind = cell.value, decl.kind
    if isinstance(v, str):
        v = v.strip()
    if kind is ir.FactKind.TEXT:
        return _number_text(v) if isinstance(v, Decimal) else v
    if kind is ir.FactKind.CHOICE:
        v = _number_text(v) if isinstance(v, Decimal) else v
        return (labels or {}).get(v, v) if isinstance(v, str) else v
    if kind is ir.FactKind.BOOLEAN:
        if isinstance(v, str) and v.lower() in _TRUE | _FALSE:
            return v.lower() in _TRUE
        return v
    if kind is ir.FactKind.DATE:
        if isinstance(v, Decimal):
            if v != v.to_integral_value() or v < 1:
                return _serial(v, epoch)  # a time of day, or no date: the schema refuses it
            from openpyxl.utils.datetime import from_excel

            return from_excel(int(v), epoch).date()
        if isinstance(v, dt.datetime) and v.time() == dt.time():
            return v.date()
        return v
    if isinstance(v, Decimal):
        if cell.date_format:
            return _serial(v, epoch)  # a date where a number belongs: shown as the date the user sees
        if kind is ir.FactKind.PERCENT and cell.percent_format and v.is_finite():
            # As the cell shows it (150% is stored as 1.5): read as a fact file's "150%", and so named
            # in a message, never taken for a percentage written as a whole number (E0806).
            return f"{shifted(v, 2):f}%"
        return v
    if isinstance(v, str) and kind is not ir.FactKind.PERCENT:
        try:  # a number typed into a text-formatted cell (WPS does this): exact as written; `9,42` is not one
            d = Decimal(v)
        except InvalidOperation:
            return v
        return d if d.is_finite() else v
    return v


def _column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))


def _serial(v: Decimal, epoch: dt.datetime) -> Any:
    from openpyxl.utils.datetime import from_excel

    try:
        return from_excel(float(v), epoch)  # only shown in a message, never computed with
    except (OverflowError, ValueError):
        return v


@node
class StationInput:
    """One station's facts, from a fact file or a workbook row, with the cells they came from."""

    name: str  # how outputs name it: the file, or `区评估.xlsx!站点!3:3`
    data: Any
    digest: str  # sha256 of the file the facts came from
    cells: Mapping[str, str] = field(default_factory=dict)  # key path -> `区评估.xlsx!站点!F7`
    key: str | None = None  # the station's name (or key) in its workbook
    problems: tuple[Diagnostic, ...] = ()  # found while reading the workbook

    def locate(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics with the cell of their key path as their place (workbook rows only)."""
        if not self.cells:
            return diagnostics
        out = []
        for d in diagnostics:
            if d.file != self.name or d.span is not None:
                out.append(d)
                continue
            first = (d.key_path or "").split(", ")[0]
            where = self.cells.get(first)
            while where is None and first and ("." in first or "[" in first):
                first = first[: max(first.rfind("."), first.rfind("["))]
                where = self.cells.get(first)
            out.append(replace(d, file=where or self.name))
        return out


@dataclass(slots=True)
class Workbook:
    """A fact workbook read: its stations, and problems that belong to no station."""

    path: str
    stations: list[StationInput]
    problems: list[Diagnostic]


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return
        node = child
    node[parts[-1]] = value


def _role(keys: Mapping[int, str], sheets: tuple[SheetLayout, ...]) -> SheetLayout | None:
    """The layout sheet whose key row this is (most keys in common), or None for a sheet of notes."""
    found = set(keys.values())
    best, score = None, 0
    for s in sheets:
        common = len(found & {c.key for c in s.columns})
        if common > score and (STATION_KEY in found) == (s.records is not None):
            best, score = s, common
    return best


def read_workbook(path: str, checked: CheckedPolicy) -> Workbook:
    """Read a fact workbook; `FactsError` if it cannot be read or has no stations sheet."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FactsError([Diagnostic("E0001", os_reason(exc), file=path)]) from None
    digest = hashlib.sha256(raw).hexdigest()
    # openpyxl (and zipfile) are imported here, when a workbook is read, not by every command that could read one.
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FactsError([Diagnostic("E0830", {"reason": str(exc) or type(exc).__name__}, file=path)]) from None
    sheets = layout(checked)
    book = path
    stations: list[StationInput] = []
    by_key: dict[str, int] = {}
    problems: list[Diagnostic] = []
    records: list[tuple[SheetLayout, str, dict[int, str], dict[int, dict[int, _Cell]]]] = []
    named = name_key(checked)
    found = False
    try:
        for ws in wb.worksheets:
            if not isinstance(ws, ReadOnlyWorksheet):
                continue
            cells = cells_of(ws)
            keys = {col: str(c.value).strip() for col, c in cells.get(KEY_ROW, {}).items()}
            role = _role(keys, sheets)
            if role is None:
                continue
            if role.records is not None:
                records.append((role, ws.title, keys, cells))
                continue
            found = True
            decls = {c.key: c.decl for c in role.columns}
            labels = phase_labels(checked)
            # A row is a station when it has a value under a key: notes beside the table are not.
            for r in sorted(n for n in cells if n >= FIRST_ROW and any(col in keys for col in cells[n])):
                entry = _station_row(book, ws.title, r, cells[r], keys, decls, named, wb.epoch, digest, labels)
                if entry.key is not None and entry.key in by_key:
                    first = stations[by_key[entry.key]].name
                    where = entry.cells.get(named or "", entry.name)  # the name's cell
                    entry = replace(entry, problems=(Diagnostic("E0833", {"name": entry.key, "first": first},
                                                                file=where),))
                elif entry.key is not None:
                    by_key[entry.key] = len(stations)
                stations.append(entry)
    finally:
        wb.close()
    if not found:
        raise FactsError([Diagnostic("E0831", {"book": book}, file=path)])
    for role, title, keys, cells in records:
        problems += _add_records(book, title, role, keys, cells, stations, by_key, wb.epoch)
    return Workbook(path, stations, problems)


def _station_row(book: str, title: str, r: int, row: dict[int, _Cell], keys: Mapping[int, str],
                 decls: Mapping[str, ir.FactField | None], named: str | None, epoch: dt.datetime,
                 digest: str, labels: Mapping[str, Mapping[str, str]]) -> StationInput:
    data: dict[str, Any] = {}
    where: dict[str, str] = {}
    key = None
    for col, cell in sorted(row.items()):
        name = keys.get(col)
        if name is None:
            continue  # a column without a key is a note beside the table
        decl = decls.get(name)
        if decl is None and name == ROW_KEY:
            key = str(cell.value).strip()
            continue
        value = cell_value(cell, decl, epoch, labels.get(name)) if decl is not None else cell.value
        if name == named and isinstance(value, str):
            key = value
        _put(data, name, value)
        where[name] = f"{book}!{title}!{cell.ref}"
    return StationInput(f"{book}!{title}!{r}:{r}", data, digest, where, key)


def _add_records(book: str, title: str, role: SheetLayout, keys: Mapping[int, str],
                 cells: dict[int, dict[int, _Cell]], stations: list[StationInput], by_key: Mapping[str, int],
                 epoch: dt.datetime) -> list[Diagnostic]:
    """Append each record row to its station's list; a row naming no station is a problem."""
    decls = {c.key: c.decl for c in role.columns}
    prefix = ".".join(role.path) + "."
    key_col = next(col for col, k in keys.items() if k == STATION_KEY)
    problems = []
    for r in sorted(n for n in cells if n >= FIRST_ROW and any(col in keys for col in cells[n])):
        row = cells[r]
        owner = row.get(key_col)
        named = cell_value(owner, ir.FactField("", ir.FactKind.TEXT), epoch) if owner else ""
        if named not in by_key:
            ref = owner.ref if owner else f"{_column_letter(key_col)}{r}"
            problems.append(Diagnostic("E0832", {"name": named, "sheet": title}, file=f"{book}!{title}!{ref}"))
            continue
        station = stations[by_key[named]]
        record: dict[str, Any] = {}
        parent = station.data
        for part in role.path[:-1]:
            parent = parent.setdefault(part, {})
        rows = parent.setdefault(role.path[-1], [])
        if not isinstance(rows, list):
            continue
        index = f"{'.'.join(role.path)}[{len(rows)}]"
        cellmap = dict(station.cells)
        cellmap.setdefault(".".join(role.path), station.name)
        cellmap[index] = f"{book}!{title}!{r}:{r}"
        for col, cell in sorted(row.items()):
            name = keys.get(col)
            if name is None or col == key_col:
                continue
            decl = decls.get(name)
            field_name = name.removeprefix(prefix)
            record[field_name] = cell_value(cell, decl, epoch) if decl is not None else cell.value
            cellmap[f"{index}.{field_name}"] = f"{book}!{title}!{cell.ref}"
        rows.append(record)
        stations[by_key[named]] = replace(station, cells=cellmap)
    return problems


def split_selector(arg: str) -> tuple[str, str | None]:
    """`区评估.xlsx#洛浦街社工服务站` or `区评估.xlsx#3` -> (workbook, station name or row)."""
    base, sep, chosen = arg.rpartition("#")
    if sep and is_workbook(base) and not Path(arg).exists():
        return base, chosen
    return arg, None


def stations_in(arg: str, checked: CheckedPolicy) -> Workbook:
    """The stations of a workbook argument, only the one named after `#` if there is one."""
    path, chosen = split_selector(arg)
    book = read_workbook(path, checked)
    if chosen is None:
        return book
    picked = [s for s in book.stations
              if s.key == chosen or (chosen.isdigit() and s.name.endswith(f"!{chosen}:{chosen}"))]
    if not picked:
        raise FactsError([Diagnostic("E0836", {"name": chosen, "names": _names(book)}, file=path)])
    return Workbook(path, picked[:1], [])


def _names(book: Workbook) -> str:
    return "、".join(f"{s.key or '?'}（{s.name.rsplit('!', 1)[-1]}）" for s in book.stations[:10]) + \
        ("……" if len(book.stations) > 10 else "")


def one_station(arg: str, checked: CheckedPolicy) -> StationInput:
    """The one station a command such as `report` takes: a fact file, or a workbook
    holding one station (or one named after `#`); `FactsError` otherwise."""
    if not is_workbook(split_selector(arg)[0]):
        data, source = read_fact_file(arg)
        return StationInput(arg, data, hashlib.sha256(source.text.encode("utf-8")).hexdigest())
    book = stations_in(arg, checked)
    if book.problems:
        raise FactsError(book.problems)
    if len(book.stations) != 1:
        example = f"{book.path}#{book.stations[0].key or 3}" if book.stations else f"{book.path}#3"
        raise FactsError([Diagnostic("E0835", {"book": book.path, "count": len(book.stations),
                                               "example": example, "names": _names(book)}, file=book.path)])
    station = book.stations[0]
    if station.problems:
        raise FactsError(list(station.problems))
    return station
