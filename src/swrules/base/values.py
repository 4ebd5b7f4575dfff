"""Runtime: the values rules compute with, and the operations on them.

Input: nothing. Output: `Unknown` (a value that could not be determined, and why),
`NOT_APPLICABLE`, the decimal context evaluation runs in, rounding modes and the
builtin functions. Arithmetic is exact `Decimal`; an unknown operand makes the result
unknown (never zero or false); `and`/`or` follow Kleene's three-valued logic, so
`false and unknown` is false.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, Final


class Unknown:
    """Not determined: a missing fact, a division by zero, a mean of no records."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Results cross process boundaries (`--jobs`): `value is MISSING` must still hold there.
        return (_unknown, (self.reason,))


MISSING: Final = Unknown("missing")
DIVISION_BY_ZERO: Final = Unknown("division by zero")
NO_RECORDS: Final = Unknown("no records")
NO_VALUE_IN_FORCE: Final = Unknown("no value in force")
NO_BAND: Final = Unknown("no band")
_UNKNOWNS = {u.reason: u for u in (MISSING, DIVISION_BY_ZERO, NO_RECORDS, NO_VALUE_IN_FORCE, NO_BAND)}


def _unknown(reason: str) -> Unknown:
    """The shared constant for a reason (so identity checks survive pickling), or a new Unknown."""
    return _UNKNOWNS.get(reason) or Unknown(reason)


class _NotApplicable:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __reduce__(self) -> str:
        return "NOT_APPLICABLE"  # unpickles as the module's one instance


NOT_APPLICABLE: Final = _NotApplicable()

ROUNDING_MODES: dict[str, str] = {
    "half_up": ROUND_HALF_UP,
    "四舍五入": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "银行家舍入": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "truncate": ROUND_DOWN,
    "截断": ROUND_DOWN,
    "up": ROUND_UP,
    "进一": ROUND_UP,
}
MODE_NAMES = {ROUND_HALF_UP: "half_up", ROUND_HALF_EVEN: "half_even", ROUND_DOWN: "down", ROUND_UP: "up"}


def context() -> decimal.Context:
    """The context every evaluation runs in: 34 significant digits, errors trapped.

    Entered once per batch (`decimal.localcontext(context())`), not per operation.
    """
    return decimal.Context(
        prec=34,
        rounding=ROUND_HALF_EVEN,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


# Division, means and `round` are the operations that may round: a quotient has no
# exact digits to keep, and `round` says how. They run in this context, so the flag
# `Inexact` of the evaluation's own context is raised only by a sum, difference or
# product that needed more than 34 digits: evaluation checks it and refuses the station.
# (Flags here are never read, so threads sharing it do not matter.)
QUIET: Final = decimal.Context(prec=34, rounding=ROUND_HALF_EVEN,
                               traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


def divide(a: Decimal, b: Decimal) -> Decimal:
    """`a / b` to 34 significant digits (the explanation shows where a quotient was cut)."""
    return QUIET.divide(a, b)


def exact_quotient(q: Decimal, a: Decimal, b: Decimal) -> bool:
    """Whether `q` is `a / b` exactly (checked with room for every digit of the product)."""
    with decimal.localcontext(decimal.Context(prec=200)):
        return q * b == a


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def aggregate(name: str, values: Sequence[Any]) -> Any:
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
        return QUIET.divide(sum(values, Decimal(0)), len(values))
    if name == "min":
        return min(values)
    return max(values)
