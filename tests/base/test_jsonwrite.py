"""The fast JSON writer writes exactly what `json.dumps(doc, ensure_ascii=False, indent=2)`
writes, for any document, so every JSON output of swrules keeps its bytes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.jsonwrite import dumps_indented
from swrules.explanation.build import explained_document

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
