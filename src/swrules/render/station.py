"""The station's evaluation report in the agency's structure and words: the body.

Input: a `Result` with its `Explanation`, the `CheckedPolicy`, the station's facts as read
from its file, and a language. Output: `AgencyReport`, a list of blocks (headings,
paragraphs, numbered items, tables, a signature block) in the order of a Guangzhou
evaluation report: title; a summary stating grade, status in the process (初评 / confirmed /
final), the vetoes' verification and any difference from the published figures; 一 背景
(organisation, date, method, 评估依据 with the regulations, stages with the policy's
deadlines, 评估结果说明 restated from the policy); 二 评估总结 (basic facts, indicators, each
part's 值得肯定 / 需要关注 from the evaluators, then what the rules checked); 三 评估反馈; 四
评估等级 (the eight situations verified, the grade, the score sheet, and the picture of each
party's points against its maximum with the margin to the next band, `charts.station_chart`);
五 结语 and 改进建议;
signature and seal. The derivation goes to the annex (`render.annex`). Markdown, HTML and
Word render the same blocks, so the three say the same.

The evaluators' text is read from facts the policy declares (`EVALUATOR_FACTS`); a policy
without them gets the same report with those places marked 待评估机构填写. No program
identifier, key path or file path appears in the body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from swrules.base.report_words import SOURCE_REPORT_MARK
from swrules.base.show import chinese_date, date_range, decimal_text, paren, show, show_unit, yuan
from swrules.base.words import w
from swrules.check.ir import CheckedPolicy
from swrules.engine.result import Check, Result
from swrules.explanation.model import Explanation

from .charts import station_chart
from .checks import is_process, plain_label
from .figure import svg

Block = dict[str, Any]

# The parts of 二 评估总结 the evaluators write, in the report's order (`remarks.part`).
PARTS = ("运营管理", "服务成效和服务监测", "服务质量", "购买方", "市督导中心")
# The policy's parameters giving the process deadlines, for 一（三）评估阶段.
DEADLINES = {"feedback": "反馈初评意见时限", "report": "出具报告时限", "confirm": "确认报告时限",
             "notice": "公示期下限"}
CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass
class AgencyReport:
    """The report as blocks; `annex` is appended after a page break by every renderer."""

    title: str
    subtitle: str
    example: bool
    summary: list[str]
    blocks: list[Block] = field(default_factory=list)
    annex: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # A chart's `figure` is for the Word writer; templates get its SVG.
        return {"title": self.title, "subtitle": self.subtitle, "example": self.example, "summary": self.summary,
                "blocks": [{k: v for k, v in b.items() if k != "figure"} for b in self.blocks], "annex": self.annex}


def h(level: int, text: str) -> Block:
    return {"k": "h", "level": level, "text": text}


def p(text: str, *, indent: bool = True, bold: bool = False) -> Block:
    return {"k": "p", "text": text, "indent": indent, "bold": bold}


def items(texts: Sequence[str], style: str = "（{n}）") -> Block:
    """Numbered items: `{n}` is 1, 2, …; `{cn}` is 一, 二, … (up to 十)."""
    return {"k": "items", "items": [style.format(n=i, cn=count_words(i)) + t for i, t in enumerate(texts, start=1)]}


def count_words(n: int) -> str:
    """1..10 as 一..十, as reports count (评估分值由四方…); larger numbers as digits."""
    return CHINESE_NUMBERS[n - 1] if 1 <= n <= len(CHINESE_NUMBERS) else str(n)


def table(head: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str], *,
          spans: Sequence[Sequence[int]] | None = None, bold_rows: Sequence[int] = ()) -> Block:
    """`spans[r][c]`: how many rows cell (r, c) spans (0: covered by the cell above; Markdown
    prints `covered` text there instead)."""
    # A column of short cells is kept on one line (no column printed one character per line).
    nowrap = [all(len(r[c]) <= 12 for r in rows if c < len(r)) and len(head[c]) <= 12 for c in range(len(head))]
    return {"k": "table", "head": list(head), "rows": [list(r) for r in rows], "align": list(align),
            "spans": [list(s) for s in spans] if spans else None, "bold_rows": list(bold_rows), "nowrap": nowrap}


def fact(facts: Mapping[str, Any], key: str) -> Any:
    """A fact by its dotted key from the file as read, or None."""
    node: Any = facts
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def lines(text: Any) -> list[str]:
    """A text fact as paragraphs: one per non-empty line."""
    return [line.strip() for line in str(text).splitlines() if line.strip()] if text else []


def check_word(c: Check, lang: str) -> str:
    """A veto's or finding's outcome in the report's words."""
    if c.status == "undetermined":
        return w("r_unverified", lang)
    if c.forces is not None:
        return w("r_found", lang).format(forces=c.forces) if c.status == "hit" else w("r_not_found", lang)
    return w("r_attention", lang) if c.status == "raised" else w("r_met", lang)


def build_report(result: Result, expl: Explanation, policy: CheckedPolicy, facts: Mapping[str, Any],
                 lang: str = "zh") -> AgencyReport:
    """The report's blocks; the annex is built by `render.annex.annex_blocks`."""
    b = _Builder(result, expl, policy, facts, lang)
    return b.build()


class _Builder:
    def __init__(self, result: Result, expl: Explanation, policy: CheckedPolicy, facts: Mapping[str, Any],
                 lang: str) -> None:
        self.r, self.expl, self.policy, self.facts, self.lang = result, expl, policy, facts, lang
        self.station = result.station_name or ""
        self.phase = result.phase_label or ""
        self.out: list[Block] = []

    def t(self, key: str, **args: Any) -> str:
        return w(key, self.lang).format(**args) if args else w(key, self.lang)

    def num(self, n: int) -> str:
        """A count as the report writes it: 四方, 八种 (English: digits)."""
        return count_words(n) if self.lang == "zh" else str(n)

    def f(self, key: str) -> Any:
        return fact(self.facts, key)

    def points(self, value: Any) -> str:
        return show(value, self.lang, places=self.r.places)

    # -- top ----------------------------------------------------------------------------

    def build(self) -> AgencyReport:
        start, end = as_date(self.f("station.contract_start")), as_date(self.f("station.contract_end"))
        if start is None or end is None:
            start, end = as_date(self.f("station.period_start")), as_date(self.f("station.period_end"))
        subtitle = f"（{chinese_date(start, self.lang)}—{chinese_date(end, self.lang)}）" if start and end else ""
        example = "示例" in self.station or "示例" in self.r.policy_title
        report = AgencyReport(self.t("r_title", station=self.station, phase=self.phase), subtitle, example,
                              self.summary())
        intro = self.f("evaluation.introduction")
        if intro:
            self.out.extend(p(x) for x in lines(intro))
        self.background()
        self.findings()
        self.feedback()
        self.grade()
        self.closing()
        report.blocks = self.out
        return report

    def summary(self) -> list[str]:
        grade = show(self.r.grade, self.lang)
        if self.r.provisional:
            grade += paren(w("provisional", self.lang), self.lang)
        out = [self.t("r_grade_line", grade=grade, total=self.points(self.r.total))]
        final, confirmed = self.f("evaluation.final"), as_date(self.f("evaluation.confirmed_date"))
        if final is True:
            out.append(self.t("r_status_final"))
        elif confirmed is not None:
            out.append(self.t("r_status_confirmed", date=chinese_date(confirmed, self.lang)))
        else:
            out.append(self.t("r_status_first"))
        out.append(self.veto_summary())
        differs = [n for n in self.r.reconciliation if n.status == "differs"]
        for n in differs:
            by = show(abs(n.difference), self.lang) if isinstance(n.difference, Decimal) else None
            out.append(self.t("r_differs" if by else "r_differs_text", label=n.label.removeprefix("报告公布的"),
                              declared=show(n.declared, self.lang), computed=show(n.computed, self.lang),
                              difference=by))
        if not differs and any(n.status == "agrees" for n in self.r.reconciliation):
            out.append(self.t("r_agrees"))
        return out

    def veto_summary(self) -> str:
        vetoes = self.r.vetoes
        hit = [v for v in vetoes if v.status == "hit"]
        pending = [v for v in vetoes if v.status == "undetermined"]
        sep = "、" if self.lang == "zh" else ", "
        if hit:
            return self.t("r_vetoes_hit", names=sep.join(v.label for v in hit), forces=hit[0].forces or "")
        if pending:
            return self.t("r_vetoes_pending", n=self.num(len(pending)), names=sep.join(v.label for v in pending))
        return self.t("r_vetoes_none", n=self.num(len(vetoes)))

    # -- 一 背景 --------------------------------------------------------------------------

    def background(self) -> None:
        self.out.append(h(1, self.t("r_background", phase=self.phase)))
        visit, org = as_date(self.f("evaluation.site_visit")), self.f("evaluation.organisation")
        if visit and org:
            experts = self.f("evaluation.experts")
            staff = self.f("evaluation.staff")
            who = (self.t("r_experts", experts=experts) if experts else "") + \
                (self.t("r_staff", staff=staff) if staff else "")
            days = self.f("evaluation.days")
            self.out.append(p(self.t("r_visit", date=chinese_date(visit, self.lang), organisation=org, experts=who,
                                     station=self.station, phase=self.phase,
                                     days=self.t("r_days", days=days) if days else "",
                                     method=self.f("evaluation.method") or "")
                              + (self.t("r_work_lead") if self.f("evaluation.work_done") else "")))
            self.out.extend(p(x) for x in lines(self.f("evaluation.work_done")))
        else:
            self.out.append(p(self.t("r_to_fill")))
        sub = _Numbered(self.out, self.lang)
        sub.heading(self.t("r_basis"))
        self.out.extend(p(x) for x in lines(self.f("evaluation.basis")))
        documents = [f"《{r.title}》" for r in self.policy.header.regulations
                     if not (r.document or "").startswith(SOURCE_REPORT_MARK)]
        if documents:
            self.out.append(p(self.t("r_rules_basis", documents="".join(documents))))
        if self.f("evaluation.principles"):
            sub.heading(self.t("r_principles"))
            self.out.extend(p(x) for x in lines(self.f("evaluation.principles")))
        days = {key: self.rule_value(name) for key, name in DEADLINES.items()}
        if all(v is not None for v in days.values()):
            sub.heading(self.t("r_stages"))
            text = self.t("r_stages_text", station=self.station, **{k: show(v, self.lang) for k, v in days.items()})
            self.out.extend(p(x) for x in text.split("\n"))
        if self.f("evaluation.content"):
            sub.heading(self.t("r_content"))
            self.out.extend(p(x) for x in lines(self.f("evaluation.content")))
        sub.heading(self.t("r_result_rules"))
        self.result_rules()

    def rule_value(self, name: str) -> Any:
        rule = next((x for x in self.r.rules if x.id == name), None)
        return rule.value if rule is not None and isinstance(rule.value, Decimal) else None

    def result_rules(self) -> None:
        """一（五）: the shares, the bands and the situations that force a grade, from the policy."""
        sep = "、" if self.lang == "zh" else ", "
        shares = sep.join(self.t("r_share_weight" if x.share_kind == "weight" else "r_share", party=x.label,
                                 share=show(x.share, self.lang, x.share_kind == "weight")) for x in self.r.parties)
        zh = self.lang == "zh"
        text = self.t("r_shares", n=self.num(len(self.r.parties)), shares=shares)
        bands = []
        for band in self.policy.grades.bands:
            low = decimal_text(band.low) if band.low is not None else None
            high = decimal_text(band.high) if band.high is not None else None
            if low is not None and high is not None:
                bands.append(self.t("r_band_mid", low=low, high=high, name=band.name))
            elif low is not None:
                bands.append(self.t("r_band_low", low=low, name=band.name))
            elif high is not None:
                bands.append(self.t("r_band_high", high=high, name=band.name))
        names = sep.join(band.name for band in self.policy.grades.bands)
        text += self.t("r_bands", names=names, n=self.num(len(bands)), bands=("，" if zh else "; ").join(bands))
        forces = next((v.forces for v in self.r.vetoes if v.forces), None)
        if self.r.vetoes and forces:
            text += self.t("r_vetoes_lead", forces=forces)
        self.out.append(p(text))
        if self.r.vetoes:
            ends = ["；" if zh else ";"] * (len(self.r.vetoes) - 1) + ["。" if zh else "."]
            self.out.append(items([v.label + end for v, end in zip(self.r.vetoes, ends, strict=True)],
                                  "（{cn}）" if zh else "({n}) "))

    # -- 二 评估总结 ------------------------------------------------------------------------

    def findings(self) -> None:
        self.out.append(h(1, self.t("r_summary_section")))
        sub = _Numbered(self.out, self.lang)
        sub.heading(self.t("r_basics"))
        self.out.extend(p(x) for x in lines(self.f("station.profile")))
        budget, period = self.f("station.budget"), self.period(("station.period_start", "station.period_end"))
        contract = self.period(("station.contract_start", "station.contract_end"))
        if budget is not None and period:
            months = self.f("station.period_months")
            self.out.append(p(self.t("r_basics_text", budget=yuan(Decimal(str(budget)), self.lang),
                                     contract=contract or period, period=period,
                                     months=self.t("r_months", months=months) if months else "")))
        if self.r.indicators:
            sub.heading(self.t("r_progress"))
            self.indicators()
        remarks = [x for x in (self.f("remarks") or []) if isinstance(x, Mapping)]
        for part in PARTS:
            sub.heading(self.t(f"r_part_{part}"))
            mine = [x for x in remarks if x.get("part") == part]
            if part == "服务质量":
                self.quality_parts(mine)
            else:
                self.praise_concern(mine)
        checks = [c for c in self.r.findings if not is_process(c) and c.record is None]
        if checks:
            sub.heading(self.t("r_rule_checks"))
            self.out.append(p(self.t("r_rule_checks_lead")))
            self.out.append(items([self.check_line(c) for c in checks]))

    def period(self, keys: tuple[str, str]) -> str:
        a, b = as_date(self.f(keys[0])), as_date(self.f(keys[1]))
        return date_range(a, b, self.lang) if a and b else ""

    def check_line(self, c: Check) -> str:
        text = f"{plain_label(c)}：{check_word(c, self.lang)}"
        return text + (f"（依据：{c.citation}）" if c.citation and self.lang == "zh" else
                       f" ({c.citation})" if c.citation else "")

    def indicators(self) -> None:
        head = [w("name", self.lang)]
        first = self.r.indicators[0]
        labels = dict(zip((k for k, _ in first.fields), first.field_labels or (k for k, _ in first.fields),
                          strict=False))
        cols = [k for k in ("unit", "actual", "target") if k in labels]
        head += [labels[k] for k in cols]
        has_declared = "declared_rate" in labels
        head += ([self.t("r_rate_declared")] if has_declared else []) + [self.t("r_rate_computed")]
        rows = []
        for line in self.r.indicators:
            values = dict(line.fields)
            row = [line.name]
            for k in cols:
                cell = show(values.get(k), self.lang) if values.get(k) is not None else ""
                if k == "target" and values.get("target_inferred") is True:
                    cell += self.t("r_inferred")
                row.append(cell)
            if has_declared:
                declared = values.get("declared_rate")
                row.append(show(declared, self.lang, True) if isinstance(declared, Decimal)
                           else declared if isinstance(declared, str) else "")  # not published: left blank
            row.append(show(line.value, self.lang, True))
            rows.append(row)
        self.out.append(table(head, rows, ["left"] + ["right"] * (len(head) - 1)))
        self.out.append(p(self.t("r_progress_note")))
        self.out.extend(p(x) for x in lines(self.f("evaluation.progress_comment")))

    def praise_concern(self, remarks: Sequence[Mapping[str, Any]]) -> None:
        for n, kind, key in ((1, "值得肯定", "r_praise"), (2, "需要关注", "r_concern")):
            self.out.append(p(f"{n}.{self.t(key)}", indent=True, bold=True))
            texts = [str(x.get("remark", "")) for x in remarks if x.get("kind") == kind]
            self.out.append(items(texts) if texts else p(self.t("r_to_fill")))

    def quality_parts(self, remarks: Sequence[Mapping[str, Any]]) -> None:
        areas = fact(self.facts, "scores.service_quality") or []
        names = [str(a.get("area")) for a in areas if isinstance(a, Mapping)]
        names += [str(x.get("area")) for x in remarks if x.get("area") and str(x.get("area")) not in names]
        # The report's order: the areas as the evaluators wrote them, then any without remarks.
        written = list(dict.fromkeys(str(x.get("area")) for x in remarks if x.get("area")))
        for area in written + [a for a in names if a not in written]:
            villages = next((a.get("villages") for a in areas if isinstance(a, Mapping) and str(a.get("area")) == area),
                            None)
            self.out.append(p(f"{area}：{villages}" if villages else area, indent=False, bold=True))
            self.praise_concern([x for x in remarks if str(x.get("area")) == area])

    # -- 三 反馈, 四 等级, 五 结语 --------------------------------------------------------------

    def feedback(self) -> None:
        self.out.append(h(1, self.t("r_feedback")))
        self.out.append(p(self.t("r_feedback_lead", station=self.station)))
        for n, key, fact_key in ((1, "r_onsite", "evaluation.onsite_feedback"),
                                 (2, "r_draft", "evaluation.draft_feedback")):
            self.out.append(p(f"{n}.{self.t(key)}：{self.f(fact_key) or self.t('r_to_fill')}"))
        raised = [c for c in self.r.findings if is_process(c) and c.status == "raised"]
        if raised:
            self.out.append(p(f"3.{self.t('r_process_lead')}"))
            self.out.append(items([self.check_line(c) for c in raised]))

    def grade(self) -> None:
        self.out.append(h(1, self.t("r_grade_section")))
        self.result_rules()
        rows = [[v.label, check_word(v, self.lang), v.citation or ""] for v in self.r.vetoes]
        if rows:
            self.out.append(p(self.t("r_vetoes_table"), indent=False, bold=True))
            self.out.append(table([self.t("r_situation"), self.t("r_conclusion"), w("citation", self.lang)], rows,
                                  ["left", "left", "left"]))
        self.out.append(p(self.t("r_grade_text", station=self.station, phase=self.phase,
                                 grade=show(self.r.grade, self.lang), total=self.points(self.r.total)), bold=True))
        pending = [v for v in self.r.vetoes if v.status == "undetermined"]
        if pending:
            self.out.append(p(self.t("r_grade_pending", n=self.num(len(pending)), forces=pending[0].forces or "")))
        self.out.append(p(self.t("r_sheet_lead")))
        self.out.append(self.score_sheet())
        # Where the station lost its points, at a glance: inline SVG in HTML, a PNG in Word, none in Markdown.
        figure = station_chart(self.r, self.expl, self.lang)
        self.out.append({"k": "chart", "caption": self.t("r_chart"), "svg": Markup(svg(figure)),  # noqa: S704
                         "figure": figure})
        if self.r.outputs:  # the policy's other results (rewards, ranks …), each in its declared unit
            self.out.append(p(w("outputs", self.lang), indent=False, bold=True))
            self.out.append(table([w("output_name", self.lang), w("output_value", self.lang), w("citation", self.lang)],
                                  [[o.label, show_unit(o.value, o.unit, self.lang, label=o.unit_label), o.clause or ""]
                                   for o in self.r.outputs], ["left", "right", "left"]))

    def score_sheet(self) -> Block:
        """The score sheet as the report prints it: one row per item (one per area for an item
        scored per area, 标准分 on every row, the combined 折算分 spanning them), then the total."""
        rows: list[list[str]] = []
        spans: list[list[int]] = []
        for line in self.r.scores:
            if line.details:
                n = len(line.details)
                for i, (area, value) in enumerate(line.details):
                    merged = self.t("r_merged", n=self.num(n))
                    counted = self.points(line.counted) + (merged if i == 0 else "")
                    rows.append([f"{line.label}（{area}）", show(line.max, self.lang), self.points(value),
                                 counted if i == 0 else self.t("r_same")])
                    spans.append([1, 1, 1, n if i == 0 else 0])
            else:
                rows.append([line.label, show(line.max, self.lang), self.points(line.awarded),
                             self.points(line.counted)])
                spans.append([1, 1, 1, 1])
        rows.append([w("total", self.lang), show(self.r.total_max, self.lang), "", self.points(self.r.total)])
        spans.append([1, 1, 1, 1])
        return table([w("item", self.lang), w("max", self.lang), w("awarded", self.lang), w("counted", self.lang)],
                     rows, ["left", "right", "right", "right"], spans=spans, bold_rows=[len(rows) - 1])

    def closing(self) -> None:
        self.out.append(h(1, self.t("r_closing")))
        conclusion, suggestions = self.f("evaluation.conclusion"), self.f("evaluation.suggestions")
        self.out.extend(p(x) for x in lines(conclusion)) if conclusion else self.out.append(p(self.t("r_to_fill")))
        if suggestions:
            self.out.extend(p(x) for x in lines(suggestions))
        else:
            self.out.append(p(f"{self.t('r_suggestions')}：{self.t('r_to_fill')}"))
        org = self.f("evaluation.organisation")
        date = as_date(self.f("evaluation.report_date"))
        self.out.append({"k": "sign", "lines": [
            [self.t("r_sign_org"), str(org) if org else ""],
            [self.t("r_sign_experts"), ""],
            [self.t("r_sign_date"), chinese_date(date, self.lang) if date else self.t("r_blank_date")]]})


class _Numbered:
    """Second-level headings numbered as the report numbers them: （一）（二）…"""

    def __init__(self, out: list[Block], lang: str) -> None:
        self.out, self.lang, self.n = out, lang, 0

    def heading(self, text: str) -> None:
        self.n += 1
        mark = f"（{CHINESE_NUMBERS[self.n - 1]}）" if self.lang == "zh" else f"({self.n}) "
        self.out.append(h(2, mark + text))
