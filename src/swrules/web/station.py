"""One station tried on the page: facts from an upload, a file in the folder, or the form.

Input: the served `Folder`, a policy path in it, and the facts (the bytes of an upload
with its file name, a fact file or `workbook.xlsx#station` in the folder, or the form's
values as the TOML fact file `form` writes of them). Output: a `Tried` station (its `Result`, `Explanation` and
the report data the page shows), kept in a small in-memory store so that its report can
be downloaded and it can be saved as a test case; a `Choice` when a workbook holds several
stations and none (or one it has not) was named: the page offers its stations to pick one
from, where the command line's E0835 tells how to write `#station` after the file name; or
a `SwrulesError`. Uploaded and
form facts are written to a private temporary folder, never into the served folder,
and read by the same readers as `swrules eval`, so they are checked the same way.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import secrets
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from swrules.base.diagnostics import Diagnostic, FactsError, SwrulesError
from swrules.base.pagewords import pw
from swrules.engine.policy import Policy
from swrules.engine.result import Result
from swrules.engine.versions import PolicySet
from swrules.explanation.build import explain
from swrules.explanation.model import Explanation
from swrules.facts.xlsx import is_workbook, one_station, stations_in
from swrules.render import report as reports

from .files import FACT_SUFFIXES, Folder, Refused

KEEP_TRIED = 32  # tried stations remembered for downloads and saving as a test case


@dataclass
class Tried:
    """A station evaluated on the page, and what it was evaluated from."""

    id: str
    policy_rel: str
    name: str  # how the page names the facts: the file in the folder, or the upload's name
    data: Any
    policy: Policy
    result: Result
    explanation: Explanation
    report: dict[str, Any]


@dataclass(frozen=True)
class Choice:
    """A workbook of several stations tried where the page takes one: its stations, to pick one from."""

    book: str  # as the page names it: the file in the folder, or the upload's name
    stations: list[tuple[str, str]]  # each station's name and its row in the stations sheet
    asked: str  # the station named that the workbook has not ("" when none was named)


CHOOSE_CODES = ("E0835", "E0836")  # several stations, none named; a station named that the workbook has not


def workbook_row(name: str) -> str:
    """The row of a workbook station named as outputs name it (`区评估.xlsx!站点!3:3` -> `3`)."""
    return name.rsplit("!", 1)[-1].split(":")[0]


def _choice(exc: SwrulesError, path: str, shown: str, asked: str, policies: PolicySet) -> Choice | None:
    """The workbook's stations when `exc` says one must be chosen (read again: only on this path)."""
    codes = [d.code for d in exc.diagnostics]
    if not isinstance(exc, FactsError) or not is_workbook(path) or len(codes) != 1 or codes[0] not in CHOOSE_CODES:
        return None
    book = stations_in(path, policies.policies[-1].checked)
    return Choice(shown, [(s.key or "", workbook_row(s.name)) for s in book.stations], asked)


class Policies:
    """Policy sets loaded once and reloaded when their file changes on disk."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], PolicySet]] = {}

    def load(self, path: Path) -> PolicySet:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._cache.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        policies = PolicySet.load(path)
        self._cache[path] = (stamp, policies)
        return policies


class Store:
    """The last few tried stations, by a random id."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Tried] = OrderedDict()

    def add(self, tried: Tried) -> None:
        self._items[tried.id] = tried
        while len(self._items) > KEEP_TRIED:
            self._items.popitem(last=False)

    def get(self, key: str) -> Tried:
        try:
            return self._items[key]
        except KeyError:
            raise Refused(pw("refused_forgotten"), 404) from None


_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def upload_name(name: str) -> str:
    """The upload's base name, kept to letters, digits, CJK and `.-_`, with a fact file's suffix."""
    base = _SAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")[:80] or "facts"
    if not base.lower().endswith(FACT_SUFFIXES):
        raise Refused(pw("refused_upload_kind"), 400)
    return base


def evaluate_station(policies: PolicySet, facts_path: str, shown: str) -> tuple[Policy, Result, Any]:
    """The station in `facts_path` (a file, or `book.xlsx#station`) by the version in force for it."""
    station = one_station(facts_path, policies.policies[-1].checked)
    try:
        policy, _ = policies.select(station.data, file=shown)
        result = policy.evaluate(station.data, explain=True, file=shown, facts_hash=station.digest)
        return policy, result, station.data
    except SwrulesError as exc:
        raise FactsError(station.locate(exc.diagnostics)) from None


def try_file(folder: Folder, policy_rel: str, policies: PolicySet, facts_rel: str) -> Tried | Choice:
    """A fact file (or one workbook station) of the served folder."""
    base, sep, station = facts_rel.partition("#")
    real = folder.resolve(base)
    try:
        policy, result, data = evaluate_station(policies, str(real) + sep + station, facts_rel)
    except SwrulesError as exc:
        choice = _choice(exc, str(real), base, station, policies)
        if choice is None:
            raise
        return choice
    return _tried(policy_rel, facts_rel, data, policy, result)


def try_bytes(policy_rel: str, policies: PolicySet, name: str, data: bytes, station: str = "") -> Tried | Choice:
    """An upload (or the form's facts as TOML), read from a private temporary folder; `station` picks
    one station (its name or row) of an uploaded workbook."""
    safe = upload_name(name)
    pick = f"#{station}" if station and safe.lower().endswith(".xlsx") else ""
    with tempfile.TemporaryDirectory(prefix="swrules-serve-") as tmp:
        path = os.path.join(tmp, safe)
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            policy, result, facts = evaluate_station(policies, path + pick, safe + pick)
        except SwrulesError as exc:
            choice = _choice(exc, path, safe, station if pick else "", policies)
            if choice is None:
                raise type(exc)([_renamed(d, path, safe) for d in exc.diagnostics]) from None
            return choice
    return _tried(policy_rel, safe + pick, facts, policy, result)


def _renamed(d: Diagnostic, path: str, name: str) -> Diagnostic:
    """An upload's diagnostic naming the upload as the user named it, where it points (`file`) and in
    its words (a workbook's name in E0831, say): never the server's private temporary folder."""
    args = {key: value.replace(path, name) if isinstance(value, str) else value for key, value in d.args.items()}
    file = name + d.file[len(path):] if d.file is not None and d.file.startswith(path) else d.file
    return replace(d, file=file, args=args)


def _tried(policy_rel: str, name: str, data: Any, policy: Policy, result: Result) -> Tried:
    explanation = explain(result)
    report = reports.report_data(result, explanation, "zh", None, **_report_inputs(reports.report_data, policy, data))
    _link_sheet(report, result)
    return Tried(secrets.token_urlsafe(12), policy_rel, name, data, policy, result, explanation, report)


def _report_inputs(writer: Any, policy: Policy, data: Any) -> dict[str, Any]:
    """What a report writer takes beside the result: the policy and the facts, for the writers that
    ask for them (the agency's report structure); older writers take the result alone."""
    if "policy" in inspect.signature(writer).parameters:
        return {"policy": policy.checked, "facts": data}
    return {}


def report_text(tried: Tried, fmt: str) -> str:
    """The report of a tried station as `swrules report --format md|html` writes it."""
    writer = reports.render_report
    return writer(tried.result, tried.explanation, "zh", fmt, **_report_inputs(writer, tried.policy, tried.data))


@functools.cache
def word_writer() -> Any:
    """The Word report writer (`render.report_docx`), or None where this swrules has none."""
    try:
        word = importlib.import_module("swrules.render.report_docx")
    except ImportError:
        return None
    return word if hasattr(reports, "agency_report") else None


def report_docx(tried: Tried) -> bytes | None:
    """The Word report as `swrules report --format docx` writes it, where this swrules has one."""
    word = word_writer()
    if word is None:
        return None
    agency = reports.agency_report  # type: ignore[attr-defined,unused-ignore]
    doc = agency(tried.result, tried.explanation, "zh", None, policy=tried.policy.checked, facts=tried.data)
    data: bytes = word.report_docx(doc, "zh")
    return data


def _link_sheet(report: dict[str, Any], result: Result) -> None:
    """Each score-sheet row: the points lost on it (the page highlights them), and the rule that
    computes it (its explanation's anchor, the facts it reads and its clause)."""
    anchors = {}
    for n, rule in enumerate(report["appendix"]):
        rule["anchor"] = f"rule-{n}"
        anchors[(rule["kind"], rule["id"])] = rule
    # A rule another reads links to its own entry, where its formula and place in the policy are
    # (a name two kinds share links nowhere rather than to the wrong one).
    kinds: dict[str, list[str]] = {}
    for rule in report["appendix"]:
        kinds.setdefault(rule["id"], []).append(rule["anchor"])
    for rule in report["appendix"]:
        for use in rule["rules"]:
            found = kinds.get(use["id"], [])
            use["anchor"] = found[0] if len(found) == 1 else ""
    items = iter(result.scores)
    parties = iter(result.parties)
    for row in report["scores"]:
        awarded, most = decimal_or_none(row.get("awarded") or None), decimal_or_none(row.get("max") or None)
        row["lost"] = str(most - awarded) if awarded is not None and most is not None and awarded < most else ""
        line_id = next(items).id if row["kind"] == "item" else next(parties).id if row["kind"] == "party" else None
        rule = anchors.get((row["kind"], line_id)) if line_id is not None else None
        row["anchor"] = rule["anchor"] if rule else ""
        row["facts"] = "、".join(f["key"] for f in rule["facts"]) if rule else ""
        row["clause"] = rule["clause"] if rule and rule["clause"] else ""


def decimal_or_none(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None
