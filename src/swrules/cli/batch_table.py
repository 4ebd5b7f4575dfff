"""The batch's text table: a summary row per station, the errors of the files that could not
be evaluated, and the batch totals (counts, stations per grade, hits per veto and the rules
that never fired by the policy's labels, stations near a band edge), as `swrules eval` writes
them for a district.

Input: the batch's `StationRow`s as they are evaluated, then its `BatchTotals`. Output: the
table, on a terminal fitted to its width with rich's colours (`render.table` lays it out),
elsewhere plain and of a fixed width so that it is the same bytes whatever the terminal. The
rows wait in temporary files until the totals are known, so a batch of any size is written
in flat memory. `cli.evaluate` writes the other formats.
"""

from __future__ import annotations

import io
import json
from typing import IO, TYPE_CHECKING

from swrules.base.show import join, paren
from swrules.base.textsafe import escape_controls, escape_line
from swrules.base.words import BATCH_COLUMNS, w
from swrules.engine.batch import UNDETERMINED_GRADE, BatchTotals, StationRow
from swrules.facts.xlsx import is_workbook
from swrules.render.labels import NONE, Labels, StationNames, near_edge

if TYPE_CHECKING:  # rich and the table layout are imported when a table is written, not for one station
    from rich.table import Table

    from swrules.render.table import Layout

# Tables written anywhere but a terminal get this fixed width, so that they are byte-identical
# whatever the terminal; it is wide enough that cells never wrap and rows stay one line each.
TABLE_WIDTH = 1000

# The text table is rendered this many rows at a time, with every column as wide as its widest
# cell over the whole batch (counted as rows arrive): the same bytes as one table, in flat memory.
TABLE_CHUNK = 500


class TableWriter:
    """The summary table of a batch, kept in a temporary file (not in memory) until the totals are
    known, then rendered in chunks of `TABLE_CHUNK` rows with the column widths of the whole table
    (on a terminal, those that fit its width: see `render.table`)."""

    def __init__(self, lang: str, labels: Labels = NONE) -> None:
        self.lang, self.labels = lang, labels
        self.head = BATCH_COLUMNS["zh" if lang == "zh" else "en"]
        # Open until `write` closes them: they hold the rows between the first and the totals.
        import tempfile  # a table's rows wait in temporary files: not needed for one station

        self.cells = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.errors = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        from rich.cells import cell_len

        from swrules.render.table import summary_cells

        self.cell_len, self.summary_cells = cell_len, summary_cells
        self.widths = [cell_len(h) for h in self.head]
        self.failed = False
        self.names = StationNames()  # how the totals name the stations they list

    def row(self, r: StationRow) -> None:
        self.names.add(r.path, r.station, r.near_edge is not None)
        cells = [escape_line(c) for c in self.summary_cells([r], self.lang, True, self.labels)[0]]
        for i, c in enumerate(cells):
            self.widths[i] = max(self.widths[i], self.cell_len(c))
        self.cells.write(json.dumps(cells, ensure_ascii=False) + "\n")
        if not r.evaluated:
            self.failed = True
            text = escape_controls(_errors_text([r], self.lang, head=False))
            self.errors.write(json.dumps(text, ensure_ascii=False) + "\n")

    def write(self, sums: BatchTotals, out: IO[str], *, terminal: bool, width: int | None = None,
              books: bool = False) -> None:
        from swrules.render.table import layout

        printer = _Printer(out, terminal, width)
        n = len(self.head) if self.failed else len(self.head) - 1
        plan = layout(self.widths, self.lang, printer.console.width, self.failed) if terminal else None
        shortened = False
        self.cells.seek(0)
        chunk: list[list[str]] = []
        first = True
        for line in self.cells:
            chunk.append(json.loads(line))
            if len(chunk) == TABLE_CHUNK:
                shortened |= self._chunk(printer, plan, chunk, first, n)
                chunk, first = [], False
        if chunk or first:
            shortened |= self._chunk(printer, plan, chunk, first, n)
        note = plan.note(self.lang, printer.console.width, shortened) if plan else None
        if note:
            printer.print(note, soft_wrap=False)  # wrapped to the terminal like the table above it
        if self.failed:
            printer.print(_errors_text([], self.lang))
            self.errors.seek(0)
            for line in self.errors:
                printer.print(json.loads(line))
        printer.print(escape_controls(_totals_text(sums, self.lang, books, self.labels, self.names)))
        self.cells.close()
        self.errors.close()

    def _chunk(self, printer: _Printer, plan: Layout | None, rows: list[list[str]], header: bool, n: int) -> bool:
        """Print one chunk of rows; whether some name in it was shortened to fit the terminal."""
        if plan is not None:
            fitted, shortened = plan.table(rows, header=header)
            printer.print(fitted)
            return shortened
        from rich import box
        from rich.table import Table
        from rich.text import Text

        from swrules.render.table import RIGHT

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
        for i, name in enumerate(self.head[:n]):
            table.add_column(name, justify="right" if i in RIGHT else "left", overflow="fold", no_wrap=i <= 4,
                             width=self.widths[i])
        for cells in rows:
            table.add_row(*(Text(c) for c in cells[:n]))  # Text: a name is never rich markup
        printer.print(table)
        return False


class _Printer:
    """On a terminal, rich's colours (text is already escaped) at the terminal's width or `width`;
    elsewhere plain, of a fixed width, with the blanks rich pads cells with removed (they only
    make diffs noisy)."""

    def __init__(self, out: IO[str], terminal: bool, width: int | None) -> None:
        from rich.console import Console

        self.out, self.terminal = out, terminal
        self.buffer = io.StringIO()
        if terminal:
            self.console = Console(file=getattr(out, "unescaped", out), highlight=False, emoji=False, width=width)
        else:
            self.console = Console(file=self.buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False,
                                   highlight=False, emoji=False, legacy_windows=False)

    def print(self, item: Table | str, soft_wrap: bool | None = None) -> None:
        self.console.print(item, highlight=False, markup=False,
                           soft_wrap=isinstance(item, str) if soft_wrap is None else soft_wrap)
        if not self.terminal:
            self.out.write("".join(line.rstrip() + "\n" for line in self.buffer.getvalue().splitlines()))
            self.buffer.seek(0)
            self.buffer.truncate()


def write_table(rows: list[StationRow], sums: BatchTotals, lang: str, out: IO[str], *, terminal: bool,
                width: int | None = None) -> None:
    """The summary table and the batch totals; fixed width and no colour unless on a terminal
    (there fitted to `width`, or to the terminal's)."""
    table = TableWriter(lang)
    for r in rows:
        table.row(r)
    table.write(sums, out, terminal=terminal, width=width, books=any(from_book(r) for r in rows))


def _errors_text(failed: list[StationRow], lang: str, head: bool = True) -> str:
    zh = lang == "zh"
    lines = ["", "无法评估的文件" if zh else "Files that could not be evaluated"] if head else []
    for r in failed:
        lines.append(f"  {r.path}")
        for e in r.errors:
            # A workbook row's errors carry their cell (`区评估.xlsx!站点!F7`) as their file.
            cell = e.get("file") if e.get("file") not in (None, r.path) else None
            place = f"{e['line']}:{e['column']}: " if e["line"] else ""
            where = f"{cell}: " if cell else place + (f"{e['key_path']}: " if e["key_path"] else "")
            lines.append(f"    {where}{'错误' if zh else 'error'}[{e['code']}]: {e['message']}")
            if e["help"]:
                lines.append(f"      = {'帮助' if zh else 'help'}: {e['help']}")
    return "\n".join(lines)


def from_book(row: StationRow) -> bool:
    """Whether the row is a workbook's (named `区评估.xlsx!站点!3:3`)."""
    return is_workbook(row.path.split("!", 1)[0])


def counts_line(sums: BatchTotals, lang: str, books: bool = False) -> str:
    if lang == "zh":
        what = "个文件或工作簿中的站点" if books else "个文件"
        return f"读取 {sums.read} {what}，评估 {sums.evaluated} 个，失败 {sums.failed} 个"
    what = "files or workbook stations" if books else "files"
    return f"{sums.read} {what} read, {sums.evaluated} evaluated, {sums.failed} failed"


def _totals_text(sums: BatchTotals, lang: str, books: bool = False, labels: Labels = NONE,
                 names: StationNames | None = None) -> str:
    """The totals; the stations they list named by `names` (by file, without them)."""
    zh = lang == "zh"
    sep = "，" if zh else ", "
    grades = sep.join(f"{w('not_determined_grade', lang) if g == UNDETERMINED_GRADE else g} {n}"
                      for g, n in sums.per_grade)
    none = paren(w("none", lang), lang)
    vetoes = sep.join(f"{labels.rule(v)} {n}" for v, n in sums.per_veto) or none
    never = join((labels.rule(name) for name in sums.never_fired), lang) or none
    near = ["    " + near_edge(names(p, lang) if names else p, t, e, lang) for p, t, e in sums.near_edges]
    lines = [
        "",
        "汇总" if zh else "Totals",
        "  " + counts_line(sums, lang, books),
        ("  各等级站点数：" if zh else "  stations per grade: ") + grades
        + w("batch_provisional", lang).format(n=sums.provisional),
        ("  一票否决触发次数：" if zh else "  hits per veto: ") + vetoes,
        ("  从未触发的规则：" if zh else "  rules that never fired: ") + never,
        ("  总分距等级界限一分以内的站点：" if zh else "  stations within one point of a band edge: ")
        + (str(len(near)) if near else none),
        *near,
    ]
    return "\n".join(lines)
