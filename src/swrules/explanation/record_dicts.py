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
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from swrules.compile.kit import Namespace, call, constant, function, is_, load, node, store
from swrules.engine.plain import _decimal, status_of, to_plain

_LAYOUTS_KEPT = 64  # layouts kept (each a function); then it starts afresh
_made: dict[tuple[int, int, int], Callable[[tuple[Any, ...]], dict[str, Any]]] = {}


def record_dict(record: tuple[Any, ...]) -> dict[str, Any]:
    """The record's dict (`RecordExplanation.to_dict`): made by its layout's function."""
    layout = (len(record[4]), len(record[5]), len(record[6]))
    make = _made.get(layout)
    if make is None:
        if len(_made) >= _LAYOUTS_KEPT:
            _made.clear()
        make = _made[layout] = _layout_function(*layout)
    return make(record)


def _layout_function(facts: int, steps: int, roundings: int) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    """`record(r)`: unpack a record with this many facts, steps and roundings, and build its dict."""
    ns = Namespace()
    decimal_type, decimal_text = load(ns.const(Decimal)), load(ns.const(_decimal))
    plain, status = load(ns.const(to_plain)), load(ns.const(status_of))
    type_of = ns.builtin("type", type)
    names = iter(range(1 << 30))

    def fresh() -> str:
        return f"_v{next(names)}"

    def is_decimal(v: str) -> py.expr:
        return is_(call(load(type_of), load(v)), decimal_type)

    def written(v: str) -> py.expr:  # `to_plain(v)`, a decimal's text without a call to it
        return node(py.IfExp, is_decimal(v), call(decimal_text, load(v)), call(plain, load(v)))

    def status_word(v: str) -> py.expr:  # `status_of(v)`, a decimal's without a call
        return node(py.IfExp, is_decimal(v), constant("determined"), call(status, load(v)))

    def display(pairs: list[tuple[str, py.expr]]) -> py.Dict:
        return node(py.Dict, [constant(k) for k, _ in pairs], [v for _, v in pairs])

    def target(names_: list[str | py.expr]) -> py.Tuple:
        return node(py.Tuple, [store(n) if isinstance(n, str) else n for n in names_], py.Store())

    def listed(items: list[py.expr]) -> py.List:
        return node(py.List, items, py.Load())

    fact_parts, fact_dicts = [], []
    for _ in range(facts):
        key, label, value = fresh(), fresh(), fresh()
        fact_parts.append(target([key, label, value, fresh()]))
        fact_dicts.append(display([("key", load(key)), ("label", load(label)), ("value", written(value)),
                                   ("status", status_word(value))]))
    step_parts, step_dicts = [], []
    for _ in range(steps):
        text, where, value, cut = fresh(), fresh(), fresh(), fresh()
        step_parts.append(target([text, where, value, fresh(), cut]))
        plain_step = [("text", load(text)), ("location", load(where)), ("value", written(value))]
        step_dicts.append(node(py.IfExp, load(cut), display([*plain_step, ("precision_cut", constant(True))]),
                               display(plain_step)))
    rounding_parts, rounding_dicts = [], []
    for _ in range(roundings):
        text, where, before, after, places, mode = (fresh() for _ in range(6))
        rounding_parts.append(target([text, where, before, after, places, mode]))
        rounding_dicts.append(display([("text", load(text)), ("location", load(where)), ("before", written(before)),
                                       ("after", written(after)), ("places", load(places)), ("mode", load(mode))]))
    index, name, value, sentence, missing = "index", "name", "value", "sentence", "missing"
    unpack = node(py.Assign, [target([index, name, value, sentence,
                                      target(fact_parts) if facts else "_facts",
                                      target(step_parts) if steps else "_steps",
                                      target(rounding_parts) if roundings else "_rounding", missing])],
                  load("r"))
    said = display([("zh", node(py.Attribute, load(sentence), "zh", py.Load())),
                    ("en", node(py.Attribute, load(sentence), "en", py.Load()))])
    document = display([
        ("index", load(index)), ("name", load(name)), ("value", written(value)), ("status", status_word(value)),
        ("sentence", said), ("facts", listed(fact_dicts)), ("steps", listed(step_dicts)),
        ("rounding", listed(rounding_dicts)),
        ("missing", listed([node(py.Starred, load(missing), py.Load())])),
    ])
    fn = function("record", ["r"], [unpack, node(py.Return, document)])
    return ns.compile([fn], "record dict", f"{facts} facts, {steps} steps, {roundings} roundings")["record"]
