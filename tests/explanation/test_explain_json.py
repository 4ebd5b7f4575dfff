"""`eval --format json`'s document written fast (issue 17, p18json) is the plain one, byte for byte.

The lines' and the explanation's `to_dict` (with their fast paths, and the rule dicts an
explanation keeps by identity for the rules `explain` shares between stations) give the
documents `reference_to_dict.py` writes the plain way; `explained_json` (the shared rules
written once, as JSON fragments) gives `json.dumps(..., indent=2)` of that plain document;
a dict handed out can be changed without changing what is handed out next. On every
bundled policy with its test cases and fact files, and on hypothesis-generated stations."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import reference_to_dict as ref
from conftest import ROOT
from helpers import bundled_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base import jsonwrite
from swrules.explanation import model
from swrules.explanation.build import explained_json_bytes, explained_json_utf8

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402


def _text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _spoil(document: Any) -> None:
    """Change everything that can be changed in a document, at every depth."""
    if isinstance(document, dict):
        for value in document.values():
            _spoil(value)
        document["spoilt"] = True
    elif isinstance(document, list):
        for value in document:
            _spoil(value)
        document.append("spoilt")


def assert_plain(result: swrules.Result, name: str = "") -> None:
    """Every JSON of `result` is the plain one, twice in a row (the second from what was kept)."""
    expected_result = _text(ref.result_dict(result))
    explanation = swrules.explain(result)
    expected_explanation = _text(ref.explanation_dict(explanation))
    expected = _text(ref.result_dict(result) | {"explanation": ref.explanation_dict(explanation)}) + "\n"
    for _ in range(2):
        assert _text(result.to_dict()) == expected_result, name
        given_dict = explanation.to_dict()
        assert _text(given_dict) == expected_explanation, name
        _spoil(given_dict)
        assert swrules.explained_json(result) == expected, name
        assert explained_json_bytes(result) == expected.encode(), name
        assert explained_json_utf8(result) == expected.encode(), name  # orjson wrote it: bytes
    assert _text(explanation.to_dict()) == expected_explanation, name
    assert result.to_json() == expected_result + "\n", name


def test_every_bundled_policy_and_station_written_as_the_plain_document() -> None:
    count, kinds = 0, set()
    with swrules.evaluating():
        for name, result in bundled_results(ROOT):
            assert_plain(result, name)
            kinds.update(r.kind for r in swrules.explain(result).rules)
            count += 1
    assert count > 100
    assert {"param", "veto", "finding", "item", "indicator"} <= kinds
    assert kinds & model._SHARED_KINDS - {"define"}  # shared rules were met (and written as fragments)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 4))
def test_generated_stations_written_as_the_plain_document(guangzhou: swrules.Policy, seed: int,
                                                          count: int) -> None:
    rng = random.Random(seed)
    with swrules.evaluating():
        for i in range(count):
            assert_plain(guangzhou.evaluate(stations.station(rng, i), explain=True))


def test_shared_rules_are_written_as_fragments_and_kept_within_bounds(guangzhou: swrules.Policy) -> None:
    import orjson

    with swrules.evaluating():
        results = [guangzhou.evaluate(f, explain=True) for f in stations.stations(30, seed=3)]
    fragments = 0
    for result in results:
        document = swrules.explain(result).json_document(1)
        fragments += sum(type(r) is orjson.Fragment for r in document["rules"])
        assert swrules.explained_json(result) == _text(ref.result_dict(result) | {
            "explanation": ref.explanation_dict(swrules.explain(result))}) + "\n"
    assert fragments > 30 * 10
    assert len(model._dicts) <= model._KEEP and len(model._fragments) <= model._KEEP


def test_without_orjson_the_same_text(guangzhou: swrules.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    results = [guangzhou.evaluate(f, explain=True) for f in stations.stations(5, seed=5)]
    fast = [swrules.explained_json(r) for r in results]
    monkeypatch.setattr(jsonwrite, "_orjson", lambda: None)
    monkeypatch.setattr(model, "_fragments", {})
    assert [swrules.explained_json(r) for r in results] == fast
    assert [explained_json_bytes(r) for r in results] == [text.encode() for text in fast]
    assert [explained_json_utf8(r) for r in results] == fast  # the pure writer's text, as a `str`


def test_the_kept_ones_start_afresh_when_full(guangzhou: swrules.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_KEEP", 3)
    monkeypatch.setattr(model, "_dicts", {})
    monkeypatch.setattr(model, "_fragments", {})
    for facts in stations.stations(4, seed=9):
        assert_plain(guangzhou.evaluate(facts, explain=True))
        assert len(model._dicts) <= 3 and len(model._fragments) <= 3


def _explain_cli_cases(tmp: Any) -> Iterator[tuple[str, tuple[str, ...]]]:
    for path in sorted((ROOT / "examples").glob("**/*.toml")):
        yield str(path), ()
    for path in stations.write_toml(tmp, 6):
        yield str(path), ()
        yield str(path), ("grade",)


def test_explain_format_json_writes_json_dumps_text(guangzhou: swrules.Policy, tmp_path: Any) -> None:
    # `swrules explain --format json` (written by `dumps_plain`) gives the text `json.dumps(..., indent=2)`
    # gives of the plain document, for every example station and generated ones, whole and selected.
    from helpers import run_cli

    count = 0
    for path, rules in _explain_cli_cases(tmp_path):
        try:
            facts = swrules.read_fact_file(path)[0]
            explanation = swrules.explain(guangzhou.evaluate(facts, explain=True))
        except swrules.SwrulesError:
            continue  # not a Guangzhou station
        if rules:
            explanation = explanation.select(rules)
        out = run_cli("explain", str(ROOT / "policies" / "guangzhou" / "station-evaluation.swr"), path, *rules,
                      "--format", "json")
        assert out.exit_code == 0, path
        assert out.stdout == _text(ref.explanation_dict(explanation)) + "\n", path
        count += 1
    assert count > 10
