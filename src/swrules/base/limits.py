"""The input policy: how large a number, a file, a nesting or a template may be.

Input: nothing (constants) or one number. Output: the limits docs/limits.md states,
and `number_problem`, which says in words why a number is outside them (or None).
Guarantee: every fact value and policy literal inside these limits has at most
`MAX_DIGITS` significant digits and lies in the fixed-point window of
`MAX_INTEGER_DIGITS` digits before the point and `MAX_FRACTION_DIGITS` after it, so
sums and differences of up to `MAX_RECORDS` such values are exact in the 34-digit
context evaluation runs in; a value outside is refused, never rounded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

# Fact values and policy literals: digits before and after the decimal point.
MAX_INTEGER_DIGITS: Final = 15
MAX_FRACTION_DIGITS: Final = 12
MAX_DIGITS: Final = MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS
# `round(x, n)`: with |x| below 10^(15+6), n places still fit the 34-digit context.
MAX_ROUND_PLACES: Final = 12
# Fact files.
MAX_FACT_FILE_BYTES: Final = 4 * 1024 * 1024
MAX_NESTING: Final = 16
MAX_RECORDS: Final = 10_000
MAX_FACT_ERRORS: Final = 100
# User templates (`report --template`).
MAX_TEMPLATE_SECONDS: Final = 10.0
MAX_TEMPLATE_CHARS: Final = 20 * 1024 * 1024
MAX_TEMPLATE_DEPTH: Final = 100
# Policy files: syntax errors reported before giving up.
MAX_SYNTAX_ERRORS: Final = 30

SHOWN_DIGITS: Final = 24


def shown(text: str) -> str:
    """A long number as it appears in a message: its first digits and its length."""
    if len(text) <= SHOWN_DIGITS + 6:
        return text
    return f"{text[:SHOWN_DIGITS]}…（{len(text)} 位 / chars）"


def number_problem(value: Decimal | int) -> tuple[str, str] | None:
    """Why `value` is outside the limits, in Chinese and English; None when it is inside."""
    d = Decimal(value)
    if not d.is_finite() or d.is_zero():
        return None
    if d.adjusted() >= MAX_INTEGER_DIGITS:
        return (f"整数部分超过 {MAX_INTEGER_DIGITS} 位（数量级 10^{d.adjusted()}）",
                f"more than {MAX_INTEGER_DIGITS} digits before the decimal point (order 10^{d.adjusted()})")
    _, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    # Trailing zeros carry no digit: 1.50 is 1.5.
    n = len(digits)
    while n > 1 and digits[n - 1] == 0:
        n -= 1
        exponent += 1
    if exponent < -MAX_FRACTION_DIGITS:
        return (f"小数部分超过 {MAX_FRACTION_DIGITS} 位（{-exponent} 位）",
                f"more than {MAX_FRACTION_DIGITS} digits after the decimal point ({-exponent})")
    return None
