"""The pieces of a result's JSON document written at run time: the functions the generated writer
(`engine.document`) calls for each station.

Input: a station's slot list (`env`) and the per-policy rows the generator hands them. Output:
JSON values as `Result.to_dict` writes them (`engine.plain`'s `to_plain` and `status_of`): every
slot's text and status written once (`slot_texts`), an indicator's findings, a rule's missing
facts, the station's mapping, an item's details, the missing facts' dicts, and a copy of a
written list for its second place in the document (`copy_plain`). Kept apart from the
generator, which runs once per policy: these run per station, and are what a reader of the
document's cost looks at.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from swrules.base.values import MISSING, Unknown

from .plain import plain_list, status_of, to_plain
from .result import is_process_label


def record_finding_dicts(row: tuple[Any, ...], env: list[Any]) -> list[dict[str, Any]]:
    """The dicts of an indicator's findings (an `Assembler.findings` row of four), as `lines.record_findings`'s
    lines' `to_dict` give them: one per finding and record."""
    hits_slot, records_slot, name_field, findings = row
    hits, records = env[hits_slot], env[records_slot]
    if not findings or type(hits) is Unknown or type(records) is Unknown:
        return []
    names = [str(rec.get(name_field, i + 1)) if name_field else str(i + 1) for i, rec in enumerate(records)]
    out = []
    for j, (name, label, clause, _) in enumerate(findings):
        process = is_process_label(label)
        for i, hit_row in enumerate(hits):
            v = hit_row[j]
            out.append({"id": name, "label": label, "citation": clause,
                        "status": "raised" if v is True else "clear" if v is False else "undetermined",
                        "reads": {}, "missing": [], "record": names[i], "process": process})
    return out


def slot_texts(env: list[Any], slots: tuple[int, ...]) -> list[Any]:
    """The JSON value and the status of each slot in `slots`, one after the other (`to_plain` and
    `status_of`), a decimal, an unknown, a boolean and a text without a call."""
    out: list[Any] = []
    add = out.append
    decimals: list[str] = []  # every decimal's text, tested for an exponent once, at the end
    keep = decimals.append
    for s in slots:
        v = env[s]
        kind = type(v)
        if kind is Decimal:
            text = str(v)
            keep(text)
            add(text)
            add("determined")
        elif kind is Unknown:
            add(None)
            add("undetermined" if v is MISSING else status_of(v))
        elif kind is bool or kind is str:
            add(v)
            add("determined")
        else:
            add(plain_list(v))
            add(status_of(v))
    if decimals:
        joined = "".join(decimals)
        if "E" in joined or "e" in joined:  # `str` chose an exponent for one: written as `result._decimal` does
            for i, s in enumerate(slots):
                v, text = env[s], out[2 * i]
                if type(v) is Decimal and ("E" in text or "e" in text):
                    out[2 * i] = format(v, "f")
    return out


def rule_missing(missing: Callable[[Any, list[Any]], tuple[str, ...]], t: Any, env: list[Any],
                 value: Any) -> list[str]:
    """A rule line's `missing` (`Assembler.rule_result`): what it lacked, when its value is undetermined."""
    undetermined = type(value) is Unknown or isinstance(value, tuple) and any(type(v) is Unknown for v in value)
    return list(missing(t, env)) if undetermined else []


def copy_plain(value: Any) -> Any:
    """A copy of a written value in which no list or dict is shared with `value`: a list slot's text for its
    second place and after (the first place is handed the written one)."""
    if type(value) is list:
        return [v if type(v) is str or v is None else copy_plain(v) for v in value]
    if type(value) is dict:
        return {k: copy_plain(v) for k, v in value.items()}
    return value


def station_dict(station: dict[str, Any]) -> dict[str, Any]:
    return {k: to_plain(v) for k, v in station.items()}


def written_details(lines: tuple[tuple[str, Any], ...], texts: list[Any]) -> list[dict[str, Any]]:
    """A score line's `details` as `ScoreLine.to_dict` writes them, its awarded values written already (`texts`,
    the list `slot_texts` wrote of them): each record's name and its text, no value written again."""
    return [{"name": n, "awarded": t if type(t) is str or t is None else copy_plain(t)}
            for (n, _), t in zip(lines, texts, strict=True)]


def missing_dicts(lines: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{"key": key, "label": label, "required": required} for key, label, required in lines]
