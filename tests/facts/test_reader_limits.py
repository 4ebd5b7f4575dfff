"""The fast fact reader and the input limits: at the edges of the digit limits it takes what
the schema takes, reads it alike, and gives way for every number the schema refuses.

The reader decides "plainly inside the limits" from a number's text (plain notation, at
most 14 characters) and leaves every other number to the schema; these numbers sit on
each side of that line and of the limits themselves (15 digits before the point, 12
after it), at a score (bounded), the budget (no maximum), a whole count and a record's
field.
"""

from __future__ import annotations

import copy
from decimal import Decimal as D
from typing import Any

import pytest
from helpers import station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.facts.reader import compile_reader

NUMBERS = [D(t) for t in (
    "0", "-0", "0.000", "0E+20", "0E-20", "1", "1.5", "9.4", "9.40", "1.000000000000", "1.0000000000000",
    "0.123456789012", "0.1234567890123", "1.123456789012", "12.12345678901", "-1.12345678901",
    "12345678901234", "123456789012345", "1234567890123456", "99999999999999.9", "1E+2", "1E+14", "1E+15",
    "1E-12", "1E-13", "1.5E-7", "5E-13", "123456789012.345", "1.50000000000000000000", "NaN", "Infinity",
    "-Infinity", "sNaN", "-5", "20", "20.000", "20.0000000000001", "19.999999999999",
)] + [0, 5, 10**14, 10**15, -1]

PLACES: list[tuple[Any, ...]] = [("scores", "service_monitoring"), ("station", "budget"),
                                 ("survey", "respondents"), ("compliance", "personnel_spending_ratio"),
                                 ("indicators", 0, "actual"), ("scores", "service_quality", 0, "score")]


def _put(facts: dict[str, Any], place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(facts)
    where: Any = out
    for key in place[:-1]:
        where = where[key]
    where[place[-1]] = value
    return out


def _agree(policy: swrules.Policy, facts: dict[str, Any]) -> bool:
    """The fast reader agrees with the schema; True when it took the facts itself."""
    fast = compile_reader(policy.checked)(facts)
    try:
        slow = policy.schema.validate(facts, "<facts>")
    except swrules.FactsError:
        assert fast is None, "the fast reader accepted facts the schema rejects"
        return False
    if fast is not None:
        assert repr(fast) == repr(slow)  # repr: the digits of every Decimal count
    return fast is not None


@pytest.mark.parametrize("place", PLACES, ids=lambda p: ".".join(map(str, p)))
def test_numbers_at_the_edges_of_the_limits_read_as_the_schema_reads_them(guangzhou: swrules.Policy,
                                                                          place: tuple[Any, ...]) -> None:
    for value in NUMBERS:
        _agree(guangzhou, _put(station(), place, value))


def test_plain_numbers_are_read_without_the_schema(guangzhou: swrules.Policy) -> None:
    # Otherwise the fast path would silently give way for common values.
    for value in (D("9.4"), D("9.40"), D("0.123456789012"), D("0"), 7):
        assert _agree(guangzhou, _put(station(), ("scores", "service_monitoring"), value)), value
    for value in (D("2450000"), D("12345678901234"), D("2450000.50")):
        assert _agree(guangzhou, _put(station(), ("station", "budget"), value)), value


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(allow_nan=True, allow_infinity=True) | st.integers(-10**16, 10**16),
       place=st.sampled_from(PLACES))
def test_any_number_anywhere_reads_as_the_schema_reads_it(guangzhou: swrules.Policy, value: Any,
                                                          place: tuple[Any, ...]) -> None:
    _agree(guangzhou, _put(station(), place, value))
