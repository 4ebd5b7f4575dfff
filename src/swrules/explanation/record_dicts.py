"""A record's dict (`RecordExplanation.to_dict`) in one display, by a function per layout of record.

Input: a record explanation's fields (index, name, value, sentence, facts, steps, rounding, missing:
the tuple `RecordExplanation` is). Output: its dict, exactly as the plain way writes it
(`tests/explanation/reference_to_dict.py`; a value through `to_plain`, its status through `status_of`).

Why: a record's dict holds a dozen dicts and lists (an indicator's 12 records are ~150 containers a
station). Built by loops over its parts, it cost about twice one display of the same dict: the loops,
not the containers, were the cost. The dict's layout depends only on how many facts, steps and
roundings the record holds, so for each such count one function unpacks the record and builds its dict
in one display, each value written in line (a decimal by `_decimal`, anything else by `to_plain`).

The functions are made with `compile.kit` from `ast` nodes at a layout's first use and kept for the
process (a policy's records come in a few layouts). They hold no text of any policy or station: their
only constants are the dict's own keys; every value is read from the record at run time.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from swrules.compile.kit import Namespace, call, constant, function, is_, load, node, store
from swrules.engine.plain import status_of, to_plain

_LAYOUTS_KEPT = 64  # layouts kept (each a function, or a count of uses); then it starts afresh
# A layout's function is made at its 240th record (some twenty stations of a dozen records): making one costs
# ~7 M instructions, what ~1,300 records' dicts save, which a single station's explanation should not pay;
# a batch that stops before paying it back loses at most that (about 2 ms), a long one gains.
GENERATE_AT = 240
_made: dict[tuple[int, int, int], Callable[[tuple[Any, ...]], dict[str, Any]] | int] = {}


def record_maker(record: tuple[Any, ...]) -> Callable[[tuple[Any, ...]], dict[str, Any]] | None:
    """The function that makes the record's dict (`RecordExplanation.to_dict`), or None while its layout has
    been used fewer than `GENERATE_AT` times (the caller then builds the dict the plain way)."""
    layout = (len(record[4]), len(record[5]), len(record[6]))
    made = _made.get(layout, 0)
    if type(made) is int:
        if made + 1 < GENERATE_AT:
            if not made and len(_made) >= _LAYOUTS_KEPT:
                _made.clear()
            _made[layout] = made + 1
            return None
        made = _made[layout] = _layout_function(*layout)
    return made  # type: ignore[return-value]


def _fixed(value: Decimal) -> str:
    """A decimal's text where `str` chose an exponent (`engine.plain._decimal`'s other case)."""
    return f"{value:f}"


def _layout_function(facts: int, steps: int, roundings: int) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    """`record(r)`: unpack a record with this many facts, steps and roundings, write its values, build its dict.

    A value is written as `to_plain` writes it, a decimal in line as `engine.plain._decimal` does (`str`,
    unless it chose an exponent), with its status where the dict has one (`status_of`). A rounding's value
    before that is the very object of the last step's value (a rounded quotient), and a record's value that
    is its last rounding's result, are written once."""
    ns = Namespace()
    decimal_type, fixed = load(ns.const(Decimal)), load(ns.const(_fixed))
    plain, status = load(ns.const(to_plain)), load(ns.const(status_of))
    type_of, text_of = ns.builtin("type", type), ns.builtin("str", str)
    counter = iter(range(1 << 30))
    body: list[py.stmt] = []

    def fresh() -> str:
        return f"_v{next(counter)}"

    def assign(name: str, value: py.expr) -> py.stmt:
        return node(py.Assign, [store(name)], value)

    def written(v: str, with_status: bool) -> tuple[str, str | None]:
        """Statements writing `v`: the names of its text and (`with_status`) its status word."""
        text, word = fresh(), fresh() if with_status else None
        has = [node(py.Compare, constant(e), [py.In()], [load(text)]) for e in ("E", "e")]
        decimal = [assign(text, call(load(text_of), load(v))),
                   node(py.If, node(py.BoolOp, py.Or(), has), [assign(text, call(fixed, load(v)))], [])]
        other = [assign(text, call(plain, load(v)))]
        if word is not None:
            decimal.append(assign(word, constant("determined")))
            other.append(assign(word, call(status, load(v))))
        body.append(node(py.If, is_(call(load(type_of), load(v)), decimal_type), decimal, other))
        return text, word

    def shared(v: str, same: tuple[str, str] | None) -> str:
        """`v`'s text, the text already written for `same[0]` when `v` is that very object."""
        if same is None:
            return written(v, False)[0]
        saved = len(body)
        text = written(v, False)[0]
        writing = body[saved:]
        del body[saved:]
        body.append(node(py.If, is_(load(v), load(same[0])), [assign(text, load(same[1]))], writing))
        return text

    def display(pairs: Sequence[tuple[str, py.expr]]) -> py.Dict:
        return node(py.Dict, [constant(k) for k, _ in pairs], [v for _, v in pairs])

    def target(names_: Sequence[str | py.expr]) -> py.Tuple:
        return node(py.Tuple, [store(n) if isinstance(n, str) else n for n in names_], py.Store())

    def listed(items: Sequence[py.expr]) -> py.List:
        return node(py.List, list(items), py.Load())

    fact_parts, fact_dicts = [], []
    for _ in range(facts):
        key, label, value = fresh(), fresh(), fresh()
        fact_parts.append(target([key, label, value, fresh()]))
        text, word = written(value, True)
        assert word is not None
        fact_dicts.append(display([("key", load(key)), ("label", load(label)), ("value", load(text)),
                                   ("status", load(word))]))
    step_parts, step_dicts = [], []
    last: tuple[str, str] | None = None  # the last value written and its text
    for _ in range(steps):
        text, where, value, cut = fresh(), fresh(), fresh(), fresh()
        step_parts.append(target([text, where, value, fresh(), cut]))
        shown = written(value, False)[0]
        last = (value, shown)
        plain_step = [("text", load(text)), ("location", load(where)), ("value", load(shown))]
        step_dicts.append(node(py.IfExp, load(cut), display([*plain_step, ("precision_cut", constant(True))]),
                               display(plain_step)))
    rounding_parts, rounding_dicts = [], []
    for _ in range(roundings):
        text, where, before, after, places, mode = (fresh() for _ in range(6))
        rounding_parts.append(target([text, where, before, after, places, mode]))
        before_text = shared(before, last)
        after_text = written(after, False)[0]
        last = (after, after_text)
        rounding_dicts.append(display([("text", load(text)), ("location", load(where)), ("before", load(before_text)),
                                       ("after", load(after_text)), ("places", load(places)), ("mode", load(mode))]))
    index, name, value, sentence, missing = "index", "name", "value", "sentence", "missing"
    value_text = shared(value, last if roundings else None)
    value_status = fresh()
    body.append(assign(value_status, node(py.IfExp, is_(call(load(type_of), load(value)), decimal_type),
                                          constant("determined"), call(status, load(value)))))
    unpack = node(py.Assign, [target([index, name, value, sentence,
                                      target(fact_parts) if facts else "_facts",
                                      target(step_parts) if steps else "_steps",
                                      target(rounding_parts) if roundings else "_rounding", missing])],
                  load("r"))
    said = display([("zh", node(py.Attribute, load(sentence), "zh", py.Load())),
                    ("en", node(py.Attribute, load(sentence), "en", py.Load()))])
    document = display([
        ("index", load(index)), ("name", load(name)), ("value", load(value_text)), ("status", load(value_status)),
        ("sentence", said), ("facts", listed(fact_dicts)), ("steps", listed(step_dicts)),
        ("rounding", listed(rounding_dicts)),
        ("missing", listed([node(py.Starred, load(missing), py.Load())])),
    ])
    fn = function("record", ["r"], [unpack, *body, node(py.Return, document)])
    return ns.compile([fn], "record dict", f"{facts} facts, {steps} steps, {roundings} roundings")["record"]
