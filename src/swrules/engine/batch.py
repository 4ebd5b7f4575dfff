"""Batch evaluation: many stations' fact files against one policy set.

Input: a policy path, the fact files, workbooks and folders named on the command line,
and a number of worker processes. Output: one `StationRow` per fact file and per
station row of a workbook, in a fixed order (arguments in the order given, each
folder's files sorted by path, a workbook's rows in order), and `BatchTotals` over
them. A file or row that cannot be read or validated gets a row carrying its errors
(a workbook's cells named); the others are still evaluated. Rows hold plain data only, so that worker processes
can send them back; each worker loads the policy once (compiled closures cannot be
pickled), and results come back in submission order, so the output does not depend
on the number of workers. The files are found (`discovery`), read and evaluated as the
rows are asked for, and a pool of workers gets a few chunks at a time: memory does not
grow with the number of files.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from swrules.base.diagnostics import Diagnostic, SwrulesError
from swrules.base.nodes import node
from swrules.base.values import Unknown
from swrules.facts.schema import read_fact_file

# Discovery lived here first; its names are still read from here.
from .discovery import FACT_SUFFIXES as FACT_SUFFIXES
from .discovery import FactFiles as FactFiles
from .discovery import NoFactFiles as NoFactFiles
from .discovery import discover as discover
from .policy import Policy, evaluating
from .result import Check, Result, missing_labels, to_give
from .versions import PolicySet

if TYPE_CHECKING:  # workbooks and worker processes are imported when a batch has them, not for one TOML file
    from concurrent.futures import Future

    from swrules.facts.xlsx import StationInput


# What a check read, by the policy's labels: ((label, value, percent), ...), and the
# labels of the facts it lacked when it could not be decided without them (`_read_lines`).
ReadLines: TypeAlias = tuple[tuple[tuple[str, Any, bool], ...], tuple[str, ...]]


@node
class StationRow:
    """One fact file's line in a batch: what was evaluated, or why it could not be."""

    path: str
    station: str | None = None
    phase: str | None = None
    phase_label: str | None = None
    total: Decimal | None = None
    grade: str | None = None
    provisional: bool | None = None
    vetoes_hit: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # every fact not given, optional ones too (JSON `facts_missing`)
    # The facts not given that the station must act on (`render.checks.facts_to_give(process=False)`):
    # the required ones and the optional ones a veto or a station's finding could not be decided without.
    to_give: tuple[str, ...] = ()
    differences: tuple[str, ...] = ()
    errors: tuple[dict[str, Any], ...] = ()
    policy_version: str | None = None
    # For the batch totals: rules that can fire, those that fired, the nearest band edge.
    rules: tuple[str, ...] = field(default=(), repr=False)
    fired: tuple[str, ...] = field(default=(), repr=False)
    near_edge: Decimal | None = None
    places: int | None = field(default=None, repr=False)  # the policy's precision, for showing the total
    # Evaluated under a version named by hand that is not in force for the station's period (W0919).
    outside_version: bool = field(default=False, repr=False)
    # For the result workbook: each party's counted score (label, value), and each veto
    # and finding that was hit, raised or undetermined: (kind, id, label, status, record, values read),
    # the values read by their labels (`_read_lines`), or, for one that could not be decided, the facts it lacked.
    parties: tuple[tuple[str, Decimal | None], ...] = field(default=(), repr=False)
    checks: tuple[tuple[str, str, str, str, str, ReadLines], ...] = field(default=(), repr=False)
    # The policy's outputs (`output 奖励金额 unit yuan = …`): (id, value), undetermined as None.
    outputs: tuple[tuple[str, Any], ...] = field(default=(), repr=False)
    # Dated parameters whose value changed within the station's period (W0920), by name.
    dated_changes: tuple[str, ...] = field(default=(), repr=False)

    @property
    def evaluated(self) -> bool:
        return not self.errors


def _plain(value: Any) -> Any:
    return None if type(value) is Unknown else value


def _show(value: Any) -> str:
    if value is None or type(value) is Unknown:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"  # as a fact file writes it
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def row_from_result(path: str, result: Result, policy: Policy) -> StationRow:
    """The batch line for an evaluated station. The vetoes' lines, with everything each read,
    are built only when one of them is not clear (the row shows what a hit veto read)."""
    total = _plain(result.total)
    differences = tuple(
        f"{r.field}: {_show(r.declared)} ≠ {_show(r.computed)}" for r in result.reconciliation if r.status == "differs"
    )
    statuses: tuple[tuple[str, str], ...] | None = getattr(result, "veto_statuses", None)
    if statuses is None:  # a result built otherwise (or unpickled): from its lines
        statuses = tuple((v.id, v.status) for v in result.vetoes)
    vetoes = result.vetoes if any(status != "clear" for _, status in statuses) else ()
    findings = result.findings
    fired = dict.fromkeys([i for i, status in statuses if status == "hit"]
                          + [c.id for c in findings if c.status == "raised"])  # in policy order
    rules = dict.fromkeys([i for i, _ in statuses] + [c.id for c in findings])
    # `vetoes` holds every veto that is not clear, so every undetermined one: no veto line is built for this
    give = to_give(result.missing, (*vetoes, *[c for c in findings if not c.process])) if result.missing else ()
    return StationRow(
        path=path, station=result.station_name, phase=_plain(result.phase), phase_label=result.phase_label,
        total=total,
        grade=_plain(result.grade), provisional=result.provisional,
        vetoes_hit=tuple(i for i, status in statuses if status == "hit"), missing=tuple(m.key for m in result.missing),
        to_give=tuple(m.key for m in give),
        differences=differences, policy_version=result.policy_version,
        rules=tuple(rules), fired=tuple(fired),
        near_edge=nearest_edge(total, policy) if isinstance(total, Decimal) else None, places=result.places,
        parties=tuple([(p.label, p.counted if isinstance(p.counted, Decimal) else None) for p in result.parties]),
        checks=tuple((kind, c.id, c.label, c.status, c.record or "", _read_lines(c, result))
                     for kind, group in (("veto", vetoes), ("finding", findings))
                     for c in group if c.status != "clear"),
        outputs=tuple((o.id, _plain(o.value)) for o in result.outputs),
        dated_changes=tuple(str(d.args["name"]) for d in result.warnings if d.code == "W0920"),
    )


def _read_lines(check: Check, result: Result) -> ReadLines:
    """What a check read, for the workbook's sheet per check (`render.reads`): each value read as
    (label, value, percent), and, for a check that could not be decided for want of facts, those
    facts' labels instead. An undetermined value stays `Unknown` (it pickles as itself), so that
    the workbook says why as `show` does everywhere."""
    if check.status == "undetermined" and check.missing:
        return (), missing_labels(check, result.missing)
    return tuple([(r.label or r.name, r.value, r.percent) for r in check.reads]), ()


def nearest_edge(total: Decimal, policy: Policy) -> Decimal | None:
    """The grade band edge within one point of `total`, if there is one (the nearest)."""
    edges = _edges(policy.checked.grades)
    close = sorted((abs(total - e), e) for e in edges if abs(total - e) <= 1)
    return close[0][1] if close else None


_EDGES: dict[int, tuple[Any, frozenset[Decimal]]] = {}


def _edges(grades: Any) -> frozenset[Decimal]:
    """A policy's grade band edges, found once per policy (by identity: a few policies kept)."""
    found = _EDGES.get(id(grades))
    if found is None or found[0] is not grades:
        if len(_EDGES) >= 16:
            _EDGES.clear()
        found = _EDGES[id(grades)] = (grades, frozenset(b for band in grades.bands
                                                        for b in (band.low, band.high) if b is not None))
    return found[1]


# ----------------------------------------------------------------- evaluating rows

_WORKER: dict[str, Any] = {}


def _init_worker(policy_path: str, version: str | None, lang: str) -> None:
    """Load the policy set once in each worker process. Ctrl-C reaches the whole process group:
    the main process alone handles it (stops the batch, says "interrupted"), so workers ignore it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(policies=PolicySet.load(policy_path), version=version, lang=lang)


def _rows_in_worker(items: list[Item]) -> list[StationRow]:
    with evaluating():
        return [evaluate_row(item, _WORKER["policies"], _WORKER["version"], _WORKER["lang"]) for item in items]


# What a batch evaluates: a fact file's path, a workbook's station, or a workbook's
# problems that belong to no station (it could not be read; records naming no station).
Item: TypeAlias = "str | StationInput | tuple[str, list[Diagnostic]]"


def _failed(path: str, diagnostics: Iterable[Diagnostic], lang: str) -> StationRow:
    return StationRow(path=path, errors=tuple(d.to_dict(lang) for d in diagnostics if d.is_error))


def expand(paths: Iterable[Item], policies: PolicySet) -> list[Item]:
    """Fact files as they are; each workbook as its stations, in row order, then its
    problems that belong to none of them (items already expanded are kept)."""
    return list(iter_items(paths, policies))


def iter_items(paths: Iterable[Item], policies: PolicySet) -> Iterator[Item]:
    """`expand`, one item at a time: a workbook is opened when it is reached."""
    from swrules.facts.xlsx import is_workbook, split_selector, stations_in

    for path in paths:
        if not isinstance(path, str) or not is_workbook(split_selector(path)[0]):
            yield path
            continue
        try:
            book = stations_in(path, policies.policies[-1].checked)
        except SwrulesError as exc:
            yield path, exc.diagnostics
            continue
        yield from book.stations
        if book.problems:
            yield book.path, book.problems


def count_items(paths: Iterable[Item], policies: PolicySet) -> int:
    """How many rows `paths` give: a file one, a workbook one per station (and one for its
    problems that belong to no station), without keeping them."""
    return sum(1 for _ in iter_items(paths, policies))


def evaluate_row(item: Item, policies: PolicySet, version: str | None, lang: str) -> StationRow:
    """Read, validate and evaluate one fact file or workbook row; a bad one gives a row with its errors."""
    if isinstance(item, tuple):
        return _failed(item[0], item[1], lang)
    if not isinstance(item, str):  # a workbook's station (`facts.xlsx.StationInput`)
        if item.problems:
            return _failed(item.name, item.problems, lang)
        try:
            policy, _ = policies.select(item.data, version=version, file=item.name)
            result = policy.evaluate(item.data, file=item.name, facts_hash=item.digest)
        except SwrulesError as exc:
            return _failed(item.name, item.locate(exc.diagnostics), lang)
        return _outside(row_from_result(item.name, result, policy), policies, policy, item.data, version)
    try:
        data, _ = read_fact_file(item)
        policy, _ = policies.select(data, version=version, file=item)
        # No hash of the file: a batch row does not carry one (the result is dropped once its row is made).
        result = policy.evaluate(data, file=item)
    except SwrulesError as exc:
        return _failed(item, exc.diagnostics, lang)
    return _outside(row_from_result(item, result, policy), policies, policy, data, version)


def _outside(row: StationRow, policies: PolicySet, policy: Policy, data: Any, version: str | None) -> StationRow:
    """The row, marked when the version named by hand is not in force for the station's period."""
    if version is None or policies.outside_range(policy, data, row.path) is None:
        return row
    return dataclasses.replace(row, outside_version=True)


# A batch smaller than this runs in one process whatever `jobs` says: starting a worker
# (a new interpreter, the policy loaded again) costs about as much as evaluating this many
# stations (docs/performance.md, "--jobs").
ONE_PROCESS_BELOW = 1500
# Items sent to a worker at a time, and chunks in flight per worker: results come back in
# order and at most this many rows wait in memory, whatever the size of the batch.
CHUNK = 64
IN_FLIGHT = 4


def evaluate_rows(paths: Iterable[Item], policies: PolicySet, policy_path: str, *, version: str | None, lang: str,
                  jobs: int = 1, progress: Callable[[], None] | None = None) -> Iterator[StationRow]:
    """Rows for `paths` (workbooks expanded to their stations), in order; with `jobs` > 1 on
    that many processes when the batch is large enough to gain from them. Items are read
    as they are needed: a batch of any size runs in flat memory."""
    items = iter_items(paths, policies)
    head = list(itertools.islice(items, ONE_PROCESS_BELOW)) if jobs > 1 else []
    if jobs <= 1 or len(head) < ONE_PROCESS_BELOW:
        with evaluating():
            for item in itertools.chain(head, items):
                yield evaluate_row(item, policies, version, lang)
                if progress:
                    progress()
        return
    # spawn, not fork: a fresh interpreter per worker behaves the same on every platform.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(policy_path, version, lang))
    pending: deque[Future[list[StationRow]]] = deque()
    try:
        rest = itertools.chain(head, items)
        del head
        while chunk := list(itertools.islice(rest, CHUNK)):
            pending.append(pool.submit(_rows_in_worker, chunk))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from _done(pending.popleft(), progress)
        while pending:
            yield from _done(pending.popleft(), progress)
    finally:
        # On Ctrl-C (or any stop) the files not yet started are dropped, not evaluated first.
        pool.shutdown(wait=True, cancel_futures=True)


def _done(future: Future[list[StationRow]], progress: Callable[[], None] | None) -> Iterator[StationRow]:
    for row in future.result():
        yield row
        if progress:
            progress()


# ----------------------------------------------------------------- totals

@node
class BatchTotals:
    read: int
    evaluated: int
    failed: int
    per_grade: tuple[tuple[str, int], ...]
    provisional: int
    per_veto: tuple[tuple[str, int], ...]
    never_fired: tuple[str, ...]
    near_edges: tuple[tuple[str, Decimal, Decimal], ...]  # (path, total, edge)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "evaluated": self.evaluated, "failed": self.failed,
            "per_grade": dict(self.per_grade), "provisional": self.provisional,
            "per_veto": dict(self.per_veto), "never_fired": list(self.never_fired),
            "near_band_edge": [{"path": p, "total": f"{t:f}", "edge": f"{e:f}"} for p, t, e in self.near_edges],
        }


# The key under which `BatchTotals.per_grade` counts stations whose grade cannot be
# determined (its JSON key); text output says it in words (无法判定 / not determined).
UNDETERMINED_GRADE = "?"


class TotalsCounter:
    """The batch totals, counted row by row: a batch of any size is summed without keeping
    its rows (only the stations near a band edge are listed)."""

    def __init__(self, policies: PolicySet) -> None:
        self.grades: list[str] = []
        self.vetoes: list[str] = []
        for policy in policies.policies:
            self.grades += [g for g in policy.checked.grade_rank if g not in self.grades]
            self.vetoes += [r.name for r in policy.checked.rules
                            if r.kind.value == "veto" and r.name not in self.vetoes]
        self.read = self.evaluated = self.provisional = self.undetermined = 0
        self.grade_count: Counter[str] = Counter()
        self.veto_count: Counter[str] = Counter()
        self.can_fire: dict[str, None] = {}
        self.fired: set[str] = set()
        self.near_edges: list[tuple[str, Decimal, Decimal]] = []

    def add(self, r: StationRow) -> None:
        self.read += 1
        if not r.evaluated:
            return
        self.evaluated += 1
        if r.grade is None:
            self.undetermined += 1
        else:
            self.grade_count[r.grade] += 1
        self.veto_count.update(r.vetoes_hit)
        self.can_fire.update(dict.fromkeys(r.rules))
        self.fired.update(r.fired)
        self.provisional += bool(r.provisional)
        if r.near_edge is not None and r.total is not None:
            self.near_edges.append((r.path, r.total, r.near_edge))

    def totals(self) -> BatchTotals:
        per_grade = [(g, self.grade_count[g]) for g in self.grades]
        if self.undetermined:
            per_grade.append((UNDETERMINED_GRADE, self.undetermined))
        return BatchTotals(
            read=self.read, evaluated=self.evaluated, failed=self.read - self.evaluated,
            per_grade=tuple(per_grade), provisional=self.provisional,
            per_veto=tuple((v, self.veto_count[v]) for v in self.vetoes),
            never_fired=tuple(name for name in self.can_fire if name not in self.fired),
            near_edges=tuple(self.near_edges),
        )


def totals(rows: Iterable[StationRow], policies: PolicySet) -> BatchTotals:
    """What the batch adds up to: grades, veto hits, rules that never fired, close calls."""
    counter = TotalsCounter(policies)
    for r in rows:
        counter.add(r)
    return counter.totals()
