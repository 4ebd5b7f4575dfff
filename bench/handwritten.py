"""The Guangzhou station evaluation written by hand in plain Python with `Decimal`.

Written from the regulation (`/work/shared/domain/README.md`: the score sheet of
report section 四, the grade bands and the eight vetoes of 一(五), indicator completion
of 二(二), the findings of 二(三) and 一(四)3), not generated from the policy. It is
what a careful programmer would write instead of using swrules, so that the benchmark
compares like with like:

- it validates its input as carefully as swrules does: unknown keys, types (a boolean
  is not a number, 85 is not a percentage), ranges, dates, the phase, at least one
  service area, and the period dates in order; a bad file raises `InvalidFacts`;
- a missing fact is not an error: whatever depends on it is undetermined (`None`),
  `and`/`or` follow three-valued logic, and the grade is provisional while an
  undetermined veto could still lower it;
- it returns a `Summary`: every counted score, the total, the grade, each veto and
  finding, each indicator's completion rate, the reconciliation with the report's
  declared figures and the list of missing facts: what a report needs, and exactly the
  fields the benchmark compares with swrules' result.

It runs in whatever decimal context the caller set (the benchmark enters swrules'
context once for both evaluators).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

NOT_APPLICABLE = "not_applicable"
CENT = Decimal("0.01")
RATE = Decimal("0.0001")
ZERO = Decimal(0)

# 一(五) 2, 3: the shortfall (person-times) from which a veto applies, by phase.
STAFFING_LIMIT = {"midterm": Decimal(5), "final": Decimal(10)}
CERTIFIED_LIMIT = {"midterm": Decimal(3), "final": Decimal(6)}
SPENDING_FLOOR = Decimal("0.80")  # 一(五) 4
RETENTION_FLOOR = Decimal("0.80")  # 二(三) 1(1)
SURVEY_FLOOR = Decimal(100)  # 一(四) 3
# 一(三) 4-6: the evaluation's own deadlines in working days (feedback, report, confirmation: at
# most; public notice: at least).
FEEDBACK_DAYS, REPORT_DAYS, CONFIRM_DAYS, NOTICE_DAYS = Decimal(5), Decimal(10), Decimal(5), Decimal(7)
GRADES = ("优秀", "良好", "合格", "不合格")
FAIL = "不合格"

# (item, maximum) in score-sheet order; service quality is the mean of the areas.
ITEMS = (("service_monitoring", 10), ("service_outcomes", 15), ("operations", 10), ("service_quality", 20),
         ("purchaser", 20), ("supervision_centre", 15), ("civil_affairs", 10))
VETO_FLAGS = {  # veto name -> compliance flag, for the five yes/no vetoes
    "保洁安保占岗": "non_social_workers_in_posts", "整改不到位": "rectification_failed",
    "专业评估不合格": "professional_evaluation_failed", "财务评估不合格": "financial_evaluation_failed",
    "严重违法违规": "serious_violation",
}
VETO_ORDER = ("保洁安保占岗", "社工配备不足", "持证比例不达标", "人员费用比例过低", "整改不到位", "专业评估不合格",
              "财务评估不合格", "严重违法违规")

BOOL, INT, DEC, PCT, DATE, TEXT, PHASE = range(7)
# section -> field -> (kind, minimum, maximum, required)
SCHEMA: dict[str, dict[str, tuple[int, Decimal | None, Decimal | None, bool]]] = {
    "station": {"name": (TEXT, None, None, True), "district": (TEXT, None, None, False),
                "operator": (TEXT, None, None, False), "phase": (PHASE, None, None, True),
                "period_start": (DATE, None, None, True), "period_end": (DATE, None, None, True),
                "contract_start": (DATE, None, None, False), "contract_end": (DATE, None, None, False),
                "budget": (DEC, ZERO, None, False), "period_months": (DEC, ZERO, None, False),
                "profile": (TEXT, None, None, False)},
    "scores": {"service_monitoring": (DEC, ZERO, Decimal(10), True), "service_outcomes": (DEC, ZERO, Decimal(15), True),
               "operations": (DEC, ZERO, Decimal(10), True), "purchaser": (DEC, ZERO, Decimal(20), True),
               "supervision_centre": (DEC, ZERO, Decimal(15), True), "civil_affairs": (DEC, ZERO, Decimal(10), True)},
    "compliance": {"non_social_workers_in_posts": (BOOL, None, None, True),
                   "staffing_shortfall": (INT, ZERO, None, False),
                   "staffing_conforms": (BOOL, None, None, False),
                   "certified_shortfall": (INT, ZERO, None, False),
                   "certified_conforms": (BOOL, None, None, False),
                   "personnel_spending_ratio": (PCT, ZERO, Decimal(1), False),
                   "spending_conforms": (BOOL, None, None, False),
                   "rectification_failed": (BOOL, None, None, True),
                   "professional_evaluation_failed": (BOOL, None, None, True),
                   "financial_evaluation_failed": (BOOL, None, None, True),
                   "serious_violation": (BOOL, None, None, True)},
    "staff": {"continuing_education_hours": (DEC, ZERO, None, True),
              "continuing_education_required_hours": (DEC, ZERO, None, True),
              "retention_rate": (PCT, ZERO, Decimal(1), False)},
    "survey": {"respondents": (INT, ZERO, None, True), "population": (INT, ZERO, None, False)},
    "evaluation": {**{name: (TEXT, None, None, False) for name in (
                       "organisation", "method", "introduction", "work_done", "basis", "principles", "content",
                       "progress_comment", "onsite_feedback", "draft_feedback", "conclusion", "suggestions")},
                   **{name: (INT, ZERO, None, False) for name in (
                       "experts", "staff", "feedback_workdays", "report_workdays", "confirm_workdays",
                       "notice_workdays")},
                   "days": (INT, Decimal(1), None, False), "final": (BOOL, None, None, False),
                   **{name: (DATE, None, None, False) for name in (
                       "site_visit", "feedback_date", "report_date", "confirmed_date", "notice_start", "notice_end")}},
    "declared": {"total": (DEC, ZERO, Decimal(100), False), "grade": (TEXT, None, None, False),
                 "service_quality": (DEC, ZERO, Decimal(20), False)},
}
AREA_FIELDS = {"area": (TEXT, None, None, True), "score": (DEC, ZERO, Decimal(20), True),
               "villages": (TEXT, None, None, False)}
INDICATOR_FIELDS = {"name": (TEXT, None, None, True), "unit": (TEXT, None, None, False),
                    "actual": (DEC, ZERO, None, True), "target": (DEC, ZERO, None, True),
                    "target_inferred": (BOOL, None, None, False), "declared_rate": (TEXT, None, None, False)}
# The evaluators' remarks (text the report prints; no rule reads them).
REMARK_FIELDS = {"part": (TEXT, None, None, True), "area": (TEXT, None, None, False),
                 "kind": (TEXT, None, None, True), "remark": (TEXT, None, None, True)}
TOP_KEYS = frozenset(SCHEMA) | {"indicators", "remarks"}
# Optional facts some rule reads: reported as missing too (the others are only informative).
NEEDED_OPTIONAL = ("staff.retention_rate", "survey.population", "compliance.staffing_shortfall",
                   "compliance.staffing_conforms", "compliance.certified_shortfall", "compliance.certified_conforms",
                   "compliance.personnel_spending_ratio", "compliance.spending_conforms",
                   "evaluation.feedback_workdays", "evaluation.report_workdays", "evaluation.confirm_workdays",
                   "evaluation.notice_workdays")


class InvalidFacts(ValueError):
    """The facts do not match the regulation's fact sheet; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Summary:
    total: Decimal | None
    grade: str | None
    provisional: bool
    counted: tuple[tuple[str, Decimal | None], ...]  # each score-sheet item's counted score
    vetoes: tuple[tuple[str, str], ...]  # (veto, hit / clear / undetermined)
    findings: tuple[tuple[str, str], ...]  # (finding, raised / clear / undetermined)
    indicators: tuple[tuple[str, Decimal | str | None], ...]  # (indicator, completion rate)
    reconciliation: tuple[tuple[str, str], ...]  # (declared figure, agrees / differs / ...)
    missing: tuple[str, ...]  # keys of missing facts


def _path(table: str, index: int | None, name: str) -> str:
    """A value's key path, built only when a problem is reported (not for every value read)."""
    return f"{table}.{name}" if index is None else f"{table}[{index}].{name}"


def _value(kind: int, lo: Decimal | None, hi: Decimal | None, v: Any, table: str, index: int | None, name: str,
           problems: list[str]) -> Any:
    """The validated value, or None after recording a problem."""
    if kind == BOOL:
        if type(v) is bool:
            return v
    elif kind == TEXT:
        if type(v) is str:
            return v
    elif kind == PHASE:
        if v == "midterm" or v == "final":
            return v
    elif kind == DATE:
        if type(v) is dt.date:
            return v
        if type(v) is str:
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
    else:
        d = None
        if type(v) is Decimal or type(v) is int:
            d = Decimal(v)
            if kind == PCT and d > 1:
                problems.append(f"{_path(table, index, name)}: {v} is not a fraction; write {d / 100}, or \"{v}%\"")
                return None
        elif kind == PCT and type(v) is str and v.strip()[-1:] in ("%", "％"):
            try:
                d = Decimal(v.strip()[:-1].strip()).scaleb(-2)
            except InvalidOperation:
                d = None
        if d is not None and d.is_finite() and (kind != INT or d == d.to_integral_value()):
            if (lo is not None and d < lo) or (hi is not None and d > hi):
                problems.append(f"{_path(table, index, name)}: {v} is out of range")
                return None
            return d
    problems.append(f"{_path(table, index, name)}: {v!r} is not a valid value")
    return None


def _table(fields: dict[str, tuple[int, Decimal | None, Decimal | None, bool]], data: Any, key: str,
           problems: list[str], index: int | None = None) -> dict[str, Any]:
    if type(data) is not dict:
        problems.append(f"{key if index is None else f'{key}[{index}]'}: expected a table")
        return {}
    out = {}
    for name, v in data.items():
        spec = fields.get(name)
        if spec is None:
            problems.append(f"{_path(key, index, name)}: unknown key")
        elif v is not None:
            value = _value(spec[0], spec[1], spec[2], v, key, index, name, problems)
            if value is not None:
                out[name] = value
    return out


def _rows(fields: dict[str, tuple[int, Decimal | None, Decimal | None, bool]], data: Any, key: str,
          problems: list[str], at_least: int) -> list[dict[str, Any]] | None:
    if data is None:
        return None
    if type(data) is not list or len(data) < at_least:
        problems.append(f"{key}: expected at least {at_least} records")
        return None
    return [_table(fields, row, key, problems, i) for i, row in enumerate(data)]


def validate(facts: Any) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    """Sections with their known facts, the service areas and the indicators; or `InvalidFacts`."""
    if type(facts) is not dict:
        raise InvalidFacts(["the fact file must be a table"])
    problems: list[str] = []
    for key in facts:
        if key not in TOP_KEYS:
            problems.append(f"{key}: unknown section")
    sections: dict[str, dict[str, Any]] = {}
    areas = None
    for name, fields in SCHEMA.items():
        data = facts.get(name)
        if data is None:
            sections[name] = {}
            continue
        if name == "scores" and type(data) is dict and "service_quality" in data:
            data = dict(data)
            areas = _rows(AREA_FIELDS, data.pop("service_quality"), "scores.service_quality", problems, 1)
        sections[name] = _table(fields, data, name, problems)
    indicators = _rows(INDICATOR_FIELDS, facts.get("indicators"), "indicators", problems, 0)
    if "remarks" in facts:
        _rows(REMARK_FIELDS, facts.get("remarks"), "remarks", problems, 0)
    station = sections["station"]
    start, end = station.get("period_start"), station.get("period_end")
    if start is not None and end is not None and start > end:
        problems.append("station.period_end: the period ends before it starts")
    if problems:
        raise InvalidFacts(problems)
    return sections, areas, indicators


def _less(a: Decimal | None, b: Decimal | None) -> bool | None:
    return None if a is None or b is None else a < b


def _not(v: bool | None) -> bool | None:
    return None if v is None else not v


def _status(v: bool | None, hit: str) -> str:
    return "undetermined" if v is None else hit if v else "clear"


def evaluate(facts: Any) -> Summary:
    sections, areas, indicators = validate(facts)
    station, scores, comp = sections["station"], sections["scores"], sections["compliance"]
    staff, survey, declared = sections["staff"], sections["survey"], sections["declared"]
    ev = sections["evaluation"]
    missing: list[str] = []

    # 四: the counted score of each item; service quality is the mean of the areas, half-up to 0.01.
    quality = None
    if areas is not None and all("score" in a for a in areas):
        quality = (sum((a["score"] for a in areas), ZERO) / len(areas)).quantize(CENT, ROUND_HALF_UP)
    counted = tuple((name, quality if name == "service_quality" else scores.get(name)) for name, _ in ITEMS)
    total = None
    if all(v is not None for _, v in counted):
        total = sum((v for _, v in counted), ZERO)  # type: ignore[misc]

    # 一(五): the eight vetoes.
    phase = station.get("phase")
    hit: dict[str, bool | None] = {name: comp.get(flag) for name, flag in VETO_FLAGS.items()}
    # 2-4: by the count or ratio where given, else by the evaluators' conclusion that it conforms.
    staffing, certified = comp.get("staffing_shortfall"), comp.get("certified_shortfall")
    hit["社工配备不足"] = (_not(comp.get("staffing_conforms")) if staffing is None else
                      None if phase is None else staffing >= STAFFING_LIMIT[phase])
    hit["持证比例不达标"] = (_not(comp.get("certified_conforms")) if certified is None else
                       None if phase is None else certified >= CERTIFIED_LIMIT[phase])
    ratio = comp.get("personnel_spending_ratio")
    hit["人员费用比例过低"] = _not(comp.get("spending_conforms")) if ratio is None else ratio < SPENDING_FLOOR
    vetoes = tuple((name, _status(hit[name], "hit")) for name in VETO_ORDER)
    any_hit = any(v is True for v in hit.values())

    # Grade bands: 90 and above 优秀, 80 to under 90 良好, 60 to under 80 合格, under 60 不合格; a veto forces 不合格.
    grade: str | None
    if total is None:
        grade = FAIL if any_hit else None
    elif any_hit or total < 60:
        grade = FAIL
    else:
        grade = "优秀" if total >= 90 else "良好" if total >= 80 else "合格"
    provisional = grade is None or (grade != FAIL and any(v is None for v in hit.values()))

    # Findings: continuing education hours, staff retention, satisfaction-survey sample.
    respondents, population = survey.get("respondents"), survey.get("population")
    few = None if respondents is None else respondents < SURVEY_FLOOR
    below_all = None if respondents is None or population is None else respondents < population
    sample_short = False if few is False or below_all is False else None if few is None else below_all
    findings = (
        ("继续教育时数不足", _status(_less(staff.get("continuing_education_hours"),
                                          staff.get("continuing_education_required_hours")), "raised")),
        ("稳岗率未达标", _status(_less(staff.get("retention_rate"), RETENTION_FLOOR), "raised")),
        ("满意度样本不足", _status(sample_short, "raised")),
        # 一(三) 4-6: the evaluation's own deadlines.
        ("初评意见反馈逾期", _status(_less(FEEDBACK_DAYS, ev.get("feedback_workdays")), "raised")),
        ("评估报告出具逾期", _status(_less(REPORT_DAYS, ev.get("report_workdays")), "raised")),
        ("评估报告确认逾期", _status(_less(CONFIRM_DAYS, ev.get("confirm_workdays")), "raised")),
        ("公示期不足", _status(_less(ev.get("notice_workdays"), NOTICE_DAYS), "raised")),
    )

    # 二(二): completion = actual / target, half-up to 0.01%; not applicable when the target is 0.
    rates: list[tuple[str, Decimal | str | None]] = []
    for i, row in enumerate(indicators or ()):
        actual, target = row.get("actual"), row.get("target")
        if target is None:
            rate: Decimal | str | None = None
        elif target == 0:
            rate = NOT_APPLICABLE
        elif actual is None:
            rate = None
        else:
            rate = (actual / target).quantize(RATE, ROUND_HALF_UP)
        for field in ("actual", "target"):
            if field not in row:
                missing.append(f"indicators[{i}].{field}")
        rates.append((row.get("name", str(i + 1)), rate))

    # The report's declared figures against the computed ones.
    reconciliation = (
        ("total", _agree(declared.get("total"), total)),
        ("grade", _agree(declared.get("grade"), grade)),
        ("service_quality", _agree(declared.get("service_quality"), quality)),
    )

    for section, name, key in _NEEDED:
        if name not in sections[section]:
            missing.append(key)
    if areas is None:
        missing.append("scores.service_quality")
    else:
        missing.extend(f"scores.service_quality[{i}].score" for i, a in enumerate(areas) if "score" not in a)
    if indicators is None:
        missing.append("indicators")
    return Summary(total, grade, provisional, counted, vetoes, findings, tuple(rates), reconciliation,
                   tuple(sorted(missing)))


# The facts whose absence is reported, with their key paths: written once, not per station.
_NEEDED = tuple((section, name, f"{section}.{name}") for section, fields in SCHEMA.items()
                for name, spec in fields.items() if spec[3] or f"{section}.{name}" in NEEDED_OPTIONAL)


def _agree(declared: Any, computed: Any) -> str:
    if declared is None:
        return "not_declared"
    if computed is None:
        return "undetermined"
    return "agrees" if declared == computed else "differs"
