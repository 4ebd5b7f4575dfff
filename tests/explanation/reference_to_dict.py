"""The documents of a result and of its explanation, written the plain way (issue 17, p18json).

Kept as the oracle of `test_explain_json.py`: every line's and every explanation part's
`to_dict` as it was written before its fast paths (each value through `plain`, every part
built afresh, nothing kept between stations). A change of what a document holds (a new
key, a new kind of line) must be made here too. Not a test module: pytest does not collect it.
"""

from __future__ import annotations

from typing import Any

from helpers import plain_before as plain

from swrules.engine.result import JSON_VERSION, Result, status_of
from swrules.explanation.model import Explanation


def _read(r: Any) -> dict[str, Any]:
    return {"name": r.name, "label": r.label, "value": plain(r.value), "kind": "fact" if r.is_fact else "rule",
            "status": status_of(r.value)}


def _rule_result(r: Any) -> dict[str, Any]:
    out = {"id": r.id, "kind": r.kind, "label": r.label, "location": r.location, "clause": r.clause,
           "value": plain(r.value), "status": status_of(r.value), "reads": [_read(x) for x in r.reads],
           "missing": list(r.missing), "origin": r.origin}
    if r.in_force_from is not None:
        out["in_force_from"] = r.in_force_from.isoformat()
        out["document"] = r.document
    if r.changed_within_period is not None:
        c = r.changed_within_period
        out["changed_within_period"] = {
            "period_start": c.period_start.isoformat(), "date": c.date.isoformat(), "dated_by": c.date_key,
            "changed_on": [d.isoformat() for d in c.changed_on], "earlier_value": c.earlier,
            "earlier_document": c.earlier_document}
    return out


def _score(s: Any) -> dict[str, Any]:
    return {"id": s.id, "label": s.label, "party": s.party, "max": plain(s.max), "awarded": plain(s.awarded),
            "counted": plain(s.counted), "status": status_of(s.counted),
            "details": [{"name": n, "awarded": plain(v)} for n, v in s.details]}


def _party(p: Any) -> dict[str, Any]:
    return {"id": p.id, "label": p.label, "share_kind": p.share_kind, "share": plain(p.share),
            "counted": plain(p.counted), "status": status_of(p.counted)}


def _check(c: Any) -> dict[str, Any]:
    out = {"id": c.id, "label": c.label, "citation": c.citation, "status": c.status,
           "reads": {r.name: plain(r.value) for r in c.reads}, "missing": list(c.missing)}
    if c.forces is not None:
        out["forces"] = c.forces
    if c.record is not None:
        out["record"] = c.record
    return out


def _indicator(i: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": i.indicator, "name": i.name}
    for k, v in i.fields:
        out[k] = plain(v)
    out[i.indicator] = plain(i.value)
    out["status"] = status_of(i.value)
    out["missing"] = list(i.missing)
    out["indicator_unit"] = i.unit
    return out


def _reconciliation(r: Any) -> dict[str, Any]:
    return {"field": r.field, "label": r.label, "declared": plain(r.declared), "computed": plain(r.computed),
            "difference": plain(r.difference), "status": r.status, "rule": r.rule}


def result_dict(result: Result) -> dict[str, Any]:
    """`Result.to_dict()`, the plain way."""
    out = {
        "swrules_json": JSON_VERSION,
        "policy": {"title": result.policy_title, "version": result.policy_version, "file": result.policy_file,
                   "sha256": result.policy_hash},
        "facts": {"file": result.facts_file, "sha256": result.facts_hash},
        "station": {k: plain(v) for k, v in result.station.items()},
        "phase": plain(result.phase), "phase_label": result.phase_label,
        "total": plain(result.total), "grade": plain(result.grade), "provisional": result.provisional,
        "parties": [_party(p) for p in result.parties],
        "scores": [_score(s) for s in result.scores],
        "vetoes": [_check(v) for v in result.vetoes],
        "findings": [_check(f) | {"process": f.label.startswith("评估工作：")} for f in result.findings],
        "indicators": [_indicator(i) for i in result.indicators],
        "reconciliation": [_reconciliation(r) for r in result.reconciliation],
        "missing": [{"key": m.key, "label": m.label, "required": m.required} for m in result.missing],
        "rules": [_rule_result(r) for r in result.rules],
    }
    if result.outputs:
        out["outputs"] = [{"id": o.id, "label": o.label, "unit": o.unit, "unit_label": o.unit_label,
                           "value": plain(o.value), "status": status_of(o.value), "location": o.location,
                           "clause": o.clause} for o in result.outputs]
    if result.warnings:
        out["warnings"] = [{"code": w.code, "message": {"zh": w.message("zh"), "en": w.message("en")},
                            "help": {"zh": w.help("zh"), "en": w.help("en")}} for w in result.warnings]
    return out


def _say(say: Any) -> dict[str, str]:
    return {"zh": say.zh, "en": say.en}


def _use(u: Any, key: str) -> dict[str, Any]:
    return {key: u[0], "label": u.label, "value": plain(u.value), "status": status_of(u.value)}


def _step(s: Any) -> dict[str, Any]:
    out = {"text": s.text, "location": s.location, "value": plain(s.value)}
    if s.cut:
        out["precision_cut"] = True
    return out


def _rounding(r: Any) -> dict[str, Any]:
    return {"text": r.text, "location": r.location, "before": plain(r.before), "after": plain(r.after),
            "places": r.places, "mode": r.mode}


def _margin(m: Any) -> dict[str, Any]:
    return {"kind": m.kind, "subject": m.subject, "label": m.label, "measure": m.measure, "value": plain(m.value),
            "threshold": plain(m.threshold), "trigger": m.trigger, "distance": plain(m.distance),
            "sentence": _say(m.sentence)}


def _record(r: Any) -> dict[str, Any]:
    return {"index": r.index, "name": r.name, "value": plain(r.value), "status": status_of(r.value),
            "sentence": _say(r.sentence), "facts": [_use(f, "key") for f in r.facts],
            "steps": [_step(s) for s in r.steps], "rounding": [_rounding(x) for x in r.rounding],
            "missing": list(r.missing)}


def _rule(r: Any) -> dict[str, Any]:
    return {
        "id": r.id, "kind": r.kind, "label": r.label, "location": r.location, "clause": r.clause,
        "value": plain(r.value), "status": r.status, "sentence": _say(r.sentence),
        "formulas": [{"role": f.role, "text": f.text, "location": f.location} for f in r.formulas],
        "facts": [_use(f, "key") for f in r.facts], "rules": [_use(u, "id") for u in r.rules],
        "steps": [_step(s) for s in r.steps], "rounding": [_rounding(x) for x in r.rounding],
        "missing": list(r.missing), "records": [_record(x) for x in r.records],
        "margins": [_margin(m) for m in r.margins],
    }


def explanation_dict(e: Explanation) -> dict[str, Any]:
    """`Explanation.to_dict()`, the plain way."""
    out = {
        "total": plain(e.total), "grade": plain(e.grade), "provisional": e.provisional,
        "rules": [_rule(r) for r in e.rules], "why_not": [_margin(m) for m in e.why_not],
        "capped_by": list(e.capped_by),
        "reconciliation": [_reconciliation(n.line) | {"location": n.location, "sentence": _say(n.sentence)}
                           for n in e.reconciliation],
        "phase_label": e.phase_label,
    }
    if e.targets:
        out["targets"] = list(e.targets)
    return out
