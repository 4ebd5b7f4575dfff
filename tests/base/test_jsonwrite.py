"""The fast JSON writer writes exactly what `json.dumps(doc, ensure_ascii=False, indent=2)`
writes, for any document, so every JSON output of swrules keeps its bytes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import bundled_results, plain_before
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base import jsonwrite
from swrules.base.jsonwrite import dumps_indented, dumps_plain
from swrules.base.values import DIVISION_BY_ZERO, MISSING, NOT_APPLICABLE, Unknown
from swrules.engine.result import _plain_status, json_text, status_of, to_plain
from swrules.explanation.build import explained_document


class StrSub(str):
    pass


class IntSub(int):
    pass


class DictSub(dict[str, Any]):
    pass

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                    st.text(alphabet="\"\\\n\t\x00\x1f\u2028中文ｘ😀\ud800"))
KEYS = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
DOCS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                     st.dictionaries(KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(doc=DOCS)
def test_any_document_is_written_as_json_dumps_writes_it(doc: Any) -> None:
    assert dumps_indented(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_what_json_cannot_write_fails_as_it_fails_in_json() -> None:
    for bad in ({"a": Decimal("1.5")}, [1, {2, 3}], {(1, 2): 3}):
        with pytest.raises(TypeError) as fast:
            dumps_indented(bad)
        with pytest.raises(TypeError) as slow:
            json.dumps(bad, ensure_ascii=False, indent=2)
        assert str(fast.value) == str(slow.value)
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented({"a": loop})


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "stations").glob("0*.toml")), ids=lambda p: p.name)
def test_a_result_with_its_explanation_is_written_as_before(path: Path) -> None:
    policy = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    facts, _ = swrules.read_fact_file(path)
    result = policy.evaluate(facts, explain=True, file=str(path))
    document = explained_document(result)
    assert swrules.explained_json(result) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------ the fast writer of swrules' own documents

PLAIN_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-2**70, max_value=2**70),
                          st.text(), st.text(alphabet="\"\\\n\t\x00\x1f\x7f\u2028\u2029中文ｘ😀\ud800\udfff"),
                          st.from_type(StrSub), st.just(IntSub(3)))
PLAIN_KEYS = st.one_of(st.text(), st.text(alphabet="\"\\\x00中\ud800"), st.integers(), st.booleans(), st.none(),
                       st.from_type(StrSub))
PLAIN_DOCS = st.recursive(PLAIN_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(PLAIN_KEYS, inner, max_size=4),
    st.dictionaries(st.text(max_size=3), inner, max_size=4).map(DictSub)), max_leaves=40)


@settings(max_examples=800, deadline=None)
@given(doc=PLAIN_DOCS, newline=st.booleans())
def test_a_document_without_floats_is_written_as_json_dumps_writes_it(doc: Any, newline: bool) -> None:
    expected = json.dumps(doc, ensure_ascii=False, indent=2) + ("\n" if newline else "")
    assert dumps_plain(doc, newline=newline) == expected


def test_without_orjson_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {"a": [1, "中\n", None, True, {"b": ()}], "c": {}}
    fast = dumps_plain(doc, newline=True)
    monkeypatch.setattr(jsonwrite, "_orjson", lambda: None)
    assert dumps_plain(doc, newline=True) == fast == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _types(o: Any, found: set[type]) -> set[type]:
    found.add(type(o))
    if isinstance(o, dict):
        found.update(type(k) for k in o)
        for v in o.values():
            _types(v, found)
    elif isinstance(o, (list, tuple)):
        for v in o:
            _types(v, found)
    return found


def _documents() -> Iterator[tuple[str, swrules.Result]]:
    """Every policy in the repository on its test cases and fact files, and generated Guangzhou stations."""
    yield from bundled_results(ROOT)
    sys.path.insert(0, str(ROOT / "bench"))
    import stations  # the benchmark's generator, importable only from bench/

    guangzhou = swrules.load_policy(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    for i, data in enumerate(stations.stations(60)):
        yield f"generated {i}", guangzhou.evaluate(data, explain=True)


def test_every_document_swrules_writes_holds_no_float_and_is_written_as_json_dumps_writes_it() -> None:
    # dumps_plain's precondition (orjson and json write some floats differently), on every document
    # the repository's policies and stations give, explained or not.
    count, policies = 0, set()
    with swrules.evaluating():
        for name, result in _documents():
            policies.add(result.policy_file)
            for document in (result.to_dict(), explained_document(result)):
                assert _types(document, set()) <= {dict, list, str, int, bool, type(None)}, name
                assert json_text(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n", name
            assert result.to_json() == json_text(result.to_dict())
            count += 1
    assert count > 150 and len(policies) > 10


def test_a_float_never_reaches_a_result(guangzhou: swrules.Policy) -> None:
    # Where the precondition comes from: facts are read as decimals, and a float handed to
    # `evaluate` is refused as not a number, so no document of a result holds one.
    sys.path.insert(0, str(ROOT / "bench"))
    import stations

    for value in (1.5, float("nan"), 1e16):
        facts = stations.stations(1)[0]
        facts["station"]["budget"] = value
        with pytest.raises(swrules.FactsError, match="E0803"):
            guangzhou.evaluate(facts)


# ------------------------------------------------------------ values as JSON


VALUES = st.recursive(
    st.one_of(st.decimals(), st.decimals(places=2), st.decimals(allow_nan=True, allow_infinity=True),
              st.builds(Decimal, st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{0,12})?E[-+]?[0-9]{1,2}", fullmatch=True)),
              st.booleans(), st.none(), st.text(max_size=5), st.integers(), st.dates(), st.datetimes(),
              st.sampled_from([MISSING, DIVISION_BY_ZERO, NOT_APPLICABLE, Unknown("no band")])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner),
                            st.dictionaries(st.one_of(st.text(alphabet="\0ab", max_size=3), st.integers()), inner,
                                            max_size=3)),
    max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(value=VALUES, capitals=st.sampled_from([0, 1]))
def test_a_value_is_written_as_before(value: Any, capitals: int) -> None:
    with localcontext() as context:
        context.capitals = capitals  # `str` of a decimal writes its exponent as the context says
        plain = to_plain(value)
        assert repr(plain) == repr(plain_before(value))
        assert _plain_status(value) == (plain, status_of(value))


# ------------------------------------------------------------ parts written once: fragments


def _with_fragments(doc: Any, depth: int, choose: Any) -> Any:
    """`doc` with some of its lists and dicts (as `choose` says) replaced by their `fragment` at their depth."""
    if isinstance(doc, (list, tuple, dict)) and choose():
        part = jsonwrite.fragment(doc, depth)
        if part is not None:
            return part
    if isinstance(doc, dict):
        return type(doc)({k: _with_fragments(v, depth + 1, choose) for k, v in doc.items()})
    if isinstance(doc, (list, tuple)):
        return [_with_fragments(v, depth + 1, choose) for v in doc]
    return doc


@settings(max_examples=800, deadline=None)
@given(doc=PLAIN_DOCS, newline=st.booleans(), data=st.data())
def test_a_document_with_fragments_is_written_as_json_dumps_writes_it_without(doc: Any, newline: bool,
                                                                             data: st.DataObject) -> None:
    expected = json.dumps(doc, ensure_ascii=False, indent=2) + ("\n" if newline else "")
    fragmented = _with_fragments(doc, 0, lambda: data.draw(st.booleans()))
    assert jsonwrite.dumps_fragments(fragmented, lambda: doc, newline=newline) == expected
    written = jsonwrite.dumps_fragments_utf8(fragmented, lambda: doc, newline=newline)
    assert written == (expected.encode() if isinstance(written, bytes) else expected)  # text: refused by orjson


def test_fragments_at_each_depth_and_the_fallback() -> None:
    part = {"a": ["中\n", {"b": []}, {}], "c": None}
    doc = {"x": [part, {"y": part}], "z": part}
    expected = json.dumps(doc, ensure_ascii=False, indent=2)
    fragmented = {"x": [jsonwrite.fragment(part, 2), {"y": jsonwrite.fragment(part, 3)}],
                  "z": jsonwrite.fragment(part, 1)}
    assert jsonwrite.dumps_fragments(fragmented, lambda: doc) == expected
    # a fragment at the wrong depth is not what json.dumps writes: the test above can fail
    wrong = {"x": [jsonwrite.fragment(part, 1), {"y": jsonwrite.fragment(part, 3)}], "z": jsonwrite.fragment(part, 1)}
    assert jsonwrite.dumps_fragments(wrong, lambda: doc) != expected
    # a document orjson refuses (an integer beyond 64 bits) is written from the plain one
    big = doc | {"n": 2**70}
    assert jsonwrite.dumps_fragments(fragmented | {"n": 2**70}, lambda: big, newline=True) == (
        json.dumps(big, ensure_ascii=False, indent=2) + "\n")
    assert jsonwrite.fragment({"n": 2**70}, 1) is None
    # ... and given as that text, not as bytes: it may hold a lone surrogate, which UTF-8 cannot
    alone = big | {"s": "\ud800"}
    assert jsonwrite.dumps_fragments_utf8(fragmented | {"n": 2**70, "s": "\ud800"}, lambda: alone) == (
        json.dumps(alone, ensure_ascii=False, indent=2))
    assert jsonwrite.dumps_fragments_utf8({"s": "\ud800"}, lambda: {"s": "\ud800"}) == '{\n  "s": "\ud800"\n}'


def test_without_orjson_no_fragment_and_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonwrite, "_orjson", lambda: None)
    doc = {"a": [1, "中\n", None, True, {"b": ()}], "c": {}}
    assert jsonwrite.fragment(doc, 0) is None
    assert jsonwrite.dumps_fragments(doc, lambda: doc, newline=True) == json.dumps(doc, ensure_ascii=False,
                                                                                   indent=2) + "\n"
    assert jsonwrite.dumps_fragments_utf8(doc, lambda: doc, newline=True) == json.dumps(doc, ensure_ascii=False,
                                                                                        indent=2) + "\n"
