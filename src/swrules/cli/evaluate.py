"""What `swrules eval POLICY DIR_OR_FILES...` does once its arguments are known (`cli.eval_click`
declares them to click; `cli.quick` reads the common ones without it): evaluate one
station, or a whole district.

Input: a policy (through `PolicySet`, which picks the version in force for each
station) and fact files or folders of them. Output: for one station as text or JSON,
its full result (JSON with the explanation); otherwise one summary row per fact file
and the batch totals, as a table (fitted to a terminal's width: `cli.batch_table`), CSV (for Excel: a
byte-order mark, headers in the chosen language), an .xlsx workbook, JSON lines or JSON.
A workbook (.xlsx) gives a row per station. A bad fact file or row gets a row with its
errors and the rest is still evaluated. Rows are written as they are evaluated (the
table's are kept in a temporary file until the totals are known), so a batch of any
size runs in flat memory; only the result workbook is built in memory. Exit status: 0
every file evaluated, 1 some evaluated and some not, 2 nothing evaluated (bad usage, a
policy with errors, a single fact file that is invalid, or an `-o` that cannot be
written, such as one of the inputs). Output goes through `atomic_output`, so `-o FILE`
is written whole or not at all. Imports no click.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from typing import IO, Any

from swrules.base.diagnostics import FactsError, SwrulesError, render_all
from swrules.base.jsonwrite import dumps_plain
from swrules.base.show import join
from swrules.engine.batch import (
    BatchTotals,
    NoFactFiles,
    StationRow,
    TotalsCounter,
    count_items,
    discover,
    evaluate_rows,
)
from swrules.engine.discovery import FactFiles
from swrules.engine.versions import PolicySet
from swrules.facts.xlsx import is_workbook, one_station, split_selector, stations_in
from swrules.render.export import BOM, csv_head, csv_row, output_cell, output_columns
from swrules.render.labels import NONE, Labels
from swrules.render.terminal import render_result

from .batch_table import TableWriter, counts_line, from_book
from .files import write_bytes
from .output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    atomic_output,
    echo,
    fail,
    open_policy_set,
    policy_files,
    writable_output,
    write_json,
)

# A batch this long shows a progress bar (on a terminal only).
PROGRESS_FROM = 20

def run_eval(policy: str, facts: tuple[str, ...], fmt: str, bom: bool, output: str | None, jobs: int,
             version: str | None, lang: str) -> None:
    """`swrules eval` once its arguments are known: write its output and exit with its status."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover(facts)
    except NoFactFiles as exc:
        fail(exc, lang)
    inputs = _Inputs([policy, *policy_files(policies)], paths)
    if fmt == "xlsx" and output in (None, "-") and sys.stdout.isatty():
        echo("错误：--format xlsx 须用 -o 文件.xlsx 指定输出文件" if lang == "zh" else
             "error: --format xlsx needs -o FILE.xlsx", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    # One station as text or JSON is shown whole; any other format is a batch however many
    # files there are (so a folder is not gone through for this alone).
    first = paths.at_most(2) if fmt in ("text", "json") else []
    if len(first) == 1 and _one_station(first[0], policies):
        _single(policies, first[0], fmt, output, version, lang, inputs)
        return
    # The files are found, read and evaluated as the rows are written: nothing grows with
    # the batch. A workbook's stations are counted one by one in the progress bar.
    count = partial(count_items, paths, policies)
    seen = _Seen(TotalsCounter(policies))
    if fmt == "xlsx":
        writable_output(output, lang, inputs)  # refused (exit 2) before anything is evaluated
        with _progress(count, lang) as tick:
            # The workbook is built in memory, from all the rows.
            kept = [seen.add(r) for r in evaluate_rows(paths, policies, policy, version=version, lang=lang,
                                                       jobs=jobs, progress=tick)]
        sums = seen.counter.totals()
        from swrules.engine.district import scale_of
        from swrules.render.xlsx import results_workbook  # openpyxl: imported only to write a workbook

        outputs = output_columns([p.checked for p in policies.policies], lang)
        write_bytes(output, results_workbook(kept, sums, lang, outputs, scale_of(policies), Labels.of(policies)),
                    lang, inputs)
    else:
        # Rows are written as they come: a batch of any size runs in flat memory.
        with atomic_output(output, lang, inputs) as out, _progress(count, lang) as tick:
            write = _Rows(fmt, out, lang, output in (None, "-") and sys.stdout.isatty(), bom,
                          output_columns([p.checked for p in policies.policies], lang), Labels.of(policies))
            for row in evaluate_rows(paths, policies, policy, version=version, lang=lang, jobs=jobs, progress=tick):
                write.row(seen.add(row))
            sums = seen.counter.totals()
            write.end(sums, seen.books)
    if fmt != "text" or output not in (None, "-"):
        echo(counts_line(sums, lang, seen.books), err=True)
    if seen.outside:  # a version named by hand that is not in force for these stations' periods
        echo((f"警告[W0919]：{len(seen.outside)} 个站点的考核期不在所指定的版本 {version} 的生效期之内，"
              f"仍按该版本评估：{join(seen.outside, lang)}" if lang == "zh" else
              f"warning[W0919]: the evaluation period of {len(seen.outside)} station(s) is not within the "
              f"effective range of version {version}; evaluated under it anyway: {join(seen.outside, lang)}"),
             err=True)
    if seen.dated:  # dated parameters that changed within these stations' periods
        names = join(sorted({n for _, ns in seen.dated for n in ns}), lang)
        stations = join([p for p, _ in seen.dated], lang)
        echo((f"警告[W0920]：{len(seen.dated)} 个站点的考核期内，按日期取值的参数（{names}）改变了取值，"
              f"按 dated by 的日期取值；用 swrules explain 查看各站点采用的值：{stations}" if lang == "zh" else
              f"warning[W0920]: for {len(seen.dated)} station(s) a dated parameter ({names}) changed within "
              f"the evaluation period; the value in force on the `dated by` date is used (swrules explain "
              f"shows which): {stations}"), err=True)
    raise SystemExit(EXIT_OK if sums.failed == 0 else EXIT_BAD_INPUT if sums.evaluated == 0 else EXIT_PROBLEMS)


class _Inputs:
    """The command's input files, for refusing an `-o` that names one: the policy files, then
    the fact files (workbooks without their `#station`), found again each time they are read."""

    def __init__(self, policies: list[str], facts: FactFiles) -> None:
        self.policies, self.facts = policies, facts

    def __iter__(self) -> Iterator[str]:
        yield from self.policies
        for name in self.facts:
            yield split_selector(name)[0]


class _Seen:
    """What the batch needs to know of its rows once they are written: the totals, whether
    some came from a workbook, and those evaluated under a version not in force (W0919)."""

    def __init__(self, counter: TotalsCounter) -> None:
        self.counter = counter
        self.books = False
        self.outside: list[str] = []
        self.dated: list[tuple[str, tuple[str, ...]]] = []  # (path, parameters changed within its period)

    def add(self, row: StationRow) -> StationRow:
        if row.dated_changes:
            self.dated.append((row.path, row.dated_changes))
        self.counter.add(row)
        self.books = self.books or from_book(row)
        if row.outside_version:
            self.outside.append(row.path)
        return row


class _Rows:
    """Writes rows one by one, and what follows them once the totals are known."""

    def __init__(self, fmt: str, out: IO[str], lang: str, terminal: bool, bom: bool,
                 outputs: tuple[tuple[str, str], ...] = (), labels: Labels = NONE) -> None:
        self.fmt, self.out, self.lang, self.terminal, self.bom = fmt, out, lang, terminal, bom
        self.outputs = outputs  # the policy's outputs, a CSV column each
        self.labels = labels  # the policy's words for rules and published figures, for people (not JSON)
        self.first = True
        self.table = TableWriter(lang, labels) if fmt == "text" else None
        import csv  # a batch's rows only: one station never writes CSV

        self.csv = csv.writer(out, lineterminator="\n")

    def row(self, row: StationRow) -> None:
        if self.fmt == "csv":
            if self.first:
                self._csv_head()
            self.csv.writerow(csv_row(row, self.lang, self.outputs, self.labels))
        elif self.fmt == "jsonl":
            self.out.write(_jsonl(row_dict(row)) + "\n")
        elif self.fmt == "json":
            text = dumps_plain(row_dict(row)).replace("\n", "\n    ")
            self.out.write(('{\n  "stations": [\n    ' if self.first else ",\n    ") + text)
        elif self.table is not None:
            self.table.row(row)
        self.first = False

    def _csv_head(self) -> None:
        if self.bom:
            self.out.write(BOM)
        self.csv.writerow(csv_head(self.lang, self.outputs))

    def end(self, sums: BatchTotals, books: bool) -> None:
        if self.fmt == "csv" and self.first:
            self._csv_head()  # no rows: the header alone
        elif self.fmt == "json":
            totals = dumps_plain(sums.to_dict()).replace("\n", "\n  ")
            self.out.write(('{\n  "stations": [' if self.first else "\n  ") + f'],\n  "totals": {totals}\n}}\n')
        elif self.table is not None:
            self.table.write(sums, self.out, terminal=self.terminal, books=books)


def _one_station(path: str, policies: PolicySet) -> bool:
    """A fact file, or a workbook holding one station (or naming one after `#`)."""
    base, chosen = split_selector(path)
    if not is_workbook(base) or chosen is not None:
        return True
    try:
        book = stations_in(path, policies.policies[-1].checked)
    except SwrulesError:
        return False  # reported as the batch's row for the workbook
    return len(book.stations) == 1 and not book.problems


def _single(policies: PolicySet, path: str, fmt: str, output: str | None, version: str | None, lang: str,
            inputs: Iterable[str]) -> None:
    """One station as text or JSON: its full result rather than a summary row."""
    try:
        station = one_station(path, policies.policies[-1].checked)
    except SwrulesError as exc:
        fail(exc, lang)
    try:
        policy, why = policies.select(station.data, version=version, file=station.name, lang=lang)
        if len(policies.policies) > 1 or version is not None:
            echo(why, err=True)  # which version was applied, and why (standard error: output stays data)
        # JSON carries the explanation of every rule; text shows the result as before.
        result = policy.evaluate(station.data, explain=fmt == "json", file=station.name, facts_hash=station.digest)
    except SwrulesError as exc:
        fail(FactsError(station.locate(exc.diagnostics)), lang)
    if result.warnings:
        echo(render_all(result.warnings, lang), err=True)  # a dated value changed within the period
    with atomic_output(output, lang, inputs) as out:
        if fmt == "json":
            from swrules.explanation.build import explained_json_utf8  # the explanation stage: only for JSON

            write_json(out, explained_json_utf8(result))
        else:
            out.write(render_result(result, lang, Labels.of_checked([policy.checked])))


@contextmanager
def _progress(n: int | Callable[[], int], lang: str) -> Iterator[Callable[[], None] | None]:
    """A progress bar on standard error, only for a long batch and only on a terminal (the
    number of stations, if given as a function, is counted only then)."""
    if not sys.stderr.isatty() or (total := n() if callable(n) else n) < PROGRESS_FROM:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    label = "评估中" if lang == "zh" else "evaluating"
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(file=getattr(sys.stderr, "unescaped", sys.stderr)), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


# ----------------------------------------------------------------- rows as data

# `json.dumps(x, ensure_ascii=False)`, the same bytes, without making an encoder for every row.
_jsonl = json.JSONEncoder(ensure_ascii=False).encode


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def row_dict(row: StationRow) -> dict[str, Any]:
    """The row as JSON data: the same fields, in the same order, as the CSV columns (and, before
    `facts_to_give`, `facts_missing`: every fact not given, optional ones too)."""
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
        # Added beside facts_missing (every fact not given): those the station must give, as the CSV,
        # the workbook and the table list them under 未填报的事项
        "facts_to_give": list(row.to_give),
        "differences": list(row.differences),
        "near_band_edge": _dec(row.near_edge),
        "policy_version": row.policy_version,
        # `cell`: where in a workbook (`区评估.xlsx!站点!F7`); null for a fact file.
        "errors": [{"key_path": e["key_path"], "cell": e["file"] if e["file"] not in (None, row.path) else None,
                    "code": e["code"], "message": e["message"], "help": e["help"]} for e in row.errors],
    } | ({"outputs": {name: output_cell(value) or None for name, value in row.outputs}} if row.outputs else {})
