"""What changed between two versions of a policy, rule by rule, in words.

Input: two `ast.Policy` values (as parsed, or as composed by `load_policy`). Output:
a list of `Change`s: a parameter's value at a phase moved, a veto added, a band's
range moved, a party's share or an item's maximum changed, a fact added. Declarations
are matched by name, never by position, and compared as ASTs (spans are outside
equality), so reformatting, reordering and comments produce no change. Every change
names the *unit* it belongs to, the top-level declaration it is part of (the whole
score sheet and the whole grade table are one unit each, since a share or a boundary
cannot move alone and stay valid): `diff_impact` applies units one at a time to find
which change moved a station's result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from swrules.syntax import ast as A

from .fmt import band_range, expr_text, format_policy, number_text

# A unit: what one-at-a-time attribution swaps between versions.
Unit = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. `kind` is added, removed or changed; `aspect` says what part of
    the declaration changed (None when the whole declaration was added or removed)."""

    kind: str
    category: str
    name: str
    aspect: str | None = None
    old: str | None = None
    new: str | None = None
    label: str | None = None
    unit: Unit = ("", "")
    # The phase's label for a per-phase value ("中期评估"); the rules that use a changed
    # parameter or derived value, as (category, name).
    aspect_label: str | None = None
    used_by: tuple[tuple[str, str], ...] = ()

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"kind": self.kind, "category": self.category, "name": self.name, "label": self.label,
                "aspect": self.aspect, "old": self.old, "new": self.new, "unit": list(self.unit),
                "used_by": [list(u) for u in self.used_by], "message": describe(self, lang)}


# ---------------------------------------------------------------- words

CATEGORY = {
    "header": ("政策头部", "header"), "extends": ("基础政策", "base policy"), "phases": ("评估阶段", "phases"),
    "fact": ("事实", "fact"), "param": ("参数", "parameter"), "define": ("派生值", "derived value"),
    "sheet": ("评分表", "score sheet"), "party": ("评估方", "party"), "item": ("评分项", "score item"),
    "grades": ("等级表", "grades"), "band": ("等级", "grade"), "veto": ("一票否决", "veto"),
    "finding": ("关注事项", "finding"), "indicator": ("指标", "indicator"), "reconcile": ("核对", "reconciliation"),
    "require": ("事实要求", "requirement"), "remove": ("删除声明", "removal"),
}

ASPECT = {
    "value": ("值", "value"), "label": ("说明文字", "label"), "clause": ("依据条款", "clause"),
    "when": ("条件", "condition"), "forces": ("强制等级", "forced grade"), "maximum": ("满分", "maximum"),
    "share": ("分值", "share"), "party": ("所属评估方", "party"), "awarded": ("评分公式", "awarded formula"),
    "counted": ("计入公式", "counted formula"), "range": ("区间", "range"), "total": ("总分", "total"),
    "rounding": ("总分舍入", "rounding of the total"), "type": ("类型", "type"), "bounds": ("取值范围", "bounds"),
    "optional": ("可否缺省", "optional"), "count": ("记录条数", "number of records"), "over": ("适用记录", "records"),
    "compute": ("计算公式", "formula"), "not_applicable": ("不适用条件", "not-applicable condition"),
    "title": ("名称", "title"), "version": ("版本", "version"), "effective": ("生效期间", "effective period"),
    "regulation": ("依据文件", "regulation"), "dated_by": ("评估日期", "evaluation date"),
    "source": ("阶段来源", "phase source"), "phase": ("阶段", "phase"), "order": ("等级次序", "order of the grades"),
    "path": ("路径", "path"), "message": ("说明", "message"), "finding": ("关注事项", "finding"),
    "with": ("核对对象", "compared with"),
}


def _aspect_words(aspect: str, aspect_label: str | None, lang: str) -> str:
    head, _, arg = aspect.partition(":")
    if head == "phase":
        shown = f"{aspect_label}（{arg}）" if aspect_label and aspect_label != arg else arg
        return f"{shown}的值" if lang == "zh" else f"value at {arg}"
    if head == "from":
        return f"自 {arg} 起的值" if lang == "zh" else f"value from {arg}"
    if head == "finding":
        return f"关注事项「{arg}」" if lang == "zh" else f"finding {arg}"
    zh, en = ASPECT.get(head, (head, head))
    return zh if lang == "zh" else en


def subject(category: str, name: str, label: str | None, lang: str) -> str:
    """`一票否决「社工配备不足」` / `veto 社工配备不足`, with an English-named thing's label."""
    zh, en = CATEGORY.get(category, (category, category))
    show_label = label and label != name and name.isascii()
    if lang == "zh":
        return f"{zh}「{name}」" + (f"（{label}）" if show_label else "") if name else zh
    return f"{en} {name}" + (f" ({label})" if show_label else "") if name else en


def describe(c: Change, lang: str = "zh") -> str:
    """The change as one sentence an officer or auditor reads."""
    who = subject(c.category, c.name, c.label, lang)
    zh = lang == "zh"
    if c.aspect is None:
        if c.kind == "added":
            what = (f"：{c.new}" if zh else f": {c.new}") if c.new else ""
            return (f"新增{who}" if zh else f"{who} added") + what
        was = (f"（原为：{c.old}）" if zh else f" (was: {c.old})") if c.old else ""
        return (f"删除{who}" if zh else f"{who} removed") + was
    what = _aspect_words(c.aspect, c.aspect_label, lang)
    if c.old is None:
        text = f"{who}：新增{what} {c.new}" if zh else f"{who}: {what} {c.new} added"
    elif c.new is None:
        text = f"{who}：删除{what}（原为 {c.old}）" if zh else f"{who}: {what} removed (was {c.old})"
    else:
        text = f"{who}：{what}由 {c.old} 改为 {c.new}" if zh else f"{who}: {what} changed from {c.old} to {c.new}"
    if c.used_by:
        users = ("、" if zh else ", ").join(subject(cat, name, None, lang) for cat, name in c.used_by)
        text += f"（用于{users}）" if zh else f" (used by {users})"
    return text


# ---------------------------------------------------------------- summaries of declarations


def value_text(v: A.Expr | A.ByPhase | A.ByDate) -> str:
    if isinstance(v, A.ByPhase):
        return "by phase { " + ", ".join(f"{p.phase}: {expr_text(p.value)}" for p in v.values) + " }"
    if isinstance(v, A.ByDate):
        return "by date { " + ", ".join(f"from {d.start.isoformat()}: {value_text(d.value)}" for d in v.values) + " }"
    return expr_text(v)


def _share(p: A.Party) -> str:
    return f"points {number_text(p.share)}" if p.share_kind is A.ShareKind.POINTS \
        else f"weight {number_text(p.share, True)}"


def _item_text(i: A.Item) -> str:
    body = f"= {expr_text(i.awarded)}" if i.counted is None else \
        f"awarded {expr_text(i.awarded)} counted {expr_text(i.counted)}"
    return f"max {number_text(i.maximum)} {body}"


def _type_text(f: A.FactField) -> str:
    if f.kind is A.FactKind.CHOICE:
        return "one of " + ", ".join(f'"{c}"' for c in f.choices)
    return str(f.kind.value)


def _num(v: Any) -> str:
    return str(v) if isinstance(v, int) else f"{v:f}"


def _bounds_text(lo: Any, hi: Any) -> str | None:
    parts = ([f"min {_num(lo)}"] if lo is not None else []) + ([f"max {_num(hi)}"] if hi is not None else [])
    return " ".join(parts) or None


def summary(category: str, d: Any) -> str | None:
    """A short description of a whole declaration, for an added or removed one."""
    match category:
        case "param":
            return value_text(d.value)
        case "define":
            return expr_text(d.expr)
        case "veto":
            return f"when {expr_text(d.when)} forces {d.forces}"
        case "finding":
            return f"when {expr_text(d.when)}"
        case "indicator":
            return f"for each {d.over.dotted} compute {expr_text(d.compute)}"
        case "band":
            return band_range(d)
        case "party":
            return _share(d)
        case "item":
            return _item_text(d)
        case "fact":
            if isinstance(d, A.RecordsField):
                return "records"
            return " ".join(p for p in (_type_text(d), _bounds_text(d.minimum, d.maximum),
                                        "optional" if d.optional else None) if p)
        case "require":
            return f'{expr_text(d.expr)} "{d.message}"'
        case "reconcile":
            return f"{d.declared.dotted} with {expr_text(d.computed)}"
        case "override" | "remove" | "extends":
            return decl_text(d)
    return None


def decl_text(d: A.Decl) -> str:
    """A declaration in its canonical text, on one line."""
    return " ".join(format_policy(A.Policy((d,))).split())


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
            self.field(category, a.name, "clause", _clause(a.clause), _clause(b.clause), b.label)

    # -- declarations
    def decl(self, a: A.Decl, b: A.Decl) -> None:
        match a, b:
            case A.Header(), A.Header():
                for aspect, x, y in (("title", a.title, b.title), ("version", a.version, b.version),
                                     ("effective", _effective(a), _effective(b)),
                                     ("dated_by", _ref(a.dated_by), _ref(b.dated_by))):
                    self.field("header", "", aspect, x, y)
                old_regs = {_reg(r) for r in a.regulations}
                new_regs = {_reg(r) for r in b.regulations}
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
                self.field("fact", key, "type", _type_text(g), _type_text(f), f.label)
                self.field("fact", key, "bounds", _bounds_text(g.minimum, g.maximum),
                           _bounds_text(f.minimum, f.maximum), f.label)
                self.field("fact", key, "optional", str(g.optional).lower(), str(f.optional).lower(), f.label)
            elif isinstance(g, A.RecordsField) and isinstance(f, A.RecordsField):
                self.field("fact", key, "count", _bounds_text(g.min_count, g.max_count),
                           _bounds_text(f.min_count, f.max_count), f.label)
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
            olds = {d.start.isoformat(): _dated(d) for d in va.values}
            news = {d.start.isoformat(): _dated(d) for d in vb.values}
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
        self.field("indicator", a.name, "not_applicable", _expr(a.not_applicable), _expr(b.not_applicable), b.label)
        self.common("indicator", a, b)
        self.named("finding", a.findings, b.findings, lambda x, y: self.finding("finding", x, y))

    # -- the score sheet and the grades, one unit per party and per band
    def sheet(self, a: A.Sheet | None, b: A.Sheet | None) -> None:
        a = a or A.Sheet(())
        b = b or A.Sheet(())
        self.unit = ("sheet", "")
        self.field("sheet", "", "label", a.label, b.label)
        ta, tb = a.total, b.total
        self.field("sheet", "", "total", _total_max(ta), _total_max(tb))
        self.field("sheet", "", "rounding", _rounding(ta), _rounding(tb))
        old = {p.name: p for p in a.parties}
        new = {p.name: p for p in b.parties}
        for name in list(new) + [n for n in old if n not in new]:
            pa, pb = old.get(name), new.get(name)
            if pa is None or pb is None:
                self.named("party", [pa] if pa else [], [pb] if pb else [], None)
                continue
            self.field("party", name, "share", _share(pa), _share(pb), pb.label)
            self.field("party", name, "label", pa.label, pb.label, pb.label)
            self.named("item", pa.items, pb.items, self.item)

    def item(self, a: A.Item, b: A.Item) -> None:
        self.field("item", a.name, "maximum", number_text(a.maximum), number_text(b.maximum), b.label)
        self.field("item", a.name, "awarded", expr_text(a.awarded), expr_text(b.awarded), b.label)
        self.field("item", a.name, "counted", _expr(a.counted), _expr(b.counted), b.label)
        self.common("item", a, b)

    def grades(self, a: A.Grades | None, b: A.Grades | None) -> None:
        a = a or A.Grades(())
        b = b or A.Grades(())
        self.unit = ("grades", "")
        self.field("grades", "", "label", a.label, b.label)
        common_old = [x.name for x in a.bands if x.name in {y.name for y in b.bands}]
        common_new = [y.name for y in b.bands if y.name in {x.name for x in a.bands}]
        self.field("grades", "", "order", " > ".join(common_old), " > ".join(common_new))
        old = {x.name: x for x in a.bands}
        new = {x.name: x for x in b.bands}
        for name in list(new) + [n for n in old if n not in new]:
            ba, bb = old.get(name), new.get(name)
            if ba is None or bb is None:
                self.named("band", [ba] if ba else [], [bb] if bb else [], None)
                continue
            self.field("band", name, "range", band_range(dataclasses.replace(ba, provided=None)),
                       band_range(dataclasses.replace(bb, provided=None)), bb.label)
            self.field("band", name, "provided", _expr(ba.provided), _expr(bb.provided), bb.label)
            self.field("band", name, "label", ba.label, bb.label, bb.label)


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


def unit_title(unit: Unit, lang: str = "zh") -> str:
    """`参数「社工缺口上限」`, `评分表`, `等级表`: a unit as the reports name it."""
    kind, name = unit
    category = {"facts": "fact", "records": "fact"}.get(kind, kind)
    return subject(category, name, None, lang)


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


def _clause(c: A.Clause | None) -> str | None:
    return c.text if c is not None else None


def _expr(e: A.Expr | None) -> str | None:
    return expr_text(e) if e is not None else None


def _ref(r: A.Ref | None) -> str | None:
    return r.dotted if r is not None else None


def _reg(r: A.Regulation) -> str:
    return f'"{r.title}"' + (f' "{r.document}"' if r.document else "")


def _effective(h: A.Header) -> str | None:
    if h.effective_from is None:
        return None
    return h.effective_from.isoformat() + (f" – {h.effective_to.isoformat()}" if h.effective_to else "")


def _dated(d: A.DatedValue) -> str:
    return value_text(d.value) + (f' "{d.document}"' if d.document else "")


def _total_max(t: A.TotalDecl | None) -> str | None:
    return number_text(t.maximum) if t is not None else None


def _rounding(t: A.TotalDecl | None) -> str | None:
    return f"round {t.rounding.places} {t.rounding.mode}" if t is not None and t.rounding is not None else None
