"""Domain checks: the score sheet adds up, the grade bands cover the range once,
every per-phase value names every phase.

Input: the checking `Context` after names and types are resolved (and, for the
checks of ranges, the `Ranges` over its typed rules). Output: diagnostics appended
to it. These are the mistakes a policy officer makes when a regulation is
reissued: shares that no longer add up, a band boundary moved on one side only.
"""

from __future__ import annotations

from decimal import Decimal

from swrules.base.diagnostics import Diagnostic
from swrules.syntax import ast as A

from . import ir
from .context import Context
from .ranges import Ranges


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")


def check_sheet(c: Context) -> None:
    sheet = c.sheet
    assert sheet is not None
    total_max = sheet.total.maximum if sheet.total is not None else Decimal(100)
    anchor = sheet.total.span if sheet.total is not None else sheet.span
    points = [p for p in sheet.parties if p.share_kind is A.ShareKind.POINTS]
    weights = [p for p in sheet.parties if p.share_kind is A.ShareKind.WEIGHT]
    if points and not weights:
        s = sum((p.share for p in points), Decimal(0))
        if s != total_max:
            c.error("E0401", anchor, sum=_fmt(s), total=_fmt(total_max))
    if weights and not points:
        s = sum((p.share for p in weights), Decimal(0))
        if s != 1:
            c.error("E0405", anchor, sum=f"{_fmt(s * 100)}%")
    for party in sheet.parties:
        s = sum((i.maximum for i in party.items), Decimal(0))
        if party.share_kind is A.ShareKind.POINTS and s != party.share:
            c.error("E0402", party.span, party=party.name, sum=_fmt(s), share=_fmt(party.share))
        if party.share_kind is A.ShareKind.WEIGHT and s != 100:
            c.error("E0404", party.span, party=party.name, sum=_fmt(s))
        for item in party.items:
            _check_item_max(c, item)


def _check_item_max(c: Context, item: A.Item) -> None:
    """An item read straight from a fact must not be able to exceed its maximum."""
    ref = item.awarded
    if not isinstance(ref, A.Ref):
        return
    key = ref.dotted
    info = c.facts_by_key.get(key)
    decl = info.decl if info is not None else None
    if decl is None and len(ref.parts) > 1:
        rec = c.facts_by_key.get(".".join(ref.parts[:-1]))
        if rec is not None and isinstance(rec.decl, A.RecordsField):
            decl = next((f for f in rec.decl.fields if f.name == ref.parts[-1]), None)
    if not isinstance(decl, A.FactField):
        return
    if decl.maximum is None or decl.maximum > item.maximum:
        c.error("E0403", item.span, item=item.name, max=_fmt(item.maximum), fact=key,
                fact_max=_fmt(decl.maximum) if decl.maximum is not None else "∞")


# ---------------------------------------------------------------- grade bands


def _interval_text(lo: Decimal, lo_inc: bool, hi: Decimal, hi_inc: bool) -> str:
    if lo == hi:
        return f"total = {_fmt(lo)}"
    return f"{_fmt(lo)} {'<=' if lo_inc else '<'} total {'<=' if hi_inc else '<'} {_fmt(hi)}"


def check_bands(c: Context) -> None:
    grades = c.grades
    assert grades is not None and c.sheet is not None
    top = c.sheet.total.maximum if c.sheet.total is not None else Decimal(100)
    bands = [b for b in grades.bands if b.provided is None]
    # Bounds as (value, inclusive); open ends are the score range's ends.
    spans = []
    for b in bands:
        lo = b.low if b.low is not None else Decimal(0)
        lo_inc = b.low_inclusive if b.low is not None else True
        hi = b.high if b.high is not None else top
        hi_inc = b.high_inclusive if b.high is not None else True
        spans.append((lo, lo_inc, hi, hi_inc, b))
    # Listed best first: each band must lie above the next.
    for (lo1, _, _, _, b1), (lo2, _, _, _, b2) in zip(spans, spans[1:], strict=False):
        if lo1 < lo2:
            c.error("E0503", b1.span, band=b1.name, next=b2.name)
            return
    ordered = sorted(spans, key=lambda s: (s[0], not s[1]))
    # Walk upward from 0, tracking how far coverage reaches.
    reach, reach_inc = Decimal(0), False  # nothing covered yet; 0 itself must be covered
    first = True
    prev_band: A.Band | None = None
    for lo, lo_inc, hi, hi_inc, band in ordered:
        if first:
            if lo > 0 or (lo == 0 and not lo_inc):
                c.error("E0501", band.span, interval=_interval_text(Decimal(0), True, lo, not lo_inc))
            first = False
        else:
            # gap between reach and lo?
            if lo > reach or (lo == reach and not lo_inc and not reach_inc):
                c.error("E0501", band.span, interval=_interval_text(reach, not reach_inc, lo, not lo_inc))
            elif lo < reach or (lo == reach and lo_inc and reach_inc):
                over_hi = min(hi, reach)
                over_hi_inc = reach_inc if reach < hi else (hi_inc and reach_inc)
                c.diags.append(Diagnostic(
                    "E0502",
                    {"interval": _interval_text(lo, lo_inc, over_hi, over_hi_inc), "a": band.name,
                     "b": prev_band.name if prev_band else "?"},
                    band.span,
                ))
        if hi > reach or (hi == reach and hi_inc):
            reach, reach_inc = hi, hi_inc
        prev_band = band
    if not first and (reach < top or not reach_inc):
        assert prev_band is not None
        c.error("E0501", prev_band.span, interval=_interval_text(reach, not reach_inc, top, True))


# ---------------------------------------------------------------- phases

def check_phases(c: Context) -> None:
    phases = c.phases
    names = c.phase_names
    if phases is not None:
        info = c.facts_by_key.get(phases.source.dotted)
        if info is not None:
            decl = info.decl
            ok = isinstance(decl, A.FactField) and decl.kind is A.FactKind.CHOICE and set(decl.choices) == set(names)
            if not ok:
                quoted = ", ".join(f'"{n}"' for n in names)
                c.error("E0602", phases.source.span, fact=phases.source.dotted, phases="、".join(names),
                        phases_en=", ".join(names), quoted=quoted)
    assert c.header is not None
    for rule in c.rules:
        d = rule.decl
        if not isinstance(d, A.Param):
            continue
        if isinstance(d.value, A.ByPhase):
            _check_by_phase(c, d.name, d.value)
        elif isinstance(d.value, A.ByDate):
            if c.header.dated_by is None:
                c.error("E0604", d.value.span)
            for a, b in zip(d.value.values, d.value.values[1:], strict=False):
                if b.start <= a.start:
                    c.error("E0605", b.span)
            for dv in d.value.values:
                if isinstance(dv.value, A.ByPhase):
                    _check_by_phase(c, d.name, dv.value)


def _check_by_phase(c: Context, name: str, value: A.ByPhase) -> None:
    names = c.phase_names
    if c.phases is None:
        c.error("E0603", value.span)
        return
    given = []
    misspelled = any(pv.phase not in names for pv in value.values)
    for pv in value.values:
        if pv.phase not in names:
            c.error("E0207", pv.span, name=pv.phase, phases="、".join(names), phases_en=", ".join(names))
        elif pv.phase in given:
            c.error("E0202", pv.span, name=f"{name}.{pv.phase}")
        given.append(pv.phase)
    for phase in names:
        # A misspelled phase is reported once, as unknown, not again as missing.
        if phase not in given and not misspelled:
            c.error("E0601", value.span, name=name, phase=phase)


# ---------------------------------------------------------------- ranges


def _bounds_text(lo: Decimal | None, hi: Decimal | None, percent: bool) -> str:
    def show(v: Decimal) -> str:
        return f"{_fmt(v * 100)}%" if percent else _fmt(v)
    return f"{'-∞' if lo is None else show(lo)} .. {'∞' if hi is None else show(hi)}"


def check_item_ranges(c: Context, ranges: Ranges) -> None:
    """An item whose formula can award more than its maximum, whatever the facts say."""
    for rule in c.rules:  # items are rules in the order of the sheet
        item = c.typed.get(rule.slot)
        if not isinstance(item, ir.Item):
            continue
        if isinstance(item.awarded, ir.Ref) and item.counted is None:
            continue  # read straight from a fact: E0403 says it better
        for expr in (item.awarded, item.counted):
            if expr is None:
                continue
            r = ranges.interval(expr)
            if r.hi is not None and r.hi > item.maximum:
                c.error("E0406", expr.span, item=item.name, hi=_fmt(r.hi), max=_fmt(item.maximum))
                break


_RULE_WORDS = {"veto": ("一票否决", "veto"), "finding": ("需要关注的情形", "finding")}


def check_conditions(c: Context, ranges: Ranges) -> None:
    """Vetoes and findings whose condition cannot change: never fires, or always fires."""
    rules: list[tuple[str, ir.Expr]] = []
    for rule in c.rules:  # the vetoes and findings of the policy, in its order
        d = c.typed.get(rule.slot)
        if isinstance(d, ir.Veto):
            rules.append(("veto", d.when))
        elif isinstance(d, ir.Finding):
            rules.append(("finding", d.when))
    for kind, when in rules:
        values = ranges.truth(when)
        if len(values) != 1:
            continue
        value = next(iter(values))
        facts = ranges.bounded_facts(when)
        why_zh = "".join(f"`{k}` 声明的取值范围是 {_bounds_text(lo, hi, p)}；" for k, lo, hi, p in facts)
        why_en = "".join(f"`{k}` is declared within {_bounds_text(lo, hi, p)}; " for k, lo, hi, p in facts)
        kz, ke = _RULE_WORDS[kind]
        c.diags.append(Diagnostic("W0702", {
            "value": "真" if value else "假", "value_en": "true" if value else "false",
            "kind": kz, "kind_en": ke,
            "never": "总会成立" if value else "永远不会成立",
            "never_en": "always applies" if value else "can never apply",
            "why_zh": why_zh, "why_en": why_en,
        }, when.span))
