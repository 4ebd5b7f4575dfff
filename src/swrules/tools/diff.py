"""What changed between two versions of a policy, rule by rule, in words.

Input: two `ast.Policy` values (as parsed, or as composed by `load_policy`). Output:
a list of `Change`s: a parameter's value at a phase moved, a veto added, a band's
range moved, a party's share or an item's maximum changed, a fact added. Declarations
are matched by name, never by position, and compared as ASTs (spans are outside
equality), so reformatting, reordering and comments produce no change. Every change
names the *unit* it belongs to, the top-level declaration it is part of (the whole
score sheet and the whole grade table are one unit each, since a share or a boundary
cannot move alone and stay valid): `diff_impact` applies units one at a time to find
which change moved a station's result. The sentences are in `diff_words`, the text
of declarations in `diff_text`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from swrules.syntax import ast as A

from .diff_text import (
    bounds_text,
    clause_text,
    dated_text,
    decl_text,
    effective_text,
    optional_expr,
    ref_text,
    regulation_text,
    rounding_text,
    share_text,
    summary,
    total_max_text,
    type_text,
    value_text,
)
from .diff_words import Change, Unit, describe, unit_title
from .fmt import band_range, expr_text, number_text

__all__ = ["Change", "Unit", "decl_key", "describe", "diff_policies", "keyed", "unit_title", "units"]


# ---------------------------------------------------------------- matching declarations


def decl_key(d: A.Decl) -> Unit:
    """What identifies a top-level declaration across versions."""
    match d:
        case A.Param() | A.Define() | A.Veto() | A.Finding() | A.Indicator():
            return type(d).__name__.lower(), d.name
        case A.FactSection():
            return "facts", d.name
        case A.RecordsField():
            return "records", d.name
        case A.Require():
            return "require", d.message
        case A.Remove():
            return "remove", f"{d.kind} {d.name}"
    target = getattr(d, "target", None)  # `override` in a district overlay
    if target is not None:
        return "override", f"{type(target).__name__.lower()} {getattr(target, 'name', '')}".strip()
    return type(d).__name__.lower(), ""


def keyed(decls: Sequence[A.Decl]) -> dict[Unit, A.Decl]:
    out: dict[Unit, A.Decl] = {}
    for d in decls:
        key = decl_key(d)
        n = 1
        while key in out:  # a repeated key (two reconcile blocks) is matched by its occurrence
            n += 1
            key = (key[0], f"{decl_key(d)[1]}#{n}")
        out[key] = d
    return out


class _Differ:
    def __init__(self, new: A.Policy) -> None:
        self.changes: list[Change] = []
        self.unit: Unit = ("", "")
        self.users = _users(new)
        self.phase_labels = {p.name: p.label for d in new.declarations if isinstance(d, A.Phases)
                             for p in d.phases if p.label}

    def add(self, kind: str, category: str, name: str, aspect: str | None = None, old: str | None = None,
            new: str | None = None, label: str | None = None) -> None:
        aspect_label = self.phase_labels.get(aspect.partition(":")[2]) if aspect and aspect.startswith("phase:") \
            else None
        value_aspect = aspect is not None and aspect.partition(":")[0] in ("value", "phase", "from")
        used_by = tuple(self.users.get(name, ())) if category in ("param", "define") and value_aspect else ()
        self.changes.append(Change(kind, category, name, aspect, old, new, label, self.unit, aspect_label, used_by))

    def field(self, category: str, name: str, aspect: str, old: str | None, new: str | None,
              label: str | None = None) -> None:
        if old != new:
            self.add("changed", category, name, aspect, old, new, label)

    def named(self, category: str, old: Sequence[Any], new: Sequence[Any], compare: Any,
              key: Any = lambda x: x.name) -> None:
        """Match `old` and `new` by key: report added and removed ones, compare the rest."""
        before = {key(x): x for x in old}
        after = {key(x): x for x in new}
        for k, x in after.items():
            if k not in before:
                self.add("added", category, k, new=summary(category, x), label=getattr(x, "label", None))
            elif before[k] != x:
                compare(before[k], x)
        for k, x in before.items():
            if k not in after:
                self.add("removed", category, k, old=summary(category, x), label=getattr(x, "label", None))

    def common(self, category: str, a: Any, b: Any) -> None:
        """Label and clause, which most declarations carry."""
        self.field(category, a.name, "label", a.label, b.label, b.label)
        if hasattr(a, "clause"):
            self.field(category, a.name, "clause", clause_text(a.clause), clause_text(b.clause), b.label)

    # -- declarations
    def decl(self, a: A.Decl, b: A.Decl) -> None:
        match a, b:
            case A.Header(), A.Header():
                for aspect, x, y in (("title", a.title, b.title), ("version", a.version, b.version),
                                     ("effective", effective_text(a), effective_text(b)),
                                     ("dated_by", ref_text(a.dated_by), ref_text(b.dated_by))):
                    self.field("header", "", aspect, x, y)
                old_regs = {regulation_text(r) for r in a.regulations}
                new_regs = {regulation_text(r) for r in b.regulations}
                for r in sorted(new_regs - old_regs):
                    self.add("changed", "header", "", "regulation", None, r)
                for r in sorted(old_regs - new_regs):
                    self.add("changed", "header", "", "regulation", r, None)
            case A.Extends(), A.Extends():
                self.field("extends", "", "path", a.path, b.path)
            case A.Phases(), A.Phases():
                self.field("phases", "", "source", a.source.dotted, b.source.dotted)
                self.named("phases", a.phases, b.phases,
                           lambda x, y: self.field("phases", x.name, "label", x.label, y.label))
            case (A.FactSection(), A.FactSection()) | (A.RecordsField(), A.RecordsField()):
                assert isinstance(a, A.FactSection | A.RecordsField) and isinstance(b, A.FactSection | A.RecordsField)
                self.facts(a, b)
            case A.Param(), A.Param():
                self.param(a, b)
            case A.Define(), A.Define():
                self.field("define", a.name, "value", expr_text(a.expr), expr_text(b.expr), b.label)
                self.common("define", a, b)
            case A.Veto(), A.Veto():
                self.field("veto", a.name, "when", expr_text(a.when), expr_text(b.when), b.label)
                self.field("veto", a.name, "forces", a.forces, b.forces, b.label)
                self.common("veto", a, b)
            case A.Finding(), A.Finding():
                self.finding("finding", a, b)
            case A.Indicator(), A.Indicator():
                self.indicator(a, b)
            case A.Reconcile(), A.Reconcile():
                self.named("reconcile", a.lines, b.lines,
                           lambda x, y: self.field("reconcile", x.declared.dotted, "with", expr_text(x.computed),
                                                   expr_text(y.computed)),
                           key=lambda line: line.declared.dotted)
            case A.Require(), A.Require():
                self.field("require", a.message, "when", expr_text(a.expr), expr_text(b.expr))
            case _:
                # Declarations without finer structure (and any the grammar grows): whole text.
                self.add("changed", decl_key(b)[0], decl_key(b)[1], "value", decl_text(a), decl_text(b))

    def facts(self, a: A.FactSection | A.RecordsField, b: A.FactSection | A.RecordsField) -> None:
        old = dict(_flatten(a))
        new = dict(_flatten(b))
        for key, f in new.items():
            if key not in old:
                self.add("added", "fact", key, new=summary("fact", f), label=f.label)
                continue
            g = old[key]
            if g == f:
                continue
            if isinstance(g, A.FactField) and isinstance(f, A.FactField):
                self.field("fact", key, "type", type_text(g), type_text(f), f.label)
                self.field("fact", key, "bounds", bounds_text(g.minimum, g.maximum),
                           bounds_text(f.minimum, f.maximum), f.label)
                self.field("fact", key, "optional", str(g.optional).lower(), str(f.optional).lower(), f.label)
            elif isinstance(g, A.RecordsField) and isinstance(f, A.RecordsField):
                self.field("fact", key, "count", bounds_text(g.min_count, g.max_count),
                           bounds_text(f.min_count, f.max_count), f.label)
            else:
                self.field("fact", key, "type", summary("fact", g), summary("fact", f), f.label)
            self.field("fact", key, "label", g.label, f.label, f.label)
        for key, f in old.items():
            if key not in new:
                self.add("removed", "fact", key, old=summary("fact", f), label=f.label)

    def param(self, a: A.Param, b: A.Param) -> None:
        va, vb = a.value, b.value
        if isinstance(va, A.ByPhase) and isinstance(vb, A.ByPhase):
            old = {p.phase: expr_text(p.value) for p in va.values}
            new = {p.phase: expr_text(p.value) for p in vb.values}
            for phase in list(new) + [p for p in old if p not in new]:
                self.field("param", a.name, f"phase:{phase}", old.get(phase), new.get(phase), b.label)
        elif isinstance(va, A.ByDate) and isinstance(vb, A.ByDate):
            olds = {d.start.isoformat(): dated_text(d) for d in va.values}
            news = {d.start.isoformat(): dated_text(d) for d in vb.values}
            for start in sorted(set(olds) | set(news)):
                self.field("param", a.name, f"from:{start}", olds.get(start), news.get(start), b.label)
        else:
            self.field("param", a.name, "value", value_text(va), value_text(vb), b.label)
        self.common("param", a, b)

    def finding(self, category: str, a: A.Finding, b: A.Finding) -> None:
        self.field(category, a.name, "when", expr_text(a.when), expr_text(b.when), b.label)
        self.common(category, a, b)

    def indicator(self, a: A.Indicator, b: A.Indicator) -> None:
        self.field("indicator", a.name, "over", a.over.dotted, b.over.dotted, b.label)
        self.field("indicator", a.name, "compute", expr_text(a.compute), expr_text(b.compute), b.label)
        self.field("indicator", a.name, "not_applicable", optional_expr(a.not_applicable),
                   optional_expr(b.not_applicable), b.label)
        self.common("indicator", a, b)
        self.named("finding", a.findings, b.findings, lambda x, y: self.finding("finding", x, y))

    # -- the score sheet and the grades, one unit per party and per band
    def sheet(self, a: A.Sheet | None, b: A.Sheet | None) -> None:
        a = a or A.Sheet(())
        b = b or A.Sheet(())
        self.unit = ("sheet", "")
        self.field("sheet", "", "label", a.label, b.label)
        ta, tb = a.total, b.total
        self.field("sheet", "", "total", total_max_text(ta), total_max_text(tb))
        self.field("sheet", "", "rounding", rounding_text(ta), rounding_text(tb))
        old = {p.name: p for p in a.parties}
        new = {p.name: p for p in b.parties}
        for name in list(new) + [n for n in old if n not in new]:
            pa, pb = old.get(name), new.get(name)
            if pa is None or pb is None:
                self.named("party", [pa] if pa else [], [pb] if pb else [], None)
                continue
            self.field("party", name, "share", share_text(pa), share_text(pb), pb.label)
            self.field("party", name, "label", pa.label, pb.label, pb.label)
            self.named("item", pa.items, pb.items, self.item)

    def item(self, a: A.Item, b: A.Item) -> None:
        self.field("item", a.name, "maximum", number_text(a.maximum), number_text(b.maximum), b.label)
        self.field("item", a.name, "awarded", expr_text(a.awarded), expr_text(b.awarded), b.label)
        self.field("item", a.name, "counted", optional_expr(a.counted), optional_expr(b.counted), b.label)
        self.common("item", a, b)

    def grades(self, a: A.Grades | None, b: A.Grades | None) -> None:
        a = a or A.Grades(())
        b = b or A.Grades(())
        self.unit = ("grades", "")
        self.field("grades", "", "label", a.label, b.label)
        common_old = [x.name for x in a.bands if x.name in {y.name for y in b.bands}]
        common_new = [y.name for y in b.bands if y.name in {x.name for x in a.bands}]
        self.field("grades", "", "order", " > ".join(common_old), " > ".join(common_new))
        self.field("grades", "", "grading", grading_text(a), grading_text(b))
        old = {x.name: x for x in a.bands}
        new = {x.name: x for x in b.bands}
        for name in list(new) + [n for n in old if n not in new]:
            ba, bb = old.get(name), new.get(name)
            if ba is None or bb is None:
                self.named("band", [ba] if ba else [], [bb] if bb else [], None)
                continue
            self.field("band", name, "range", band_range(dataclasses.replace(ba, provided=None)),
                       band_range(dataclasses.replace(bb, provided=None)), bb.label)
            self.field("band", name, "provided", optional_expr(ba.provided), optional_expr(bb.provided), bb.label)
            self.field("band", name, "label", ba.label, bb.label, bb.label)


def grading_text(g: A.Grades) -> str | None:
    """How a grades block says totals are graded, as written; None when it says nothing."""
    parts = (["grading integer"] if g.integer else []) + (
        [f"grading round {g.rounding.places} {g.rounding.mode}"] if g.rounding is not None else []) + (
        [f"otherwise {g.otherwise}"] if g.otherwise is not None else [])
    return "; ".join(parts) or None


def diff_policies(old: A.Policy, new: A.Policy) -> list[Change]:
    """Every difference between two policies that changes what they say; [] when they are
    the same policy however it is laid out."""
    d = _Differ(new)
    a = keyed(old.declarations)
    b = keyed(new.declarations)
    order = [k for k in b if k[0] not in ("sheet", "grades")] + \
        [k for k in a if k not in b and k[0] not in ("sheet", "grades")]
    for key in order:
        d.unit = key
        x, y = a.get(key), b.get(key)
        if x is None or y is None:
            present = y if y is not None else x
            assert present is not None
            category = _category(present)
            if isinstance(present, A.FactSection | A.RecordsField):  # a whole facts block: report each fact
                empty = _empty_like(present)
                d.facts(x if isinstance(x, A.FactSection | A.RecordsField) else empty,
                        y if isinstance(y, A.FactSection | A.RecordsField) else empty)
            else:
                name = getattr(present, "name", key[1])
                kind = "added" if y is not None else "removed"
                text = summary(category, present)
                d.add(kind, category, name, old=None if y is not None else text, new=text if y is not None else None,
                      label=getattr(present, "label", None))
            continue
        if x != y:
            d.decl(x, y)
    sa, sb = a.get(("sheet", "")), b.get(("sheet", ""))
    if sa != sb:
        d.sheet(sa, sb)  # type: ignore[arg-type]
    ga, gb = a.get(("grades", "")), b.get(("grades", ""))
    if ga != gb:
        d.grades(ga, gb)  # type: ignore[arg-type]
    return d.changes


def units(changes: Sequence[Change]) -> list[Unit]:
    """The distinct units the changes belong to, in the order first mentioned."""
    return list(dict.fromkeys(c.unit for c in changes))


# ---------------------------------------------------------------- helpers


def _names_in(node: Any) -> Iterator[str]:
    """The first part of every name an AST node refers to."""
    if isinstance(node, A.Ref):
        yield node.parts[0]
    elif isinstance(node, tuple):
        for x in node:
            yield from _names_in(x)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            if f.compare:
                yield from _names_in(getattr(node, f.name))


def _users(policy: A.Policy) -> dict[str, list[tuple[str, str]]]:
    """For each name, the rules whose expressions use it (vetoes, findings, items, ...)."""
    out: dict[str, list[tuple[str, str]]] = {}

    def note(category: str, name: str, node: Any) -> None:
        for used in dict.fromkeys(_names_in(node)):
            if (category, name) not in out.setdefault(used, []):
                out[used].append((category, name))

    for d in policy.declarations:
        match d:
            case A.Param() | A.Define() | A.Veto() | A.Finding() | A.Indicator():
                note(_category(d), d.name, d)
            case A.Sheet():
                for p in d.parties:
                    for i in p.items:
                        note("item", i.name, i)
            case A.Grades():
                for b in d.bands:
                    note("band", b.name, b)
    return out


def _category(d: A.Decl) -> str:
    return {"facts": "fact", "records": "fact"}.get(decl_key(d)[0], decl_key(d)[0])


def _empty_like(d: A.FactSection | A.RecordsField) -> A.FactSection | A.RecordsField:
    if isinstance(d, A.RecordsField):
        return A.RecordsField(d.name, ())
    return A.FactSection(d.name, ())


def _flatten(d: A.FactSection | A.RecordsField, prefix: str = "") -> Iterator[tuple[str, A.FactField | A.RecordsField]]:
    base = f"{prefix}{d.name}"
    if isinstance(d, A.RecordsField) and prefix == "":
        yield base, d
    for f in d.fields:
        key = f"{base}.{f.name}"
        if isinstance(f, A.RecordsField):
            yield key, f
            yield from _flatten(f, f"{base}.")
        else:
            yield key, f


