"""A records fact written by its generated code (`engine.record_texts`) is what `plain_list`, the plain
reference, writes: compared as JSON text (so in the same key order) and by status, on every records
fact of every bundled policy with its cases and fact files, on generated and thinned stations, and on
any records hypothesis makes (declared fields in declared order or not, absent, undeclared, hidden and
non-text keys, decimals with exponents, dates, items that are not records, a value that is not a list).
The code trusts a field's declared kind for texts and booleans: that the fact reader and the schema
give every field its declared kind is tested here too.
"""

from __future__ import annotations

import ast as py
import datetime as dt
import json
import random
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from helpers import bundled_results
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.values import MISSING, NOT_APPLICABLE, Unknown
from swrules.check import ir
from swrules.compile.kit import Namespace, function, load, node, tuple_of
from swrules.engine.plain import plain_list, status_of
from swrules.engine.record_texts import record_writer, writable

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "engine"))
import stations  # noqa: E402
from test_generated_lines import _thinned  # noqa: E402

Writer = Callable[[Any], tuple[Any, str]]
_KINDS: dict[ir.FactKind, tuple[type, ...]] = {
    ir.FactKind.DECIMAL: (Decimal,), ir.FactKind.INTEGER: (Decimal,), ir.FactKind.PERCENT: (Decimal,),
    ir.FactKind.TEXT: (str,), ir.FactKind.CHOICE: (str,), ir.FactKind.BOOLEAN: (bool,), ir.FactKind.DATE: (dt.date,)}


def compiled(decl: ir.RecordsField) -> Writer:
    """The generated statements as a function of the records' value: (its text, its status)."""
    ns = Namespace()
    body = [*record_writer(ns, decl, load("value"), "text", "status"),
            node(py.Return, tuple_of([load("text"), load("status")]))]
    writer: Writer = ns.compile([function("write", ["value"], body)], "test records", "")["write"]
    return writer


def assert_as_plain(write: Writer, value: Any, name: str = "") -> None:
    text, status = write(value)
    plain = plain_list(value)
    assert json.dumps(text, ensure_ascii=False) == json.dumps(plain, ensure_ascii=False), name
    assert repr(text) == repr(plain) and status == status_of(value), name
    if type(value) is tuple:  # every record written is a new dict
        assert all(out is not rec for out, rec in zip(text, value, strict=True) if type(rec) is dict), name


_WRITERS: dict[int, list[tuple[ir.FactInfo, Writer]]] = {}


def _records_facts(checked: ir.CheckedPolicy) -> list[tuple[ir.FactInfo, Writer]]:
    if id(checked) not in _WRITERS:
        _WRITERS[id(checked)] = [(info, compiled(info.decl)) for info in checked.facts
                                 if isinstance(info.decl, ir.RecordsField) and writable(info.decl)]
        _keep.append(checked)
    return _WRITERS[id(checked)]


_keep: list[Any] = []  # the policies whose writers are cached, kept alive so that their ids stay theirs


def _assert_env(checked: ir.CheckedPolicy, env: list[Any], name: str) -> None:
    for info, write in _records_facts(checked):
        assert isinstance(info.decl, ir.RecordsField)
        assert_as_plain(write, env[info.slot], f"{name} {info.path}")
        value = env[info.slot]
        if type(value) is tuple:  # the declared kinds the code trusts, as the reader and the schema give them
            fields = {f.name: f for f in info.decl.fields}
            for rec in value:
                assert list(rec) == [f for f in fields if f in rec], name  # declared order, declared keys
                for k, v in rec.items():
                    assert type(v) in _KINDS[fields[k].kind], (name, k, v)


def _assert_result(result: swrules.Result, name: str) -> None:
    _assert_env(vars(result)["_parts"].c, vars(result)["_env"], name)


def test_every_bundled_records_fact_is_written_as_plain_list() -> None:
    met = 0
    for name, result in bundled_results(ROOT):
        _assert_result(result, name)
        met += bool(_records_facts(vars(result)["_parts"].c))
    assert met > 10


def test_generated_and_thinned_stations_records_as_plain_list() -> None:
    policy = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    rng = random.Random(7)
    with swrules.evaluating():
        for i, facts in enumerate(stations.stations(30, seed=3)):
            for data in (facts, _thinned(facts, rng)):
                _assert_result(policy.evaluate(data), f"station {i}")
                if i % 5 == 0:  # the schema's slot list, as a fact mapping the reader gives up on gets it
                    env = policy.schema.validate(data, "station.toml", policy.plan.requires)
                    _assert_env(policy.checked, env, f"station {i} (schema)")


def _indicators() -> ir.RecordsField:
    policy = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    info = next(i for i in policy.checked.facts if i.path == ("indicators",))
    assert isinstance(info.decl, ir.RecordsField)
    return info.decl


_DECL = _indicators()
_WRITE = compiled(_DECL)
_decimals = st.one_of(st.decimals(allow_nan=False, places=3, max_value=10**6, min_value=-(10**6)),
                      st.sampled_from([Decimal("1E+3"), Decimal("-0"), Decimal("1E-9"), Decimal("0.000001"),
                                       Decimal("12.50"), Decimal("NaN"), Decimal("-Infinity")]))
_VALUES: dict[ir.FactKind, st.SearchStrategy[Any]] = {
    ir.FactKind.DECIMAL: _decimals, ir.FactKind.TEXT: st.text(max_size=4), ir.FactKind.BOOLEAN: st.booleans()}
_odd_values = st.sampled_from([MISSING, Unknown("division by zero"), NOT_APPLICABLE, None, 3, dt.date(2025, 1, 31),
                               (Decimal(1), Decimal(2))])


@st.composite
def _record(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 20)) == 0:  # an item that is not a record
        return draw(st.one_of(_decimals, _odd_values))
    rec: dict[Any, Any] = {}
    for f in _DECL.fields:
        assert isinstance(f, ir.FactField)
        if draw(st.booleans()) or not f.optional:
            rec[f.name] = draw(_VALUES[f.kind])
    if draw(st.integers(0, 8)) == 0:  # a key not declared, hidden, not text; a value of another kind
        rec[draw(st.sampled_from(["extra", "\0hidden", 1]))] = draw(st.one_of(_decimals, _odd_values))
    if draw(st.integers(0, 8)) == 0:
        items = list(rec.items())
        draw(st.randoms()).shuffle(items)
        rec = dict(items)
    return rec


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_record(), max_size=5).map(tuple), _odd_values, st.lists(_record(), max_size=2)))
def test_any_records_as_plain_list(value: Any) -> None:
    assert_as_plain(_WRITE, value)


@pytest.mark.parametrize("kind", [ir.FactKind.DATE, ir.FactKind.INTEGER, ir.FactKind.PERCENT, ir.FactKind.CHOICE])
def test_every_kind_of_field_as_plain_list(kind: ir.FactKind) -> None:
    decl = ir.RecordsField("r", (ir.FactField("a", kind), ir.FactField("b", ir.FactKind.TEXT, optional=True)))
    assert writable(decl)
    value = {ir.FactKind.DATE: dt.date(2025, 3, 1), ir.FactKind.CHOICE: "甲"}.get(kind, Decimal("85.50"))
    write = compiled(decl)
    cases: list[tuple[Any, ...]] = [({"a": value}, {"a": value, "b": "x"}, {"b": "y"}), ()]
    if kind is not ir.FactKind.CHOICE:  # a decimal or date field holding any value is written as `to_plain` has it
        cases += [({"a": v},) for v in (Decimal("1E+2"), dt.datetime(2025, 3, 1, 8, 0), "85%", None, MISSING, 3)]
    for records in cases:
        assert_as_plain(write, records, str(kind))


def test_records_inside_records_go_the_plain_way() -> None:
    inner = ir.RecordsField("inner", (ir.FactField("x", ir.FactKind.TEXT),))
    assert not writable(ir.RecordsField("outer", (ir.FactField("a", ir.FactKind.TEXT), inner)))
    assert not writable(ir.FactField("a", ir.FactKind.TEXT))
