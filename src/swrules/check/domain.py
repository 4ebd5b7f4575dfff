"""Domain checks: the score sheet adds up, the grade bands cover the range once,
every per-phase value names every phase.

Input: the checking `Context` after names and types are resolved (and, for the
checks of ranges, the `Ranges` over its typed rules). Output: diagnostics appended
to it. These are the mistakes a policy officer makes when a regulation is
reissued: shares that no longer add up, a band boundary moved on one side only.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Span
from swrules.base.values import ROUNDING_MODES
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
    roundings = [p.rounding for p in sheet.parties] + [sheet.total.rounding if sheet.total is not None else None]
    for rounding in roundings:
        if rounding is not None and rounding.mode not in ROUNDING_MODES:
            c.error("E0208", rounding.span, name=rounding.mode)
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
    if grades.rounding is not None and grades.rounding.mode not in ROUNDING_MODES:
        c.error("E0208", grades.rounding.span, name=grades.rounding.mode)

    def gap(d: Diagnostic, low: Decimal, low_inc: bool, high: Decimal, high_inc: bool) -> None:
        """A gap, unless the grades say how its totals are graded (whole, rounded, otherwise)."""
        if not covered(grades, low, low_inc, high, high_inc):
            c.diags.append(d)

    ordered = sorted(spans, key=lambda s: (s[0], not s[1]))
    # Walk upward from 0, tracking how far coverage reaches.
    reach, reach_inc = Decimal(0), False  # nothing covered yet; 0 itself must be covered
    prev: _Bounds | None = None  # the band that reaches furthest so far
    for lo, lo_inc, hi, hi_inc, band in ordered:
        if prev is None:
            if lo > 0 or (lo == 0 and not lo_inc):
                gap(_gap(None, (lo, lo_inc, hi, hi_inc, band), Decimal(0), True), Decimal(0), True, lo, not lo_inc)
        elif lo > reach or (lo == reach and not lo_inc and not reach_inc):
            gap(_gap(prev, (lo, lo_inc, hi, hi_inc, band), reach, reach_inc), reach, not reach_inc, lo, not lo_inc)
        elif lo < reach or (lo == reach and lo_inc and reach_inc):
            c.diags.append(_overlap(prev, (lo, lo_inc, hi, hi_inc, band), reach, reach_inc))
        if prev is None or hi > reach or (hi == reach and hi_inc):
            reach, reach_inc = hi, hi_inc
            prev = (lo, lo_inc, hi, hi_inc, band)
    if prev is not None and (reach < top or not reach_inc):
        gap(_gap(prev, None, reach, reach_inc, top), reach, not reach_inc, top, True)


_Bounds = tuple[Decimal, bool, Decimal, bool, A.Band]


def covered(grades: A.Grades, low: Decimal, low_inc: bool, high: Decimal, high_inc: bool) -> bool:
    """Whether the grades say how a total between `low` and `high` is graded: by `otherwise`,
    or because no total is ever there: with whole totals (`grading integer`) or totals
    rounded before grading (`grading round 0 ...`), only the grid of whole numbers (or of
    the rounding's places) is graded, and a gap that holds no point of it is no gap."""
    if grades.otherwise is not None:
        return True
    if grades.integer:
        step = Decimal(1)
    elif grades.rounding is not None:
        step = Decimal(1).scaleb(-grades.rounding.places)
    else:
        return False
    point = (low / step).to_integral_value(rounding=ROUND_CEILING) * step
    if point == low and not low_inc:
        point += step
    return not (point < high or (point == high and high_inc))


def _band_text(b: _Bounds, lo: Decimal | None = None, lo_inc: bool | None = None,
               hi: Decimal | None = None, hi_inc: bool | None = None) -> str:
    """A band as written (`合格 60 <= total < 80`), with a bound changed where given;
    a bound left open stays open."""
    band = b[4]
    lo_text = hi_text = ""
    if band.low is not None or lo is not None:
        lo_text = f"{_fmt(b[0] if lo is None else lo)} {'<=' if (b[1] if lo_inc is None else lo_inc) else '<'} "
    if band.high is not None or hi is not None:
        hi_text = f" {'<=' if (b[3] if hi_inc is None else hi_inc) else '<'} {_fmt(b[2] if hi is None else hi)}"
    return f"{band.name} {lo_text}total{hi_text}"


def _gap(below: _Bounds | None, above: _Bounds | None, reach: Decimal, reach_inc: bool,
         top: Decimal | None = None) -> Diagnostic:
    """E0501 for the totals between the band `below` (reaching `reach`) and the band
    `above`, with a help that moves one of their bounds to close it."""
    if above is not None and below is not None:
        lo, lo_inc = above[0], above[1]
        fix_below = _band_text(below, hi=lo, hi_inc=not lo_inc)
        fix_above = _band_text(above, lo=reach, lo_inc=not reach_inc)
        interval = _interval_text(reach, not reach_inc, lo, not lo_inc)
        help_zh = (f"把 `{below[4].name}` 写成 `{fix_below}`，或把 `{above[4].name}` 写成 `{fix_above}`，"
                   "使两个等级首尾相接。")
        help_en = f"write `{fix_below}` or `{fix_above}`, so that the two bands meet."
        related = _note(below[4])
        return Diagnostic("E0501", {"interval": interval, "help_zh": help_zh, "help_en": help_en},
                          above[4].span, related=related)
    if above is not None:  # nothing below the lowest band
        lo, lo_inc = above[0], above[1]
        fix = _band_text(above, lo=Decimal(0), lo_inc=True)
        help_zh = f"让最低的等级 `{above[4].name}` 从 0 开始（`{fix}`），或为这段总分另加一个等级。"
        help_en = f"let the lowest band `{above[4].name}` start at 0 (`{fix}`), or add a band for these totals."
        return Diagnostic("E0501", {"interval": _interval_text(Decimal(0), True, lo, not lo_inc),
                                    "help_zh": help_zh, "help_en": help_en}, above[4].span)
    assert below is not None and top is not None  # nothing above the highest band
    fix = _band_text(below, hi=top, hi_inc=True)
    help_zh = f"让最高的等级 `{below[4].name}` 到满分 {_fmt(top)} 为止（`{fix}`），或为这段总分另加一个等级。"
    help_en = f"let the highest band `{below[4].name}` reach the maximum {_fmt(top)} (`{fix}`), or add a band."
    return Diagnostic("E0501", {"interval": _interval_text(reach, not reach_inc, top, True),
                                "help_zh": help_zh, "help_en": help_en}, below[4].span)


def _overlap(below: _Bounds, above: _Bounds, reach: Decimal, reach_inc: bool) -> Diagnostic:
    """E0502 for the totals both in `below` (reaching `reach`) and `above`, with a help
    that fixes this overlap: `below` ends where `above` starts, or `above` starts where
    `below` ends (when that leaves `above` some totals)."""
    lo, lo_inc, hi, hi_inc, band = above
    over_hi = min(hi, reach)
    over_hi_inc = reach_inc if reach < hi else (hi_inc and reach_inc)
    a, b = band.name, below[4].name
    fix_below = _band_text(below, hi=lo, hi_inc=not lo_inc)
    help_zh = f"把 `{b}` 写成 `{fix_below}`"
    help_en = f"write `{fix_below}`"
    if reach < hi:
        fix_above = _band_text(above, lo=reach, lo_inc=not reach_inc)
        help_zh += f"，或把 `{a}` 写成 `{fix_above}`"
        help_en += f" or `{fix_above}`"
    args = {"interval": _interval_text(lo, lo_inc, over_hi, over_hi_inc), "a": a, "b": b,
            "help_zh": help_zh + "，使两个等级首尾相接。", "help_en": help_en + ", so that the two bands meet."}
    return Diagnostic("E0502", args, band.span, related=_note(below[4]))


def _note(band: A.Band) -> tuple[tuple[Span, str], ...]:
    """A note at the other band's line."""
    return () if band.span is None else ((band.span, f"`{band.name}` 在这里 / `{band.name}` is here"),)


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
