"""An indicator's records read from their events by a plan per shape of record, made once per policy.

Input: the `(node, value)` events a traced evaluation appended for an indicator (a `RECORD_MARK`
event before each record), the station's `Names` and the indicator's list of records. Output:
what `reading.read_all` gives for them (the events before the first record read as any rule's,
then each record's index, facts, steps and roundings), each record's parts as tuples.

Why: a station's indicator has a dozen records of some seven events each, and `read_all` pays a
dispatch on each event's kind. But a record's events come from the same nodes in the same order
for nearly every record and station (the same formula, the same branches), and what a record reads
depends on that sequence alone but for the values and the record's index. So each sequence (a
record's shape) is worked out once per policy, as `read_all` would read it with positions in place
of values (`RecordShape`): which event is which fact, step or rounding, with its key, label, text,
place and percent flag, where a quotient's operands are and a rounding's value before it. From
that, a function is generated (`compile.kit`, as `engine.lines` does: every label, key, text and
place a value in the code's own namespace, never source text) that builds the record's parts in
one expression; a record then costs finding its shape and one call.

What `explain` holds, though, is the records deferred (`Records`): the events and each record's line.
Their dicts, which the JSON and `to_dict` want, are written straight from the events by the shape's
writer (`record_dicts`: the same plan, the dict's display in place of the parts), with no model object
made; the model (`RecordExplanation`s of these parts) is made only when `RuleExplanation.records` is read
(reports, `swrules explain`'s text, the workbench). A shape's reader and writer are each generated at its
`GENERATE_AT`-th use, until then the record is read plainly. Tested against the plain reference on every
bundled policy and on generated, thinned and hypothesis stations (`tests/explanation/test_explain_records.py`).
"""

from __future__ import annotations

import ast as py
import sys
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any

from swrules.base.values import Unknown
from swrules.base.words import Say
from swrules.check.ir import FactInfo
from swrules.compile.kit import Namespace, call, constant, function, is_, item, load, node, tuple_of
from swrules.compile.plan import RECORD_MARK

from .model import FactUse, RecordExplanation, Rounding, Step
from .names import Names
from .reading import (
    _DIV,
    FACT,
    FIELD,
    ROUND,
    STEP,
    Event,
    Reading,
    _field_label,
    plan_of,
    read_all,
    read_events,
)
from .record_dicts import Writer, cut_test, fact_keys_of, matches, writer

# One record of an indicator as `read_records` gives it: its index, the facts it read, its steps and roundings.
RecordParts = tuple[int, tuple[FactUse, ...], tuple[Step, ...], tuple[Rounding, ...]]

_new = tuple.__new__
_TRIED = 4  # the shapes tried first for a record: the latest met
_ALL = sys.maxsize  # every record's index is below it
# A shape's reader is generated at its 200th record (see `RecordShape`): generating one costs ~4.7 M
# instructions, what ~250 records read by it save.
GENERATE_AT = 200
_SHAPES_KEPT = 256  # record shapes kept per list of records; then it starts afresh
_KEYS_KEPT = 4096  # a shape's fact keys kept by record index; then it starts afresh


class RecordLine(tuple[int, str, Any, str, str, tuple[str, ...]]):
    """A record's own line, as `build` reads it from the result: its index, name, value, sentence in both
    languages and missing fields (what its dict and model say beside its parts), made by `tuple.__new__`.
    A tuple with the two names `sentences.indicator_summary` reads, not a `NamedTuple`, whose class alone
    costs a one-station `eval` more than its records do."""

    __slots__ = ()
    name = property(itemgetter(1))
    value = property(itemgetter(2))


def head_of(names: Names, events: list[Event], over: FactInfo) -> tuple[Reading, int]:
    """What `read_all` reads of an indicator's events before its first record, and where that record's mark is
    (`len(events)` when there is no record at all)."""
    n = len(events)
    p = 0
    while p < n and events[p][0] is not RECORD_MARK:
        p += 1
    if p == n:  # no record at all
        return read_all(names, events, over)[0], p
    return (read_events(names, events[:p]) if p else ([], [], [], [], {})), p


def record_indices(events: list[Event], first: int) -> list[int]:
    """The index of each record whose events follow, from the first record's mark at `first`."""
    return [index for node_, index in events[first:] if node_ is RECORD_MARK]


def read_records(names: Names, events: list[Event], over: FactInfo) -> tuple[Reading, list[RecordParts]]:
    """`reading.read_all(names, events, over)` of an indicator's events, each record read by its shape's
    plan (its parts as tuples). The events before the first record are read by `read_events`.

    A record's shape is found by trying the shapes of the records before it, latest first: a shape's
    reader gives None unless the record's events came from its very nodes (`is`, one by one) and the
    next event is a mark or there is none; so a record of a shape already met costs one call or two, and
    only a new shape is looked for event by event (`_Shapes`)."""
    head, p = head_of(names, events, over)
    n = len(events)
    out: list[RecordParts] = []
    if p == n:
        return head, out
    return head, _Shapes(names, over).each(events, p, None, _ALL)


class _Shapes:
    """An indicator's record shapes met so far (kept per policy, by its list of records), and the latest met
    (`tried`, latest last), which a record tries first."""

    __slots__ = ("names", "over", "shapes", "tried")

    def __init__(self, names: Names, over: FactInfo) -> None:
        memo = names.words.memo
        shapes: dict[tuple[int, ...], RecordShape] | None = memo.get(("records", over.key))
        if shapes is None:
            shapes = memo[("records", over.key)] = {}
        self.names, self.over, self.shapes = names, over, shapes
        self.tried: list[RecordShape] = list(shapes.values())[-_TRIED:]

    def each(self, events: list[Event], p: int, lines: list[RecordLine] | None, count: int) -> list[Any]:
        """From the record whose mark is at `p` to the end, each record's parts (`lines` None) or dict (written
        with its line, `lines` holding one for each record with an index below `count`, in order; a record past
        `count` is passed over)."""
        n = len(events)
        tried = self.tried
        following = None if lines is None else iter(lines)
        line = None
        out = []
        while p < n:
            index = events[p][1]
            p += 1
            if index >= count:
                p += self.at(events, p).length
                continue
            if following is not None:
                line = next(following)
            for shape in reversed(tried):
                made = shape.read(events, p, index) if line is None else shape.write(events, p, line)
                if made is not None:
                    if shape is not tried[-1]:
                        tried.remove(shape)
                        tried.append(shape)
                    break
            else:
                shape = self.at(events, p)
                made = shape.read(events, p, index) if line is None else shape.write(events, p, line)
                assert made is not None  # its own nodes, then a mark or the end
            out.append(made)
            p += shape.length
        return out

    def at(self, events: list[Event], p: int) -> RecordShape:
        """The shape of the record whose events start at `p`, not among the latest: found by its nodes'
        identities, made on its first sight; then the latest met."""
        n = len(events)
        q = p
        while q < n and events[q][0] is not RECORD_MARK:
            q += 1
        key = tuple([id(node_) for node_, _ in events[p:q]])
        shapes = self.shapes
        shape = shapes.get(key)
        if shape is None:
            if len(shapes) >= _SHAPES_KEPT:
                shapes.clear()
            shape = shapes[key] = RecordShape(self.names, events[p:q], self.over)
        tried = self.tried
        if shape in tried:
            tried.remove(shape)
        tried.append(shape)
        del tried[:-_TRIED]
        return shape


class Records:
    """An indicator's records as its `RuleExplanation` holds them when `build` makes it: deferred. What their
    dicts and model need (the indicator's events, where its first record's mark is, and each record's line),
    not the model: `dicts()` writes the records' dicts straight from the events, each by its shape's writer
    (`record_dicts`), and `model()` makes today's tuple of `RecordExplanation`s (`read_records` and the lines,
    as `build` made them before) on first asking and keeps it. `RuleExplanation.records` gives the model; a
    rule explanation holding this compares, hashes, prints and pickles as one holding the model."""

    __slots__ = ("names", "events", "over", "first", "lines", "count", "made")

    def __init__(self, names: Names, events: list[Event], over: FactInfo, first: int, lines: list[RecordLine],
                 count: int) -> None:
        self.names, self.events, self.over, self.first = names, events, over, first
        self.lines = lines  # the records with an index below `count`, in their order in the events
        self.count = count
        self.made: tuple[RecordExplanation, ...] | None = None

    def dicts(self) -> list[dict[str, Any]]:
        """Each record's `to_dict()`, written afresh from the events (a record with an index past `count`, which
        the model leaves out, is passed over)."""
        return _Shapes(self.names, self.over).each(self.events, self.first, self.lines, self.count)

    def model(self) -> tuple[RecordExplanation, ...]:
        made = self.made
        if made is None:
            out = []
            lines = iter(self.lines)
            for index, facts, steps, rounding in read_records(self.names, self.events, self.over)[1]:
                if index < self.count:
                    _, name, value, zh, en, missing = next(lines)
                    out.append(_new(RecordExplanation, (index, name, value, Say(zh, en), facts, steps, rounding,
                                                        missing)))
            made = self.made = tuple(out)
        return made

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[RecordExplanation]:
        return iter(self.model())

    def __getitem__(self, at: Any) -> Any:
        return self.model()[at]

    def __eq__(self, other: object) -> bool:
        return self.model() == (other.model() if isinstance(other, Records) else other)

    def __hash__(self) -> int:
        return hash(self.model())

    def __repr__(self) -> str:
        return repr(self.model())

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self.model(),)


class RecordShape:
    """What a record whose events came from these nodes reads, whatever its values: `read_all`'s reading of
    one record worked out with positions in place of values, and `read(events, p, index)` generated from it:
    record `index`'s parts from its events starting at `p`, or None when they did not come from these nodes
    (or are not followed by a mark or the end)."""

    __slots__ = ("nodes", "length", "over_key", "fields", "keys", "plan", "names", "over", "uses", "read", "writes",
                 "write")

    def __init__(self, names: Names, events: list[Event], over: FactInfo) -> None:
        plans = names.words.plans
        labels = names.words.field_labels
        self.nodes = tuple([node_ for node_, _ in events])  # held: the shapes are found by these identities
        self.length = len(events)
        self.over_key = over.key
        fields: list[str | None] = []  # per fact read: a record field's name, or None for another fact
        keys: list[str] = []  # per fact read: its key (a record field's: its name; `list[i].` is added per record)
        seen: set[tuple[bool, str]] = set()
        facts: list[tuple[str, int, bool]] = []  # per fact read: (label, position, percent flag)
        steps: list[tuple[str, str, int, bool, tuple[Any, ...] | None]] = []  # (text, place, position, flag, cut)
        roundings: list[tuple[str, str, int | None, int, int, str]] = []  # (text, place, before's, at, places, mode)
        last: dict[int, int] = {}  # each node's latest event so far (`read_all`'s `latest`), by the node's id
        for at, (node_, _) in enumerate(events):
            key = id(node_)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = plan_of(node_, names)
            kind = plan[0]
            if kind == STEP:
                last[key] = at
                cut = plan[4]
                how: tuple[Any, ...] | None = None
                if cut is not None:  # where its operands were (None: not read in this record), or a literal
                    if cut[0] == _DIV:
                        how = (_DIV, at, cut[1], cut[2] if cut[1] else last.get(cut[2]),
                               cut[3], cut[4] if cut[3] else last.get(cut[4]))
                    else:
                        how = (cut[0], at, last.get(cut[1]))
                steps.append((plan[1], plan[2], at, plan[3], how))
                continue
            if kind == FIELD and (False, plan[1]) not in seen:
                seen.add((False, plan[1]))
                label = labels.get((over.key, plan[1]))
                fields.append(plan[1])
                keys.append(plan[1])
                facts.append((label if label is not None else _field_label(names, over, plan[1]), at, plan[2]))
            elif kind == FACT and (True, plan[1]) not in seen:
                seen.add((True, plan[1]))
                fields.append(None)
                keys.append(plan[1])
                facts.append((plan[2], at, plan[3]))
            elif kind == ROUND:
                roundings.append((plan[1], plan[2], last.get(plan[3]), at, plan[4], plan[5]))
            last[key] = at
        self.fields = tuple(fields)
        self.keys: dict[int, tuple[str, ...]] = {-1: tuple(keys)}  # by record index; -1: as the shape has them
        self.plan = (facts, steps, roundings)  # what its reader is generated from
        self.names = names
        self.over = over
        self.uses = 0
        # Its reader: the plain reading (`read_all` of the record) until the shape has been met `GENERATE_AT`
        # times, then the generated one (generating costs about as much as a few hundred plain readings, which
        # a single station's explanation should not pay).
        self.read: Callable[[list[Event], int, int], RecordParts | None] = self.read_plainly
        # Its writer (`record_dicts.writer`: the record's dict straight from its events) likewise: the record's
        # model made and its dict written until the shape's `GENERATE_AT`-th dict, then the generated one.
        self.writes = 0
        self.write: Writer = self.write_plainly

    def read_plainly(self, events: list[Event], p: int, index: int) -> RecordParts | None:
        """What the generated reader gives, read by `read_all` from the record's events (its mark before them);
        the reader is generated at the shape's `GENERATE_AT`-th use."""
        if not self.ours(events, p):
            return None
        self.uses += 1
        if self.uses >= GENERATE_AT:
            facts, steps, roundings = self.plan
            self.read = _reader(self.nodes, facts, steps, roundings, self.keys, self.fact_keys)
        return self.parts(events, p, index)

    def write_plainly(self, events: list[Event], p: int, line: tuple[Any, ...]) -> dict[str, Any] | None:
        """What the generated writer gives: the record's model read plainly (`read_all`) and its `to_dict`; the
        writer is generated at the shape's `GENERATE_AT`-th dict."""
        if not self.ours(events, p):
            return None
        self.writes += 1
        if self.writes >= GENERATE_AT:
            self.write = writer(self.nodes, *self.plan, self.keys, self.fact_keys)
        index, name, value, zh, en, missing = line
        _, facts, steps, rounding = self.parts(events, p, index)
        return _new(RecordExplanation, (index, name, value, Say(zh, en), facts, steps, rounding, missing)).to_dict()

    def ours(self, events: list[Event], p: int) -> bool:
        """Whether the events from `p` came from this shape's nodes and are followed by a mark or the end."""
        q = p + self.length
        n = len(events)
        return not (q > n or q < n and events[q][0] is not RECORD_MARK or any(
            a[0] is not b for a, b in zip(events[p:q], self.nodes, strict=True)))

    def parts(self, events: list[Event], p: int, index: int) -> RecordParts:
        """Record `index`'s parts read by `read_all` from its events (from `p`, this shape's)."""
        (read,) = read_all(self.names, [(RECORD_MARK, index), *events[p:p + self.length]], self.over)[1]
        return index, tuple(read[1]), tuple(read[2]), tuple(read[3])

    def fact_keys(self, index: int) -> tuple[str, ...]:
        """The keys of the facts record `index` read: a record field's is `list[index].field`."""
        found = self.keys.get(index)
        if found is None:
            if len(self.keys) >= _KEYS_KEPT:  # the same dict (the reader holds it), started afresh
                first = self.keys[-1]
                self.keys.clear()
                self.keys[-1] = first
            head = f"{self.over_key}[{index}]."
            found = self.keys[index] = tuple([key if field is None else head + field
                                              for key, field in zip(self.keys[-1], self.fields, strict=True)])
        return found


def _reader(nodes: tuple[Any, ...], facts: list[tuple[str, int, bool]],
            steps: list[tuple[str, str, int, bool, tuple[Any, ...] | None]],
            roundings: list[tuple[str, str, int | None, int, int, str]], keys: dict[int, tuple[str, ...]],
            fact_keys: Callable[[int], tuple[str, ...]]) -> Callable[[list[Event], int, int], RecordParts | None]:
    """`read(events, p, index)` (`RecordShape`): the record's events `ev = events[p:p + len(nodes)]` checked
    to come from `nodes` and to be followed by a mark or the end, then its parts in one expression (`ev[i][1]`
    for each value; the nodes, labels, texts, places and modes are values in the code's namespace)."""
    ns = Namespace()
    new = load(ns.const(_new))
    type_of = ns.builtin("type", type)

    def k(value: Any) -> py.expr:
        return load(ns.const(value))

    def v(at: int) -> py.expr:  # the value of the record's event `at`
        return item(item(load("ev"), constant(at)), constant(1))

    def made(cls: type, fields: list[py.expr]) -> py.expr:
        return call(new, k(cls), tuple_of(fields))

    fact_parts = [made(FactUse, [item(load("keys"), constant(i)), k(label), v(at), constant(percent)])
                  for i, (label, at, percent) in enumerate(facts)]
    step_parts = []
    for text, where, at, percent, how in steps:
        step = made(Step, [k(text), k(where), v(at), constant(percent), cut_test(ns, how)])
        if how is None:  # a yes/no step (a comparison, a condition) is one of two tuples made once
            no, yes = (_new(Step, (text, where, b, percent, False)) for b in (False, True))
            step = node(py.IfExp, is_(v(at), constant(False)), k(no),
                        node(py.IfExp, is_(v(at), constant(True)), k(yes), step))
        step_parts.append(step)
    said = []
    for text, where, before, at, places, mode in roundings:  # a rounding left undetermined is not said
        one = made(Rounding, [k(text), k(where), constant(None) if before is None else v(before), v(at),
                              constant(places), k(mode)])
        said.append(node(py.IfExp, is_(call(load(type_of), v(at)), k(Unknown), negate=True),
                         tuple_of([one]), tuple_of([])))
    rounding = said[0] if len(said) == 1 else tuple_of([node(py.Starred, s, py.Load()) for s in said])
    body = matches(ns, nodes)
    if facts:
        body += fact_keys_of(ns, keys, fact_keys)
    body.append(node(py.Return, tuple_of([load("index"), tuple_of(fact_parts), tuple_of(step_parts), rounding])))
    fns = ns.compile([function("read", ["events", "p", "index"], body)], "record reader",
                     f"{len(facts)} facts, {len(steps)} steps, {len(roundings)} roundings")
    return fns["read"]
