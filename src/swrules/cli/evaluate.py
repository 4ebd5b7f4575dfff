"""`swrules eval POLICY DIR_OR_FILES...`: evaluate one station, or a whole district.

Input: a policy (through `PolicySet`, which picks the version in force for each
station) and fact files or folders of them. Output: for one station as text or JSON,
its full result (JSON with the explanation); otherwise one summary row per fact file
and the batch totals, as a table (fitted to a terminal's width), CSV (for Excel: a
byte-order mark, headers in the chosen language), an .xlsx workbook, JSON lines or JSON.
A workbook (.xlsx) gives a row per station. A bad fact file or row gets a row with its
errors and the rest is still evaluated. Exit status: 0 every file evaluated, 1 some
evaluated and some not, 2 nothing evaluated (bad usage, a policy with errors, or a
single fact file that is invalid). Output goes through `atomic_output`, so `-o FILE`
is written whole or not at all.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import IO, Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from swrules.base.diagnostics import FactsError, SwrulesError
from swrules.base.show import aside, join, paren, show
from swrules.base.words import BATCH_COLUMNS, w
from swrules.engine.batch import (
    UNDETERMINED_GRADE,
    BatchTotals,
    NoFactFiles,
    StationRow,
    discover,
    evaluate_rows,
    expand,
    totals,
)
from swrules.engine.versions import PolicySet
from swrules.explanation.build import explained_json
from swrules.facts.xlsx import is_workbook, one_station, split_selector, stations_in
from swrules.render.export import csv_text
from swrules.render.table import RIGHT, fit_table, summary_cells
from swrules.render.terminal import render_result
from swrules.render.xlsx import results_workbook

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
)
from .files import write_bytes

# A batch this long shows a progress bar (on a terminal only).
PROGRESS_FROM = 20
# Tables written anywhere but a terminal get this fixed width, so that they are byte-identical
# whatever the terminal; it is wide enough that cells never wrap and rows stay one line each.
TABLE_WIDTH = 1000

@cli.command("eval")
@click.argument("policy", type=click.Path())
@click.argument("facts", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "jsonl", "xlsx"]), default="text",
              show_default=True,
              help="text (a table for many stations), json, csv/jsonl (one row per station), xlsx (a workbook).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="CSV: begin with a byte-order mark, so that Excel reads it as UTF-8; --no-bom for pipelines.")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write to FILE (whole or not at all) instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Evaluate on this many processes; the output is the same for any number.")
@POLICY_VERSION
@LANG
def eval_cmd(policy: str, facts: tuple[str, ...], fmt: str, bom: bool, output: str | None, jobs: int,
             version: str | None, lang: str) -> None:
    """Evaluate POLICY against station fact files (TOML, JSON or .xlsx workbooks) or folders of them."""
    policies = open_policy_set(policy, lang)
    try:
        paths = discover(facts)
    except NoFactFiles as exc:
        fail(exc, lang)
    if fmt == "xlsx" and output in (None, "-") and sys.stdout.isatty():
        click.echo("错误：--format xlsx 须用 -o 文件.xlsx 指定输出文件" if lang == "zh" else
                   "error: --format xlsx needs -o FILE.xlsx", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    if len(paths) == 1 and fmt in ("text", "json") and _one_station(paths[0], policies):
        _single(policies, paths[0], fmt, output, version, lang)
        return
    items = expand(paths, policies)  # a workbook's stations counted one by one in the progress bar
    with _progress(len(items), lang) as tick:
        rows = list(evaluate_rows(items, policies, policy, version=version, lang=lang, jobs=jobs, progress=tick))
    sums = totals(rows, policies)
    if fmt == "xlsx":
        write_bytes(output, results_workbook(rows, sums, lang))
    else:
        _write_rows(rows, sums, fmt, bom, output, lang)
    if fmt != "text" or output not in (None, "-"):
        click.echo(counts_line(sums, lang, _from_books(rows)), err=True)
    outside = [r.path for r in rows if r.outside_version]
    if outside:  # a version named by hand that is not in force for these stations' periods
        click.echo((f"警告[W0919]：{len(outside)} 个站点的考核期不在所指定的版本 {version} 的生效期之内，"
                    f"仍按该版本评估：{join(outside, lang)}" if lang == "zh" else
                    f"warning[W0919]: the evaluation period of {len(outside)} station(s) is not within the "
                    f"effective range of version {version}; evaluated under it anyway: {join(outside, lang)}"),
                   err=True)
    raise SystemExit(EXIT_OK if sums.failed == 0 else EXIT_BAD_INPUT if sums.evaluated == 0 else EXIT_PROBLEMS)


def _write_rows(rows: list[StationRow], sums: BatchTotals, fmt: str, bom: bool, output: str | None,
                lang: str) -> None:
    with atomic_output(output) as out:
        if fmt == "csv":
            out.write(csv_text(rows, lang, bom=bom))
        elif fmt == "jsonl":
            out.write("".join(json.dumps(row_dict(r), ensure_ascii=False) + "\n" for r in rows))
        elif fmt == "json":
            doc = {"stations": [row_dict(r) for r in rows], "totals": sums.to_dict()}
            out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        else:
            write_table(rows, sums, lang, out, terminal=output in (None, "-") and sys.stdout.isatty())


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


def _single(policies: PolicySet, path: str, fmt: str, output: str | None, version: str | None, lang: str) -> None:
    """One station as text or JSON: its full result rather than a summary row."""
    try:
        station = one_station(path, policies.policies[-1].checked)
    except SwrulesError as exc:
        fail(exc, lang)
    try:
        policy, why = policies.select(station.data, version=version, file=station.name, lang=lang)
        if len(policies.policies) > 1 or version is not None:
            click.echo(why, err=True)  # which version was applied, and why (standard error: output stays data)
        # JSON carries the explanation of every rule; text shows the result as before.
        result = policy.evaluate(station.data, explain=fmt == "json", file=station.name, facts_hash=station.digest)
    except SwrulesError as exc:
        fail(FactsError(station.locate(exc.diagnostics)), lang)
    with atomic_output(output) as out:
        out.write(explained_json(result) if fmt == "json" else render_result(result, lang))


@contextmanager
def _progress(n: int, lang: str) -> Iterator[Callable[[], None] | None]:
    """A progress bar on standard error, only for a long batch and only on a terminal."""
    if n < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    label = "评估中" if lang == "zh" else "evaluating"
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
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
        # `cell`: where in a workbook (`区评估.xlsx!站点!F7`); null for a fact file.
        "errors": [{"key_path": e["key_path"], "cell": e["file"] if e["file"] not in (None, row.path) else None,
                    "code": e["code"], "message": e["message"], "help": e["help"]} for e in row.errors],
    }


# ----------------------------------------------------------------- the table

def write_table(rows: list[StationRow], sums: BatchTotals, lang: str, out: IO[str], *, terminal: bool,
                width: int | None = None) -> None:
    """The summary table and the batch totals; fixed width and no colour unless on a terminal."""
    buffer = out if terminal else io.StringIO()
    if terminal:
        console = Console(file=buffer, highlight=False, emoji=False, width=width)
    else:
        console = Console(file=buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False,
                          highlight=False, emoji=False, legacy_windows=False)
    note = None
    if terminal:
        fitted = fit_table(rows, lang, console.width)
        table, note = fitted.table, fitted.note
    else:
        head = BATCH_COLUMNS["zh" if lang == "zh" else "en"]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        with_errors = sums.failed > 0
        for i, name in enumerate(head if with_errors else head[:-1]):
            table.add_column(name, justify="right" if i in RIGHT else "left", overflow="fold", no_wrap=i <= 4)
        for cells in summary_cells(rows, lang, with_errors):
            table.add_row(*cells)
    console.print(table)
    if note:
        console.print(note, highlight=False, markup=False)
    failed = [r for r in rows if not r.evaluated]
    if failed:
        console.print(_errors_text(failed, lang), highlight=False, markup=False, soft_wrap=True)
    console.print(_totals_text(sums, lang, _from_books(rows)), highlight=False, markup=False, soft_wrap=True)
    if not terminal:
        assert isinstance(buffer, io.StringIO)
        # rich pads every cell to the column width; trailing blanks only make diffs noisy.
        out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _errors_text(failed: list[StationRow], lang: str) -> str:
    zh = lang == "zh"
    lines = ["", "无法评估的文件" if zh else "Files that could not be evaluated"]
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


def _from_books(rows: list[StationRow]) -> bool:
    """Whether some rows are workbook rows (named `区评估.xlsx!站点!3:3`)."""
    return any(is_workbook(r.path.split("!", 1)[0]) for r in rows)


def counts_line(sums: BatchTotals, lang: str, books: bool = False) -> str:
    if lang == "zh":
        what = "个文件或工作簿中的站点" if books else "个文件"
        return f"读取 {sums.read} {what}，评估 {sums.evaluated} 个，失败 {sums.failed} 个"
    what = "files or workbook stations" if books else "files"
    return f"{sums.read} {what} read, {sums.evaluated} evaluated, {sums.failed} failed"


def _totals_text(sums: BatchTotals, lang: str, books: bool = False) -> str:
    zh = lang == "zh"
    sep = "，" if zh else ", "
    grades = sep.join(f"{w('not_determined_grade', lang) if g == UNDETERMINED_GRADE else g} {n}"
                      for g, n in sums.per_grade)
    none = paren(w("none", lang), lang)
    vetoes = sep.join(f"{v} {n}" for v, n in sums.per_veto) or none
    never = join(sums.never_fired, lang) or none
    edge = "界限" if zh else "edge"
    near = [f"    {p}  {show(t, lang, exact=True)}{aside(f'{edge} {show(e, lang, exact=True)}', lang)}"
            for p, t, e in sums.near_edges]
    lines = [
        "",
        "汇总" if zh else "Totals",
        "  " + counts_line(sums, lang, books),
        ("  各等级站点数：" if zh else "  stations per grade: ") + grades
        + (f"（其中暂定 {sums.provisional} 个）" if zh else f" ({sums.provisional} provisional)"),
        ("  一票否决触发次数：" if zh else "  hits per veto: ") + vetoes,
        ("  从未触发的规则：" if zh else "  rules that never fired: ") + never,
        ("  总分距等级界限一分以内的站点：" if zh else "  stations within one point of a band edge: ")
        + (str(len(near)) if near else none),
        *near,
    ]
    return "\n".join(lines)
