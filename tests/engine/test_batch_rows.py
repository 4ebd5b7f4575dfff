"""A batch row is made from the vetoes' statuses, and builds their full lines (with what
each read) only when one is not clear: the row is the same as one made from the full lines,
for every kind of station."""

from __future__ import annotations

import pickle
import sys

import pytest
from conftest import ROOT

import swrules
from swrules.engine.batch import row_from_result

sys.path.insert(0, str(ROOT / "bench"))
import stations  # noqa: E402

POLICY = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"


@pytest.fixture(scope="module")
def policy() -> swrules.Policy:
    return swrules.load_policy(POLICY)


def test_rows_from_statuses_equal_rows_from_full_lines(policy: swrules.Policy) -> None:
    facts = [swrules.read_fact_file(p)[0] for p in sorted((ROOT / "examples" / "stations").glob("*.toml"))]
    facts += stations.stations(300, seed=17)
    kinds = set()
    for f in facts:
        try:
            result = policy.evaluate(f)
        except swrules.SwrulesError:
            continue
        full = pickle.loads(pickle.dumps(result))  # every part built, no statuses kept: the lines themselves
        assert not hasattr(full, "veto_statuses")
        row = row_from_result("f.toml", result, policy)
        assert row == row_from_result("f.toml", full, policy)
        kinds.add(tuple(sorted({v.status for v in full.vetoes})))
    assert ("clear",) in kinds and any("hit" in k for k in kinds) and any("undetermined" in k for k in kinds)
