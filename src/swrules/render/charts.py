"""The pictures of a district and of one station, as `Figure`s.

Input: plain figures (decimals, labels, counts), or a station's `Result` and its
`Explanation` (`station_chart`). Output: `Figure`s that `figure.svg` writes as inline
SVG for HTML and `raster.png` as pictures for Word:
- `totals_histogram`: how many stations scored in each interval of the total, each bar
  stacked by the grade the stations were given (a vetoed 85 counts as 不合格), the
  grade band edges drawn as dashed lines;
- `veto_bars`: one bar per veto, as long as the number of stations it hit;
- `station_points`: each party's points awarded against its maximum (the white rest
  is what was lost), and the total against the band edges with the margin to the next
  band, so that an auditor sees where a station lost its points without reading a table.
Guarantees: coordinates are whole numbers computed with `Decimal`, so a figure is the
same on every machine; every bar carries its value in `data-*` attributes and its
length is the value times one scale per figure; all words come from `base.words`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from swrules.base.show import show
from swrules.base.words import w
from swrules.engine.result import Result
from swrules.explanation.model import Explanation

from .figure import AXIS, LOST, TRACK, UNDETERMINED, Figure, Item, Line, Rect, Text, grade_fills, text_width

WIDTH = 640  # 160 mm: the text width of A4 with 25 mm margins
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _px(value: Decimal) -> int:
    return int(value.to_integral_value(ROUND_HALF_UP))


def _step(span: Decimal, most: int) -> Decimal:
    """The smallest round step that cuts `span` into at most `most` parts."""
    for step in NICE_STEPS:
        if span / step <= most:
            return Decimal(step)
    return (span / most).to_integral_value(ROUND_FLOOR) + 1


def _legend(x: int, y: int, entries: Sequence[tuple[str, str, bool]], size: int = 11) -> list[Item]:
    """Swatches with their words, in one line from (x, y)."""
    items: list[Item] = []
    for label, fill, hatched in entries:
        items.append(Rect(x, y - size + 1, size, size, fill, hatched, stroke=AXIS))
        items.append(Text(x + size + 4, y, label, size))
        x += size + 4 + text_width(label, size) + 14
    return items


@dataclass(frozen=True, slots=True)
class Bins:
    """Totals counted per interval [low + k*step, low + (k+1)*step), the last one closed, per grade
    (None: a station graded with no grade of the policy's, i.e. not determined)."""

    low: Decimal
    step: Decimal
    counts: tuple[dict[str | None, int], ...]

    def start(self, k: int) -> Decimal:
        return self.low + k * self.step


def histogram_bins(totals: Sequence[tuple[Decimal, str | None]], grades: Sequence[str], edges: Sequence[Decimal],
                   total_max: Decimal) -> Bins:
    """Round intervals (5 points on a 100-point scale) from just below the lowest total or band edge to
    the maximum, so that the band edges fall on interval boundaries whenever they are round."""
    step = _step(total_max, 20)
    values = [t for t, _ in totals] + list(edges)
    lo = ((min(values, default=Decimal(0)) - step) / (2 * step)).to_integral_value(ROUND_FLOOR) * 2 * step
    if lo < 0 <= min((t for t, _ in totals), default=Decimal(0)):
        lo = Decimal(0)
    hi = max([total_max, *(t for t, _ in totals)])
    bins = max(1, int(((hi - lo) / step).to_integral_value(ROUND_CEILING)))
    counts: list[dict[str | None, int]] = [dict.fromkeys([*grades, None], 0) for _ in range(bins)]
    for total, grade in totals:
        k = min(bins - 1, int(((total - lo) / step).to_integral_value(ROUND_FLOOR)))
        counts[k][grade if grade in grades else None] += 1
    return Bins(lo, step, tuple(counts))


def totals_histogram(totals: Sequence[tuple[Decimal, str | None]], grades: Sequence[str],
                     edges: Sequence[Decimal], total_max: Decimal, lang: str) -> Figure:
    """Stations per interval of the total, stacked by grade, with the band edges drawn."""
    left, right, top, plot_h = 52, 16, 44, 190
    plot_w = WIDTH - left - right
    binned = histogram_bins(totals, grades, edges, total_max)
    lo, step, counts = binned.low, binned.step, binned.counts
    bins = len(counts)
    bin_w = plot_w // bins
    plot_w = bin_w * bins
    most = max((sum(c.values()) for c in counts), default=0)
    ystep = int(_step(Decimal(max(most, 1)), 5))
    ytop = max(ystep, -(-most // ystep) * ystep)
    unit = plot_h // ytop
    plot_h = unit * ytop
    base = top + plot_h
    fills = grade_fills(list(grades))
    items: list[Item] = [Text(left, 16, w("chart_totals", lang), 13, bold=True)]
    for y in range(0, ytop + 1, ystep):
        items.append(Line(left - 4, base - y * unit, left + plot_w, base - y * unit, stroke=TRACK if y else AXIS))
        items.append(Text(left - 8, base - y * unit + 4, str(y), 10, "end"))
    items.append(Text(0, top - 12, w("stations_count", lang), 10))
    for k, bin_counts in enumerate(counts):
        x = left + k * bin_w
        y = base
        start, end = lo + k * step, lo + (k + 1) * step
        for grade, n in bin_counts.items():
            if not n:
                continue
            fill, hatched = fills.get(grade, (UNDETERMINED, False)) if grade is not None else (UNDETERMINED, False)
            y -= n * unit
            items.append(Rect(x + 1, y, bin_w - 2, n * unit, fill, hatched, stroke=AXIS,
                              dashed=grade is None,
                              data=(("from", show(start, lang)), ("to", show(end, lang)),
                                    ("grade", grade or w("not_determined_grade", lang)), ("count", str(n)))))
        if k % 2 == 0 or bins <= 12:
            items.append(Text(x, base + 16, show(start, lang), 10, "middle"))
    items.append(Text(left + plot_w, base + 16, show(lo + bins * step, lang), 10, "middle"))
    for edge in sorted(set(edges)):
        if lo <= edge <= lo + bins * step:
            x = left + _px((edge - lo) * bin_w / step)
            items.append(Line(x, top - 8, x, base, stroke="#000000", width=2, dashed=True))
            items.append(Text(x, top - 12, show(edge, lang), 11, "middle", bold=True))
    items.append(Text(left + plot_w // 2, base + 32, w("total", lang), 10, "middle"))
    legend = [(f"{g} {sum(c[g] for c in counts)}", *fills[g]) for g in grades]
    undetermined = sum(c[None] for c in counts)
    if undetermined:
        legend.append((f"{w('not_determined_grade', lang)} {undetermined}", UNDETERMINED, False))
    items += _legend(left, base + 56, legend)
    return Figure("totals", WIDTH, base + 68, w("chart_totals", lang), tuple(items))


def veto_bars(counts: Sequence[tuple[str, int]], lang: str) -> Figure:
    """One bar per veto, as long as the number of stations it hit."""
    size, row, top = 11, 24, 40
    label_w = min(300, max([text_width(label, size) for label, _ in counts] + [60]))
    left = label_w + 12
    plot_w = WIDTH - left - 40
    most = max([n for _, n in counts] + [1])
    unit = plot_w // most
    items: list[Item] = [Text(0, 16, w("chart_vetoes", lang), 13, bold=True)]
    for i, (label, n) in enumerate(counts):
        y = top + i * row
        items.append(Text(left - 8, y + 15, label, size, "end"))
        if n:
            items.append(Rect(left, y + 4, n * unit, row - 8, "#7f7f7f", stroke=AXIS,
                              data=(("label", label), ("count", str(n)))))
        items.append(Text(left + n * unit + 6, y + 15, str(n), size))
    bottom = top + len(counts) * row
    items.append(Line(left, top, left, bottom + 2))
    if not counts:
        items.append(Text(left, top + 15, w("none", lang), size))
        bottom += row
    items.append(Text(left, bottom + 18, w("stations_hit", lang), 10))
    return Figure("vetoes", WIDTH, bottom + 26, w("chart_vetoes", lang), tuple(items))


def station_points(parties: Sequence[tuple[str, Decimal | None, Decimal]], total: Decimal | None,
                   total_max: Decimal, grade: str | None, edges: Sequence[tuple[Decimal, str]],
                   next_band: tuple[str, Decimal] | None, vetoed: bool, lang: str, key: str = "station",
                   places: int | None = None) -> Figure:
    """Each party's points against its maximum, then the total against the band edges.

    `parties`: (label, points awarded or None if undetermined, maximum); `edges`: each band's
    lower edge and the band's name; `next_band`: the next better band and the points
    still short of it; `vetoed`: a veto fixed the grade, so points would not change it."""
    size, row, top = 11, 26, 40
    label_w = min(220, max([text_width(p[0], size) for p in parties] + [text_width(w("total", lang), size)]))
    left = label_w + 20
    plot_w = WIDTH - left - 150
    scale_max = max([m for _, _, m in parties] + [Decimal(1)])
    items: list[Item] = [Text(0, 16, w("chart_station", lang), 13, bold=True)]
    for i, (label, got, most) in enumerate(parties):
        y = top + i * row
        full = _px(most * plot_w / scale_max)
        items.append(Text(left - 8, y + 16, label, size, "end"))
        items.append(Rect(left, y + 4, full, row - 8, LOST, stroke=AXIS, dashed=True,
                          data=(("label", label), ("max", show(most, lang)))))
        if got is None:
            items.append(Text(left + full + 6, y + 16, f"{w('cannot_determine', lang)} / {show(most, lang)}", size))
            continue
        bar = _px(got * plot_w / scale_max)
        items.append(Rect(left, y + 4, bar, row - 8, "#4f6d8a", stroke=AXIS,
                          data=(("label", label), ("awarded", show(got, lang, places=places)),
                                ("max", show(most, lang)))))
        lost = most - got
        note = f"{show(got, lang, places=places)} / {show(most, lang)}"
        if lost > 0:
            note += "　" + w("points_lost", lang).format(n=show(lost, lang, places=places))
        items.append(Text(left + full + 6, y + 16, note, size))
    y = top + len(parties) * row + 26
    items += _total_bar(left, y, plot_w, total, total_max, edges, size, lang, places)
    if total is not None:
        items.append(Text(left - 8, y + 16, w("total", lang), size, "end", bold=True))
    if vetoed:
        words = w("veto_fixes", lang).format(grade=grade or "")
    elif total is None:
        words = w("total_undetermined", lang)
    elif next_band is None:
        words = w("top_band", lang).format(grade=grade or "")
    else:
        words = w("to_next_band", lang).format(band=next_band[0], n=show(next_band[1], lang, places=places))
    items.append(Text(left, y + 62, words, 12, bold=True))
    return Figure(key, WIDTH, y + 72, w("chart_station", lang), tuple(items))


def _total_bar(left: int, y: int, width: int, total: Decimal | None, total_max: Decimal,
               edges: Sequence[tuple[Decimal, str]], size: int, lang: str, places: int | None) -> list[Item]:
    """The total on a bar from 0 to the maximum, the band edges marked and named."""
    items: list[Item] = [Rect(left, y + 4, width, 18, LOST, stroke=AXIS, dashed=True,
                              data=(("label", w("total", lang)), ("max", show(total_max, lang))))]
    if total is not None and total > 0:
        bar = _px(min(total, total_max) * width / total_max)
        items.append(Rect(left, y + 4, bar, 18, "#1f3b57", stroke=AXIS,
                          data=(("label", w("total", lang)), ("awarded", show(total, lang, places=places)),
                                ("max", show(total_max, lang)))))
    if total is not None:
        figure = f"{show(total, lang, places=places)} / {show(total_max, lang)}"
        items.append(Text(left + width + 6, y + 18, figure, size, bold=True))
    # Each edge's figure above the bar, each band's name below it, centred in its stretch.
    lowest = next((n for e, n in edges if e <= 0), "")
    stops = [(Decimal(0), lowest)] + sorted((e, n) for e, n in edges if 0 < e < total_max) + [(total_max, "")]
    for (edge, name), (nxt, _) in zip(stops, stops[1:], strict=False):
        x = left + _px(edge * width / total_max)
        if edge > 0:
            items.append(Line(x, y - 2, x, y + 26, stroke="#000000", width=2, dashed=True))
            items.append(Text(x, y - 5, show(edge, lang), 10, "middle"))
        middle = left + _px((edge + nxt) * width / (2 * total_max))
        items.append(Text(middle, y + 38, name, 10, "middle"))
    return items


def station_chart(result: Result, explanation: Explanation, lang: str) -> Figure:
    """The one-station picture from its result and explanation: parties, total, margin to the next band."""
    parties = []
    for p in result.parties:
        most = p.share * result.total_max if p.share_kind == "weight" else p.share
        parties.append((p.label, p.counted if isinstance(p.counted, Decimal) else None, most))
    bands = [m for m in explanation.why_not if m.kind == "band"]
    edges = sorted({(m.threshold, m.subject) for m in bands if isinstance(m.threshold, Decimal)
                    and m.trigger in (">=", ">")}
                   | {(m.threshold, _above(m.subject, result.grade_names)) for m in bands
                      if isinstance(m.threshold, Decimal) and m.trigger in ("<", "<=")})
    if result.grade_names:
        edges = sorted({*edges, (Decimal(0), result.grade_names[-1])})
    better = [m for m in bands if m.trigger in (">=", ">") and isinstance(m.distance, Decimal)]
    nearest = min(better, key=lambda m: m.distance) if better else None
    total = result.total if isinstance(result.total, Decimal) else None
    grade = result.grade if isinstance(result.grade, str) else None
    return station_points(parties, total, result.total_max, grade, edges,
                          (nearest.subject, nearest.distance) if nearest else None,
                          bool(result.vetoes_hit), lang, places=result.places)


def _above(band: str, names: tuple[str, ...]) -> str:
    """The band named just above `band` in the policy's order (best first), or `band` itself."""
    if band in names and names.index(band) > 0:
        return names[names.index(band) - 1]
    return band
