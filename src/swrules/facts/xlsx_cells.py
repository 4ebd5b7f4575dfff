"""A workbook sheet's cells, read exactly: the part of reading workbooks that needs openpyxl.

Input: an openpyxl read-only sheet. Output: row -> column -> `Cell`, a number cell's
value the `Decimal` of its stored text (`excel_decimal`), and whether its number format shows a
date or a percentage (150% is stored as 1.5). openpyxl (~0.2 s to import) is
imported only when a workbook is read (`cells_of`), so that commands and batches reading
TOML and JSON fact files never pay for it.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from functools import cache
from typing import Any

from swrules.base.nodes import node

# Excel keeps what is typed to 15 significant digits, and shows no more.
EXCEL_DIGITS = 15


def excel_decimal(text: str) -> Decimal:
    """The decimal a number cell's stored text stands for: the text itself, unless it
    carries more than 15 significant digits, which are the binary double's tail (Excel
    writes up to 17, openpyxl 16: `9.140000000000001` for 9.14), rounded away."""
    d = Decimal(text)
    if not d.is_finite() or len(d.as_tuple().digits) <= EXCEL_DIGITS:
        return d
    d = d.quantize(Decimal(1).scaleb(d.adjusted() - EXCEL_DIGITS + 1))
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


@node
class Cell:
    value: Any
    ref: str  # `F7`
    date_format: bool = False
    percent_format: bool = False  # shown as a percentage (150% is stored as 1.5)


@cache
def _exact_parser() -> Any:
    """openpyxl's sheet parser; a number cell's value is the Decimal of its stored text."""
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

    class ExactParser(WorkSheetParser):
        percent_styles: frozenset[int] = frozenset()  # set by `cells_of` from the workbook's styles

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if element.get("t", "n") == "n" and cell["data_type"] in ("n", "d", "e"):
                text = element.findtext(VALUE_TAG)
                if text:
                    cell["date_format"] = cell["data_type"] != "n"  # 'd' from a date format, 'e' out of its range
                    cell["percent_format"] = cell["style_id"] in self.percent_styles
                    cell["value"] = excel_decimal(text)
                    cell["data_type"] = "n"
            return cell

    return ExactParser


def _percent_styles(wb: Any) -> frozenset[int]:
    """The cell styles whose number format shows a percentage (`0%`, `0.00%`): a `%` outside the
    format's quoted text and escapes. openpyxl indexes the date formats this way; not these."""
    import re

    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

    out = set()
    for idx, style in enumerate(wb._cell_styles):
        n = style.numFmtId
        custom = n >= BUILTIN_FORMATS_MAX_SIZE
        fmt = wb._number_formats[n - BUILTIN_FORMATS_MAX_SIZE] if custom else builtin_format_code(n)
        if fmt and "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            out.add(idx)
    return frozenset(out)


def cells_of(ws: Any) -> dict[int, dict[int, Cell]]:
    """Row -> column -> cell of a read-only sheet, empty cells left out."""
    from openpyxl.utils import get_column_letter

    wb = ws.parent
    rows: dict[int, dict[int, Cell]] = {}
    # openpyxl's read-only sheet builds this same parser from these same attributes
    # (`ReadOnlyWorksheet._cells_by_row`); they are internal, hence the pin `openpyxl<3.2`.
    with ws._get_source() as src, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of a date serial out of range; we read the number
        parser = _exact_parser()(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        parser.percent_styles = _percent_styles(wb)
        for _, row in parser.parse():
            for c in row:
                value = c["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                rows.setdefault(c["row"], {})[c["column"]] = Cell(
                    value, f"{get_column_letter(c['column'])}{c['row']}", bool(c.get("date_format")),
                    bool(c.get("percent_format")))
    return rows
