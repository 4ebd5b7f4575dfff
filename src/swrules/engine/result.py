"""The result of evaluating one station: what the tool prints, as data.

Input: built by `evaluate`. Output: a frozen `Result` dataclass whose lines (scores,
vetoes, findings, indicators, reads, ...) are named tuples, and `to_json()`, the stable
JSON document (`total` and every figure as a decimal string, dates as ISO text,
undetermined values as null with a status saying why). Renderers and report
templates read these models only. A result evaluated with `explain=True` also
carries its `Trace`; the explanation is built from it by the explanation stage,
`swrules.explain(result)`, never by the engine.

The lines are named tuples rather than frozen dataclasses because a station's result
holds a hundred of them and a frozen dataclass costs five times as much to build
(`__init__` goes through `object.__setattr__` per field); they are just as immutable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from swrules.base.diagnostics import Diagnostic
from swrules.base.jsonwrite import dumps_plain
from swrules.base.nodes import node
from swrules.check.ir import CheckedPolicy

from .plain import _decimal as _decimal
from .plain import _plain_status
from .plain import status_of as status_of
from .plain import to_plain as to_plain

JSON_VERSION = 1

# A finding whose label starts so checks the evaluation's own process (the agency's survey and
# deadlines), not the station: a convention of the Guangzhou policy. Reports put such checks
# in their annex, `eval`'s text in a section of their own; JSON marks them `"process": true`.
PROCESS_PREFIX = "评估工作："


def is_process_label(label: str) -> bool:
    """Whether a check so labelled checks the evaluation's own process (`PROCESS_PREFIX`)."""
    return label.startswith(PROCESS_PREFIX)


def _reads(reads: tuple[Read, ...]) -> list[dict[str, Any]]:
    """`to_dict` of each `Read`, a decimal's written out."""
    return [{"name": name, "label": label, "value": _decimal(v), "kind": "fact" if is_fact else "rule",
             "status": "determined"} if type(v) is Decimal else _read(name, label, v, is_fact)
            for name, label, v, is_fact, _ in reads]


def _read(name: str, label: str, value: Any, is_fact: bool) -> dict[str, Any]:
    value, status = _plain_status(value)
    return {"name": name, "label": label, "value": value, "kind": "fact" if is_fact else "rule", "status": status}


class Read(NamedTuple):
    """One value a rule read: a fact (its key) or another rule (its name)."""

    name: str
    label: str
    value: Any
    is_fact: bool
    percent: bool = False  # a percentage (a percent fact or rule): shown as 85%, not 0.85

    def to_dict(self) -> dict[str, Any]:
        return _read(self.name, self.label, self.value, self.is_fact)


class DatedChange(NamedTuple):
    """A parameter with values by date whose value changed within the evaluation period:
    the value used is the one in force on the `dated by` date; this says so, and what it
    was when the period began."""

    period_start: dt.date
    date: dt.date  # the date the value was chosen by
    date_key: str  # the fact that gives it (`station.period_end`)
    changed_on: tuple[dt.date, ...]  # the dates within the period on which a new value took effect
    earlier: str  # the value in force when the period began, as the policy writes it
    earlier_document: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"period_start": self.period_start.isoformat(), "date": self.date.isoformat(),
                "dated_by": self.date_key, "changed_on": [d.isoformat() for d in self.changed_on],
                "earlier_value": self.earlier, "earlier_document": self.earlier_document}


class RuleResult(NamedTuple):
    id: str
    kind: str
    label: str
    location: str
    clause: str | None
    value: Any
    reads: tuple[Read, ...]
    missing: tuple[str, ...]
    origin: str | None = None  # the policy file that declared the rule (a district overlay or its base)
    # A parameter with values by date: the date the value in force took effect, and its document.
    in_force_from: dt.date | None = None
    document: str | None = None
    changed_within_period: DatedChange | None = None

    @property
    def status(self) -> str:
        return status_of(self.value)

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if type(value) is Decimal:
            value, status = _decimal(value), "determined"
        else:
            value, status = _plain_status(value)
        reads = self.reads
        out = {"id": self.id, "kind": self.kind, "label": self.label, "location": self.location,
               "clause": self.clause, "value": value, "status": status,
               "reads": _reads(reads) if reads else [], "missing": list(self.missing), "origin": self.origin}
        if self.in_force_from is not None:
            out["in_force_from"] = self.in_force_from.isoformat()
            out["document"] = self.document
        if self.changed_within_period is not None:
            out["changed_within_period"] = self.changed_within_period.to_dict()
        return out


class ScoreLine(NamedTuple):
    id: str
    label: str
    party: str
    party_label: str
    max: Decimal
    awarded: Any
    counted: Any
    details: tuple[tuple[str, Any], ...] = ()  # per record: (its name, its score)

    def to_dict(self) -> dict[str, Any]:
        counted, status = _plain_status(self.counted)
        awarded, details = self.awarded, self.details
        return {"id": self.id, "label": self.label, "party": self.party, "max": to_plain(self.max),
                "awarded": _decimal(awarded) if type(awarded) is Decimal else to_plain(awarded),
                "counted": counted, "status": status,
                "details": [{"name": n, "awarded": _decimal(v) if type(v) is Decimal else to_plain(v)}
                            for n, v in details] if details else []}


class PartyLine(NamedTuple):
    id: str
    label: str
    share_kind: str
    share: Decimal
    counted: Any

    def to_dict(self) -> dict[str, Any]:
        counted, status = _plain_status(self.counted)
        return {"id": self.id, "label": self.label, "share_kind": self.share_kind, "share": to_plain(self.share),
                "counted": counted, "status": status}


class Check(NamedTuple):
    """A veto or a finding: hit (raised), clear, or undetermined."""

    id: str
    label: str
    citation: str | None
    status: str
    reads: tuple[Read, ...]
    missing: tuple[str, ...]
    forces: str | None = None
    record: str | None = None  # for an indicator's finding: the record it is about
    location: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "label": self.label, "citation": self.citation, "status": self.status,
               "reads": {name: _decimal(v) if type(v) is Decimal else to_plain(v) for name, _, v, _, _ in self.reads}
               if self.reads else {}, "missing": list(self.missing)}
        if self.forces is not None:
            out["forces"] = self.forces
        if self.record is not None:
            out["record"] = self.record
        return out

    @property
    def process(self) -> bool:
        """Whether it checks the evaluation's own process rather than the station (`PROCESS_PREFIX`)."""
        return is_process_label(self.label)

    def finding_dict(self) -> dict[str, Any]:
        """A finding's dict: `to_dict` and, last, whether it checks the evaluation's process."""
        out = self.to_dict()
        out["process"] = self.process
        return out


class IndicatorLine(NamedTuple):
    indicator: str
    label: str
    name: str
    fields: tuple[tuple[str, Any], ...]  # or `made.Fields`, equal to that tuple, from the generated builder
    value: Any
    missing: tuple[str, ...]
    field_labels: tuple[str, ...] = ()  # the declared label of each of `fields`
    unit: str = "percent"  # the indicator's unit (`base.units.Unit` value), declared or as inferred
    unit_label: str | None = None  # the word a count is counted in: 人次

    @property
    def status(self) -> str:
        return status_of(self.value)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"indicator": self.indicator, "name": self.name}
        for k, v in self.fields:
            out[k] = _decimal(v) if type(v) is Decimal else to_plain(v)
        out[self.indicator], out["status"] = _plain_status(self.value)
        out["missing"] = list(self.missing)
        out["indicator_unit"] = self.unit  # not "unit": a record may have a field of that name
        return out


class OutputLine(NamedTuple):
    """A named result of the policy's own (`output`): a reward, a rank, a count, in its unit."""

    id: str
    label: str
    unit: str  # a `base.units.Unit` value
    unit_label: str | None
    value: Any
    location: str
    clause: str | None = None

    @property
    def status(self) -> str:
        return status_of(self.value)

    def to_dict(self) -> dict[str, Any]:
        value, status = _plain_status(self.value)
        return {"id": self.id, "label": self.label, "unit": self.unit, "unit_label": self.unit_label,
                "value": value, "status": status, "location": self.location,
                "clause": self.clause}


class Reconciliation(NamedTuple):
    field: str
    label: str
    declared: Any
    computed: Any
    difference: Any
    status: str  # agrees, differs, not_declared, undetermined
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, "declared": to_plain(self.declared),
                "computed": to_plain(self.computed), "difference": to_plain(self.difference),
                "status": self.status, "rule": self.rule}


class MissingFact(NamedTuple):
    key: str
    label: str
    required: bool

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "required": self.required}


def to_give(missing: Sequence[MissingFact], checks: Sequence[Check]) -> list[MissingFact]:
    """Of the facts not given, those someone must act on: every required one, and each optional
    one that one of `checks` could not be decided without. `render.checks` says which checks
    count for which output; a batch row (`engine.batch`) reads this from what it already has."""
    wanted = {key for c in checks if c.status == "undetermined" for key in c.missing}
    return [m for m in missing if m.required or m.key in wanted]


def missing_labels(check: Check, missing: Sequence[MissingFact]) -> tuple[str, ...]:
    """The facts `check` could not be decided without, by their labels as the policy states them
    (a fact it read by its read's label, any other by the station's `missing`; a key with
    neither keeps its key), for a person to read: `check.missing` keeps the keys, for programs."""
    if not check.missing:
        return ()
    labels = {m.key: m.label for m in missing}
    labels.update((name, label) for name, label, _, is_fact, _ in check.reads if is_fact and label)
    return tuple(labels.get(key, key) for key in check.missing)


@node
class Trace:
    """What `evaluate(..., explain=True)` keeps for `swrules.explain`: every value each rule computed.

    `events` maps a rule's slot to the `(node, value)` pairs its traced evaluation
    recorded, in order; `policy` is the checked policy those nodes belong to. A trace
    lives in the process that evaluated: it is not pickled with its result, because
    the checked policy finds a node's binding by the node's identity.
    """

    policy: CheckedPolicy
    events: dict[int, list[tuple[Any, Any]]]


@dataclass(frozen=True)
class Result:
    policy_title: str
    policy_version: str | None
    policy_file: str
    policy_hash: str
    facts_file: str | None
    facts_hash: str | None
    station: dict[str, Any]
    phase: Any
    phase_label: str | None
    total: Any
    total_max: Decimal
    grade: Any
    provisional: bool
    parties: tuple[PartyLine, ...]
    scores: tuple[ScoreLine, ...]
    vetoes: tuple[Check, ...]
    findings: tuple[Check, ...]
    indicators: tuple[IndicatorLine, ...]
    reconciliation: tuple[Reconciliation, ...]
    missing: tuple[MissingFact, ...]
    rules: tuple[RuleResult, ...]
    grade_names: tuple[str, ...] = ()
    # The precision points are shown with: the places the policy rounds its total to
    # (`total max 100 round 2`), or two when it does not round it. Display only.
    places: int | None = None
    # With explain=True: what `swrules.explain(result)` builds the explanation from.
    trace: Trace | None = field(default=None, compare=False, repr=False)
    # What the station's result should be read with (W0920: a dated value changed within the period).
    warnings: tuple[Diagnostic, ...] = ()
    # The policy's outputs (`output 奖励金额 unit yuan = …`), in policy order.
    outputs: tuple[OutputLine, ...] = ()

    @property
    def vetoes_hit(self) -> tuple[Check, ...]:
        return tuple(v for v in self.vetoes if v.status == "hit")

    @property
    def station_name(self) -> str | None:
        name = self.station.get("name")
        return name if isinstance(name, str) else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, from the lines. A result `evaluate` gives has its document written by code
        generated per policy (`engine.document`, `LazyResult.to_dict`); this is the reference it is tested against."""
        return {
            "swrules_json": JSON_VERSION,
            "policy": {"title": self.policy_title, "version": self.policy_version, "file": self.policy_file,
                       "sha256": self.policy_hash},
            "facts": {"file": self.facts_file, "sha256": self.facts_hash},
            "station": {k: to_plain(v) for k, v in self.station.items()},
            "phase": to_plain(self.phase),
            "phase_label": self.phase_label,
            "total": to_plain(self.total),
            "grade": to_plain(self.grade),
            "provisional": self.provisional,
            "parties": [p.to_dict() for p in self.parties],
            "scores": [s.to_dict() for s in self.scores],
            "vetoes": [v.to_dict() for v in self.vetoes],
            "findings": [f.finding_dict() for f in self.findings],
            "indicators": [i.to_dict() for i in self.indicators],
            "reconciliation": [r.to_dict() for r in self.reconciliation],
            "missing": [m.to_dict() for m in self.missing],
            "rules": [r.to_dict() for r in self.rules],
        } | self._additions()

    def _additions(self) -> dict[str, Any]:
        """Keys after `rules`, present only when there is something in them (so a policy without
        outputs, or a station without warnings, writes the document it always wrote)."""
        out: dict[str, Any] = {}
        if self.outputs:
            out["outputs"] = [o.to_dict() for o in self.outputs]
        if self.warnings:
            out["warnings"] = warning_dicts(self.warnings)
        return out

    def to_json(self) -> str:
        return json_text(self.to_dict())


def warning_dicts(warnings: tuple[Diagnostic, ...]) -> list[dict[str, Any]]:
    """A result's warnings as its JSON document writes them, in both languages."""
    return [{"code": w.code, "message": {"zh": w.message("zh"), "en": w.message("en")},
             "help": {"zh": w.help("zh"), "en": w.help("en")}} for w in warnings]


def json_text(document: dict[str, Any]) -> str:
    """A JSON document as swrules writes it: UTF-8 text as is, indented, one final newline.

    The document is one of swrules' own (no floats: figures are decimal strings), so the
    fast writer gives `json.dumps(document, ensure_ascii=False, indent=2)`'s text."""
    return dumps_plain(document, newline=True)
