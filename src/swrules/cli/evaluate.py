"""`swrules eval POLICY DIR_OR_FILES...`: evaluate one station, or a whole district.

Input: a policy (through `PolicySet`, which picks the version in force for each
station) and fact files or folders of them. Output: for one station as text or JSON,
its full result (JSON with the explanation); otherwise one summary row per fact file
and the batch totals, as a table, CSV, JSON lines or JSON. A bad fact file gets a row with its
errors and the rest is still evaluated. Exit status: 0 every file evaluated, 1 some
evaluated and some not, 2 nothing evaluated (bad usage, a policy with errors, or a
single fact file that is invalid). Output goes through `atomic_output`, so `-o FILE`
is written whole or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import IO, Any

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from swrules.base.diagnostics import SwrulesError
from swrules.base.textsafe import csv_cell, escape_controls, escape_line
from swrules.engine.batch import BatchTotals, NoFactFiles, StationRow, TotalsCounter, discover, evaluate_rows
from swrules.engine.versions import PolicySet
from swrules.facts.schema import read_fact_file
from swrules.render.terminal import render_result

from .common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    LANG,
    POLICY_VERSION,
    atomic_output,
    cli,
    fail,
    open_policy_set,
    policy_files,
)

# A batch this long shows a progress bar (on a terminal only).
PROGRESS_FROM = 20
# Tables written anywhere but a terminal get this fixed width, so that they are byte-identical
# whatever the terminal; it is wide enough that cells never wrap and rows stay one line each.
TABLE_WIDTH = 1000

@cli.command("eval")
@click.argument("policy", type=click.Path())
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "jsonl"]), default="text",
              show_default=True, help="text (a table for many stations), json, or csv/jsonl (one row per file).")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write to FILE (whole or not at all) instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Evaluate on this many processes; the output is the same for any number.")
@POLICY_VERSION
@LANG
def eval_cmd(policy: str, facts: tuple[str, ...], fmt: str, output: str | None, jobs: int,
             version: str | None, lang: str) -> None:
    """Evaluate POLICY against station fact files (TOML or JSON) or folders of them."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover(facts)
    except NoFactFiles as exc:
        fail(exc, lang)
    inputs = [policy, *policy_files(policies), *paths]
    if len(paths) == 1 and fmt in ("text", "json"):
        _single(policies, paths[0], fmt, output, version, lang, inputs)
        return
    counter = TotalsCounter(policies)
    # Rows are written as they come (csv, jsonl, json): a batch of any size runs in flat memory.
    with atomic_output(output, lang, inputs) as out, _progress(len(paths), lang) as tick:
        write = _writer(fmt, out, lang, terminal=output in (None, "-") and sys.stdout.isatty())
        for row in evaluate_rows(paths, policies, policy, version=version, lang=lang, jobs=jobs, progress=tick):
            counter.add(row)
            write.row(row)
        sums = counter.totals()
        write.end(sums)
    if fmt != "text" or output not in (None, "-"):
        click.echo(counts_line(sums, lang), err=True)
    raise SystemExit(EXIT_OK if sums.failed == 0 else EXIT_BAD_INPUT if sums.evaluated == 0 else EXIT_PROBLEMS)


class _Rows:
    """Writes rows one by one, and what follows them once the totals are known."""

    def __init__(self, fmt: str, out: IO[str], lang: str, terminal: bool) -> None:
        self.fmt, self.out, self.lang, self.terminal = fmt, out, lang, terminal
        self.first = True
        self.table = TableWriter(lang) if fmt == "text" else None
        self.csv = csv.writer(out, lineterminator="\n")

    def row(self, row: StationRow) -> None:
        if self.fmt == "csv":
            if self.first:
                self.csv.writerow(list(row_dict(row)))
            self.csv.writerow(csv_row(row))
        elif self.fmt == "jsonl":
            self.out.write(json.dumps(row_dict(row), ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            text = json.dumps(row_dict(row), ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self.out.write(('{\n  "stations": [\n    ' if self.first else ",\n    ") + text)
        elif self.table is not None:
            self.table.row(row)
        self.first = False

    def end(self, sums: BatchTotals) -> None:
        if self.fmt == "json":
            totals = json.dumps(sums.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.out.write(('{\n  "stations": [' if self.first else "\n  ") + f'],\n  "totals": {totals}\n}}\n')
        elif self.table is not None:
            self.table.write(sums, self.out, terminal=self.terminal)


def _writer(fmt: str, out: IO[str], lang: str, terminal: bool) -> _Rows:
    return _Rows(fmt, out, lang, terminal)


def _single(policies: PolicySet, path: str, fmt: str, output: str | None, version: str | None, lang: str,
            inputs: list[str]) -> None:
    """One station as text or JSON: its full result rather than a summary row."""
    try:
        data, source = read_fact_file(path)
        policy, why = policies.select(data, version=version, file=path, lang=lang)
        if len(policies.policies) > 1 or version is not None:
            click.echo(why, err=True)  # which version was applied, and why (standard error: output stays data)
        # JSON carries the explanation of every rule; text shows the result as before.
        result = policy.evaluate(data, explain=fmt == "json", file=path, facts_hash=_digest(source.text))
    except SwrulesError as exc:
        fail(exc, lang)
    with atomic_output(output, lang, inputs) as out:
        out.write(result.to_json() if fmt == "json" else render_result(result, lang))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _progress(n: int, lang: str) -> Iterator[Callable[[], None] | None]:
    """A progress bar on standard error, only for a long batch and only on a terminal."""
    if n < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    label = "评估中" if lang == "zh" else "evaluating"
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(file=getattr(sys.stderr, "unescaped", sys.stderr)), transient=True) as bar:
        task = bar.add_task(label, total=n)
        yield lambda: bar.advance(task)


# ----------------------------------------------------------------- rows as data

def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def row_dict(row: StationRow) -> dict[str, Any]:
    """The row as JSON data: the same fields, in the same order, as the CSV columns."""
    return {
        "path": row.path,
        "status": "evaluated" if row.evaluated else "failed",
        "station": row.station,
        "phase": row.phase,
        "total": _dec(row.total),
        "grade": row.grade,
        "provisional": row.provisional,
        "vetoes_hit": list(row.vetoes_hit),
        "facts_missing": list(row.missing),
        "differences": list(row.differences),
        "near_band_edge": _dec(row.near_edge),
        "policy_version": row.policy_version,
        "errors": [{"key_path": e["key_path"], "code": e["code"], "message": e["message"], "help": e["help"]}
                   for e in row.errors],
    }


def _error_text(error: dict[str, Any]) -> str:
    return f"{error['code']} {error['message']}"


# Columns holding numbers: never neutralised (a negative total stays a number).
_NUMERIC = ("total", "near_band_edge")


def csv_row(row: StationRow) -> list[str]:
    """The CSV cells of a row: lists joined with "; ", text that would start a formula neutralised."""
    data = row_dict(row)
    data["errors"] = [_error_text(e) for e in row.errors]
    cells = []
    for key, v in data.items():
        text = "; ".join(v) if isinstance(v, list) else "" if v is None else str(v).lower() if isinstance(v, bool) \
            else str(v)
        cells.append(text if key in _NUMERIC else csv_cell(text))
    return cells


def write_csv(rows: list[StationRow], out: IO[str]) -> None:
    """CSV for spreadsheets: one line per file; lists joined with "; "."""
    writer = csv.writer(out, lineterminator="\n")
    if rows:
        writer.writerow(list(row_dict(rows[0])))
    for row in rows:
        writer.writerow(csv_row(row))


# ----------------------------------------------------------------- the table

_HEAD = {
    "zh": ("文件", "站点", "阶段", "总分", "等级", "暂定", "一票否决", "缺失事实", "核对差异", "错误"),
    "en": ("file", "station", "phase", "total", "grade", "provisional", "vetoes hit", "facts missing",
           "differences", "errors"),
}


def _yes(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


# The text table is rendered this many rows at a time, with every column as wide as its widest
# cell over the whole batch (counted as rows arrive): the same bytes as one table, in flat memory.
TABLE_CHUNK = 500


class TableWriter:
    """The summary table of a batch, kept in a temporary file (not in memory) until the totals are
    known, then rendered in chunks of `TABLE_CHUNK` rows with the column widths of the whole table."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        # Open until `write` closes them: they hold the rows between the first and the totals.
        self.cells = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.errors = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.widths = [cell_len(h) for h in _HEAD[lang]]
        self.failed = False

    def row(self, r: StationRow) -> None:
        cells = [escape_line(c) for c in _cells(r, self.lang)]
        for i, c in enumerate(cells):
            self.widths[i] = max(self.widths[i], cell_len(c))
        self.cells.write(json.dumps(cells, ensure_ascii=False) + "\n")
        if not r.evaluated:
            self.failed = True
            self.errors.write(json.dumps(_errors_text([r], self.lang, head=False), ensure_ascii=False) + "\n")

    def write(self, sums: BatchTotals, out: IO[str], *, terminal: bool) -> None:
        self.cells.seek(0)
        chunk: list[list[str]] = []
        first = True
        for line in self.cells:
            chunk.append(json.loads(line))
            if len(chunk) == TABLE_CHUNK:
                self._print(self._table(chunk, first), out, terminal)
                chunk, first = [], False
        if chunk or first:
            self._print(self._table(chunk, first), out, terminal)
        if self.failed:
            self._print(_errors_text([], self.lang), out, terminal)
            self.errors.seek(0)
            for line in self.errors:
                self._print(json.loads(line), out, terminal)
        self._print(escape_controls(_totals_text(sums, self.lang)), out, terminal)
        self.cells.close()
        self.errors.close()

    def _table(self, rows: list[list[str]], header: bool) -> Table:
        head = _HEAD[self.lang] if self.failed else _HEAD[self.lang][:-1]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
        for i, name in enumerate(head):
            table.add_column(name, justify="right" if i in (3, 7) else "left", overflow="fold", no_wrap=i <= 4,
                             width=self.widths[i])
        for cells in rows:
            table.add_row(*(Text(c) for c in cells[:len(head)]))  # Text: a name is never rich markup
        return table

    @staticmethod
    def _print(item: Table | str, out: IO[str], terminal: bool) -> None:
        """On a terminal, with rich's colours (cells are already escaped); elsewhere plain, of a fixed width,
        with the blanks rich pads cells with removed (they only make diffs noisy)."""
        if terminal:
            Console(file=getattr(out, "unescaped", out), highlight=False, emoji=False).print(
                item, highlight=False, markup=False, soft_wrap=isinstance(item, str))
            return
        buffer = io.StringIO()
        Console(file=buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False, highlight=False, emoji=False,
                legacy_windows=False).print(item, highlight=False, markup=False, soft_wrap=isinstance(item, str))
        out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _cells(r: StationRow, lang: str) -> list[str]:
    """A row's cells in the table: a failed file's path and its number of errors, in the last column."""
    if not r.evaluated:
        n = len(r.errors)
        note = f"{n} 个错误，见下文" if lang == "zh" else f"{n} error{'s' if n != 1 else ''}, listed below"
        return [r.path, "", "", "", "", "", "", "", "", note]
    sep = "、" if lang == "zh" else ", "
    phase = (r.phase_label if lang == "zh" else None) or r.phase or "?"  # as the single-station text says it
    return [r.path, r.station or "?", phase, _dec(r.total) or "?", r.grade or "?", _yes(r.provisional, lang),
            sep.join(r.vetoes_hit), str(len(r.missing)) if r.missing else "", "; ".join(r.differences), ""]


def write_table(rows: list[StationRow], sums: BatchTotals, lang: str, out: IO[str], *, terminal: bool) -> None:
    """The summary table and the batch totals; fixed width and no colour unless on a terminal."""
    table = TableWriter(lang)
    for r in rows:
        table.row(r)
    table.write(sums, out, terminal=terminal)


def _errors_text(failed: list[StationRow], lang: str, head: bool = True) -> str:
    zh = lang == "zh"
    lines = ["", "无法评估的文件" if zh else "Files that could not be evaluated"] if head else []
    for r in failed:
        lines.append(f"  {r.path}")
        for e in r.errors:
            where = f"{e['key_path']}: " if e["key_path"] else f"{e['line']}:{e['column']}: " if e["line"] else ""
            lines.append(f"    {where}{'错误' if zh else 'error'}[{e['code']}]: {e['message']}")
            if e["help"]:
                lines.append(f"      = {'帮助' if zh else 'help'}: {e['help']}")
    return "\n".join(lines)


def counts_line(sums: BatchTotals, lang: str) -> str:
    if lang == "zh":
        return f"读取 {sums.read} 个文件，评估 {sums.evaluated} 个，失败 {sums.failed} 个"
    return f"{sums.read} files read, {sums.evaluated} evaluated, {sums.failed} failed"


def _totals_text(sums: BatchTotals, lang: str) -> str:
    zh = lang == "zh"
    sep = "，" if zh else ", "
    grades = sep.join(f"{g} {n}" for g, n in sums.per_grade)
    vetoes = sep.join(f"{v} {n}" for v, n in sums.per_veto) or ("（无）" if zh else "(none)")
    never = ("、" if zh else ", ").join(sums.never_fired) or ("（无）" if zh else "(none)")
    near = [f"    {p}  {t:f}（界限 {e:f}）" if zh else f"    {p}  {t:f} (edge {e:f})" for p, t, e in sums.near_edges]
    lines = [
        "",
        "汇总" if zh else "Totals",
        "  " + counts_line(sums, lang),
        ("  各等级站点数：" if zh else "  stations per grade: ") + grades
        + (f"（其中暂定 {sums.provisional} 个）" if zh else f" ({sums.provisional} provisional)"),
        ("  一票否决触发次数：" if zh else "  hits per veto: ") + vetoes,
        ("  从未触发的规则：" if zh else "  rules that never fired: ") + never,
        ("  总分距等级界限一分以内的站点：" if zh else "  stations within one point of a band edge: ")
        + (str(len(near)) if near else ("（无）" if zh else "(none)")),
        *near,
    ]
    return "\n".join(lines)
