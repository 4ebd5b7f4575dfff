"""The district's summary report and its public notice as Word documents (.docx).

Input: a `District`, a language, the kind (`summary`, `notice`) and the date to print
(or none: a blank for the bureau). Output: the bytes of a .docx built on `word.py`
(A4, 宋体/黑体, header rows repeated on every page): the same sections and words as the
HTML (`district.district_data`), the pictures as PNG (`raster.png`; left out, with a
sentence saying so, on a machine without a CJK font). The notice is the table a bureau
publishes, its period, objections address and seal left as blanks to fill.
Guarantees: the same district and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from swrules.engine.district import District

from .district import district_data, figures
from .raster import png, printed_width_cm
from .word import Align, WordDocument

NO_FONT = {"zh": "（本机没有可显示中文的字体，图略；安装 fonts-noto-cjk 后重新生成即可。）",
           "en": "(No font that draws Chinese on this machine: picture left out; install fonts-noto-cjk and "
                 "generate again.)"}
STATION_COLUMNS = ("number", "name", "operator", "phase", "total", "grade")


def district_docx(d: District, lang: str, kind: str = "summary", date: dt.date | None = None) -> bytes:
    """The .docx file of the summary report or of the public notice."""
    data = district_data(d, lang, date)
    if kind == "notice":
        return _notice(data).to_bytes()
    return _summary(d, data, lang).to_bytes()


def _station_table(doc: WordDocument, data: dict[str, Any], notice: bool) -> None:
    t = data["t"]
    head = [t["number"], t["station"], t["operator"], t["phase"], t["total"], t["grade"]]
    rows = [s for s in data["stations"] if s["evaluated"] or not notice]
    cells = [[str(i) if notice else s["number"], s["name"], s["operator"], s["phase"], s["total"], s["grade"]]
             for i, s in enumerate(rows, start=1)]
    widths = [1.2, 4.6, 3.8, 2.0, 1.6, 2.2]
    if not notice:
        head.append(t["vetoes"])
        for row, s in zip(cells, rows, strict=True):
            row.append(s["vetoes"])
        widths = [1.0, 3.4, 2.8, 1.7, 1.4, 1.9, 3.2]
    align: list[Align] = ["right", "left", "left", "left", "right", "left", "left"]
    doc.table(head, cells, widths_cm=widths, align=align[:len(head)])


def _notice(data: dict[str, Any]) -> WordDocument:
    t = data["t"]
    doc = WordDocument(title=data["notice_title"])
    doc.title(data["notice_title"])
    doc.paragraph(data["notice_intro"], indent=True)
    _station_table(doc, data, notice=True)
    if data["provisional_any"]:
        doc.paragraph(t["notice_provisional"], indent=True)
    if data["examples"]:
        doc.paragraph(t["example_note"], indent=True)
    doc.paragraph(t["notice_period"], indent=True)
    doc.paragraph(t["notice_objection"], indent=True)
    doc.paragraph()
    doc.paragraph(t["notice_signature"], align="right")
    doc.paragraph(data["date"], align="right")
    return doc


def _picture(doc: WordDocument, figure: Any, lang: str, caption: str) -> None:
    picture = png(figure)
    if picture is None:
        doc.paragraph(NO_FONT["zh" if lang == "zh" else "en"])
        return
    doc.picture(picture, width_cm=min(15.0, printed_width_cm(figure)), caption=caption)


def _summary(d: District, data: dict[str, Any], lang: str) -> WordDocument:
    t, rnd, counts = data["t"], data["round"], data["counts"]
    pictures = figures(d, lang)
    zh = lang == "zh"

    def number(i: int) -> str:
        return "一二三四五六七八九十"[i] + "、" if zh else f"{i + 1}. "

    doc = WordDocument(title=data["title"])
    doc.title(data["title"])
    doc.paragraph(f"{t['date_line']}{data['colon']}{data['date']}", align="right")

    doc.heading(number(0) + t["round"])
    facts = [(t["phase"], rnd["phase"]), (t["period"], rnd["period"]), (t["district"], rnd["district"]),
             (t["policy"], rnd["policy"] + (f" {t['version']} {rnd['version']}" if rnd["version"] else ""))]
    if rnd["evaluator"]:
        facts.append((t["evaluating_org"], rnd["evaluator"]))
    facts.append((t["stations_evaluated"], f"{counts['evaluated']} / {counts['read']}"))
    doc.table([t["round_field"], t["round_value"]], [list(f) for f in facts], widths_cm=[3.5, 11.5])
    doc.paragraph(t["process_note"], indent=True)

    doc.heading(number(1) + t["grade_counts"])
    rows = [[g["grade"], g["count"], g["share"]] for g in data["grades"]]
    rows += [[t["not_determined_grade"], counts["undetermined"], ""],
             [t["provisional_count"], counts["provisional"], ""], [t["failed_stations"], counts["failed"], ""]]
    doc.table([t["grade"], t["stations_count"], t["share_of_stations"]], rows, widths_cm=[6, 3, 3],
              align=["left", "right", "right"])
    _picture(doc, pictures["totals"], lang, t["chart_totals"])

    doc.heading(number(2) + t["veto_stations"])
    doc.table([t["vetoes"], t["stations_hit"], t["station"], t["unverified"]],
              [[v["label"], v["count"], v["stations"], v["unverified"]] for v in data["vetoes"]],
              widths_cm=[4.5, 1.8, 5.2, 3.5], align=["left", "right", "left", "left"])
    _picture(doc, pictures["vetoes"], lang, t["chart_vetoes"])

    doc.heading(number(3) + t["finding_stations"])
    doc.table([t["findings"], t["stations_count"], t["station"], t["unverified"]],
              [[f["label"], f["count"], f["stations"], f["unverified"]] for f in data["findings"]],
              widths_cm=[4.5, 1.8, 5.2, 3.5], align=["left", "right", "left", "left"])
    if data["process"]:  # the evaluation's own process, a short part of section 3 (`render.checks`)
        doc.paragraph(t["r_process"], bold=True)
        doc.paragraph(t["r_process_lead"], indent=True)
        doc.table([t["process_checks"], t["stations_count"], t["station"], t["unverified"]],
                  [[f["label"], f["count"], f["stations"], f["unverified"]] for f in data["process"]],
                  widths_cm=[4.5, 1.8, 5.2, 3.5], align=["left", "right", "left", "left"])

    doc.heading(number(4) + t["near_edge_stations"])
    if data["near"]:
        doc.table([t["station"], t["total"], t["edge"], t["grade"]],
                  [[n["station"], n["total"], n["edge"], n["grade"]] for n in data["near"]],
                  widths_cm=[6, 3, 3, 3], align=["left", "right", "right", "left"])
    else:
        doc.paragraph(t["no_stations_near"], indent=True)

    doc.heading(number(5) + t["differing_figures"])
    if data["differences"]:
        doc.table([t["station"], t["item"], t["declared"], t["computed"], t["difference"]],
                  [[x["station"], x["label"], x["declared"], x["computed"], x["difference"]]
                   for x in data["differences"]],
                  widths_cm=[4.5, 4, 2.2, 2.2, 2.1], align=["left", "left", "right", "right", "right"])
    else:
        doc.paragraph(t["no_differences"], indent=True)

    doc.heading(number(6) + t["failed_stations"])
    if data["failed"]:
        doc.table([t["facts_file"], t["reason"]], [[f["file"], "\n".join(f["reasons"])] for f in data["failed"]],
                  widths_cm=[5, 10])
    else:
        doc.paragraph(t["none"], indent=True)

    doc.heading(number(7) + t["station_list"])
    _station_table(doc, data, notice=False)
    if data["examples"]:
        doc.paragraph(t["example_note"], indent=True)
    doc.paragraph(f"{t['policy']}{data['colon']}{rnd['policy']} {rnd['version']}{data['sep']}"
                  f"{t['swrules_version']} {data['swrules_version']}", size=9)
    return doc
