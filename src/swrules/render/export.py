"""District results as CSV that Excel and WPS open correctly.

Input: the batch's `StationRow`s and a language. Output: the cells of CSV lines, one
line per station, with headers and values in that language (`--lang zh`: 文件, 状态, 已评估,
中期评估, 是/否), lists joined with "; ", totals as the exact decimals computed. Rows are
given one at a time (`csv_row`), so that a batch is written as it is evaluated.
Guarantees: a byte-order mark first unless asked not to (Excel on Chinese Windows
reads a CSV without one as GBK and shows UTF-8 Chinese garbled); and no text cell is
read as a formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
gets a leading `'` (`base.textsafe.csv_cell`: a station or file name such as
`=HYPERLINK(...)` stays text), while the numbers the engine computed (the total, the
band edge) are written as they are, so that a negative total stays a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from swrules.base.show import paren
from swrules.base.textsafe import csv_cell
from swrules.base.units import Unit
from swrules.base.words import w
from swrules.check import ir
from swrules.check.ir import CheckedPolicy
from swrules.engine.batch import StationRow

from .checks import vetoes_hit
from .labels import NONE, Labels

BOM = "\ufeff"

# `facts_to_give`: the facts the station must give (as `eval`'s text lists them), not every optional
# fact left out; the JSON rows keep `facts_missing` (all of them) beside it.
COLUMNS = ("path", "status", "station", "phase", "total", "grade", "provisional", "vetoes_hit", "facts_to_give",
           "differences", "near_band_edge", "policy_version", "errors")
HEADERS_ZH = ("文件", "状态", "站点", "阶段", "总分", "等级", w("provisional", "zh"), "一票否决",
              w("missing_column", "zh"), "核对差异", "距等级界限一分以内", "政策版本", "错误")


# A cell that a spreadsheet would run as a formula, made plain text with a leading `'`.
neutralise = csv_cell
# The columns holding numbers the engine computed: never neutralised.
NUMERIC = (COLUMNS.index("total"), COLUMNS.index("near_band_edge"))


def _dec(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _yes(value: bool | None, zh: bool) -> str:
    if value is None:
        return ""
    return ("是" if value else "否") if zh else ("true" if value else "false")


def row_cells(row: StationRow, lang: str, labels: Labels = NONE) -> list[str]:
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
            _yes(row.provisional, zh), "; ".join(vetoes_hit(row)),
            # for people (zh), each by its label with its key beside it; the English CSV's are the JSON's keys
            "; ".join(labels.to_give(key, lang) for key in row.to_give) if zh else "; ".join(row.to_give),
            "; ".join(labels.difference(d, lang) for d in row.differences), _dec(row.near_edge),
            row.policy_version or "", "; ".join(errors)]


def output_columns(policies: Sequence[CheckedPolicy], lang: str) -> tuple[tuple[str, str], ...]:
    """The policy's outputs as extra columns after the fixed ones: (id, header), the header
    naming the unit of money, points or a counted word: `团队奖励（元）`. Every version's, once."""
    out: dict[str, str] = {}
    for checked in policies:
        for rule in checked.rules:
            d = rule.decl
            if isinstance(d, ir.Define) and d.output and rule.name not in out:
                kind = d.unit.kind if d.unit is not None else None
                word = (d.unit.label if d.unit is not None else None) or \
                    (w(kind.value, lang) if kind in (Unit.YUAN, Unit.POINTS) and kind is not None else None)
                out[rule.name] = rule.label + (paren(word, lang) if word else "")
    return tuple(out.items())


def output_cell(value: Any) -> str:
    """An output's value in a cell: a number as computed, text as is, undetermined empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def csv_head(lang: str, outputs: Sequence[tuple[str, str]] = ()) -> tuple[str, ...]:
    """The header row, in the language of the values; then a column per output."""
    return (HEADERS_ZH if lang == "zh" else COLUMNS) + tuple(header for _, header in outputs)


def csv_row(row: StationRow, lang: str, outputs: Sequence[tuple[str, str]] = (), labels: Labels = NONE
            ) -> list[str]:
    """The CSV cells of one row, ready to write (see the module docstring)."""
    values = dict(row.outputs)
    extra = [csv_cell(output_cell(values.get(name))) if not isinstance(values.get(name), Decimal)
             else output_cell(values.get(name)) for name, _ in outputs]
    return [cell if i in NUMERIC else csv_cell(cell) for i, cell in enumerate(row_cells(row, lang, labels))] + extra
