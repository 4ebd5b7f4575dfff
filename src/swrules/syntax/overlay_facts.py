"""Overlays on what a station supplies and how it is checked: facts, records, reconcile
lines and requirements, removed or overridden by a district overlay.

Input: the base's declarations (already merged from its own bases) and one `remove` or
`override` of the overlay. Output: the declarations changed, or what was not found in
the base (for E0902/E0903 with a did-you-mean). Facts are addressed by key
(`scores.purchaser`, or a section `scores`), reconcile lines by the fact they reconcile,
requirements by their message: the names an officer sees in the city's file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from swrules.base.source import Span

from . import ast as A

Field = A.FactField | A.RecordsField


def _fact_keys(prefix: str, fields: Sequence[Field]) -> list[str]:
    out: list[str] = []
    for f in fields:
        out.append(f"{prefix}.{f.name}")
        if isinstance(f, A.RecordsField):
            out.extend(_fact_keys(f"{prefix}.{f.name}", f.fields))
    return out


def facts_candidates(decls: Sequence[A.Decl], kind: str) -> list[str]:
    """The names the base offers for `remove`/`override` of this kind."""
    if kind == "facts":
        out: list[str] = []
        for d in decls:
            if isinstance(d, (A.FactSection, A.RecordsField)):
                out.append(d.name)
                out.extend(_fact_keys(d.name, d.fields))
        return out
    if kind == "records":
        return [d.name for d in decls if isinstance(d, A.RecordsField)]
    if kind == "reconcile":
        return [line.declared.dotted for d in decls if isinstance(d, A.Reconcile) for line in d.lines]
    return [d.message for d in decls if isinstance(d, A.Require)]


def _without(fields: tuple[Field, ...], path: list[str]) -> tuple[Field, ...] | None:
    """`fields` without the field at `path` (through nested records), or None if absent."""
    head, rest = path[0], path[1:]
    for i, f in enumerate(fields):
        if f.name != head:
            continue
        if not rest:
            return fields[:i] + fields[i + 1:]
        if isinstance(f, A.RecordsField):
            inner = _without(f.fields, rest)
            if inner is not None:
                return fields[:i] + (dataclasses.replace(f, fields=inner),) + fields[i + 1:]
        return None
    return None


def remove_facts_decl(decls: list[A.Decl], kind: str, name: str) -> list[A.Decl] | None:
    """The declarations without the facts, records, reconcile line or requirement named;
    None if the base has no such thing."""
    if kind == "facts":
        head, *rest = name.split(".")
        for i, d in enumerate(decls):
            if isinstance(d, (A.FactSection, A.RecordsField)) and d.name == head:
                if not rest:
                    return decls[:i] + decls[i + 1:]
                fields = _without(d.fields, rest)
                if fields is None:
                    return None
                return decls[:i] + [dataclasses.replace(d, fields=fields)] + decls[i + 1:]
        return None
    if kind == "records":
        kept = [d for d in decls if not (isinstance(d, A.RecordsField) and d.name == name)]
        return kept if len(kept) < len(decls) else None
    if kind == "require":
        kept = [d for d in decls if not (isinstance(d, A.Require) and d.message == name)]
        return kept if len(kept) < len(decls) else None
    for i, d in enumerate(decls):  # a reconcile line, by the fact it reconciles
        if isinstance(d, A.Reconcile) and any(x.declared.dotted == name for x in d.lines):
            lines = tuple(x for x in d.lines if x.declared.dotted != name)
            return decls[:i] + ([dataclasses.replace(d, lines=lines)] if lines else []) + decls[i + 1:]
    return None


def _override_fields(base: tuple[Field, ...], new: tuple[Field, ...], prefix: str
                     ) -> tuple[tuple[Field, ...], list[tuple[str, Span | None]]]:
    """The base's fields with each of `new` replacing the one of its name; those not in the base."""
    by_name = {f.name: f for f in new}
    missing = [(f"{prefix}.{f.name}", f.span) for f in new if f.name not in {b.name for b in base}]
    return tuple(by_name.get(f.name, f) for f in base), missing


def override_facts_decl(decls: list[A.Decl], t: A.FactSection | A.RecordsField | A.Reconcile | A.Require
                        ) -> tuple[list[A.Decl], list[tuple[str, Span | None]]]:
    """The declarations with `t` replacing what it names in the base, and the names it gives
    that the base does not have (each with where it was written)."""
    out = list(decls)
    if isinstance(t, A.FactSection):
        i = next((i for i, d in enumerate(out) if isinstance(d, A.FactSection) and d.name == t.name), None)
        if i is None:
            return out, [(t.name, t.span)]
        base = out[i]
        assert isinstance(base, A.FactSection)
        fields, absent = _override_fields(base.fields, t.fields, t.name)
        out[i] = dataclasses.replace(base, fields=fields, label=t.label if t.label is not None else base.label)
        return out, absent
    if isinstance(t, A.RecordsField):
        i = next((i for i, d in enumerate(out) if isinstance(d, A.RecordsField) and d.name == t.name), None)
        if i is None:
            return out, [(t.name, t.span)]
        out[i] = t
        return out, []
    if isinstance(t, A.Require):
        i = next((i for i, d in enumerate(out) if isinstance(d, A.Require) and d.message == t.message), None)
        if i is None:
            return out, [(t.message, t.span)]
        out[i] = t
        return out, []
    missing: list[tuple[str, Span | None]] = []
    for line in t.lines:
        at = next(((i, j) for i, d in enumerate(out) if isinstance(d, A.Reconcile)
                   for j, x in enumerate(d.lines) if x.declared.dotted == line.declared.dotted), None)
        if at is None:
            missing.append((line.declared.dotted, line.span))
            continue
        i, j = at
        rec = out[i]
        assert isinstance(rec, A.Reconcile)
        out[i] = dataclasses.replace(rec, lines=rec.lines[:j] + (line,) + rec.lines[j + 1:])
    return out, missing
