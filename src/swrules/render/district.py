"""The district's summary report and its public notice (公示), as data and as Markdown or HTML.

Input: a `District` (every station's batch row and result), a language, the kind of
document (`summary`, `notice`) and the date to print (or none: left blank for the
bureau to fill). Output: `district_data`, plain strings and lists a template (shipped
in `reports/`: `district.*.j2`, `notice.html.j2`) or the Word writer reads; and
`render_district`, the text. The summary says the round (phase, period, policy and
version, evaluating organisation where the facts name one), the stations per grade
with those provisional or not determinable, every veto and finding with the stations
it hit (the checks of the evaluation's own process in a short section of their own, as the
station's annex has them: `render.checks`), the stations within one point of a band edge, the published figures that
differ from the computed ones, the stations that could not be evaluated and why, and
one row per station; HTML carries the pictures as inline SVG. The notice is the one
table a bureau publishes, with the period and where to send objections left as blanks.
Guarantees: the counts are `BatchTotals`' (the same as `swrules eval`); no clock is read;
example stations are marked 示例; no file path appears except, for a station that could
not be read at all, the name of its file, which is all there is to name it by; a station
whose name another station of the district shares is listed with its number in the table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from swrules.base.show import aside, chinese_date, colon, join, show
from swrules.base.version import __version__
from swrules.base.words import WORDS, w
from swrules.engine.batch import UNDETERMINED_GRADE
from swrules.engine.district import District, DistrictStation

from .charts import totals_histogram, veto_bars
from .checks import is_process_label, plain
from .figure import Figure, svg
from .report import shipped_environment

KINDS = ("summary", "notice")
TEMPLATES = {("summary", "md"): "district.md.j2", ("summary", "html"): "district.html.j2",
             ("notice", "md"): "notice.md.j2", ("notice", "html"): "notice.html.j2"}
BLANK_DATE = {"zh": "＿＿＿＿年＿＿月＿＿日", "en": "____-__-__"}


def station_name(s: DistrictStation, lang: str) -> str:
    """The station's name as published: an invented example says so."""
    name = s.row.station or PurePath(s.row.path.split("!", 1)[0]).name
    if s.example and "示例" not in name:
        name += w("example_mark", lang)
    return name


def _file_name(s: DistrictStation) -> str:
    """The station's file as the report may name it: its name without folders (a workbook's row kept)."""
    file, bang, row = s.row.path.partition("!")
    return PurePath(file).name + bang + row


def _lister(d: District, lang: str) -> Callable[[DistrictStation], str]:
    """How the report's lists (the stations a check hit, near a band edge, with figures that differ)
    name a station: by `station_name`, with its number in the table of stations beside it only where
    two stations of the district share the name (序号 2), so that the reader can tell which is meant
    without a file name in the report."""
    counts = Counter(station_name(s, lang) for s in d.stations)
    numbers = {id(s): n for n, s in enumerate(d.stations, start=1)}

    def name(s: DistrictStation) -> str:
        shown = station_name(s, lang)
        if counts[shown] < 2:
            return shown
        return shown + aside(w("station_number", lang).format(n=numbers[id(s)]), lang)
    return name


def _points(value: Decimal | None, places: int | None, lang: str) -> str:
    return show(value, lang, places=places) if value is not None else w("cannot_determine", lang)


def _grade(s: DistrictStation, lang: str) -> str:
    if not s.row.evaluated:
        return ""
    grade = s.row.grade or w("not_determined_grade", lang)
    if s.row.provisional:
        grade += f"（{w('provisional', lang)}）" if lang == "zh" else f" ({w('provisional', lang)})"
    return grade


def _station_rows(d: District, lang: str) -> list[dict[str, Any]]:
    rows = []
    for n, s in enumerate(d.stations, start=1):
        station = s.result.station if s.result is not None else {}
        rows.append({"number": str(n), "name": station_name(s, lang), "operator": show(station.get("operator"), lang)
                     if station.get("operator") else "", "phase": _phase(s, lang),
                     "total": _points(s.row.total, s.row.places, lang) if s.row.evaluated else "",
                     "grade": _grade(s, lang), "evaluated": s.row.evaluated,
                     "vetoes": join((_label(d.vetoes, v) for v in s.row.vetoes_hit), lang),
                     "example": s.example})
    return rows


def _phase(s: DistrictStation, lang: str) -> str:
    if lang == "zh" and s.row.phase_label:
        return s.row.phase_label
    return s.row.phase or ""


def _label(pairs: tuple[tuple[str, str], ...], key: str) -> str:
    return dict(pairs).get(key, key)


def _round(d: District, lang: str) -> dict[str, Any]:
    """What round of evaluation this is: phase, period, district, policy, evaluating organisation."""
    results = [s.result for s in d.stations if s.result is not None]
    phases = list(dict.fromkeys(_phase(s, lang) for s in d.stations if s.row.evaluated and _phase(s, lang)))
    districts = list(dict.fromkeys(str(r.station["district"]) for r in results if r.station.get("district")))
    periods: list[tuple[dt.date, dt.date]] = sorted(
        {(a, b) for r in results if isinstance(a := r.station.get("period_start"), dt.date)
         and isinstance(b := r.station.get("period_end"), dt.date)})
    if not periods:
        period = ""
    elif len(periods) == 1:
        period = _span(periods[0][0], periods[0][1], lang)
    else:
        period = join((_span(a, b, lang) for a, b in periods), lang)
    versions = list(dict.fromkeys(r.policy_version for r in results if r.policy_version))
    orgs = list(dict.fromkeys(s.evaluator for s in d.stations if s.evaluator))
    return {"phase": join(phases, lang), "period": period, "district": join(districts, lang),
            "policy": d.policy_title, "version": join(versions, lang), "evaluator": join(orgs, lang)}


def _span(a: dt.date, b: dt.date, lang: str) -> str:
    return f"{chinese_date(a)}至{chinese_date(b)}" if lang == "zh" else f"{a.isoformat()} – {b.isoformat()}"


def _share(n: int, of: int) -> str:
    if not of:
        return "—"
    return f"{(Decimal(n) * 100 / of).quantize(Decimal('0.1'))}%"


def _checks(d: District, kind: str, lang: str) -> list[dict[str, Any]]:
    """Each veto, station's finding or check of the evaluation's own process (`kind` `process`,
    labelled without 评估工作：, the heading says it: `render.checks`), in policy order, with the
    stations it hit and those it could not decide."""
    if kind == "veto":
        pairs = d.vetoes
    else:
        pairs = tuple((k, plain(label) if kind == "process" else label) for k, label in d.findings
                      if is_process_label(label) == (kind == "process"))
        kind = "finding"
    named = _lister(d, lang)
    hit: dict[str, list[str]] = {k: [] for k, _ in pairs}
    open_: dict[str, list[str]] = {k: [] for k, _ in pairs}
    for s in d.stations:
        for c_kind, rule, _lbl, status, record, _reads in s.row.checks:
            if c_kind != kind or rule not in hit:
                continue
            name = named(s) + (f"（{record}）" if record and lang == "zh" else
                               f" ({record})" if record else "")
            (open_ if status == "undetermined" else hit)[rule].append(name)
    evaluated = d.totals.evaluated
    return [{"label": label, "count": str(len(hit[k])), "stations": join(hit[k], lang) or w("none", lang),
             "unverified": _some(open_[k], evaluated, lang)} for k, label in pairs]


# Up to this many stations are named in a cell; more are counted, so that a check every station
# left open (say, a process date no fact file gives) reads as one short line.
NAMED_AT_MOST = 5


def _some(names: list[str], evaluated: int, lang: str) -> str:
    if len(names) <= NAMED_AT_MOST:
        return join(names, lang)
    if len(names) == evaluated:
        return w("all_stations", lang).format(n=len(names))
    return w("n_stations", lang).format(n=len(names))


def _failed(d: District, lang: str) -> list[dict[str, Any]]:
    out = []
    for s in d.stations:
        if s.row.evaluated:
            continue
        reasons = []
        for e in s.row.errors:
            where = f"{e['key_path']}：" if e.get("key_path") and lang == "zh" else \
                f"{e['key_path']}: " if e.get("key_path") else ""
            reasons.append(f"{where}{e['message']}" + (f"（{e['help']}）" if e.get("help") and lang == "zh" else
                                                        f" ({e['help']})" if e.get("help") else ""))
        out.append({"file": _file_name(s), "reasons": reasons})
    return out


def _differences(d: District, lang: str) -> list[dict[str, str]]:
    out = []
    named = _lister(d, lang)
    for s in d.stations:
        if s.result is None:
            continue
        for line in s.result.reconciliation:
            if line.status == "differs":
                out.append({"station": named(s), "label": line.label,
                            "declared": show(line.declared, lang), "computed": show(line.computed, lang),
                            "difference": show(line.difference, lang) if line.difference is not None else ""})
    return out


def _near(d: District, lang: str) -> list[dict[str, str]]:
    names = {s.row.path: s for s in d.stations}
    named = _lister(d, lang)
    return [{"station": named(names[p]), "total": show(t, lang, places=names[p].row.places),
             "edge": show(e, lang), "grade": _grade(names[p], lang)} for p, t, e in d.totals.near_edges if p in names]


def figures(d: District, lang: str) -> dict[str, Figure]:
    """The district's pictures: the totals by grade, and the stations each veto hit."""
    totals = [(s.row.total, s.row.grade) for s in d.stations if s.row.evaluated and s.row.total is not None]
    per_veto = dict(d.totals.per_veto)
    return {"totals": totals_histogram(totals, d.grades, d.edges, d.total_max, lang),
            "vetoes": veto_bars([(label, per_veto.get(k, 0)) for k, label in d.vetoes], lang)}


def district_data(d: District, lang: str, date: dt.date | None = None) -> dict[str, Any]:
    """Everything the district's documents show, as strings in the reader's language."""
    sums = d.totals
    rnd = _round(d, lang)
    phase_words = rnd["phase"] or ("评估" if lang == "zh" else "evaluation")
    district = rnd["district"] or ("本区" if lang == "zh" else "the district")
    grades = [{"grade": g, "count": str(n), "share": _share(n, sums.evaluated)} for g, n in sums.per_grade
              if g != UNDETERMINED_GRADE]
    examples = any(s.example for s in d.stations)
    return {
        "lang": lang,
        "t": {key: w(key, lang) for key in WORDS},
        "colon": colon(lang), "sep": "；" if lang == "zh" else "; ",
        "title": w("district_title", lang).format(district=district, phase=phase_words),
        "notice_title": w("notice_title", lang).format(district=district, phase=phase_words),
        "notice_intro": w("notice_intro", lang).format(policy=_quoted(d.policy_title, lang), district=district,
                                                      phase=phase_words),
        "round": rnd,
        "date": (chinese_date(date) if lang == "zh" else date.isoformat()) if date else BLANK_DATE[lang],
        "counts": {"read": str(sums.read), "evaluated": str(sums.evaluated), "failed": str(sums.failed),
                   "provisional": str(sums.provisional),
                   "undetermined": str(dict(sums.per_grade).get(UNDETERMINED_GRADE, 0))},
        "grades": grades,
        "vetoes": _checks(d, "veto", lang),
        "findings": _checks(d, "finding", lang),
        "process": _checks(d, "process", lang),  # the evaluation's own process, apart (as the station's annex)
        "near": _near(d, lang),
        "differences": _differences(d, lang),
        "failed": _failed(d, lang),
        "stations": _station_rows(d, lang),
        "examples": examples,
        "provisional_any": sums.provisional > 0,
        "svg": {},
        "swrules_version": __version__,
    }


def _quoted(title: str, lang: str) -> str:
    return f"《{title}》" if lang == "zh" and not title.startswith("《") else title


def render_district(d: District, lang: str, fmt: str, kind: str = "summary", date: dt.date | None = None) -> str:
    """The summary report or the public notice as Markdown or HTML (pictures inline in HTML)."""
    data = district_data(d, lang, date)
    if fmt == "html" and kind == "summary":
        data["svg"] = {k: Markup(svg(f)) for k, f in figures(d, lang).items()}  # noqa: S704 - built and escaped by figure.svg
    env = shipped_environment(markdown=fmt == "md")
    return env.get_template(TEMPLATES[(kind, fmt)]).render(**data)

