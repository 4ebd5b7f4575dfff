"""Each aggregate's own function (`values.AGGREGATES`, which the plan calls) gives what the plain reference,
`aggregate(name, values)` below (what the plan called before), gives: the same value (repr), the same
unknown, the same Inexact flag afterwards and the same note of a cut, with the flag set before or not,
on records with unknowns, none, and any decimals hypothesis makes (means that must be cut to 34 digits among them)."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.base.values import (
    AGGREGATES,
    DIVISION_BY_ZERO,
    MISSING,
    NO_RECORDS,
    Unknown,
    context,
    divide,
    precision_was_cut,
    reset_precision_cut,
)


def aggregate(name: str, values: Sequence[Any]) -> Any:
    """The aggregates as `base.values` wrote them in one function: the reference."""
    for v in values:
        if type(v) is Unknown:
            return v
    if name == "count":
        return Decimal(len(values))
    if name == "sum":
        return sum(values, Decimal(0))
    if not values:
        return NO_RECORDS
    if name == "mean":
        return divide(sum(values, Decimal(0)), Decimal(len(values)))
    if name == "min":
        return min(values)
    return max(values)


def _run(fn: Any, values: tuple[Any, ...], flagged: bool) -> tuple[object, ...]:
    with decimal.localcontext(context()) as ctx:
        ctx.clear_flags()
        ctx.flags[decimal.Inexact] = flagged
        reset_precision_cut()
        out = fn(values)
        return repr(out), ctx.flags[decimal.Inexact], precision_was_cut()


def _same(values: tuple[Any, ...]) -> None:
    assert set(AGGREGATES) == {"count", "sum", "mean", "min", "max"}
    for name, fn in AGGREGATES.items():
        for flagged in (False, True):
            assert _run(fn, values, flagged) == _run(lambda v, n=name: aggregate(n, v), values, flagged), name


@pytest.mark.parametrize("values", [
    (), (D(1),), (D(1), D(2)), (D(1), D(3)), (D(2), D(1), D(1)), (D("0.1"), D("0.2"), D("0.4")),
    (D(1), MISSING), (MISSING, D(2)), (D(1), DIVISION_BY_ZERO, MISSING), (D("1E+30"), D("-3"), D("7")),
])
def test_each_aggregate_is_the_reference(values: tuple[Any, ...]) -> None:
    _same(values)


def test_a_cut_mean_is_noted_and_leaves_the_flag_clear() -> None:
    # The case the function inlines `divide` for: a test that could not tell a cut from none would pass anything.
    assert _run(AGGREGATES["mean"], (D(1), D(1), D(2)), False)[1:] == (False, True)
    assert _run(AGGREGATES["mean"], (D(1), D(2)), False)[1:] == (False, False)


decimals = st.decimals(min_value=D("-1E+12"), max_value=D("1E+12"), allow_nan=False, allow_infinity=False,
                       places=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(decimals, decimals, decimals, st.just(MISSING)), max_size=12).map(tuple))
def test_any_records_give_what_the_reference_gives(values: tuple[Any, ...]) -> None:
    _same(values)
