"""What the explanation builder keeps once per policy is what it would write afresh: a band's
interval (`sentences.describe_band`, kept by the band's identity) against the plain
`reference_sentences.describe_band`, on every band of every bundled policy and on bands
hypothesis makes and drops (so that a dropped band's identity is used again)."""

from __future__ import annotations

from decimal import Decimal as D

import reference_sentences
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import swrules
from swrules.check import ir
from swrules.explanation import sentences


def test_every_bundled_band_described_as_afresh() -> None:
    seen = 0
    for path in sorted((ROOT / "policies").rglob("*.swr")):
        try:
            grades = swrules.load_policy(path).checked.grades
        except swrules.SwrulesError:
            continue
        for band in grades.bands if grades is not None else ():
            for _ in range(2):  # the second time, remembered
                assert sentences.describe_band(band) == reference_sentences.describe_band(band)
            seen += 1
    assert seen >= 8


BOUNDS = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000)


@given(bands=st.lists(st.tuples(BOUNDS, st.booleans(), BOUNDS, st.booleans()), min_size=1, max_size=6))
def test_bands_made_and_dropped_described_as_afresh(bands: list[tuple[D | None, bool, D | None, bool]]) -> None:
    for low, low_inclusive, high, high_inclusive in bands:
        # Made, described and dropped one after another: the next band may take this one's identity.
        band = ir.Band("优秀", low, low_inclusive, high, high_inclusive)
        assert sentences.describe_band(band) == reference_sentences.describe_band(band)
        assert sentences.describe_band(band) == reference_sentences.describe_band(band)
        del band


def test_a_changed_band_is_not_described_as_the_one_before() -> None:
    described = set()
    for low in range(40):  # equal bands are not the same band: each is described by its own bounds
        band = ir.Band("良好", D(low), True, D(low + 10), False)
        said = sentences.describe_band(band)
        assert said == reference_sentences.describe_band(band)
        described.add(said.zh)
    assert len(described) == 40
