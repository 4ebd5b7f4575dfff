"""Properties over every valid Guangzhou fact mapping, generated from the policy's own
fact declarations: it evaluates to what the hand-written evaluator of the regulation
gives (bench/handwritten.py), its total is the sum of its counted scores and its grade
the band of its total unless a veto forced it, and reading it back from TOML (written
by tomli-w) or JSON gives the same result, to the last decimal digit."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w
from conftest import GUANGZHOU, ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.diagnostics import FactsError
from swrules.syntax import ast as A

sys.path.insert(0, str(ROOT / "bench"))
import compare  # noqa: E402
import handwritten  # noqa: E402

POLICY = swrules.load_policy(GUANGZHOU)


def value_of(decl: A.FactField) -> st.SearchStrategy[Any]:
    kind, low, high = decl.kind, decl.minimum, decl.maximum
    if kind is A.FactKind.BOOLEAN:
        return st.booleans()
    if kind is A.FactKind.CHOICE:
        return st.sampled_from(decl.choices)
    if kind is A.FactKind.DATE:
        return st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    if kind is A.FactKind.TEXT:
        return st.text(max_size=12)
    if kind is A.FactKind.INTEGER:
        return st.integers(int(low) if low is not None else -10**6, int(high) if high is not None else 10**6)
    lo = low if low is not None else Decimal(-10**6)
    hi = high if high is not None else Decimal(10**9)
    numbers = st.integers(0, 4).flatmap(
        lambda places: st.decimals(lo, hi, places=places, allow_nan=False, allow_infinity=False))
    if kind is A.FactKind.PERCENT:
        # A percentage is written either way: 0.85 or "85%".
        return numbers.flatmap(lambda d: st.sampled_from([d, f"{d.scaleb(2):f}%"]))
    return numbers


def table_of(fields: tuple[A.FactField | A.RecordsField, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Every declared fact, or any subset of them: a fact left out is missing, which is
    valid. Whole tables half the time, so that totals and grades are often determined."""
    values = {f.name: records_of(f) if isinstance(f, A.RecordsField) else value_of(f) for f in fields}
    return st.one_of(st.fixed_dictionaries(values), st.fixed_dictionaries({}, optional=values))


def records_of(decl: A.RecordsField) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(table_of(decl.fields), min_size=decl.min_count or 0, max_size=4)


def fact_mappings(policy: swrules.Policy) -> st.SearchStrategy[dict[str, Any]]:
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for d in policy.checked.fact_decls:
        if isinstance(d, A.FactSection):
            parts[d.name] = table_of(d.fields)
        elif isinstance(d, A.RecordsField):
            parts[d.name] = records_of(d)
    return st.one_of(st.fixed_dictionaries(parts), st.fixed_dictionaries({}, optional=parts))


def to_json(value: Any) -> str:
    """JSON with decimals written as the number they are (json.dumps would need floats)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def toml_ready(value: Any) -> Any:
    """TOML writes a decimal with no fractional digits as an integer (tomli-w would write
    `0` as `0.0`, which reads back as a different decimal): `20` in a file is Decimal 20."""
    if isinstance(value, dict):
        return {k: toml_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_ready(v) for v in value]
    if isinstance(value, Decimal) and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    return value


def comparable(result: swrules.Result) -> dict[str, Any]:
    doc = result.to_dict()
    doc.pop("facts")  # the file name and its hash differ by construction
    return doc


def valid(facts: dict[str, Any]) -> swrules.Result:
    try:
        return POLICY.evaluate(facts)
    except FactsError as exc:
        # The only way a generated mapping can be invalid: the period runs backwards.
        assert {d.code for d in exc.diagnostics} == {"E0808"}, exc.render("en")
        assume(False)
        raise


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_mappings(POLICY))
def test_any_valid_fact_mapping_evaluates_as_the_regulation_says(facts: dict[str, Any]) -> None:
    result = valid(facts)
    # The hand-written evaluator (bench/handwritten.py, written from the regulation, not
    # from the policy) gives every counted score, the total to the digit, the grade,
    # each veto, finding and indicator, and the same missing facts.
    expected = handwritten.evaluate(copy.deepcopy(facts))
    assert compare.same(compare.summary_of(result), expected), (compare.summary_of(result), expected)
    # and what must hold whatever the regulation: the total is the sum of the counted
    # scores, a known grade's band holds the total unless a veto that is hit forced it,
    # and the JSON document carries the same figures
    counted = [s.counted for s in result.scores]
    if all(isinstance(c, Decimal) for c in counted):
        assert str(result.total) == str(sum(counted, Decimal(0)))
    vetoed = any(v.status == "hit" for v in result.vetoes)
    if isinstance(result.total, Decimal) and isinstance(result.grade, str) and not vetoed:
        assert _band_of(result.total) == result.grade
    if vetoed:
        assert result.grade == "不合格"
    doc = json.loads(result.to_json())
    assert doc["total"] == (str(result.total) if isinstance(result.total, Decimal) else None)
    assert doc["grade"] == (result.grade if isinstance(result.grade, str) else None)


def _band_of(total: Decimal) -> str:
    """The Guangzhou bands as the regulation states them (四 评估等级)."""
    return "优秀" if total >= 90 else "良好" if total >= 80 else "合格" if total >= 60 else "不合格"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(facts=fact_mappings(POLICY))
def test_toml_and_json_round_trips_give_the_same_result(tmp_path: Path, facts: dict[str, Any]) -> None:
    direct = comparable(valid(facts))
    toml_file = tmp_path / "s.toml"
    toml_file.write_text(tomli_w.dumps(toml_ready(facts)), encoding="utf-8")
    json_file = tmp_path / "s.json"
    json_file.write_text(to_json(facts), encoding="utf-8")
    assert comparable(POLICY.evaluate_file(toml_file)) == direct
    assert comparable(POLICY.evaluate_file(json_file)) == direct
