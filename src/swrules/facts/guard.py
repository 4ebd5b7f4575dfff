"""The input policy applied to fact files: size, nesting, record count and numbers.

Input: a fact file's size, its parsed mapping, or a number as it is read. Output:
`Diagnostic`s (E0815 a number outside the exact range, E0816 a limit exceeded), each
naming the key path, the value and the limit. Guarantee: a fact file inside the limits
of `base.limits` reaches validation; one outside is refused with these messages, never
by a `RecursionError`, `ValueError` or `MemoryError`, and no value is rounded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal, DecimalException
from typing import Any

from swrules.base import limits as L
from swrules.base.diagnostics import Diagnostic


class NumberTooLarge(Exception):
    """Raised from inside a parser: a number literal too long or too large to read."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def read_decimal(text: str) -> Decimal:
    """`parse_float` for TOML and JSON: an exact `Decimal`, or `NumberTooLarge`."""
    if len(text) > 4 * L.MAX_DIGITS:
        raise NumberTooLarge(text)
    try:
        return Decimal(text)
    except DecimalException:
        raise NumberTooLarge(text) from None


# A number literal that is plainly inside the exact range, told from its text alone: at most
# MAX_INTEGER_DIGITS characters before the point and MAX_FRACTION_DIGITS after it, no exponent
# (underscores count as characters: a TOML literal's digits are fewer, never more).
_PLAIN_LITERAL = re.compile(
    rf"[+-]?[0-9_]{{1,{L.MAX_INTEGER_DIGITS}}}(?:\.[0-9_]{{1,{L.MAX_FRACTION_DIGITS}}})?").fullmatch


class DecimalReader:
    """`parse_float` for one parse (`read`): `read_decimal`, noting whether every number literal was
    plainly inside the exact range (`plain`). When it was, the limits walk need not look at
    the decimals again (`check_tree(..., decimals_checked=True)`): the test is made on the
    text the parser hands over, in one regular expression, instead of on each `Decimal`."""

    __slots__ = ("plain",)

    def __init__(self) -> None:
        self.plain = True

    def read(self, text: str) -> Decimal:
        if _PLAIN_LITERAL(text) is None:
            self.plain = False
            return read_decimal(text)
        try:  # short: read_decimal's length test passed
            return Decimal(text)
        except DecimalException:
            raise NumberTooLarge(text) from None


def read_int(text: str) -> int:
    """`parse_int` for JSON: refuses a literal longer than any value the limits allow."""
    if len(text) > 4 * L.MAX_DIGITS:
        raise NumberTooLarge(text)
    return int(text)


def _args(what_zh: str, what_en: str, value: object, limit: object, help_zh: str, help_en: str) -> dict[str, Any]:
    return {"what_zh": what_zh, "what_en": what_en, "value": value, "limit": limit,
            "help_zh": help_zh, "help_en": help_en}


def too_big(file: str, size: int) -> Diagnostic:
    return Diagnostic("E0816", _args("文件大小", "the file size", f"{size} B", f"{L.MAX_FACT_FILE_BYTES} B",
                                     "一个事实文件只记录一个站点；检查是否选错了文件。",
                                     "a fact file holds one station; check that this is the right file."), file=file)


def too_deep(file: str, key: str | None = None) -> Diagnostic:
    return Diagnostic("E0816", _args("嵌套层数", "the nesting depth", f"> {L.MAX_NESTING}", L.MAX_NESTING,
                                     "事实文件只需要表、记录列表和值；按模板的结构改写。",
                                     "a fact file needs only tables, lists of records and values; follow the "
                                     "template's layout."), file=file, key_path=key)


def number_diagnostic(file: str, key: str | None, text: str, problem: tuple[str, str] | None = None) -> Diagnostic:
    if problem is None:  # from inside the parser: no key path yet, but the literal says which value
        return Diagnostic("E0816", _args("数字的长度", "the length of a number", f"{L.shown(text)}",
                                         f"{4 * L.MAX_DIGITS} 个字符 / characters",
                                         "核对原始记录：是否多写了数字或指数？",
                                         "check the original record: extra digits, or an exponent?"), file=file)
    return Diagnostic("E0815", {"key": key or "?", "value": L.shown(text), "why_zh": problem[0], "why_en": problem[1],
                                "int_digits": L.MAX_INTEGER_DIGITS, "frac_digits": L.MAX_FRACTION_DIGITS},
                      file=file, key_path=key)


def parse_value_error(file: str, exc: ValueError) -> Diagnostic:
    """A `ValueError` from tomllib: an integer literal with thousands of digits."""
    m = re.search(r"value has (\d+) digits", str(exc))
    return Diagnostic("E0816", _args("整数的位数", "the digits of an integer", m.group(1) if m else "> 4300",
                                     L.MAX_INTEGER_DIGITS, "核对原始记录：是否多写了数字？",
                                     "check the original record: are there extra digits?"), file=file)


def capped(problems: list[Diagnostic], file: str, counted: bool = True) -> list[Diagnostic]:
    """At most `MAX_FACT_ERRORS` problems, then one saying how many there are (or that there are
    more, when the search stopped at the limit: `counted` False)."""
    if len(problems) <= L.MAX_FACT_ERRORS:
        return problems
    n = len(problems) if counted else f"> {L.MAX_FACT_ERRORS}"
    return problems[:L.MAX_FACT_ERRORS] + [Diagnostic("E0816", _args(
        "错误条数", "the number of errors", n, L.MAX_FACT_ERRORS,
        f"只列出前 {L.MAX_FACT_ERRORS} 个；先改正列出的错误。",
        f"only the first {L.MAX_FACT_ERRORS} are listed; fix those first."), file=file)]


def check_tree(data: Any, file: str, *, decimals_checked: bool = False) -> list[Diagnostic]:
    """Every number, list and nesting in a parsed fact file against the limits, in document order.

    Most files break no limit, and most of their values are decimals: with
    `decimals_checked` (every `Decimal` in `data` was read by a `DecimalReader` that found
    it plain) one pass over the containers alone (`_plainly_inside`) says so, building
    nothing. Anything it is not sure of, and every problem, goes through the walk below,
    so the problems and their order are the walk's.

    This walk runs on every fact file read, so a node's key path is kept as a link to its
    parent and spelled out only for a node that breaks a limit, a text, truth value or
    date is passed over where it is met, and a number plainly inside the limits is passed
    by one test instead of `number_problem`. The recursion is no deeper than `MAX_NESTING`:
    a node below that depth is reported, not gone into."""
    if _plainly_inside(data, _LEAVES_CHECKED if decimals_checked else _LEAVES):
        return []
    out: list[Diagnostic] = []
    with contextlib.suppress(_Enough):
        _visit(data, None, 0, out, file)
    return out


class _Enough(Exception):
    """More problems than will be listed: the walk stops (as `capped` says, "more than")."""


_PLAIN = (str, bool, dt.date, dt.datetime, dt.time, float)  # never against a limit


def _visit(node: Any, link: _Link, depth: int, out: list[Diagnostic], file: str) -> None:
    if depth > L.MAX_NESTING:
        out.append(too_deep(file, _path(link) or None))
    elif isinstance(node, dict):
        for k, v in node.items():
            if type(v) not in _PLAIN or depth + 1 > L.MAX_NESTING:
                _visit(v, (link, str(k)), depth + 1, out, file)
        return
    elif isinstance(node, list):
        if len(node) > L.MAX_RECORDS:
            out.append(Diagnostic("E0816", _args("记录条数", "the number of records", len(node), L.MAX_RECORDS,
                                                 "一个事实文件只记录一个站点；拆分或删减记录。",
                                                 "a fact file holds one station; split it or remove records."),
                                  file=file, key_path=_path(link) or None))
        else:
            for i, v in enumerate(node):
                if type(v) not in _PLAIN or depth + 1 > L.MAX_NESTING:
                    _visit(v, (link, i), depth + 1, out, file)
            return
    elif type(node) is Decimal:
        if node.is_finite() and node.adjusted() < L.MAX_INTEGER_DIGITS \
                and node.as_tuple()[2] >= -L.MAX_FRACTION_DIGITS:  # type: ignore[operator]
            return
        _number(out, file, link, node)
    elif isinstance(node, int) and not isinstance(node, bool) and not -_INT_LIMIT < node < _INT_LIMIT:
        _number(out, file, link, node)
    if len(out) > L.MAX_FACT_ERRORS:
        raise _Enough


_LEAVES = frozenset({str, bool, dt.date, dt.datetime, dt.time})  # values no limit applies to
_LEAVES_CHECKED = _LEAVES | {Decimal}


def _plainly_inside(data: Any, leaves: frozenset[type]) -> bool:
    """True when `data` plainly breaks no limit: no container deeper than the walk allows, no
    list longer than `MAX_RECORDS`, no integer out of range, and nothing but `leaves` besides.
    Level by level, one loop per container: False for anything else (the walk then decides)."""
    if type(data) is not dict and type(data) is not list:
        return False
    level = [data]
    for _ in range(L.MAX_NESTING):  # containers at depth 0 … MAX_NESTING-1: their values are not too deep
        inner: list[Any] = []
        add = inner.append
        for node in level:
            if type(node) is list and len(node) > L.MAX_RECORDS:
                return False
            for v in (node.values() if type(node) is dict else node):
                t = type(v)
                if t is dict or t is list:
                    add(v)
                elif t is int:
                    if not -_INT_LIMIT < v < _INT_LIMIT:
                        return False
                elif t not in leaves:
                    return False
        if not inner:
            return True
        level = inner
    return False  # containers at the deepest allowed depth: the walk looks at what they hold


# A key path as links: (the parent's link, a key or an index), None at the top.
_Link = tuple[Any, str | int] | None
_INT_LIMIT = 10 ** L.MAX_INTEGER_DIGITS


def _path(link: _Link) -> str:
    parts: list[str | int] = []
    while link is not None:
        link, part = link
        parts.append(part)
    text = ""
    for part in reversed(parts):
        text = f"{text}[{part}]" if isinstance(part, int) else (f"{text}.{part}" if text else part)
    return text


def _number(out: list[Diagnostic], file: str, link: _Link, node: Decimal | int) -> None:
    problem = L.number_problem(node)
    if problem is not None:
        # str, not `:f`: 1e300000000 must not be written out digit by digit.
        out.append(number_diagnostic(file, _path(link) or None, str(node), problem))
