"""What the district, what-changes and tests pages show, computed by the tools the CLI uses.

Input: the served `Folder`, loaded policies and paths in the folder. Output: plain dicts
and lists for the templates (already formatted for people); `SwrulesError` for bad
input. District rows come from `engine.batch` (as `swrules eval` on a folder), the
changes from `tools.diff` and `tools.impact` (as `swrules diff --facts`), the test
cases and coverage from `tools.policy_tests` (as `swrules test`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w

from swrules.base.pagewords import pw
from swrules.base.show import show
from swrules.engine.batch import StationRow, discover, evaluate_rows
from swrules.engine.policy import Policy
from swrules.engine.result import Result
from swrules.engine.versions import PolicySet
from swrules.explanation.build import explain
from swrules.facts.schema import read_fact_file
from swrules.facts.xlsx import is_workbook
from swrules.render.checks import is_process_label, plain
from swrules.render.labels import Labels
from swrules.tools.boundary import expectation
from swrules.tools.coverage import coverage
from swrules.tools.diff import describe, diff_policies, unit_title
from swrules.tools.impact import impact
from swrules.tools.policy_tests import find_cases, load_cases, run_cases, tests_folder

from .files import Folder, Refused
from .station import Tried, workbook_row


def district_rows(folder: Folder, policies: PolicySet, policy_path: Path, source_rel: str) -> list[dict[str, Any]]:
    """Every station of a folder (its .toml/.json files) or of a workbook, one row each."""
    real = folder.resolve(source_rel)
    paths: Sequence[str]
    if real.is_dir():
        paths = discover([str(real)])
    elif is_workbook(str(real)):
        paths = [str(real)]
    else:
        raise Refused(pw("refused_district"), 400)
    rows = []
    prefix = str(folder.root) + "/"
    declared = declared_checks(policies)
    published = Labels.of(policies)
    for row in evaluate_rows(paths, policies, str(policy_path), version=None, lang="zh"):
        rows.append(_row(row, prefix, declared, published))
    # Two stations of one name (a station's midterm and final, two streets' stations of one name)
    # are told apart by their file, shown beside the name, as the batch totals do (`render.labels`).
    named = Counter(r["station"] for r in rows if r["station"])
    for r in rows:
        r["shared_name"] = named[r["station"]] > 1 if r["station"] else False
    return rows


def declared_checks(policies: PolicySet) -> dict[str, dict[str, str]]:
    """Every veto and finding the policy (any of its versions) declares, in policy order, by id:
    its kind, its label as the policy states it and the clause it cites (what the page shows).
    A check of the evaluation's own process is of kind `process`, labelled without 评估工作：
    (`render.checks`): the page lists these apart from the station's findings."""
    out: dict[str, dict[str, str]] = {}
    for policy in policies.policies:
        for rule in policy.checked.rules:
            if rule.kind.value in ("veto", "finding"):
                process = rule.kind.value == "finding" and is_process_label(rule.label)
                out.setdefault(rule.name, {"id": rule.name, "kind": "process" if process else rule.kind.value,
                                           "label": plain(rule.label), "clause": rule.clause or ""})
    return out


def district_checks(declared: dict[str, dict[str, str]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The filter's choices: each declared veto and finding with the number of stations it hit."""
    counts: dict[str, int] = {}
    for row in rows:
        for check in (*row["vetoes"], *row["findings"], *row["process"]):
            counts[check["id"]] = counts.get(check["id"], 0) + 1
    return [{**c, "count": counts.get(c["id"], 0)} for c in declared.values()]


def _checks_hit(row: StationRow, kind: str, declared: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The vetoes hit (or the station's findings raised, or with `kind` `process` the checks of the
    evaluation's own process raised) on a row, each by its label (the policy's words; the id stays
    a key for the page's script), with the record it was raised on and its clause."""
    status = "hit" if kind == "veto" else "raised"
    labels: dict[str, str] = {}
    records: dict[str, list[str]] = {}
    for c_kind, rule, label, c_status, record, _ in row.checks:
        if c_kind == ("veto" if kind == "veto" else "finding") and c_status == status \
                and (kind == "veto" or is_process_label(label) == (kind == "process")):
            labels.setdefault(rule, plain(label))
            records.setdefault(rule, []).extend([record] if record else [])  # one entry for all its records
    if kind == "veto":  # a row built without its checks still names its vetoes
        for rule in row.vetoes_hit:
            labels.setdefault(rule, "")
    out = []
    for rule, label in labels.items():
        known = declared.get(rule, {})
        out.append({"id": rule, "label": label or known.get("label") or rule, "clause": known.get("clause", ""),
                    "records": "、".join(records.get(rule, []))})
    return out


def _row(row: StationRow, prefix: str, declared: dict[str, dict[str, str]],
         published: Labels) -> dict[str, Any]:
    rel = row.path.removeprefix(prefix)
    facts = rel
    if "!" in rel:  # a workbook row `book.xlsx!站点!3:3`: the station page opens it by its row
        book, _, cell = rel.partition("!")
        facts = f"{book}#{workbook_row(cell)}"
    # The page names a station by its name; its file (relative to the folder opened) is the link's
    # tooltip, and the link's text only for a file that could not be read (nothing else names it).
    return {
        "file": rel, "file_name": Path(rel.partition("!")[0]).name + rel[len(rel.partition("!")[0]):],
        "facts": facts, "station": row.station or "", "phase": row.phase_label or "",
        "total": "" if row.total is None else show(row.total, places=row.places) if row.places is not None
        else show(row.total), "total_sort": "" if row.total is None else f"{row.total:f}",
        "grade": row.grade or "", "provisional": bool(row.provisional), "vetoes": _checks_hit(row, "veto", declared),
        "findings": _checks_hit(row, "finding", declared), "process": _checks_hit(row, "process", declared),
        # the facts the station must give (`render.checks`), as `swrules eval` counts them
        "differences": [published.difference(d) for d in row.differences], "missing": len(row.to_give),
        "errors": [str(e.get("message", e)) for e in row.errors],
    }


def changes(old: Policy, new: Policy, stations: list[tuple[str, Any]]) -> dict[str, Any]:
    """What changed between two policies and, for the stations given, whose result moves and why."""
    found = diff_policies(old.syntax_tree, new.syntax_tree)
    out: dict[str, Any] = {"changes": [describe(c, "zh") for c in found], "stations": [], "evaluated": len(stations)}
    if not stations:
        return out
    moved = impact(old, new, found, stations, "zh")
    data = dict(stations)
    for s in moved.changed:
        before = _sentences(old, data[s.file], s.file)
        after = _sentences(new, data[s.file], s.file)
        differing = [((after.get(key) or before[key])[0], before.get(key, ("", ""))[1], after.get(key, ("", ""))[1])
                     for key in dict.fromkeys([*before, *after])
                     if before.get(key, ("", ""))[1] != after.get(key, ("", ""))[1]]
        out["stations"].append({
            "file": s.file, "station": s.station or s.file, "old": s.old.to_dict(), "new": s.new.to_dict(),
            "causes": [unit_title(u, "zh") for u in s.causes], "sentences": differing})
    return out


def _sentences(policy: Policy, data: Any, name: str) -> dict[tuple[str, str], tuple[str, str]]:
    """Each rule's label and explanation sentence, by its kind and id (a rule keeps its id when its label changes)."""
    try:
        result = policy.evaluate(data, explain=True, file=name)
    except Exception:  # a station the other version cannot read is shown by its error in the outcome
        return {}
    return {(r.kind, r.id): (r.label or r.id, r.sentence("zh")) for r in explain(result).rules}


def read_stations(folder: Folder, old: Policy, rel: str) -> list[tuple[str, Any]]:
    """The fact files of a folder (or one file), read; one the old policy refuses is bad input."""
    real = folder.resolve(rel)
    prefix = str(folder.root) + "/"
    out = []
    for path in discover([str(real)]):
        data, _ = read_fact_file(path)
        shown = path.removeprefix(prefix)
        old.evaluate(data, file=shown)
        out.append((shown, data))
    return out


def test_results(policies: PolicySet, policy_path: Path, prefix: str) -> dict[str, Any]:
    """The policy's test cases run, and what they leave uncovered (as `swrules test --coverage`)."""
    folder = tests_folder(policy_path)
    if not find_cases(folder):
        return {"folder": str(folder).removeprefix(prefix), "cases": [], "coverage": []}
    outcomes = run_cases(load_cases(folder, policies), policies, "zh")
    cases = [{"name": o.case.name, "description": o.case.description, "passed": o.passed,
              "total": "" if o.result is None or o.result.total is None else show(o.result.total),
              "grade": "" if o.result is None else show(o.result.grade),
              "mismatches": [pw("expected", what=m.what, expected=show(m.expected), actual=show(m.actual))
                             for m in o.mismatches] + [f"{d.code} {d.message('zh')}" for d in o.errors]}
             for o in outcomes]
    cover = []
    for policy in policies.policies:
        c = coverage(policy, outcomes)
        cover.append({"version": policy.version or "", "cases": c.cases, "complete": c.complete,
                      "rules": c.unreached_rules, "bands": c.unreached_bands,
                      "boundaries": [f"{b.name}（{b.phase or ''} {b.fact} {b.op} {b.threshold or show(b.value)}）"
                                     for b in c.unreached_boundaries]})
    return {"folder": str(folder).removeprefix(prefix), "cases": cases, "coverage": cover}


def test_case_toml(tried: Tried, description: str) -> str:
    """A tried station as a test case: its facts inline, its current result as the expectation."""
    facts = tried.data if tried.data is not None else {}
    return tomli_w.dumps({"description": description, "facts": facts, "expect": expectation(tried.result)})


def expectation_of(result: Result) -> dict[str, Any]:
    return expectation(result)
