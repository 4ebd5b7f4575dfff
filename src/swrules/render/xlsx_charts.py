"""Native charts in the result workbook: Excel and WPS draw them from cells beside them.

Input: the batch's `StationRow`s, its `BatchTotals`, the policy's `Scale` (grades, band
edges, maximum), the policy's `Labels` and a language. Output: a sheet (图表 / charts) holding three small
tables and a chart over each (openpyxl.chart): the totals per interval stacked by grade
(the same intervals as the HTML picture, `charts.histogram_bins`, the band edges named
under it), the stations per grade, and the stations each veto hit (by its label). Grades are filled
with the pictures' colours, darkest for the best, the worst red and hatched, so they stay
apart in grey print. A chart is data in the workbook: a reader can restyle or copy it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.legend import Legend
from openpyxl.chart.marker import DataPoint
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.styles import Font

from swrules.base.show import join, show
from swrules.base.words import w
from swrules.engine.batch import UNDETERMINED_GRADE, BatchTotals, StationRow
from swrules.engine.district import Scale
from swrules.facts.workbook import sheet_title

from .charts import histogram_bins
from .figure import AXIS, UNDETERMINED, grade_fills
from .labels import NONE, Labels


def _colour(hex_rgb: str) -> Any:
    # openpyxl takes the hex text (its stubs say otherwise): `srgbClr="C62828"`
    attributes: dict[str, Any] = {"srgbClr": hex_rgb}
    return ColorChoice(**attributes)


def _fill(target: Any, colour: str, hatched: bool) -> None:
    """A series' or data point's fill: solid, or the worst grade's hatch (red lines on white)."""
    props = target.graphicalProperties
    if hatched:
        props.pattFill = PatternFillProperties(prst="wdUpDiag", fgClr=_colour(colour[1:].upper()),
                                               bgClr=_colour("FFFFFF"))
    else:
        props.solidFill = colour[1:].upper()
    props.line.solidFill = AXIS[1:].upper()


def _chart(title: str, x_title: str, y_title: str, horizontal: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False  # openpyxl hides the axes unless told otherwise
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.legend = None
    chart.width, chart.height = 16, 8  # cm: the text width of an A4 page
    return chart


def add_charts(wb: Workbook, rows: Sequence[StationRow], sums: BatchTotals, scale: Scale, lang: str,
               taken: set[str], labels: Labels = NONE) -> None:
    """The charts sheet (see the module docstring); each veto by its label in `labels` (a veto no
    station hit is in no row's checks to take it from)."""
    ws = wb.create_sheet(sheet_title("图表" if lang == "zh" else "charts", taken))
    fills = grade_fills(list(scale.grades))
    totals = [(r.total, r.grade) for r in rows if r.evaluated and r.total is not None]
    binned = histogram_bins(totals, scale.grades, scale.edges, scale.total_max)
    undetermined = any(c[None] for c in binned.counts)
    columns = [*scale.grades, *([w("not_determined_grade", lang)] if undetermined else [])]
    ws.append([w("total", lang), *columns])
    for k, counts in enumerate(binned.counts):
        label = f"{show(binned.start(k), lang)}–{show(binned.start(k + 1), lang)}"
        ws.append([label, *(counts[g] for g in scale.grades), *([counts[None]] if undetermined else [])])
    n = len(binned.counts)
    chart = _chart(w("chart_totals", lang), w("total", lang), w("stations_count", lang))
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 10
    chart.legend = Legend(legendPos="b")
    chart.add_data(Reference(ws, min_col=2, max_col=1 + len(columns), min_row=1, max_row=1 + n),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + n))
    for series, grade in zip(chart.series, columns, strict=False):
        colour, hatched = fills.get(grade, (UNDETERMINED, False))
        _fill(series, colour, hatched)
    ws.add_chart(chart, "H1")
    edges_row = n + 2
    ws.cell(edges_row, 1, f"{w('edge', lang)}：" if lang == "zh" else f"{w('edge', lang)}: ").font = Font(bold=True)
    ws.cell(edges_row, 2, join((show(e, lang) for e in scale.edges), lang))

    start = edges_row + 2
    ws.cell(start, 1, w("grade", lang)).font = Font(bold=True)
    ws.cell(start, 2, w("stations_count", lang)).font = Font(bold=True)
    grades = [(g, c) for g, c in sums.per_grade]
    for i, (g, c) in enumerate(grades, start=1):
        ws.cell(start + i, 1, w("not_determined_grade", lang) if g == UNDETERMINED_GRADE else g)
        ws.cell(start + i, 2, c)
    chart = _chart(w("grade_counts", lang), w("grade", lang), w("stations_count", lang))
    chart.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + len(grades)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(grades)))
    for i, (g, _) in enumerate(grades):
        point = DataPoint(idx=i)
        colour, hatched = fills.get(g, (UNDETERMINED, False))
        _fill(point, colour, hatched)
        chart.series[0].dPt.append(point)
    ws.add_chart(chart, "H18")

    start += len(grades) + 2
    ws.cell(start, 1, w("vetoes", lang)).font = Font(bold=True)
    ws.cell(start, 2, w("stations_hit", lang)).font = Font(bold=True)
    for i, (veto, c) in enumerate(sums.per_veto, start=1):
        ws.cell(start + i, 1, labels.rule(veto))
        ws.cell(start + i, 2, c)
    chart = _chart(w("chart_vetoes", lang), w("vetoes", lang), w("stations_hit", lang), horizontal=True)
    chart.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + len(sums.per_veto)),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(sums.per_veto)))
    chart.x_axis.scaling.orientation = "maxMin"  # the first veto on top, as in the policy
    _fill(chart.series[0], "#7f7f7f", False)
    chart.height = max(6, 1 + len(sums.per_veto))
    ws.add_chart(chart, "H35")
    ws.column_dimensions["A"].width = 40
