"""Values as people read them, in Chinese and in English: the one formatter every output uses.

Input: a computed value (a `Decimal`, a yes/no, a date, `Unknown`, `NOT_APPLICABLE`,
a list of them) and a language (`zh`, anything else is English). Output: text.
Guarantees: decimals keep their exact digits (`f` format, never through float; in
prose a fraction longer than `LONG_PLACES` places is cut with an ellipsis, the exact
value stays in the JSON), percentages are scaled and marked with %, an undetermined
value says why, and Chinese text uses the punctuation of official documents
(full-width parentheses `（未填报）`, `、` between the items of a list, `；` between
clauses such as `a = 1；b = 2`, `：` after a label) while English uses ASCII forms
(`(not given)`, `, `, `; `, `: `). Terminal tables, explanations, reports, policy
tests and diff output all format through here, so the same value reads the same
everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from .units import Unit
from .values import NOT_APPLICABLE, Unknown
from .words import w

LONG_PLACES = 8  # in prose a fraction longer than this is shown cut, with an ellipsis
SHOWN_PLACES = 5

# Why a value is undetermined, as the words table names it.
_UNKNOWN_WORDS = {"missing": "missing", "division by zero": "division_by_zero", "no records": "no_records"}


def is_zh(lang: str) -> bool:
    return lang == "zh"


def decimal_text(value: Decimal, *, exact: bool = False) -> str:
    """A decimal's digits as written (`f` format); a long fraction cut with `…` unless `exact`."""
    exponent = value.as_tuple().exponent
    if not exact and isinstance(exponent, int) and exponent < -LONG_PLACES:
        cut = value.quantize(Decimal(1).scaleb(-SHOWN_PLACES), rounding=ROUND_DOWN)
        return f"{cut:f}…"
    return f"{value:f}"


def yes_no(value: bool, lang: str) -> str:
    if is_zh(lang):
        return "是" if value else "否"
    return "yes" if value else "no"


def show(value: Any, lang: str = "zh", percent: bool = False, *, exact: bool = False,
         places: int | None = None) -> str:
    """A value as people read it.

    `percent` shows a fraction as a percentage (0.852 as 85.2%). `exact` keeps every
    digit of a long fraction: tables of figures (`swrules eval`, policy tests) use it,
    sentences and reports cut long fractions so that they stay readable. `places` is the
    policy's precision (the places its total is rounded to): a figure with fewer places is
    written with that many (8.8 as 8.80, 20 as 20.00), as the batch table prints totals;
    one with more keeps all its digits, since padding must never round.
    """
    if type(value) is Decimal and (places is None or 0 <= places <= _MEMO_PLACES):
        key = (str(value), percent, exact, places)  # a decimal reads the same in both languages
        found = _SHOWN.get(key)
        if found is None and len(key[0]) <= _MEMO_CHARS:
            if len(_SHOWN) >= _MEMO_SIZE:
                _SHOWN.clear()
            found = _SHOWN[key] = _show(value, lang, percent, exact, places)
        return found if found is not None else _show(value, lang, percent, exact, places)
    return _show(value, lang, percent, exact, places)


# The text of decimals already shown, by their digits (`str` tells 1.0 from 1.00, which are
# equal and hash alike) and the options: weights, parameters, thresholds and scores repeat
# from station to station. Bounded: a batch of many stations clears it now and then. Only
# short decimals are kept, whose padding and scaling are exact in any context of at least
# 28 digits, so the text never depends on the decimal context in force when it was made.
_SHOWN: dict[tuple[str, bool, bool, int | None], str] = {}
_MEMO_SIZE = 8192
_MEMO_CHARS = 20
_MEMO_PLACES = 6


def _show(value: Any, lang: str, percent: bool, exact: bool, places: int | None) -> str:
    if places is not None and isinstance(value, Decimal) and not percent and value.is_finite():
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -places:
            value = value.quantize(Decimal(1).scaleb(-places))
    if value is None:
        return "—"
    if value is NOT_APPLICABLE:
        return w("not_applicable", lang)
    if type(value) is Unknown:
        return paren(w(_UNKNOWN_WORDS.get(value.reason, "cannot_determine"), lang), lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, Decimal):
        return decimal_text(value.scaleb(2), exact=exact) + "%" if percent else decimal_text(value, exact=exact)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return join((show(v, lang, percent, exact=exact) for v in value), lang)
    return str(value)


def date_text(value: dt.date, lang: str) -> str:
    """A date as a report writes it: 2025年1月31日 / 2025-01-31."""
    return chinese_date(value, "zh") if is_zh(lang) else value.isoformat()


def as_written(value: Decimal, percent: bool = False) -> str:
    """A number as an officer writes it in a fact file or a range: 80%, 10, 9.42 (no trailing zeros)."""
    if percent:
        return f"{value.scaleb(2).normalize():f}%"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def join(items: Iterable[str], lang: str) -> str:
    """Items of a list in a sentence: 甲、乙、丙 / a, b, c."""
    return ("、" if is_zh(lang) else ", ").join(items)


def join_clauses(items: Iterable[str], lang: str) -> str:
    """Items that are clauses themselves (`name = value`): a = 1；b = 2 / a = 1; b = 2."""
    return ("；" if is_zh(lang) else "; ").join(items)


def paren(text: str, lang: str) -> str:
    """Text in parentheses, standing alone: （未填报） / (not given)."""
    return f"（{text}）" if is_zh(lang) else f"({text})"


def aside(text: str, lang: str) -> str:
    """A remark after a word: 良好（待核实） / Good (provisional). Empty text adds nothing."""
    if not text:
        return ""
    return f"（{text}）" if is_zh(lang) else f" ({text})"


def colon(lang: str) -> str:
    """What separates a label from its value: 总分：86.39 / Total: 86.39."""
    return "：" if is_zh(lang) else ": "


def quote(name: str, lang: str) -> str:
    """A rule or check named in a sentence: 「社工配备不足」 / “社工配备不足”."""
    return f"「{name}」" if is_zh(lang) else f"“{name}”"


def one_line(text: str) -> str:
    """A formula as written, on one line: layout whitespace folded, text inside quotes kept as written."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = " ".join(parts[i].split())
    return '"'.join(parts)


def grouped(value: Decimal, *, exact: bool = False) -> str:
    """A decimal with its whole part in groups of three: 35000 as 35,000, 1500.5 as 1,500.5."""
    text = decimal_text(value, exact=exact)
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def show_unit(value: Any, unit: Unit | str | None, lang: str = "zh", *, label: str | None = None,
              exact: bool = False) -> str:
    """A value in its declared unit: `35,000 元`, `第 2 名`, `1,501 人次`, `85%`; `label` is the
    word a count is counted in. A value that is not a number (undetermined, text) is shown as
    `show` shows it; no unit shows the number as computed."""
    unit = Unit(unit) if isinstance(unit, str) else unit
    if isinstance(value, (tuple, list)):  # an indicator's values, one per record
        return join((show_unit(v, unit, lang, label=label, exact=exact) for v in value), lang)
    if unit is Unit.PERCENT:
        return show(value, lang, True, exact=exact)
    if not isinstance(value, Decimal) or isinstance(value, bool) or unit in (None, Unit.NUMBER, Unit.TEXT):
        return show(value, lang, exact=exact)
    if unit is Unit.RANK:
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
        return f"第 {grouped(value, exact=exact)} 名" if is_zh(lang) else f"No. {grouped(value, exact=exact)}"
    if unit is not Unit.POINTS and value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # 28000.00 yuan is 28,000 元; points keep the policy's places
    number = grouped(value, exact=exact)
    if label is not None:
        return f"{number} {label}"
    if unit is Unit.COUNT:
        return number
    return f"{number} {w(unit.value, lang)}"


def chinese_date(value: dt.date, lang: str = "zh") -> str:
    """A date as documents write it: 2025年1月31日 (English: 31 January 2025)."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def date_range(start: dt.date, end: dt.date, lang: str = "zh") -> str:
    """A period as documents write it: 2024年8月6日至2025年1月31日."""
    joiner = "至" if lang == "zh" else " to "
    return chinese_date(start, lang) + joiner + chinese_date(end, lang)


def yuan(value: Decimal, lang: str = "zh") -> str:
    """An amount of money as reports write it: 2400000 → 240万元 (whole 万 when it divides)."""
    if lang != "zh":
        return f"{decimal_text(value)} yuan"
    if value >= 10000 and value % 100 == 0:
        return decimal_text((value / 10000).normalize()) + "万元"
    return decimal_text(value) + "元"
