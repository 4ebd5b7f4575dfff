"""The fact workbook template: an .xlsx file a district fills in Excel or WPS.

Input: a `CheckedPolicy` and a language. Output: the bytes of a workbook laid out as
`workbook.layout` says: a stations sheet and one sheet per list of records, labels
in row 1 (frozen), key paths in row 2 (hidden), and on every column the declaration
as data validation (whole numbers, decimals and percentages within their range,
dates, drop-down lists for one-of and yes/no facts) and as a comment on its label
(meaning, type, range, unit, required or not, the clauses of the rules that read
it), with a sheet of instructions last. Empty, so nothing is graded from an example
value; the same policy gives the same bytes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from swrules.base.diagnostics import display_width
from swrules.check import ir
from swrules.check.ir import CheckedPolicy

from .template import describe
from .workbook import (
    FIRST_ROW,
    KEY_ROW,
    LABEL_ROW,
    STATION_KEY,
    Column,
    SheetLayout,
    layout,
    phase_labels,
    workbook_bytes,
)

# Rows that carry data validation: a district's stations, and their records.
STATION_ROWS = 1000
RECORD_ROWS = 5000
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
# Excel refuses a validation message longer than this.
ALERT = 225
_UNIT = re.compile(r"[（(]([^（）()]{1,8})[）)]$")


def _unit(decl: ir.FactField) -> str | None:
    """The unit a label ends with, as in 服务经费（元）; a percentage's is %."""
    if decl.kind is ir.FactKind.PERCENT:
        return "%"
    m = _UNIT.search(decl.label or "")
    return m.group(1) if m else None


def _clauses(checked: CheckedPolicy) -> dict[str, list[str]]:
    """Key path (records' fields as `path.field`) -> the clauses of the rules that read it."""
    by_slot = {info.slot: info.key for info in checked.facts}
    out: dict[str, list[str]] = {}
    for rule in checked.rules:
        if not rule.clause:
            continue
        keys = [by_slot[s] for s in sorted(rule.facts) if s in by_slot]
        keys += [f"{by_slot[s]}.{name}" for s, name in sorted(rule.record_fields) if s in by_slot]
        for key in keys:
            if rule.clause not in out.setdefault(key, []):
                out[key].append(rule.clause)
    return out


def _bound(d: Decimal) -> str:
    return f"{d:f}"


def _validation(decl: ir.FactField, lang: str, labels: dict[str, str] | None = None) -> DataValidation | None:
    zh = lang == "zh"
    kind = decl.kind
    if kind is ir.FactKind.TEXT:
        return None
    if kind in (ir.FactKind.BOOLEAN, ir.FactKind.CHOICE):
        items = ("是", "否") if kind is ir.FactKind.BOOLEAN and zh else ("yes", "no") \
            if kind is ir.FactKind.BOOLEAN else tuple(labels) if labels and zh else decl.choices
        listed = ",".join(items)
        if any("," in c or '"' in c for c in items) or len(listed) > 250:
            return None  # Excel's inline list cannot hold these; the reader still checks the value
        dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    elif kind is ir.FactKind.DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    else:
        lo, hi = decl.minimum, decl.maximum
        if kind is ir.FactKind.PERCENT and hi is None:
            hi = Decimal(1)  # above 100% is refused by the schema (a percentage written as a number)
        dv_type: Literal["whole", "decimal"] = "whole" if kind is ir.FactKind.INTEGER else "decimal"
        if lo is not None and hi is not None:
            dv = DataValidation(type=dv_type, operator="between", formula1=_bound(lo), formula2=_bound(hi),
                                allow_blank=True)
        elif lo is not None:
            dv = DataValidation(type=dv_type, operator="greaterThanOrEqual", formula1=_bound(lo), allow_blank=True)
        elif hi is not None:
            dv = DataValidation(type=dv_type, operator="lessThanOrEqual", formula1=_bound(hi), allow_blank=True)
        else:
            dv = DataValidation(type=dv_type, operator="between", formula1="-1E+15", formula2="1E+15",
                                allow_blank=True)
    text = describe(decl, lang)
    dv.error = text[:ALERT]
    dv.errorTitle = ("值不符合要求" if zh else "value not allowed")
    dv.prompt = text[:ALERT]
    dv.showErrorMessage = True
    dv.showInputMessage = True
    return dv


def _number_format(decl: ir.FactField) -> str | None:
    return {ir.FactKind.PERCENT: "0.00%", ir.FactKind.DATE: "yyyy-mm-dd", ir.FactKind.TEXT: "@",
            ir.FactKind.INTEGER: "0"}.get(decl.kind)


def _comment(column: Column, clauses: dict[str, list[str]], lang: str, labels: dict[str, str] | None) -> str:
    zh = lang == "zh"
    if column.decl is None:
        if column.key == STATION_KEY:
            return "站点名称，与站点表中的名称完全一致。" if zh else "the station's name, as in the stations sheet."
        return "每个站点一个不重复的编号。" if zh else "a distinct key per station."
    lines = [describe(column.decl, lang)]
    unit = _unit(column.decl)
    if unit:
        lines.append(f"单位：{unit}" if zh else f"unit: {unit}")
    if clauses.get(column.key):
        lines.append(("依据：" if zh else "clause: ") + ("；" if zh else "; ").join(clauses[column.key]))
    if labels:
        pairs = [f"{label} = {value}" for label, value in labels.items()]
        lines.append(("下拉列表中的名称对应：" if zh else "names in the list stand for: ") + "，".join(pairs))
    lines.append(f"键：{column.key}" if zh else f"key: {column.key}")
    return "\n".join(lines)


def _sheet(ws: Worksheet, sheet: SheetLayout, clauses: dict[str, list[str]], lang: str, rows: int,
           station_ref: str | None, choice_labels: dict[str, dict[str, str]]) -> None:
    last = FIRST_ROW + rows - 1
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(LABEL_ROW, i, column.label)
        head.font = Font(bold=True)
        head.fill = HEAD_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        labels = choice_labels.get(column.key) if lang == "zh" else None
        comment = Comment(_comment(column, clauses, lang, labels), "swrules")
        comment.width, comment.height = 320, 160
        head.comment = comment
        ws.cell(KEY_ROW, i, column.key)
        text = column.decl is None or column.decl.kind is ir.FactKind.TEXT  # names are long
        ws.column_dimensions[letter].width = min(40, max(20 if text else 10, display_width(column.label) + 4))
        target = f"{letter}{FIRST_ROW}:{letter}{last}"
        if column.decl is not None:
            dv = _validation(column.decl, lang, labels)
            fmt = _number_format(column.decl)
            if fmt is not None:  # on the column: 85 typed in a percent column is 85%, a name stays text
                ws.column_dimensions[letter].number_format = fmt
        elif station_ref is not None:
            dv = DataValidation(type="list", formula1=station_ref, allow_blank=True)
        else:
            dv = None
        if dv is not None:
            dv.add(target)
            ws.add_data_validation(dv)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.row_dimensions[LABEL_ROW].height = 36
    ws.freeze_panes = f"B{FIRST_ROW}"


def template_workbook(checked: CheckedPolicy, lang: str = "zh") -> bytes:
    """The .xlsx template for `checked`'s facts (see the module docstring)."""
    sheets = layout(checked, lang)
    clauses = _clauses(checked)
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    stations = sheets[0]
    station_ref = f"'{stations.title}'!$A${FIRST_ROW}:$A${FIRST_ROW + STATION_ROWS - 1}"
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        records = sheet.records is not None
        _sheet(ws, sheet, clauses, lang, RECORD_ROWS if records else STATION_ROWS, station_ref if records else None,
               phase_labels(checked))
    _instructions(wb.create_sheet("填写说明" if lang == "zh" else "instructions"), checked, sheets, lang)
    return workbook_bytes(wb)


def _instructions(ws: Worksheet, checked: CheckedPolicy, sheets: tuple[SheetLayout, ...], lang: str) -> None:
    h = checked.header
    title = h.title + (f"（版本 {h.version}）" if h.version and lang == "zh" else
                       f" (version {h.version})" if h.version else "")
    names = "、".join(s.title for s in sheets[1:]) if lang == "zh" else ", ".join(s.title for s in sheets[1:])
    if lang == "zh":
        lines = [
            f"事实工作簿模板：{title}",
            "由 `swrules facts template 政策文件 --format xlsx` 生成。",
            f"“{sheets[0].title}”表：每个站点一行，每列一项事实；第 1 行是名称（批注中有类型、范围、单位和依据）。",
            f"记录表（{names or '无'}）：每条记录一行，A 列写所属站点的名称（与站点表一致）。",
            "不知道的事实留空：它会被列为“未填报”，不会被当作 0 或“否”。",
            "百分数直接输入 85%；日期输入 2025-01-31；是/否从下拉列表选择。",
            "第 2 行是隐藏的键行，程序靠它识别各列，请勿删除；列的顺序可以调整。",
            "检查：swrules facts check 政策文件 本工作簿.xlsx",
            "评估：swrules eval 政策文件 本工作簿.xlsx --format xlsx -o 区评估结果.xlsx",
        ]
    else:
        lines = [
            f"Fact workbook template: {title}",
            "Written by `swrules facts template POLICY --format xlsx`.",
            f"Sheet \"{sheets[0].title}\": one row per station, one column per fact; row 1 names it (its comment "
            "gives type, range, unit and clause).",
            f"Record sheets ({names or 'none'}): one row per record, the station's name in column A.",
            "Leave a fact you do not know empty: it is listed as not given, never taken as 0 or no.",
            "Type percentages as 85%, dates as 2025-01-31; pick yes/no from the drop-down list.",
            "Row 2 is a hidden row of keys by which the columns are found: keep it; columns may be moved.",
            "Check: swrules facts check POLICY THIS.xlsx",
            "Evaluate: swrules eval POLICY THIS.xlsx --format xlsx -o results.xlsx",
        ]
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line)
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 100
