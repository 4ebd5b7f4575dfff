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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import IO, Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from swrules.base.diagnostics import SwrulesError
from swrules.base.show import aside, join, paren, show, yes_no
from swrules.base.words import BATCH_COLUMNS, w
from swrules.engine.batch import (
    UNDETERMINED_GRADE,
    BatchTotals,
    NoFactFiles,
    StationRow,
    discover,
    evaluate_rows,
    totals,
)
from swrules.engine.versions import PolicySet
from swrules.explanation.build import explained_json
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
    if len(paths) == 1 and fmt in ("text", "json"):
        _single(policies, paths[0], fmt, output, version, lang)
        return
    with _progress(len(paths), lang) as tick:
        rows = list(evaluate_rows(paths, policies, policy, version=version, lang=lang, jobs=jobs, progress=tick))
    sums = totals(rows, policies)
    with atomic_output(output) as out:
        if fmt == "csv":
            write_csv(rows, out)
        elif fmt == "jsonl":
            out.write("".join(json.dumps(row_dict(r), ensure_ascii=False) + "\n" for r in rows))
        elif fmt == "json":
            doc = {"stations": [row_dict(r) for r in rows], "totals": sums.to_dict()}
            out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        else:
            write_table(rows, sums, lang, out, terminal=output in (None, "-") and sys.stdout.isatty())
    if fmt != "text" or output not in (None, "-"):
        click.echo(counts_line(sums, lang), err=True)
    raise SystemExit(EXIT_OK if sums.failed == 0 else EXIT_BAD_INPUT if sums.evaluated == 0 else EXIT_PROBLEMS)


def _single(policies: PolicySet, path: str, fmt: str, output: str | None, version: str | None, lang: str) -> None:
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
    with atomic_output(output) as out:
        out.write(explained_json(result) if fmt == "json" else render_result(result, lang))


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
        "errors": [{"key_path": e["key_path"], "code": e["code"], "message": e["message"], "help": e["help"]}
                   for e in row.errors],
    }


def _error_text(error: dict[str, Any]) -> str:
    return f"{error['code']} {error['message']}"


def write_csv(rows: list[StationRow], out: IO[str]) -> None:
    """CSV for spreadsheets: one line per file; lists joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = list(row_dict(rows[0]).keys()) if rows else []
    writer.writerow(header)
    for row in rows:
        data = row_dict(row)
        data["errors"] = [_error_text(e) for e in row.errors]
        writer.writerow([
            "; ".join(v) if isinstance(v, list) else "" if v is None else str(v).lower() if isinstance(v, bool)
            else v for v in data.values()
        ])
    out.write(buffer.getvalue())


# ----------------------------------------------------------------- the table

def _yes(value: bool | None, lang: str) -> str:
    return "" if value is None else yes_no(value, lang)


def write_table(rows: list[StationRow], sums: BatchTotals, lang: str, out: IO[str], *, terminal: bool) -> None:
    """The summary table and the batch totals; fixed width and no colour unless on a terminal."""
    buffer = out if terminal else io.StringIO()
    if terminal:
        console = Console(file=buffer, highlight=False, emoji=False)
    else:
        console = Console(file=buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False,
                          highlight=False, emoji=False, legacy_windows=False)
    head = BATCH_COLUMNS["zh" if lang == "zh" else "en"]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    with_errors = sums.failed > 0
    for i, name in enumerate(head if with_errors else head[:-1]):
        table.add_column(name, justify="right" if i in (3, 7) else "left", overflow="fold", no_wrap=i <= 4)
    for r in rows:
        if not r.evaluated:
            n = len(r.errors)
            note = f"{n} 个错误，见下文" if lang == "zh" else f"{n} error{'s' if n != 1 else ''}, listed below"
            table.add_row(r.path, "", "", "", "", "", "", "", "", note)
            continue
        phase = (r.phase_label if lang == "zh" else None) or r.phase or "?"  # as the single-station text says it
        total = show(r.total, lang, exact=True, places=r.places) if r.total is not None else "?"
        cells = [r.path, r.station or "?", phase, total, r.grade or w("not_determined_grade", lang),
                 _yes(r.provisional, lang), join(r.vetoes_hit, lang), str(len(r.missing)) if r.missing else "",
                 "; ".join(r.differences)]
        table.add_row(*cells, *([""] if with_errors else []))
    console.print(table)
    failed = [r for r in rows if not r.evaluated]
    if failed:
        console.print(_errors_text(failed, lang), highlight=False, markup=False, soft_wrap=True)
    console.print(_totals_text(sums, lang), highlight=False, markup=False, soft_wrap=True)
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
        "  " + counts_line(sums, lang),
        ("  各等级站点数：" if zh else "  stations per grade: ") + grades
        + (f"（其中暂定 {sums.provisional} 个）" if zh else f" ({sums.provisional} provisional)"),
        ("  一票否决触发次数：" if zh else "  hits per veto: ") + vetoes,
        ("  从未触发的规则：" if zh else "  rules that never fired: ") + never,
        ("  总分距等级界限一分以内的站点：" if zh else "  stations within one point of a band edge: ")
        + (str(len(near)) if near else none),
        *near,
    ]
    return "\n".join(lines)
