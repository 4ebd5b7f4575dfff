"""A computed value as a result's JSON document writes it: decimals as exact text, dates as ISO
text, undetermined values as null with a status saying why.

Input: the values rules and facts hold (`Decimal`, `bool`, text, dates, `Unknown`,
`NOT_APPLICABLE`, a tuple of values per record, records as dicts). Output: JSON values
(text, booleans, None, lists, dicts) and status words. Used by the lines' `to_dict`
(`engine.result`), the generated document writer (`engine.document`) and the explanation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from swrules.base.values import NOT_APPLICABLE, Unknown


def decimal_fixed(value: Decimal) -> str:
    """A decimal's text without an exponent (`_decimal`'s case where `str` chose one; generated writers call it)."""
    return f"{value:f}"


def _decimal(value: Decimal) -> str:
    """`f"{value:f}"`, faster: `str` gives the same text unless it chose an exponent."""
    text = str(value)
    return f"{value:f}" if "E" in text or "e" in text else text


def to_plain(value: Any) -> Any:
    """A computed value as JSON: decimals as strings, undetermined as null."""
    kind = type(value)
    if kind is Decimal:  # most values: tested first
        return _decimal(value)
    if kind is str or kind is bool:
        return value
    if kind is Unknown or value is NOT_APPLICABLE or value is None:
        return None
    if kind is tuple or kind is list:  # a list of records (an indicator's, read whole): its dicts directly
        return [_decimal(v) if type(v) is Decimal else _plain_record(v) if type(v) is dict else to_plain(v)
                for v in value]
    if kind is dict:
        return _plain_record(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return _plain_record(value)
    return value


def _plain_record(value: dict[Any, Any]) -> dict[str, Any]:
    """`to_plain` of a mapping (a record): keys as text, the hidden ones (starting with NUL) left out."""
    out = {}
    for k, v in value.items():
        if type(k) is not str:
            k = str(k)
        if k[:1] != "\0":
            kind = type(v)
            out[k] = _decimal(v) if kind is Decimal else v if kind is str or kind is bool else to_plain(v)
    return out


def status_of(value: Any) -> str:
    if value is NOT_APPLICABLE:
        return "not_applicable"
    if type(value) is Unknown:
        return "undetermined" if value.reason == "missing" else value.reason.replace(" ", "_")
    return "determined"


def _plain_status(value: Any) -> tuple[Any, str]:
    """`(to_plain(value), status_of(value))`, in one call for the lines that write both."""
    kind = type(value)
    if kind is Decimal:
        return _decimal(value), "determined"
    if kind is Unknown:
        return None, "undetermined" if value.reason == "missing" else value.reason.replace(" ", "_")
    if kind is bool or kind is str:
        return value, "determined"
    return to_plain(value), status_of(value)


def plain_list(value: Any) -> Any:
    """`to_plain` of a slot that may hold a list (a value per record, or records read whole): a decimal's
    text and each record's fields written here, without a call each."""
    if type(value) is not tuple:
        return to_plain(value)
    out: list[Any] = []
    for v in value:
        kind = type(v)
        if kind is dict:
            try:  # every key a text and none hidden (starting with NUL): tested once for the record, in C
                plain_keys = "\0" not in "".join(v)
            except TypeError:
                plain_keys = False
            if not plain_keys:
                out.append(_plain_record(v))
                continue
            row: dict[str, Any] = {}
            for k, x in v.items():
                kind = type(x)
                if kind is Decimal:
                    text = str(x)
                    row[k] = text if "E" not in text and "e" not in text else format(x, "f")
                else:
                    row[k] = x if kind is str or kind is bool else None if kind is Unknown else to_plain(x)
            out.append(row)
        else:
            out.append(_decimal(v) if kind is Decimal else to_plain(v))
    return out
