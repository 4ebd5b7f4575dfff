"""The explanation models: what `swrules explain`, the `eval` JSON and reports read.

Input: built by `explain` from a result and its traces. Output: immutable models,
each with `to_dict()` for JSON (decimals as exact strings, undetermined as null with a
status). Sentences are kept in both languages (`Say`), so one explanation serves a
Chinese and an English reader and the JSON does not depend on `--lang`.

The parts an explanation holds dozens of (facts read, steps, formulas, rules) are named
tuples, like the engine's lines and for the same reason: a frozen dataclass costs several
times as much to build; they are just as immutable. The explanation itself stays a frozen
dataclass. A rule's and a record's dict are built by functions generated per shape (the
lengths of the parts) with `compile.kit` once a shape recurs;
`tests/explanation/reference_to_dict.py` is what they are tested against.
"""

from __future__ import annotations

import ast as py
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from swrules.base.jsonwrite import fragment
from swrules.base.words import Say
from swrules.engine.result import Reconciliation, _decimal, status_of, to_plain

# The kinds of rule whose explanation `explain` gives as the same object to every station with
# the same values (build.py's `_SAME_FOR_SAME_VALUES`, and "output", a define's kind as written):
# their dict and JSON text are kept by the explanation's identity, the explanation with them
# (so that its `id` is not reused while kept).
_SHARED_KINDS = frozenset({"param", "define", "veto", "finding", "output"})
_KEEP = 2048  # explanations kept (dicts, and fragments per depth); then it starts afresh
_dicts: dict[int, tuple[Any, dict[str, Any], Any]] = {}  # the explanation, its dict, how it is copied
_fragments: dict[tuple[int, int], tuple[Any, Any]] = {}


def _copy_rule(d: dict[str, Any]) -> dict[str, Any]:
    """A copy of a kept rule dict whose values are leaves (`_flat`) that shares nothing changeable with it."""
    out = d.copy()
    out["sentence"] = d["sentence"].copy()
    for key in ("formulas", "facts", "rules", "steps", "rounding"):
        part = d[key]
        out[key] = [x.copy() for x in part] if part else []
    out["missing"] = d["missing"].copy()
    out["records"] = [_copy_plain(r) for r in d["records"]] if d["records"] else []
    out["margins"] = [m | {"sentence": m["sentence"].copy()} for m in d["margins"]] if d["margins"] else []
    return out


def _flat(rule: Any) -> bool:
    """Whether every value in a rule's dict is a leaf: then `_copy_rule` (the layout's dicts and lists) shares
    nothing changeable with it; one with a list value is copied whole by `_copy_plain`."""
    values = [rule.value, *(u[2] for u in rule.facts), *(u[2] for u in rule.rules), *(s[2] for s in rule.steps),
              *(x for r in rule.rounding for x in (r[2], r[3])), *(x for m in rule.margins for x in (m[4], m[5], m[7]))]
    return not any(isinstance(v, (list, tuple, dict)) for v in values)


def _copy_plain(o: Any) -> Any:  # a deep copy of a plain document
    kind = type(o)
    if kind is dict:
        return {k: _copy_plain(v) for k, v in o.items()}
    if kind is list:
        return [_copy_plain(v) for v in o]
    return o


def _plain(value: Any) -> Any:
    """`to_plain`, its commonest case (a decimal) first: an explanation holds hundreds of values."""
    kind = type(value)
    if kind is Decimal:
        return _decimal(value)
    return value if kind is bool or kind is str else to_plain(value)


def _status(value: Any) -> str:
    """`status_of`, its commonest cases (a decimal, a yes/no) first."""
    return "determined" if type(value) is Decimal or type(value) is bool else status_of(value)


def _margin(margin: Any) -> dict[str, Any]:
    """`Margin.to_dict`."""
    kind, subject, label, measure, value, threshold, trigger, distance, sentence, _ = margin
    return {"kind": kind, "subject": subject, "label": label, "measure": measure, "value": _plain(value),
            "threshold": _plain(threshold), "trigger": trigger, "distance": _plain(distance),
            "sentence": {"zh": sentence.zh, "en": sentence.en}}


# A rule's and a record's dict are built by a function generated for the lengths of their parts (the
# shape): the parts unpacked at once and one display of dicts and lists, not a call and a comprehension
# per part (a record's dict: 38 k -> 31 k instructions). Made with `compile.kit` from `ast` nodes: the
# keys are constants, every value comes from the explanation as data.
_MAKERS = 512  # functions kept per kind of dict; then it starts afresh
# A shape's uses before its function is generated. Generating one costs about 4.5 M instructions (~1 ms);
# it saves about 5.6 k a use: generated once the plain builder has cost that much more (ski rental), a
# shape costs at most twice what it would have either way. One station, or a small batch, generates none.
_COMPILE_AFTER = 800
_seen: dict[tuple[int, tuple[int, ...]], int] = {}
_rule_makers: dict[tuple[int, ...], Any] = {}
_record_makers: dict[tuple[int, ...], Any] = {}


def _record(record: Any) -> dict[str, Any]:
    """`RecordExplanation.to_dict`."""
    _, _, _, _, facts, steps, rounding, missing = record
    shape = (len(facts), len(steps), len(rounding), len(missing))
    make = _record_makers.get(shape)
    return (make or _made(_record_makers, shape))(record)  # type: ignore[no-any-return]


def _plain_rule(rule: Any) -> dict[str, Any]:
    """`RuleExplanation.to_dict` for a shape met too few times yet to have its function."""
    sentence = rule.sentence
    return {"id": rule.id, "kind": rule.kind, "label": rule.label, "location": rule.location, "clause": rule.clause,
            "value": _plain(rule.value), "status": rule.status, "sentence": {"zh": sentence.zh, "en": sentence.en},
            "formulas": [f.to_dict() for f in rule.formulas], "facts": [f.to_dict() for f in rule.facts],
            "rules": [u.to_dict() for u in rule.rules], "steps": [s.to_dict() for s in rule.steps],
            "rounding": [r.to_dict() for r in rule.rounding], "missing": list(rule.missing),
            "records": [_record(r) for r in rule.records], "margins": [_margin(m) for m in rule.margins]}


def _plain_record(r: Any) -> dict[str, Any]:
    """`RecordExplanation.to_dict` likewise."""
    return {"index": r.index, "name": r.name, "value": _plain(r.value), "status": _status(r.value),
            "sentence": {"zh": r.sentence.zh, "en": r.sentence.en}, "facts": [f.to_dict() for f in r.facts],
            "steps": [s.to_dict() for s in r.steps], "rounding": [x.to_dict() for x in r.rounding],
            "missing": list(r.missing)}


def _made(makers: dict[tuple[int, ...], Any], shape: tuple[int, ...]) -> Any:
    """The function for `shape`, generated at its `_COMPILE_AFTER`th use; the plain one before."""
    key = (id(makers), shape)
    seen = _seen[key] = _seen.get(key, 0) + 1
    if seen < _COMPILE_AFTER:
        if len(_seen) >= 4 * _MAKERS:
            _seen.clear()
        return _plain_record if makers is _record_makers else _plain_rule
    from swrules.compile import kit  # only when a shape recurs

    ns = kit.Namespace()
    type_of, to_str, dec, boolean = ns.builtin("type", type), ns.builtin("str", str), ns.const(Decimal), ns.const(bool)
    plain, decimal, status = ns.const(_plain), ns.const(_decimal), ns.const(_status)
    body: list[Any] = []
    count = iter(range(1 << 30))

    def unpack(source: str, n: int) -> list[str]:
        names = [f"_v{next(count)}" for _ in range(n)]
        if n:
            body.append(kit.assign([kit.node(py.Tuple, [kit.store(x) for x in names], py.Store())], kit.load(source)))
        return names

    def kind_is(x: str, name: str) -> Any:
        return kit.is_(kit.call(kit.load(type_of), kit.load(x)), kit.load(name))

    def value(x: str) -> Any:
        """`_plain(x)`: a decimal written as `_decimal` writes it (`str`, unless that chose an exponent)
        and a yes/no as it is, without a call."""
        text = f"_t{next(count)}"
        said = kit.node(py.NamedExpr, kit.store(text), kit.call(kit.load(to_str), kit.load(x)))
        exponent = kit.node(py.BoolOp, py.Or(), [kit.node(py.Compare, kit.constant(e), [py.In()], [t])
                                                 for e, t in (("E", said), ("e", kit.load(text)))])
        written = kit.node(py.IfExp, exponent, kit.call(kit.load(decimal), kit.load(x)), kit.load(text))
        other = kit.node(py.IfExp, kind_is(x, boolean), kit.load(x), kit.call(kit.load(plain), kit.load(x)))
        return kit.node(py.IfExp, kind_is(x, dec), written, other)

    def state(x: str) -> Any:
        """`_status(x)`."""
        known = kit.node(py.BoolOp, py.Or(), [kind_is(x, dec), kind_is(x, boolean)])
        return kit.node(py.IfExp, known, kit.constant("determined"), kit.call(kit.load(status), kit.load(x)))

    def display(*pairs: Any) -> Any:
        return kit.node(py.Dict, [kit.constant(k) for k, _ in pairs], [v for _, v in pairs])

    def listed(items: list[Any]) -> Any:
        return kit.node(py.List, items, py.Load())

    def say(x: str) -> Any:
        return display(*((lang, kit.node(py.Attribute, kit.load(x), lang, py.Load())) for lang in ("zh", "en")))

    def uses(source: str, n: int, key: str) -> Any:
        return listed([display((key, kit.load(a)), ("label", kit.load(b)), ("value", value(v)), ("status", state(v)))
                       for a, b, v, _ in (unpack(u, 4) for u in unpack(source, n))])

    def steps(source: str, n: int) -> Any:
        out = []
        for text, where, v, _, cut in (unpack(u, 5) for u in unpack(source, n)):
            head = (("text", kit.load(text)), ("location", kit.load(where)), ("value", value(v)))
            out.append(kit.node(py.IfExp, kit.load(cut), display(*head, ("precision_cut", kit.constant(True))),
                                display(*head)))
        return listed(out)

    def roundings(source: str, n: int) -> Any:
        return listed([display(("text", kit.load(t)), ("location", kit.load(w)), ("before", value(b)),
                               ("after", value(a)), ("places", kit.load(p)), ("mode", kit.load(m)))
                       for t, w, b, a, p, m in (unpack(r, 6) for r in unpack(source, n))])

    def each(source: str, n: int, make: Any) -> Any:
        return listed([kit.call(kit.load(ns.const(make)), kit.load(x)) for x in unpack(source, n)])

    if makers is _record_makers:
        nf, ns_, nr, nm = shape
        index, name, v, sentence, facts, steps_, rounding, missing = unpack("r", 8)
        made = display(("index", kit.load(index)), ("name", kit.load(name)), ("value", value(v)),
                       ("status", state(v)), ("sentence", say(sentence)), ("facts", uses(facts, nf, "key")),
                       ("steps", steps(steps_, ns_)), ("rounding", roundings(rounding, nr)),
                       ("missing", listed([kit.load(x) for x in unpack(missing, nm)])))
    else:
        nfo, nf, nu, ns_, nr, nm, nrec, nmar = shape
        (rid, kind, label, where, clause, v, stat, sentence, formulas, facts, rules, steps_, rounding, missing,
         records, margins, _) = unpack("r", 17)
        made = display(
            ("id", kit.load(rid)), ("kind", kit.load(kind)), ("label", kit.load(label)),
            ("location", kit.load(where)), ("clause", kit.load(clause)), ("value", value(v)),
            ("status", kit.load(stat)), ("sentence", say(sentence)),
            ("formulas", listed([display(("role", kit.load(a)), ("text", kit.load(b)), ("location", kit.load(c)))
                                 for a, b, c in (unpack(f, 3) for f in unpack(formulas, nfo))])),
            ("facts", uses(facts, nf, "key")), ("rules", uses(rules, nu, "id")), ("steps", steps(steps_, ns_)),
            ("rounding", roundings(rounding, nr)), ("missing", listed([kit.load(x) for x in unpack(missing, nm)])),
            ("records", each(records, nrec, _record)), ("margins", each(margins, nmar, _margin)))
    body.append(kit.node(py.Return, made))
    make = ns.compile([kit.function("make", ["r"], body)], "explanation", "dict maker")["make"]
    if len(makers) >= _MAKERS:
        makers.clear()
    makers[shape] = make
    return make


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
        out = {"text": self.text, "location": self.location, "value": _plain(self.value)}
        return out | {"precision_cut": True} if self.cut else out


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
        return _margin(self)


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
        return _record(self)


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
        """`to_dict`, built afresh (by the function `_made` makes for the lengths of its parts)."""
        shape = self.shape()
        make = _rule_makers.get(shape)
        return (make or _made(_rule_makers, shape))(self)  # type: ignore[no-any-return]

    def shape(self) -> tuple[int, ...]:
        """The lengths of the parts: what the layout of the rule's dict depends on."""
        (_, _, _, _, _, _, _, _, formulas, facts, rules, steps, rounding, missing, records, margins, _) = self
        return (len(formulas), len(facts), len(rules), len(steps), len(rounding), len(missing), len(records),
                len(margins))


@dataclass(frozen=True, slots=True)
class ReconciliationNote:
    """A declared figure beside the computed one, the rule that computes it and where."""

    line: Reconciliation
    location: str
    sentence: Say

    def to_dict(self) -> dict[str, Any]:
        say = self.sentence
        return self.line.to_dict() | {"location": self.location, "sentence": {"zh": say.zh, "en": say.en}}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every rule explained in policy order, the margins to other outcomes, the reconciliation."""

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
        return self._document([r.to_dict() for r in self.rules])

    def json_document(self, depth: int) -> dict[str, Any]:
        """`to_dict()` for the JSON writer, the dict sitting `depth` levels down in its document:
        the shared rules' parts as `base.jsonwrite.fragment`s (`dumps_fragments` writes it)."""
        depth += 2  # a rule's dict: in the list under "rules"
        return self._document([r.json_part(depth) for r in self.rules])

    def _document(self, rules: list[Any]) -> dict[str, Any]:
        out = {
            "total": to_plain(self.total), "grade": to_plain(self.grade), "provisional": self.provisional,
            "rules": rules, "why_not": [m.to_dict() for m in self.why_not],
            "capped_by": list(self.capped_by), "reconciliation": [r.to_dict() for r in self.reconciliation],
            "phase_label": self.phase_label,
        }
        if self.targets:
            out["targets"] = list(self.targets)
        return out
