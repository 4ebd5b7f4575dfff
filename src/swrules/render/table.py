"""The district table for a terminal: one line per station, fitted to the width.

Input: the batch's `StationRow`s, a language and the terminal's width in columns.
Output: a rich `Table` whose columns fit that width, and a note saying what was left
out and how to get the full table (`--format csv` or `--format xlsx`); or, for a batch
printed in chunks as it streams, a `Layout` made from each column's widest cell over the
whole batch, which gives every chunk the same columns and widths. Guarantees:
the total and the grade are never cut or wrapped; a column is never narrower than a
few characters (no name printed one character per line): when the columns do not fit,
the least important are dropped first (published figures that differ, phase,
missing facts, provisional, then the errors note), names are shortened with `…` (a file path
to its file name, then cut in the middle; on a very narrow terminal the file column
goes, the station naming the row), and the vetoes wrap onto more lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.table import Table
from rich.text import Text

from swrules.base.diagnostics import display_width
from swrules.base.show import join, show, yes_no
from swrules.base.words import BATCH_COLUMNS, w
from swrules.engine.batch import StationRow

from .checks import vetoes_hit
from .labels import NONE, Labels

HEAD = BATCH_COLUMNS
RIGHT = (3, 7)
# Per column: the narrowest it may get (None: never narrower than its content) and
# its rank when columns must go (1 goes first; 0 never goes).
_MIN = (10, 10, None, None, None, None, 14, None, 16, 8)
_DROP = (0, 0, 2, 0, 0, 4, 0, 3, 1, 5)
# Between two columns rich puts the right padding, a blank rule and the left padding.
GAP = 3


def _yes(value: bool | None, lang: str) -> str:
    return "" if value is None else yes_no(value, lang)


def summary_cells(rows: Sequence[StationRow], lang: str, with_errors: bool, labels: Labels = NONE
                  ) -> list[list[str]]:
    """The table's cells, one list per station, in `HEAD` order (the errors column only `with_errors`);
    published figures that differ named by `labels`."""
    out = []
    for r in rows:
        if not r.evaluated:
            n = len(r.errors)
            note = f"{n} 个错误，见下文" if lang == "zh" else f"{n} error{'s' if n != 1 else ''}, listed below"
            out.append([r.path, "", "", "", "", "", "", "", "", note])
            continue
        phase = (r.phase_label if lang == "zh" else None) or r.phase or "?"  # as the single-station text says it
        total = show(r.total, lang, exact=True, places=r.places) if r.total is not None else "?"
        cells = [r.path, r.station or "?", phase, total, r.grade or w("not_determined_grade", lang),
                 _yes(r.provisional, lang), join(vetoes_hit(r), lang), str(len(r.to_give)) if r.to_give else "",
                 "; ".join(labels.difference(d, lang) for d in r.differences)]
        out.append([*cells, *([""] if with_errors else [])])
    return out


@dataclass(frozen=True, slots=True)
class Fitted:
    table: Table
    note: str | None  # what was left out, and how to see it all


def _cut_path(text: str, width: int) -> str:
    """A path in `width` columns: its file name alone, then cut in the middle (where a
    long name is least telling: `06-veto-…midterm.toml`)."""
    if display_width(text) <= width:
        return text
    name = text.rsplit("/", 1)[-1]
    if display_width(name) <= width:
        return name
    head = _cut_tail(name, (width + 1) // 2)
    room = width - display_width(head)
    tail = ""
    for ch in reversed(name):
        if display_width(tail) + display_width(ch) > room:
            break
        tail = ch + tail
    return head + tail


def _cut_tail(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out) + display_width(ch) + 1 > width:
            break
        out += ch
    return out + "…"


def natural_widths(cells: Sequence[Sequence[str]], head: Sequence[str]) -> list[int]:
    """Each column's width with nothing cut: its widest cell or its name."""
    return [max([display_width(head[i])] + [display_width(c[i]) for c in cells]) for i in range(len(head))]


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns kept and their widths: the same for every chunk of a table printed in parts."""

    head: tuple[str, ...]
    widths: dict[int, int]  # kept column -> its width
    dropped: tuple[int, ...]

    def table(self, cells: Iterable[Sequence[str]], *, header: bool = True) -> tuple[Table, bool]:
        """A table of these rows (their cells in `HEAD` order), and whether some name was shortened."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
        for i, width in self.widths.items():
            wrap = i in (6, 8, 9)
            table.add_column(self.head[i], justify="right" if i in RIGHT else "left", width=width,
                             no_wrap=not wrap, overflow="fold" if wrap else "ellipsis")
        shortened = False
        for c in cells:
            shown = []
            for i, width in self.widths.items():
                text = c[i]
                cut = _cut_path(text, width) if i == 0 else _cut_tail(text, width) if i in (1, 2) else text
                shortened |= cut != text
                shown.append(cut)
            table.add_row(*(Text(t) for t in shown))  # Text: a name is never rich markup
        return table, shortened

    def note(self, lang: str, width: int, shortened: bool) -> str | None:
        """What was left out, and how to see it all; None when nothing was."""
        if not (self.dropped or shortened):
            return None
        names = ("、" if lang == "zh" else ", ").join(self.head[i] for i in sorted(self.dropped))
        if lang == "zh":
            left = f"未显示 {names} 列" + ("，部分名称已缩短" if shortened else "") if self.dropped \
                else "部分名称已缩短"
            return f"（终端宽 {width} 列：{left}。完整表格：--format csv，或 --format xlsx -o 区评估结果.xlsx）"
        left = f"columns {names} not shown" + (", some names shortened" if shortened else "") if self.dropped \
            else "some names shortened"
        return (f"(terminal {width} columns wide: {left}. The full table: --format csv, or "
                "--format xlsx -o results.xlsx)")


def layout(natural: Sequence[int], lang: str, width: int, with_errors: bool) -> Layout:
    """The columns that fit `width` terminal columns, given each one's natural width
    (see the module docstring)."""
    head = HEAD["zh" if lang == "zh" else "en"]
    head = head if with_errors else head[:-1]
    n = len(head)
    least = [natural[i] if _MIN[i] is None else min(natural[i], max(_MIN[i] or 0, display_width(head[i])))
             for i in range(n)]
    kept = list(range(n))
    dropped: list[int] = []

    def needed(columns: list[int]) -> int:
        return sum(least[i] for i in columns) + GAP * (len(columns) - 1)

    for rank in sorted({d for d in _DROP if d}):
        if needed(kept) <= width:
            break
        for i in list(kept):
            if _DROP[i] == rank:
                kept.remove(i)
                dropped.append(i)
    # Still too wide (a very narrow terminal): names, vetoes and the errors note go down
    # to a floor, then the file goes (the station names the row), never the total or grade.
    for i, floor in ((0, 6), (1, 6), (9, 6), (6, 8)):
        if needed(kept) > width and i in kept:
            least[i] = max(min(least[i], floor), least[i] - (needed(kept) - width))
    if needed(kept) > width and 0 in kept and 1 in kept:
        kept.remove(0)
        dropped.append(0)
    widths = {i: least[i] for i in kept}
    spare = width - needed(kept)
    for i in (1, 6, 0, 9, 8, 7, 2, 5):  # who gets the room left over, in this order
        if i in widths and spare > 0:
            more = min(spare, natural[i] - widths[i])
            widths[i] += more
            spare -= more
    return Layout(head, widths, tuple(dropped))


def fit_table(rows: Sequence[StationRow], lang: str, width: int) -> Fitted:
    """The summary table in `width` terminal columns (see the module docstring)."""
    with_errors = any(not r.evaluated for r in rows)
    cells = summary_cells(rows, lang, with_errors)
    head = HEAD["zh" if lang == "zh" else "en"]
    plan = layout(natural_widths(cells, head if with_errors else head[:-1]), lang, width, with_errors)
    table, shortened = plan.table(cells)
    return Fitted(table, plan.note(lang, width, shortened))
