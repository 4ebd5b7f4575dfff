"""The "try a station" form, generated from the policy's fact declarations, and what it submits.

Input: a `CheckedPolicy` (for the inputs) and the submitted values, every one a string keyed
by its fact's key path as a fact file's messages write it: `scores.operations` for a fact,
`scores.service_quality[1].score` for a field of the second record of a list. Output: the
form's inputs (`form_entries`: facts and tables of records, in declaration order), and the
values as a TOML fact file (`form_facts`) that the workbench reads with the same reader as
an upload, so that it is checked and evaluated exactly as a file with the same facts and
records would be. Numbers stay the text typed (never a float). A percent field takes the
percentage as officials write it (`85`, `85%`, `85.5%`: exactly that percentage, shifted two
places, never rounded) and shows its range as percentages; a number not above 1 typed without
`%` is refused as ambiguous (0.85: 0.85% or 85%?). A date field takes `2025年6月30日` or
`2025-06-30` whatever the browser's locale and writes the ISO date. `form_texts` is the other
way: a loaded station's facts as the form's inputs show them. An empty input is a missing
fact; a record row left wholly empty is ignored (the rows after it keep their numbers in
the messages, which name the form's rows). A value that is not of its fact's type is refused
here with the message a fact file gets; every other problem is the reader's, its key path
turned back to the form's row (`FormFacts.form_key`). Lists of records inside a record are
not offered (a file gives those).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.pagewords import PAGE_MESSAGE_WORDS, pw
from swrules.base.show import chinese_date
from swrules.base.values import shifted
from swrules.check.ir import CheckedPolicy, FactField, FactKind, RecordsField
from swrules.facts.validators import value_validator


@dataclass(frozen=True)
class FormField:
    """One input: a declared fact, or (in a table of records) one field of a record."""

    key: str  # the fact's key path; within a record, the field's name
    label: str
    section: str | None
    kind: str  # boolean, integer, decimal, percent, date, text, one of
    choices: tuple[str, ...]
    minimum: str | None  # as the field is filled: a percent field's as a percentage (0%)
    maximum: str | None
    required: bool
    decl: FactField | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FormRecords:
    """A list of records as a table: a row per record, a column per field."""

    key: str  # the list's key path: scores.service_quality
    label: str
    section: str | None  # the fact section it is in; a list declared on its own is its own section
    fields: tuple[FormField, ...]
    min_count: int | None
    max_count: int | None
    required: bool
    left_out: tuple[str, ...] = field(default=())  # labels of lists inside a record: not in the form


def _field(decl: FactField, key: str, label: str, section: str | None, required: bool) -> FormField:
    def bound(value: Decimal | None) -> str | None:
        if value is None:
            return None
        return percent_text(value) if decl.kind is FactKind.PERCENT else str(value)
    return FormField(key, label, section, decl.kind.value, tuple(decl.choices), bound(decl.minimum),
                     bound(decl.maximum), required, decl)


def form_entries(checked: CheckedPolicy) -> list[FormField | FormRecords]:
    """The form's inputs in declaration order: each fact, and each list of records as a table."""
    out: list[FormField | FormRecords] = []
    for info in checked.facts:
        decl = info.decl
        if isinstance(decl, FactField):
            out.append(_field(decl, info.key, info.label, info.section_label, info.required))
            continue
        fields = tuple(_field(f, f.name, f.label or f.name, None, not f.optional)
                       for f in decl.fields if isinstance(f, FactField))
        nested = tuple(f.label or f.name for f in decl.fields if isinstance(f, RecordsField))
        out.append(FormRecords(info.key, info.label, info.section_label or info.label, fields,
                               decl.min_count, decl.max_count, info.required, nested))
    return out


def form_fields(checked: CheckedPolicy) -> list[FormField]:
    """The form's inputs of single facts (not lists of records)."""
    return [e for e in form_entries(checked) if isinstance(e, FormField)]


_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,12})?")  # ASCII digits: TOML reads no others
_PERCENT = re.compile(r"(?P<number>-?[0-9]{1,15}(?:\.[0-9]{1,12})?)\s*(?P<sign>[%％]?)")
_DATES = (re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
          re.compile(r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日"))
_RECORD_KEY = re.compile(r"(?P<list>[^\[\]]+)\[(?P<row>\d{1,4})\]\.(?P<field>[^\[\].]+)")


@dataclass(frozen=True)
class FormFacts:
    """The form's values as a fact file, and which form row each record of it came from."""

    text: bytes
    rows: dict[str, list[int]]  # list key path -> the form's row of each record written, in order

    def form_key(self, key: str) -> str:
        """A key path of the file (`list[0].field`) as the form names it (`list[2].field`)."""
        def back(m: re.Match[str]) -> str:
            rows = self.rows.get(m.group(1), [])
            n = int(m.group(2))
            return f"{m.group(1)}[{rows[n] if n < len(rows) else n}]"
        return re.sub(r"^([^\[\]]+)\[(\d+)\]", back, key)

    def renamed(self, d: Diagnostic) -> Diagnostic:
        """A problem the reader found, named by the form's rows and its own key paths."""
        if d.key_path is None:
            return d
        key_path = ", ".join(self.form_key(k) for k in d.key_path.split(", "))
        args = dict(d.args)
        if isinstance(args.get("key"), str):
            args["key"] = self.form_key(args["key"])
        return replace(d, key_path=key_path, args=args, span=None)


class Unreadable(ValueError):
    """Text an input cannot take; `expected` says, in the form's words, what it takes."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def percent_text(fraction: Decimal) -> str:
    """A percent fact's value (a fraction) as the field shows it: 0.855 -> `85.5%`, 0.8550 -> `85.50%`."""
    return f"{shifted(fraction, 2):f}%"


def percent_typed(text: str) -> Decimal:
    """The fraction a percent field's text means: `85`, `85%`, `85.5%` (full-width `％` too) are that
    percentage, exactly. A number not above 1 without `%` is `Unreadable` as ambiguous: 0.85 may be
    meant as 85% (a fraction, as a fact file reads a bare 0.85) or as 0.85% (as the field reads a
    bare 85); the officer says which by writing the `%`. 0 is 0% either way."""
    m = _PERCENT.fullmatch(text.strip())
    if m is None:
        raise Unreadable(pw("kind_percent"))
    number = Decimal(m.group("number"))
    if not m.group("sign") and number != 0 and abs(number) <= 1:
        raise Unreadable(pw("percent_ambiguous", value=m.group("number"),
                            percent=percent_text(number).removesuffix("%")))
    return shifted(number, -2)


def date_typed(text: str) -> dt.date:
    """The date a date field's text means: `2025年6月30日` or `2025-06-30` (month and day in one or two
    digits), whatever the browser's locale; any other text, or a day the calendar has not, is `Unreadable`."""
    for form in _DATES:
        m = form.fullmatch(text.strip())
        if m is not None:
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                break
    raise Unreadable(pw("kind_date"))


def form_facts(checked: CheckedPolicy, values: dict[str, str]) -> FormFacts:
    """The form's values as a TOML fact file (empty inputs and wholly empty rows left out); a value
    that is not of its fact's type is refused here, naming its key path as the form has it."""
    entries = form_entries(checked)
    facts = {e.key: e for e in entries if isinstance(e, FormField)}
    lists = {e.key: e for e in entries if isinstance(e, FormRecords)}
    scalars: dict[str, list[str]] = {}
    records: dict[str, dict[int, list[str]]] = {}
    problems: list[Diagnostic] = []
    for key, raw in values.items():
        text = raw.strip()
        m = _RECORD_KEY.fullmatch(key)
        if m and m.group("list") in lists:
            row = records.setdefault(m.group("list"), {}).setdefault(int(m.group("row")), [])
            fact = next((f for f in lists[m.group("list")].fields if f.key == m.group("field")), None)
        else:
            fact, row = facts.get(key), None
        if fact is None or not text:
            continue
        try:
            value = _toml_value(fact, text)
        except Unreadable as exc:
            problems.append(_wrong(key, fact, text, exc.expected))
            continue
        line = f"{_toml_key(fact.key.rpartition('.')[2])} = {value}"
        if row is not None:
            row.append(line)
        else:
            scalars.setdefault(key.rpartition(".")[0], []).append(line)
    if problems:
        raise FactsError(problems)
    return _file(scalars, records, lists)


def _wrong(key: str, fact: FormField, text: str, expected: str) -> Diagnostic:
    return Diagnostic("E0803", {
        "key": key, "label_zh": f"（{fact.label}）", "label_en": f" ({fact.label})", "value": text,
        "expected": expected, "expected_en": fact.kind,
        "help_zh": pw("form_help"), "help_en": "fill it as the hint says, or leave it empty."},
        file=pw("form"), key_path=key)


def _file(scalars: dict[str, list[str]], records: dict[str, dict[int, list[str]]],
          lists: dict[str, FormRecords]) -> FormFacts:
    """TOML: each table's facts under its header, then its lists' records (`[[table.list]]`), so
    that no fact falls into a record; a row with nothing filled in is no record."""
    lines = list(scalars.pop("", []))
    rows: dict[str, list[int]] = {}
    tables = list(dict.fromkeys([*scalars, *(k.rpartition(".")[0] for k in lists)]))
    for table in tables:
        if scalars.get(table):
            lines += ["", f"[{_dotted(table)}]", *scalars[table]]
        for key in (k for k in lists if k.rpartition(".")[0] == table):
            filled = sorted((n, r) for n, r in records.get(key, {}).items() if r)
            rows[key] = [n for n, _ in filled]
            for _, row in filled:
                lines += ["", f"[[{_dotted(key)}]]", *row]
    return FormFacts(("\n".join(lines).strip("\n") + "\n").encode("utf-8"), rows)


def _dotted(key: str) -> str:
    return ".".join(_toml_key(p) for p in key.split("."))


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and what is not printable as escapes (`\\U` past the BMP)."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else
                         f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text) + '"'


def _plain_number(text: str) -> str:
    """A number as typed (`_NUMBER`) as TOML writes it: TOML refuses leading zeros (`007`, `-01.5`),
    an officer may well type them; the digits and the places after the point are kept as typed."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, point, places = digits.partition(".")
    return sign + (whole.lstrip("0") or "0") + point + places


def _toml_value(fact: FormField, text: str) -> str:
    """The text typed as a TOML value of its fact's kind, or `Unreadable`."""
    kind = fact.kind
    wrong = Unreadable(pw(f"kind_{kind}"))
    if kind == FactKind.BOOLEAN.value:
        value = {pw("yes"): "true", pw("no"): "false", "true": "true", "false": "false"}.get(text)
        if value is None:
            raise wrong
        return value
    if kind in (FactKind.INTEGER.value, FactKind.DECIMAL.value):
        if not _NUMBER.fullmatch(text) or (kind == FactKind.INTEGER.value and "." in text):
            raise wrong
        return _plain_number(text)
    if kind == FactKind.PERCENT.value:  # as a fact file's "85.5%", which its reader shifts exactly
        return _toml_string(percent_text(percent_typed(text)))
    if kind == FactKind.DATE.value:
        return date_typed(text).isoformat()
    if kind == FactKind.CHOICE.value and text not in fact.choices:
        raise wrong
    return _toml_string(text)


def form_problems(exc: FactsError, facts: FormFacts | None) -> list[dict[str, str]]:
    """Each problem of the form's facts: the form's key path it belongs beside, its message and help."""
    out = []
    for d in exc.diagnostics:
        d = (facts.renamed(d) if facts is not None else replace(d, span=None)).shown_with(PAGE_MESSAGE_WORDS)
        out.append({"key": d.key_path or "", "message": d.message("zh"), "help": d.help("zh") or "",
                    "text": d.render("zh")})
    return out


def form_texts(checked: CheckedPolicy, data: Any) -> dict[str, str]:
    """A loaded station's facts (a fact file's or a workbook row's) as the form's inputs show them, by
    the inputs' names: a percentage as `85%`, a date as `2025年6月30日`, yes/no as the drop-down's
    value, other numbers as written; what is missing or not in the form is left out. Filled in and
    sent back, they read as the same facts."""
    out: dict[str, str] = {}
    for entry in form_entries(checked):
        value = _at(data, entry.key)
        if isinstance(entry, FormField):
            out[entry.key] = _shown(entry, value)
        elif isinstance(value, list):
            for n, record in enumerate(value):
                if isinstance(record, dict):
                    out.update({f"{entry.key}[{n}].{f.key}": _shown(f, record.get(f.key)) for f in entry.fields})
    return {key: text for key, text in out.items() if text}


def _at(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _shown(fact: FormField, value: Any) -> str:
    if value is None:
        return ""
    if fact.decl is not None:
        try:  # as the reader takes it: "85%", 0.85 and a workbook's 85% cell are all the fraction 0.85
            value = value_validator(fact.decl)(value)
        except ValueError:  # not of its kind: the reader has refused the station already
            return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return percent_text(value) if fact.kind == FactKind.PERCENT.value else f"{value:f}"
    if isinstance(value, dt.date):
        return chinese_date(value)
    return str(value)
