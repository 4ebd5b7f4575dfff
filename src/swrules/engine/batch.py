"""Batch evaluation: many stations' fact files against one policy set.

Input: a policy path, the fact files and folders named on the command line, and a
number of worker processes. Output: one `StationRow` per fact file, in a fixed order
(arguments in the order given, each folder's files sorted by path), and `BatchTotals`
over them. A file that cannot be read or validated gets a row carrying its errors;
the others are still evaluated. Rows hold plain data only, so that worker processes
can send them back; each worker loads the policy once (compiled closures cannot be
pickled), and results come back in submission order, so the output does not depend
on the number of workers.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from swrules.base.diagnostics import Diagnostic, SwrulesError
from swrules.base.values import Unknown
from swrules.facts.schema import read_fact_file

from .policy import Policy, evaluating
from .result import Result
from .versions import PolicySet

FACT_SUFFIXES = (".toml", ".json")


class NoFactFiles(SwrulesError):
    """A folder named on the command line holds no fact file, or nothing was named."""


def discover(paths: Iterable[str]) -> list[str]:
    """The fact files named or found under the folders named, without repeats.

    Files are kept in the order given; a folder contributes its `*.toml` and `*.json`
    files (hidden files and folders skipped), sorted by their path within it. A path
    that does not exist is kept, so that it is reported as unreadable, not dropped.
    """
    out: list[str] = []
    seen: set[str] = set()
    problems = []
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            found = sorted(
                (p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in FACT_SUFFIXES
                 and not any(part.startswith(".") for part in p.relative_to(root).parts)),
                key=lambda p: p.relative_to(root).as_posix(),
            )
            if not found:
                problems.append(Diagnostic("E0812", {"path": arg}, file=arg))
            names = [p.as_posix() for p in found]
        else:
            names = [arg]
        for name in names:
            if name not in seen:
                seen.add(name)
                out.append(name)
    if problems:
        raise NoFactFiles(problems)
    if not out:
        raise NoFactFiles([Diagnostic("E0813", {})])
    return out


@dataclass(frozen=True, slots=True)
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
    missing: tuple[str, ...] = ()
    differences: tuple[str, ...] = ()
    errors: tuple[dict[str, Any], ...] = ()
    policy_version: str | None = None
    # For the batch totals: rules that can fire, those that fired, the nearest band edge.
    rules: tuple[str, ...] = field(default=(), repr=False)
    fired: tuple[str, ...] = field(default=(), repr=False)
    near_edge: Decimal | None = None

    @property
    def evaluated(self) -> bool:
        return not self.errors


def _plain(value: Any) -> Any:
    return None if type(value) is Unknown else value


def _show(value: Any) -> str:
    if value is None or type(value) is Unknown:
        return "?"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def row_from_result(path: str, result: Result, policy: Policy) -> StationRow:
    """The batch line for an evaluated station."""
    total = _plain(result.total)
    differences = tuple(
        f"{r.field}: {_show(r.declared)} ≠ {_show(r.computed)}" for r in result.reconciliation if r.status == "differs"
    )
    checks = (*result.vetoes, *result.findings)  # in policy order
    fired = dict.fromkeys(c.id for c in checks if c.status in ("hit", "raised"))
    rules = dict.fromkeys(c.id for c in checks)
    return StationRow(
        path=path, station=result.station_name, phase=_plain(result.phase), phase_label=result.phase_label,
        total=total,
        grade=_plain(result.grade), provisional=result.provisional,
        vetoes_hit=tuple(v.id for v in result.vetoes_hit), missing=tuple(m.key for m in result.missing),
        differences=differences, policy_version=result.policy_version,
        rules=tuple(rules), fired=tuple(fired),
        near_edge=nearest_edge(total, policy) if isinstance(total, Decimal) else None,
    )


def nearest_edge(total: Decimal, policy: Policy) -> Decimal | None:
    """The grade band edge within one point of `total`, if there is one (the nearest)."""
    edges = {b for band in policy.checked.grades.bands for b in (band.low, band.high) if b is not None}
    close = sorted((abs(total - e), e) for e in edges if abs(total - e) <= 1)
    return close[0][1] if close else None


# ----------------------------------------------------------------- evaluating rows

_WORKER: dict[str, Any] = {}


def _init_worker(policy_path: str, version: str | None, lang: str) -> None:
    """Load the policy set once in each worker process. Ctrl-C reaches the whole process group:
    the main process alone handles it (stops the batch, says "interrupted"), so workers ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(policies=PolicySet.load(policy_path), version=version, lang=lang)


def _row_in_worker(path: str) -> StationRow:
    with evaluating():
        return evaluate_row(path, _WORKER["policies"], _WORKER["version"], _WORKER["lang"])


def evaluate_row(path: str, policies: PolicySet, version: str | None, lang: str) -> StationRow:
    """Read, validate and evaluate one fact file; a bad file gives a row with its errors."""
    try:
        data, source = read_fact_file(path)
        policy, _ = policies.select(data, version=version, file=path)
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        result = policy.evaluate(data, file=path, facts_hash=digest)
    except SwrulesError as exc:
        return StationRow(path=path, errors=tuple(d.to_dict(lang) for d in exc.diagnostics if d.is_error))
    return row_from_result(path, result, policy)


def evaluate_rows(paths: list[str], policies: PolicySet, policy_path: str, *, version: str | None, lang: str,
                  jobs: int = 1, progress: Callable[[], None] | None = None) -> Iterator[StationRow]:
    """Rows for `paths`, in order; with `jobs` > 1 on that many processes."""
    if jobs <= 1 or len(paths) <= 1:
        with evaluating():
            for path in paths:
                yield evaluate_row(path, policies, version, lang)
                if progress:
                    progress()
        return
    # spawn, not fork: a fresh interpreter per worker behaves the same on every platform.
    context = multiprocessing.get_context("spawn")
    chunk = max(1, len(paths) // (jobs * 4))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(policy_path, version, lang))
    try:
        for row in pool.map(_row_in_worker, paths, chunksize=chunk):
            yield row
            if progress:
                progress()
    finally:
        # On Ctrl-C (or any stop) the files not yet started are dropped, not evaluated first.
        pool.shutdown(wait=True, cancel_futures=True)


# ----------------------------------------------------------------- totals

@dataclass(frozen=True, slots=True)
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
            per_grade.append(("?", self.undetermined))
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
