"""Band membership and the grade: the one helper (`check.bands`) every stage uses.

Exactly one of below / in / above holds for any total; a bound is inclusive or exclusive
as written; the grade walked without conditions is the grade `first_band` gives; a
condition that is false skips its band, an unknown one makes the grade unknown unless a
veto forces the worst grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from swrules.base.values import MISSING, NO_BAND
from swrules.check.bands import Grading, above, below, contains, first_band


@dataclass(frozen=True)
class Band:
    name: str
    low: D | None
    low_inclusive: bool
    high: D | None
    high_inclusive: bool


EDGES = st.sampled_from([None, D(0), D(60), D("60.0"), D(80), D(90), D(100)])
TOTALS = st.sampled_from([D(0), D("59.99"), D(60), D("60.00"), D("60.01"), D(80), D("89.9"), D(90), D(100)])
RANK = {"优秀": 0, "良好": 1, "合格": 2, "不合格": 3}
GUANGZHOU = (Band("优秀", D(90), True, None, False), Band("良好", D(80), True, D(90), False),
             Band("合格", D(60), True, D(80), False), Band("不合格", None, False, D(60), False))
EXCLUSIVE_LOWS = (Band("优秀", D(90), False, None, False), Band("良好", D(80), False, D(90), True),
                  Band("合格", D(60), False, D(80), True), Band("不合格", None, False, D(60), True))


@given(low=EDGES, high=EDGES, low_inclusive=st.booleans(), high_inclusive=st.booleans(), total=TOTALS)
def test_a_total_is_below_in_or_above_a_band_and_only_one(low: D | None, high: D | None, low_inclusive: bool,
                                                          high_inclusive: bool, total: D) -> None:
    if low is not None and high is not None and low > high:
        low, high = high, low
    band = Band("b", low, low_inclusive, high, high_inclusive)
    sides = [below(band, total), contains(band, total), above(band, total)]
    if low is not None and high is not None and low == high and not (low_inclusive and high_inclusive) \
            and total == low:
        assert sides == [not low_inclusive, False, not high_inclusive]  # an empty interval: excluded by its bounds
    else:
        assert sides.count(True) == 1
    if total == low:
        assert contains(band, total) is (low_inclusive and (high is None or total < high or high_inclusive))


@given(bands=st.sampled_from([GUANGZHOU, EXCLUSIVE_LOWS]), total=TOTALS,
       vetoes=st.lists(st.sampled_from([True, False, MISSING]), min_size=2, max_size=2))
def test_the_grade_without_conditions_is_the_band_first_band_gives(bands: tuple[Band, ...], total: D,
                                                                   vetoes: list[object]) -> None:
    grading = Grading(bands, RANK, ["不合格", "合格"])
    found = first_band(bands, total, lambda i: True)
    assert found is not None
    by_band = found[0].name
    worst_forced = max([RANK[n] for n, hit in zip(["不合格", "合格"], vetoes, strict=True) if hit is True],
                       default=-1)
    expected = [*RANK][max(RANK[by_band], worst_forced)]
    assert grading.grade(total, vetoes, None) == expected
    always = (lambda: True,) * 4
    assert grading.grade(total, vetoes, always) == expected  # the path taken when a band has a condition
    if total == D(80):  # on a bound: its side decides
        assert by_band == ("良好" if bands is GUANGZHOU else "合格")


def test_a_false_condition_skips_its_band_and_an_unknown_one_leaves_the_grade_unknown() -> None:
    # 良好 overlaps 合格 here: 80 <= total < 90 provided something, else 合格 (60 <= total < 90).
    overlapping = (GUANGZHOU[0], GUANGZHOU[1], Band("合格", D(60), True, D(90), False), GUANGZHOU[3])
    grading = Grading(overlapping, RANK, ["不合格"])
    assert grading.grade(D(85), [False], (None, lambda: True, None, None)) == "良好"
    assert grading.grade(D(85), [False], (None, lambda: False, None, None)) == "合格"
    assert grading.grade(D(85), [False], (None, lambda: MISSING, None, None)) is MISSING
    assert grading.grade(D(85), [True], (None, lambda: MISSING, None, None)) == "不合格"
    assert grading.grade(D(95), [False], (lambda: False, None, None, None)) is NO_BAND
    asked: list[int] = []
    grading = Grading(GUANGZHOU, RANK, ["不合格"])
    grading.grade(D(70), [False], tuple((lambda i=i: asked.append(i) or True) for i in range(4)))
    assert asked == [2]  # only the band the total lies in is asked
    assert grading.grade(MISSING, [False], None) is MISSING
    gap = Grading(GUANGZHOU[:2], RANK, [])
    assert gap.grade(D(10), [], None) is NO_BAND
