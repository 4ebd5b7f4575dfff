"""The explanation models: what `swrules explain`, the `eval` JSON and reports read.

Input: built by `explain` from a result and its traces. Output: immutable models,
each with `to_dict()` for JSON (decimals as exact strings, undetermined as null with a
status). Sentences are kept in both languages (`Say`), so one explanation serves a
Chinese and an English reader and the JSON does not depend on `--lang`.

The parts an explanation holds dozens of (facts read, steps, formulas, rules) are named
tuples, like the engine's lines and for the same reason: a frozen dataclass costs several
times as much to build; they are just as immutable. The explanation itself stays a frozen
dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from swrules.base.jsonwrite import fragment
from swrules.base.words import Say
from swrules.engine.result import Reconciliation, _decimal, status_of, to_plain

from .kept_dicts import _KEEP, _SHARED_KINDS, _copy_plain, _copy_rule, _dicts, _flat, _fragments, _margin_dict


def _plain_say(say: Say) -> dict[str, str]:
    return {"zh": say.zh, "en": say.en}


def _plain(value: Any) -> Any:
    """`to_plain`, its commonest case (a decimal) first: an explanation holds hundreds of values."""
    kind = type(value)
    if kind is Decimal:
        return _decimal(value)
    return value if kind is bool or kind is str else to_plain(value)


def _status(value: Any) -> str:
    """`status_of`, its commonest cases (a decimal, a yes/no) first."""
    return "determined" if type(value) is Decimal or type(value) is bool else status_of(value)


def _uses(uses: tuple[Any, ...], key: str) -> list[dict[str, Any]]:
    """`to_dict` of each fact (`key` "key") or rule (`key` "id") read, a decimal's written out.

    Loops rather than comprehensions, here and in `_steps` and `_roundings`: the parts hold one to a few
    items, and a comprehension's own function and frame cost more than its items (measured: a record's
    dict 37.8 k instructions with comprehensions, 30.9 k with loops)."""
    out = []
    for name, label, v, _ in uses:
        if type(v) is Decimal:
            out.append({key: name, "label": label, "value": _decimal(v), "status": "determined"})
        else:
            out.append({key: name, "label": label, "value": _plain(v), "status": _status(v)})
    return out


def _steps(steps: tuple[Any, ...]) -> list[dict[str, Any]]:
    """`to_dict` of each step, a decimal's written out."""
    out = []
    for text, where, v, _, cut in steps:
        if cut:
            out.append({"text": text, "location": where, "value": _plain(v), "precision_cut": True})
        elif type(v) is Decimal:
            out.append({"text": text, "location": where, "value": _decimal(v)})
        else:
            out.append({"text": text, "location": where, "value": v if type(v) is bool else _plain(v)})
    return out


def _roundings(rounding: tuple[Any, ...]) -> list[dict[str, Any]]:
    """`to_dict` of each `Rounding`."""
    out = []
    for text, where, before, after, places, mode in rounding:
        out.append({"text": text, "location": where, "before": _plain(before), "after": _plain(after),
                    "places": places, "mode": mode})
    return out


def _step(text: str, location: str, value: Any, cut: bool) -> dict[str, Any]:
    if cut:
        return {"text": text, "location": location, "value": _plain(value), "precision_cut": True}
    return {"text": text, "location": location, "value": _plain(value)}


class FactUse(NamedTuple):
    """A fact a rule read: its key in the fact file, its label and its value."""

    key: str
    label: str
    value: Any
    percent: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": _plain(self.value), "status": _status(self.value)}


class RuleUse(NamedTuple):
    """Another rule a rule read, and the value it had."""

    id: str
    label: str
    value: Any
    percent: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "value": _plain(self.value), "status": _status(self.value)}


class Formula(NamedTuple):
    """A formula as written in the policy, and where."""

    role: str  # value, awarded, counted, when, compute, not_applicable, provided, sum
    text: str
    location: str

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "text": self.text, "location": self.location}


class Step(NamedTuple):
    """One intermediate value: a subexpression as written and what it came to."""

    text: str
    location: str
    value: Any
    percent: bool = False
    # A quotient or mean rounded to the 34 significant digits evaluation carries.
    cut: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _step(self.text, self.location, self.value, self.cut)


class Rounding(NamedTuple):
    """A rounding step: the exact value, the rounded one, the mode and the places."""

    text: str
    location: str
    before: Any
    after: Any
    places: int
    mode: str  # half_up, half_even, down, up

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "location": self.location, "before": _plain(self.before),
                "after": _plain(self.after), "places": self.places, "mode": self.mode}


class Margin(NamedTuple):
    """How far a station is from a different outcome: another grade band, or a veto hit."""

    kind: str  # band, veto, finding
    subject: str  # the band's name or the rule's id
    label: str
    measure: str  # what is measured: the total, or a fact's label
    value: Any
    threshold: Any
    trigger: str | None  # the comparison that would change the outcome: ">=", "<", ...; None for yes/no
    distance: Any
    sentence: Say
    percent: bool = False

    def to_dict(self) -> dict[str, Any]:
        kind, subject, label, measure, value, threshold, trigger, distance, sentence, _ = self
        return {"kind": kind, "subject": subject, "label": label, "measure": measure,
                "value": _decimal(value) if type(value) is Decimal else _plain(value),
                "threshold": _decimal(threshold) if type(threshold) is Decimal else _plain(threshold),
                "trigger": trigger, "distance": _decimal(distance) if type(distance) is Decimal else _plain(distance),
                "sentence": {"zh": sentence.zh, "en": sentence.en}}


class RecordExplanation(NamedTuple):
    """One record of an indicator: its name, value, the fields it read and its steps."""

    index: int  # type: ignore[assignment]  # the record's place in its list (`tuple.index` is not needed)
    name: str
    value: Any
    sentence: Say
    facts: tuple[FactUse, ...]
    steps: tuple[Step, ...]
    rounding: tuple[Rounding, ...]
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Its dict, by loops over its parts (a rule explanation made by `explain` writes its records' dicts
        straight from their events instead: `records.Records`)."""
        index, name, value, sentence, facts, steps, rounding, missing = self
        if type(value) is Decimal:  # nearly every record
            plain, status = _decimal(value), "determined"
        else:
            plain, status = _plain(value), _status(value)
        return {"index": index, "name": name, "value": plain, "status": status,
                "sentence": {"zh": sentence.zh, "en": sentence.en},
                "facts": _uses(facts, "key") if facts else [], "steps": _steps(steps) if steps else [],
                "rounding": _roundings(rounding) if rounding else [], "missing": list(missing)}


class RuleExplanation(NamedTuple):
    id: str
    kind: str
    label: str
    location: str
    clause: str | None
    value: Any
    status: str
    sentence: Say
    formulas: tuple[Formula, ...]
    facts: tuple[FactUse, ...]
    rules: tuple[RuleUse, ...]
    steps: tuple[Step, ...]
    rounding: tuple[Rounding, ...]
    missing: tuple[str, ...]
    records: tuple[RecordExplanation, ...] = ()
    margins: tuple[Margin, ...] = ()
    percent: bool = False

    def to_dict(self) -> dict[str, Any]:
        if self.kind in _SHARED_KINDS:
            kept = _dicts.get(id(self))
            if kept is None or kept[0] is not self:
                if len(_dicts) >= _KEEP:
                    _dicts.clear()
                kept = _dicts[id(self)] = (self, self.plain_dict(), _copy_rule if _flat(self) else _copy_plain)
            return kept[2](kept[1])  # type: ignore[no-any-return]
        return self.plain_dict()

    def json_part(self, depth: int) -> Any:
        """What the JSON document holds for this rule at `depth`: its dict, or for a shared kind
        its JSON text as a `base.jsonwrite.fragment`, written once (or its dict, without orjson)."""
        if self.kind not in _SHARED_KINDS:
            return self.plain_dict()
        key = (id(self), depth)
        kept = _fragments.get(key)
        if kept is None or kept[0] is not self:
            if len(_fragments) >= _KEEP:
                _fragments.clear()
            kept = _fragments[key] = (self, fragment(self.plain_dict(), depth))
        return self.plain_dict() if kept[1] is None else kept[1]

    def plain_dict(self) -> dict[str, Any]:
        """`to_dict`, built afresh."""
        # The parts' `to_dict`s written out here, an empty part without a comprehension: a
        # station's explanation holds hundreds of parts, and most rules leave most lists empty.
        (name, kind, label, location, clause, value, status, sentence, formulas, facts, rules, steps, rounding, missing,
         records, margins, _) = self
        written = []
        for role, text, where in formulas:
            written.append({"role": role, "text": text, "location": where})
        return {
            "id": name, "kind": kind, "label": label, "location": location, "clause": clause,
            "value": _decimal(value) if type(value) is Decimal else _plain(value), "status": status,
            "sentence": {"zh": sentence.zh, "en": sentence.en},
            "formulas": written,
            "facts": _uses(facts, "key") if facts else [],
            "rules": _uses(rules, "id") if rules else [],
            "steps": _steps(steps) if steps else [],
            "rounding": _roundings(rounding) if rounding else [],
            "missing": list(missing),
            "records": ([r.to_dict() for r in records] if type(records) is tuple  # deferred: `records.Records`
                        else records.dicts()) if records else [],  # type: ignore[attr-defined]
            "margins": [m.to_dict() for m in margins] if margins else [],
        }


def _records(rule: RuleExplanation) -> tuple[RecordExplanation, ...]:
    """An indicator's records: the model (`explain` holds them deferred, `records.Records`: made when first read)."""
    held = rule[14]
    return held if type(held) is tuple else held.model()  # type: ignore[no-any-return,attr-defined]


RuleExplanation.records = property(_records)  # type: ignore[assignment,misc]


@dataclass(frozen=True, slots=True)
class ReconciliationNote:
    """A declared figure beside the computed one, the rule that computes it and where."""

    line: Reconciliation
    location: str
    sentence: Say

    def to_dict(self) -> dict[str, Any]:
        return self.line.to_dict() | {"location": self.location, "sentence": _plain_say(self.sentence)}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every rule explained in policy order, the margins to other outcomes, the reconciliation.

    `explain` may leave the rules explained anew at every station (items, parties, the total) to be built
    when first read (`later`): until then `rules` is unset, `_later` holds what builds them and what writes
    their dicts straight from the trace (`sums.Later`), and `to_dict` and `json_document` write those
    dicts without building them. The first read of `rules` (directly, or by `rule`, `select`, `==`, `repr`,
    pickling) builds them with the builder that would have built them at once, and keeps them."""

    total: Any
    grade: Any
    provisional: bool
    rules: tuple[RuleExplanation, ...]
    why_not: tuple[Margin, ...]
    capped_by: tuple[str, ...]  # labels of the vetoes that fixed the grade whatever the total
    reconciliation: tuple[ReconciliationNote, ...]
    deps: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # rule id -> rules it reads
    targets: tuple[str, ...] = ()
    phase_label: str | None = None  # the phase as the policy names it: 中期评估
    _later: Any = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def later(cls, later: Any, total: Any, grade: Any, provisional: bool, why_not: tuple[Margin, ...],
              capped_by: tuple[str, ...], reconciliation: tuple[ReconciliationNote, ...],
              deps: dict[str, tuple[str, ...]], phase_label: str | None = None) -> Explanation:
        """An explanation whose rules are built when first read, by `later.rules()`; its other fields as the
        constructor takes them. `later.entries`: each rule's explanation, or what `later.write` writes its
        dict from."""
        made = cls(total, grade, provisional, (), why_not, capped_by, reconciliation, deps, phase_label=phase_label)
        object.__delattr__(made, "rules")
        object.__setattr__(made, "_later", later)
        return made

    def __getattr__(self, name: str) -> Any:
        """`rules`, built on first read for an explanation made by `later` (a slot left unset is read here)."""
        if name == "rules":
            later = self._later
            if later is not None:
                rules = later.rules()
                object.__setattr__(self, "rules", rules)
                object.__setattr__(self, "_later", None)
                return rules
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def rule(self, rule_id: str) -> RuleExplanation:
        return next(r for r in self.rules if r.id == rule_id)

    def select(self, names: Iterable[str]) -> Explanation:
        """The named rules and every rule they read, down to the facts, in policy order."""
        targets = tuple(names)
        keep: set[str] = set()
        stack = list(targets)
        while stack:
            name = stack.pop()
            if name not in keep:
                keep.add(name)
                stack.extend(self.deps.get(name, ()))
        return replace(self, rules=tuple(r for r in self.rules if r.id in keep), targets=targets)

    def to_dict(self) -> dict[str, Any]:
        # A kept rule's copy made here rather than through its own `to_dict` (a call less for each of the
        # two dozen kept rules of a station); `_dicts` holds the explanation it was made for, so an entry
        # is this rule's exactly when it holds this very object. A rule not built yet: its dict written.
        rules = []
        kept_dicts = _dicts.get
        later = self._later
        if later is None:
            for r in self.rules:
                kept = kept_dicts(id(r))
                rules.append(kept[2](kept[1]) if kept is not None and kept[0] is r else r.to_dict())
        else:
            write = later.write
            for r in later.entries:
                if type(r) is not RuleExplanation:
                    rules.append(write(r))
                    continue
                kept = kept_dicts(id(r))
                rules.append(kept[2](kept[1]) if kept is not None and kept[0] is r else r.to_dict())
        return self._document(rules)

    def json_document(self, depth: int) -> dict[str, Any]:
        """`to_dict()` for the JSON writer, the dict sitting `depth` levels down in its document:
        the shared rules' parts as `base.jsonwrite.fragment`s (`dumps_fragments` writes it)."""
        depth += 2  # a rule's dict: in the list under "rules"
        later = self._later
        if later is None:
            return self._document([r.json_part(depth) for r in self.rules])
        write = later.write
        return self._document([r.json_part(depth) if type(r) is RuleExplanation else write(r) for r in later.entries])

    def _document(self, rules: list[Any]) -> dict[str, Any]:
        out = {
            "total": to_plain(self.total), "grade": to_plain(self.grade), "provisional": self.provisional,
            "rules": rules, "why_not": [_margin_dict(m) for m in self.why_not],
            "capped_by": list(self.capped_by), "reconciliation": [r.to_dict() for r in self.reconciliation],
            "phase_label": self.phase_label,
        }
        if self.targets:
            out["targets"] = list(self.targets)
        return out
