"""Runtime: the values rules compute with, and the operations on them.

Input: nothing. Output: `Unknown` (a value that could not be determined, and why),
`NOT_APPLICABLE`, the decimal context evaluation runs in, rounding modes and the
builtin functions. Arithmetic is exact `Decimal`; an unknown operand makes the result
unknown (never zero or false); `and`/`or` follow Kleene's three-valued logic, so
`false and unknown` is false.
"""

from __future__ import annotations

import datetime as dt
import decimal
import threading
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


# `round` says how it rounds: it runs in this context, whose flags are never read (so
# threads sharing it do not matter), and leaves the evaluation's own `Inexact` flag alone.
QUIET: Final = decimal.Context(prec=34, rounding=ROUND_HALF_EVEN,
                               traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
_CUT = threading.local()


def divide(a: Decimal, b: Decimal) -> Decimal:
    """`a / b` to 34 significant digits. A quotient that had to be cut is noted for this thread
    (`precision_was_cut`; the explanation shows at which step), and the context's `Inexact` flag is
    left as it was: evaluation reads that flag to find a sum or product that was rounded unstated."""
    flags = decimal.getcontext().flags
    before = flags[decimal.Inexact]
    q = a / b
    if flags[decimal.Inexact] and not before:
        flags[decimal.Inexact] = False
        _CUT.seen = True
    return q


def note_precision_cut(flags: Any, q: Decimal) -> Decimal:
    """`q`, a quotient just found cut (computing it set the `flags`' Inexact, clear before): what `divide`
    does then, for the plan's inline division (`compile.exprs`), without dividing again."""
    flags[decimal.Inexact] = False
    _CUT.seen = True
    return q


def reset_precision_cut() -> None:
    _CUT.seen = False


def precision_was_cut() -> bool:
    """Whether a quotient or mean was cut to 34 digits since `reset_precision_cut` (this thread)."""
    return bool(getattr(_CUT, "seen", False))


def exact_quotient(q: Decimal, a: Decimal, b: Decimal) -> bool:
    """Whether `q` is `a / b` exactly (checked with room for every digit of the product)."""
    with decimal.localcontext(decimal.Context(prec=200)):
        return q * b == a


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def shifted(value: Decimal, places: int) -> Decimal:
    """`value` times 10**places, exactly: the digits kept, the exponent moved. A percentage as
    written (`85.50%`) and the fraction a percent fact holds (0.8550) are one shift apart;
    `scaleb` would round at the context's precision and `normalize` would drop written zeros."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return Decimal((sign, digits, exponent + places))


def _months(a: dt.date, b: dt.date) -> int:
    """Whole months from `a` to `b` (b not before a): a month is complete on the same day
    of a later month, or on that month's last day when it has no such day."""
    months = (b.year - a.year) * 12 + (b.month - a.month)
    year, month = divmod(a.month - 1 + months, 12)
    y, m = a.year + year, month + 1
    # The month's last day, as `calendar.monthrange` gives it (not imported: it loads `locale`).
    last = 31 if m == 12 else (dt.date(y, m + 1, 1) - dt.timedelta(days=1)).day
    if dt.date(a.year + year, month + 1, min(a.day, last)) > b:
        months -= 1
    return months


def date_span(name: str, a: Any, b: Any) -> Any:
    """`days_between(a, b)`: b − a in days; `months_between(a, b)`: the whole months from
    a to b (see `_months`). Both are negative when b is before a; an unknown date is the
    value (the first one)."""
    for v in (a, b):
        if type(v) is Unknown:
            return v
    if name == "days_between":
        return Decimal((b - a).days)
    return Decimal(_months(a, b) if a <= b else -_months(b, a))


def _unknown_in(values: Sequence[Any]) -> Any:
    """The first unknown among `values`, or None."""
    for v in values:
        if type(v) is Unknown:
            return v
    return None


def _count(values: Sequence[Any]) -> Any:
    u = _unknown_in(values)
    return Decimal(len(values)) if u is None else u


def _sum(values: Sequence[Any]) -> Any:
    u = _unknown_in(values)
    return sum(values, _ZERO) if u is None else u


def _mean(values: Sequence[Any]) -> Any:
    """The mean of `values`, its quotient divided here as `divide` does (no call)."""
    for v in values:
        if type(v) is Unknown:
            return v
    if not values:
        return NO_RECORDS
    flags = decimal.getcontext().flags
    before = flags[decimal.Inexact]
    q = sum(values, _ZERO) / Decimal(len(values))
    if not before and flags[decimal.Inexact]:
        flags[decimal.Inexact] = False
        _CUT.seen = True
    return q


def _min(values: Sequence[Any]) -> Any:
    u = _unknown_in(values)
    return u if u is not None else min(values) if values else NO_RECORDS


def _max(values: Sequence[Any]) -> Any:
    u = _unknown_in(values)
    return u if u is not None else max(values) if values else NO_RECORDS


_ZERO: Final = Decimal(0)
# Each aggregate as its own function, which the plan calls (`compile.exprs`): no dispatch on the name per
# call; `tests/base/test_aggregates.py` holds the plain reference they are tested against.
AGGREGATES: Final = {"count": _count, "sum": _sum, "mean": _mean, "min": _min, "max": _max}
