"""One fact value checked against its declaration: the pydantic validators the fact
schema is built from.

Input: a fact's declaration (`ir.FactField`) and a value as a fact file gives it.
Output: the value as evaluation reads it (`Decimal`, `bool`, `date`, text) or a
`PydanticCustomError` carrying a catalogue code and the words of the problem: a value
of the wrong kind, outside its declared range, or beyond the input limits
(`base.limits`). A value written as text (`"85%"`) and as a number (`0.85`) are read
to the same `Decimal` and decided the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from swrules.base import limits as L
from swrules.base.limits import number_problem
from swrules.base.show import as_written
from swrules.base.values import shifted
from swrules.check import ir

if TYPE_CHECKING:  # raised only on the slow validation path, which imports pydantic
    from pydantic_core import PydanticCustomError


def value_error(code: str, **ctx: Any) -> PydanticCustomError:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("swrules", code, {"code": code, **ctx})


def show_value(value: Any, kind: ir.FactKind | None = None) -> str:
    """A value a fact file or a workbook cell gives, as a message shows it to an official:
    text as written, without the quotes a fact file puts around it (`150%`, `2025-02-30`,
    `mid`), since those are the file's syntax and a workbook cell has none. The quotes are
    shown only where they are the mistake or text would not show where it ends: a number
    or a yes/no written in quotes (`"11.65"`, `"85"`, `"否"`, which the help tells to write
    without them), empty text, spaces at its ends, a line break, and where the fact's kind
    is not known."""
    if isinstance(value, str):
        return value if _reads_bare(value, kind) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "表/列表" if not value else json.dumps(value, ensure_ascii=False, default=str)[:40]
    return str(value)


def _reads_bare(text: str, kind: ir.FactKind | None) -> bool:
    if kind is None or kind is ir.FactKind.BOOLEAN or not text.strip() or text != text.strip() \
            or not text.isprintable():
        return False
    if kind in (ir.FactKind.INTEGER, ir.FactKind.DECIMAL, ir.FactKind.PERCENT):
        try:
            return not Decimal(text).is_finite()  # a number in quotes: the quotes are what is wrong
        except InvalidOperation:
            return True
    return True


# For each kind of fact: what was expected and how to write it (zh, en, help zh, help en).
_EXPECTED = {
    ir.FactKind.BOOLEAN: ("是/否值（true 或 false）", "true or false",
                         "写 true 或 false，不加引号。", "write true or false without quotes."),
    ir.FactKind.INTEGER: ("整数", "a whole number",
                         "写一个整数，不加引号，例如 3。", "write a whole number without quotes, such as 3."),
    ir.FactKind.DECIMAL: ("数字", "a number",
                         "写一个数字，不加引号，例如 9.42。", "write a number without quotes, such as 9.42."),
    ir.FactKind.PERCENT: ("百分数", "a percentage", "写成 \"85%\" 或 0.85。", "write \"85%\" or 0.85."),
    ir.FactKind.DATE: ("日期", "a date", "写成 2025-01-31（TOML 不加引号，JSON 加引号）。",
                      "write 2025-01-31 (bare in TOML, quoted in JSON)."),
    ir.FactKind.TEXT: ("文字", "text", "把文字放在双引号中。", "put the text in double quotes."),
    ir.FactKind.CHOICE: ("可选值之一", "one of the choices", "", ""),
}


def _wrong_type(kind: ir.FactKind, value: Any) -> PydanticCustomError:
    zh, en, hz, he = _EXPECTED[kind]
    return value_error("E0803", value=show_value(value, kind), expected=zh, expected_en=en, help_zh=hz, help_en=he)


def range_words(decl: ir.FactField) -> tuple[str, str] | None:
    """The declared range in words (zh, en), or None when there is none."""
    pct = decl.kind is ir.FactKind.PERCENT
    lo = as_written(decl.minimum, pct) if decl.minimum is not None else None
    hi = as_written(decl.maximum, pct) if decl.maximum is not None else None
    if lo is not None and hi is not None:
        return f"在 {lo} 到 {hi} 之间", f"between {lo} and {hi}"
    if lo is not None:
        return f"不小于 {lo}", f"at least {lo}"
    if hi is not None:
        return f"不大于 {hi}", f"at most {hi}"
    return None


def _number(value: Any, kind: ir.FactKind) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _wrong_type(kind, value)
    d = Decimal(value)
    if not d.is_finite():
        raise _wrong_type(kind, value)
    _within_limits(d, value)
    return d


def _within_limits(d: Decimal, shown: Any) -> None:
    problem = number_problem(d)
    if problem is not None:
        text = shown if isinstance(shown, str) else str(shown)
        raise value_error("E0815", value=L.shown(text), why_zh=problem[0], why_en=problem[1],
                    int_digits=L.MAX_INTEGER_DIGITS, frac_digits=L.MAX_FRACTION_DIGITS)


def value_validator(decl: ir.FactField) -> Callable[[Any], Any]:
    kind = decl.kind

    def check_range(d: Decimal, shown: Any) -> Decimal:
        if (decl.minimum is not None and d < decl.minimum) or (decl.maximum is not None and d > decl.maximum):
            zh, en = range_words(decl) or ("", "")
            raise value_error("E0804", value=show_value(shown, decl.kind), range_zh=zh, range_en=en)
        return d

    if kind is ir.FactKind.BOOLEAN:
        def boolean(v: Any) -> Any:
            if v is None or isinstance(v, bool):
                return v
            raise _wrong_type(kind, v)
        return boolean
    if kind in (ir.FactKind.INTEGER, ir.FactKind.DECIMAL):
        def number(v: Any) -> Any:
            if v is None:
                return None
            d = _number(v, kind)
            if kind is ir.FactKind.INTEGER and d != d.to_integral_value():
                raise _wrong_type(kind, v)
            return check_range(d, v)
        return number
    if kind is ir.FactKind.PERCENT:
        def percent(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, str):
                text = v.strip()
                if text.endswith("%") or text.endswith("％"):
                    try:
                        written = Decimal(text[:-1].strip())
                    except InvalidOperation:
                        raise _wrong_type(kind, v) from None
                    if written.is_finite():
                        d = shifted(written, -2)
                        _within_limits(d, v)
                        return check_range(d, text)
                raise _wrong_type(kind, v)
            d = _number(v, kind)
            if d > 1:
                raise value_error("E0806", value=show_value(v, kind), fraction=as_written(d.scaleb(-2)))
            return check_range(d, v)
        return percent
    if kind is ir.FactKind.DATE:
        def date(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                return v
            if isinstance(v, str):
                try:
                    return dt.date.fromisoformat(v)
                except ValueError:
                    pass
            raise _wrong_type(kind, v)
        return date
    if kind is ir.FactKind.TEXT:
        def text(v: Any) -> Any:
            if v is None or isinstance(v, str):
                return v
            raise _wrong_type(kind, v)
        return text

    choices = decl.choices

    def choice(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, str) and v in choices:
            return v
        close = difflib.get_close_matches(str(v), choices, n=1, cutoff=0.5)
        listed, listed_en = "、".join(choices), ", ".join(choices)
        raise value_error("E0805", value=show_value(v, ir.FactKind.CHOICE), choices=listed, choices_en=listed_en,
                    suggestion_zh=f"是否想写 {close[0]}？" if close else f"可选：{listed}",
                    suggestion_en=f"did you mean {close[0]}?" if close else f"choose one of {listed_en}")

    return choice
