"""An indicator record's dict written straight from its events, by a function generated per shape of record.

Input: a record shape's plan (`records.RecordShape`: which of the record's events is which fact, step or
rounding, with its label, text, place and flags, where a quotient's operands are), and at run time the
record's events, index, name, value, sentence (both languages) and missing fields. Output: the record's dict,
exactly as `RecordExplanation.to_dict` writes the record `records.read_records` and `build` make of the same
events (`tests/explanation/reference_to_dict.py`; a value through `to_plain`, its status through `status_of`).

Why: reading a record into its model (a `RecordExplanation` of `FactUse`, `Step` and `Rounding` named tuples
and a `Say`) and then writing the model's dict made each of those objects only to take it apart again. The
writer reads each value from the events and writes it into one display of the whole dict: no model object
is made (`RuleExplanation.records` makes the model from the same events when asked for, `records.Records`).

The function is made with `compile.kit` from `ast` nodes (as `engine.lines` does): the nodes, labels, texts,
places and modes are values in the code's own namespace, never source text; the dict's keys are its only
literal constants; every station value is read from the events at run time. Also here: the quotient's
34-digit test (`cut_test`), which the shape's generated reader writes in line the same way.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from swrules.base.values import Unknown
from swrules.compile.kit import Namespace, call, constant, function, is_, item, load, node, store
from swrules.compile.plan import RECORD_MARK
from swrules.engine.plain import decimal_fixed, status_of, to_plain

from .reading import _DIV, _WIDE, Event

# write(events, p, line): the dict of the record whose events start at `p` and whose line (`records.RecordLine`:
# index, name, value, sentence in both languages, missing fields) this is, or None when its events did not come
# from the shape's nodes (or are not followed by a mark or the end).
Writer = Callable[[list[Event], int, tuple[Any, ...]], dict[str, Any] | None]


def matches(ns: Namespace, nodes: tuple[Any, ...]) -> list[py.stmt]:
    """Statements that return None unless `events[p:p + len(nodes)]` came from `nodes` (`is`, one by one) and is
    followed by a mark or the end; then `ev` is that slice."""
    nothing = node(py.Return, constant(None))
    end = call(load(ns.builtin("len", len)), load("events"))
    body: list[py.stmt] = [
        node(py.Assign, [store("q")], node(py.BinOp, load("p"), py.Add(), constant(len(nodes)))),
        node(py.If, node(py.Compare, load("q"), [py.NotEq()], [end]), [  # then a mark must follow
            node(py.If, node(py.BoolOp, py.Or(), [
                node(py.Compare, load("q"), [py.Gt()], [end]),
                is_(item(item(load("events"), load("q")), constant(0)), load(ns.const(RECORD_MARK)), negate=True)]),
                [nothing], [])], []),
        node(py.Assign, [store("ev")], item(load("events"), node(py.Slice, load("p"), load("q")))),
    ]
    tests = [is_(item(item(load("ev"), constant(at)), constant(0)), load(ns.const(n)), negate=True)
             for at, n in enumerate(nodes)]
    if tests:
        body.append(node(py.If, tests[0] if len(tests) == 1 else node(py.BoolOp, py.Or(), tests), [nothing], []))
    return body


def fact_keys_of(ns: Namespace, keys: dict[int, tuple[str, ...]], fact_keys: Callable[[int], tuple[str, ...]]
                 ) -> list[py.stmt]:
    """Statements that set `keys` to the record's fact keys (`RecordShape.fact_keys`, kept by index)."""
    return [node(py.Assign, [store("keys")],
                 call(node(py.Attribute, load(ns.const(keys)), "get", py.Load()), load("index"))),
            node(py.If, is_(load("keys"), constant(None)),
                 [node(py.Assign, [store("keys")], call(load(ns.const(fact_keys)), load("index")))], [])]


def writer(nodes: tuple[Any, ...], facts: list[tuple[str, int, bool]],
           steps: list[tuple[str, str, int, bool, tuple[Any, ...] | None]],
           roundings: list[tuple[str, str, int | None, int, int, str]], keys: dict[int, tuple[str, ...]],
           fact_keys: Callable[[int], tuple[str, ...]]) -> Writer:
    """`write` (see `Writer`) for records of one shape (`records.RecordShape`'s plan): each value read once
    from the events and written once (a decimal in line as `engine.plain._decimal`: `str`, unless it chose an
    exponent; anything else by `to_plain`), with its status where the dict has one; the record's value, when it
    is the very object of the shape's last step or rounding, is that one's text."""
    ns = Namespace()
    decimal_type, fixed = load(ns.const(Decimal)), load(ns.const(decimal_fixed))
    plain, status = load(ns.const(to_plain)), load(ns.const(status_of))
    type_of, text_of = ns.builtin("type", type), ns.builtin("str", str)
    body = matches(ns, nodes)
    names = ("index", "name", "value", "zh", "en", "missing")
    body.append(node(py.Assign, [node(py.Tuple, [store(n) for n in names], py.Store())], load("line")))
    if facts:
        body += fact_keys_of(ns, keys, fact_keys)

    def assign(name: str, value: py.expr) -> py.stmt:
        return node(py.Assign, [store(name)], value)

    def k(value: Any) -> py.expr:
        return load(ns.const(value))

    def write(v: str, text: str, word: str | None) -> None:
        """Statements writing `v`'s text (and its status word)."""
        has = [node(py.Compare, constant(e), [py.In()], [load(text)]) for e in ("E", "e")]
        decimal = [assign(text, call(load(text_of), load(v))),
                   node(py.If, node(py.BoolOp, py.Or(), has), [assign(text, call(fixed, load(v)))], [])]
        other = [assign(text, call(plain, load(v)))]
        if word is not None:
            decimal.append(assign(word, constant("determined")))
            other.append(assign(word, call(status, load(v))))
        body.append(node(py.If, is_(call(load(type_of), load(v)), decimal_type), decimal, other))

    with_status = {at for _, at, _ in facts}
    written: set[int] = set()

    def text(at: int) -> str:
        """The name of the text of the record's event `at` (its status: `s{at}`), written at its first use."""
        if at not in written:
            written.add(at)
            body.append(assign(f"v{at}", item(item(load("ev"), constant(at)), constant(1))))
            write(f"v{at}", f"t{at}", f"s{at}" if at in with_status else None)
        return f"t{at}"

    def display(pairs: Sequence[tuple[str, py.expr]]) -> py.Dict:
        return node(py.Dict, [constant(key) for key, _ in pairs], [v for _, v in pairs])

    def listed(items: Sequence[py.expr]) -> py.List:
        return node(py.List, list(items), py.Load())

    fact_dicts = [display([("key", item(load("keys"), constant(i))), ("label", k(label)), ("value", load(text(at))),
                           ("status", load(f"s{at}"))]) for i, (label, at, _) in enumerate(facts)]
    step_dicts: list[py.expr] = []
    for words, where, at, _, how in steps:
        pairs = [("text", k(words)), ("location", k(where)), ("value", load(text(at)))]
        cut = cut_test(ns, how)
        if isinstance(cut, py.Constant) and cut.value is False:
            step_dicts.append(display(pairs))
        else:
            step_dicts.append(node(py.IfExp, cut, display([*pairs, ("precision_cut", constant(True))]),
                                   display(pairs)))
    rounding_lists: list[py.expr] = []  # a rounding left undetermined is not said
    for words, where, before, at, places, mode in roundings:
        one = display([("text", k(words)), ("location", k(where)),
                       ("before", constant(None) if before is None else load(text(before))),
                       ("after", load(text(at))), ("places", constant(places)), ("mode", k(mode))])
        rounding_lists.append(node(py.IfExp, is_(call(load(type_of), load(f"v{at}")), k(Unknown), negate=True),
                                   listed([one]), listed([])))
    rounding: py.expr = rounding_lists[0] if rounding_lists else listed([])
    for part in rounding_lists[1:]:
        rounding = node(py.BinOp, rounding, py.Add(), part)
    # The record's value: the text already written when it is the last step's or rounding's very object.
    write("value", "vt", None)
    last = max([at for *_, at, _, _ in steps] + [at for *_, at, _, _ in roundings], default=None)
    if last is not None:
        body.append(node(py.If, is_(load("value"), load(f"v{last}")),
                         [assign("vt", load(f"t{last}"))], [body.pop()]))
    body.append(assign("vs", node(py.IfExp, is_(call(load(type_of), load("value")), decimal_type),
                                  constant("determined"), call(status, load("value")))))
    document = display([
        ("index", load("index")), ("name", load("name")), ("value", load("vt")), ("status", load("vs")),
        ("sentence", display([("zh", load("zh")), ("en", load("en"))])), ("facts", listed(fact_dicts)),
        ("steps", listed(step_dicts)), ("rounding", rounding),
        ("missing", listed([node(py.Starred, load("missing"), py.Load())])),
    ])
    body.append(node(py.Return, document))
    fn = function("write", ["events", "p", "line"], body)
    made = ns.compile([fn], "record writer", f"{len(facts)} facts, {len(steps)} steps, {len(roundings)} roundings")
    return made["write"]  # type: ignore[return-value]


def cut_test(ns: Namespace, how: tuple[Any, ...] | None) -> py.expr:
    """Whether a step was cut to 34 digits (`cut_at`), a quotient's test written in line: its value and
    operands decimals (`isinstance`, as `reading._cut`) and their product, exact, not the dividend."""
    if how is None:
        return constant(False)
    if how[0] != _DIV:
        return call(load(ns.const(cut_at)), load(ns.const(how)), load("ev"))
    _, at, a_literal, a, b_literal, b = how
    if (not a_literal and a is None) or (not b_literal and b is None):
        return constant(False)  # an operand not read in this record: `latest.get` finds nothing
    decimal, test = load(ns.const(Decimal)), ns.builtin("isinstance", isinstance)

    def value(literal: bool, found: Any) -> py.expr:
        return load(ns.const(found)) if literal else item(item(load("ev"), constant(found)), constant(1))

    value_of, dividend, divisor = value(False, at), value(a_literal, a), value(b_literal, b)
    product = call(load(ns.const(_WIDE.multiply)), value_of, divisor)
    return node(py.BoolOp, py.And(), [
        *[call(load(test), x, decimal) for x in (value(False, at), value(a_literal, a), value(b_literal, b))],
        node(py.Compare, product, [py.NotEq()], [dividend])])


def cut_at(how: tuple[Any, ...], events: list[Event]) -> bool:
    """`reading._cut` of a step by positions in its record's events (`RecordShape`'s `how`)."""
    value = events[how[1]][1]
    if not isinstance(value, Decimal):
        return False
    if how[0] == _DIV:
        _, _, a_literal, a, b_literal, b = how
        a = a if a_literal else None if a is None else events[a][1]
        b = b if b_literal else None if b is None else events[b][1]
        return isinstance(a, Decimal) and isinstance(b, Decimal) and _WIDE.multiply(value, b) != a
    parts = None if how[2] is None else events[how[2]][1]
    if isinstance(parts, tuple) and parts and all(isinstance(p, Decimal) for p in parts):
        return _WIDE.multiply(value, Decimal(len(parts))) != sum(parts, Decimal(0))
    return False
