"""Filling a fact workbook template by code, as a district would in Excel: a helper for the tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from swrules.check import ir
from swrules.check.ir import CheckedPolicy
from swrules.facts.workbook import (
    FIRST_ROW,
    KEY_ROW,
    ROW_KEY,
    STATION_KEY,
    layout,
    name_key,
    phase_labels,
    workbook_bytes,
)


def _get(data: Mapping[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _cell_value(value: Any, decl: ir.FactField | None) -> tuple[Any, str | None]:
    """The value as Excel would store it, and its number format."""
    if decl is not None and decl.kind is ir.FactKind.PERCENT:
        if isinstance(value, str) and value.endswith("%"):
            return Decimal(value[:-1]).scaleb(-2), "0.00%"
        return value, "0.00%"
    if isinstance(value, dt.date):
        return value, "yyyy-mm-dd"
    return value, None


def _as_typed(cell: Any, fmt: str | None) -> None:
    if fmt:
        cell.number_format = fmt
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, as typed after an apostrophe: openpyxl would store "=1+1" as a formula


def fill(template: bytes, checked: CheckedPolicy, stations: Sequence[Mapping[str, Any]]) -> bytes:
    """The template with one row per station mapping (and its records in the record sheets)."""
    wb = load_workbook(io.BytesIO(template))
    sheets = layout(checked)
    named = name_key(checked)
    # The phase as the drop-down offers it (中期评估), as a district would pick it.
    words = {key: {value: label for label, value in labels.items()} for key, labels in phase_labels(checked).items()}
    names = []
    for n, data in enumerate(stations):
        names.append(str(_get(data, named)) if named else f"S{n + 1}")
    for sheet in sheets:
        ws = wb[sheet.title]
        keys = {c.value: c.column for c in ws[KEY_ROW] if c.value}
        decls = {c.key: c.decl for c in sheet.columns}
        row = FIRST_ROW
        for name, data in zip(names, stations, strict=True):
            if sheet.records is None:
                for key, col in keys.items():
                    value = name if key == ROW_KEY else _get(data, key)
                    if isinstance(value, str) and key in words:
                        value = words[key].get(value, value)
                    if value is not None:
                        cell = ws.cell(row, col)
                        cell.value, fmt = _cell_value(value, decls.get(key))
                        _as_typed(cell, fmt)
                row += 1
                continue
            for record in _get(data, ".".join(sheet.path)) or []:
                ws.cell(row, keys[STATION_KEY], name)
                for key, col in keys.items():
                    field = key.rsplit(".", 1)[-1]
                    if key != STATION_KEY and field in record:
                        cell = ws.cell(row, col)
                        cell.value, fmt = _cell_value(record[field], decls.get(key))
                        _as_typed(cell, fmt)
                row += 1
    return workbook_bytes(wb)
