"""The Guangzhou evaluation for rule-engine (PyPI `rule-engine`, zeroSteiner), run by `evaluate`.

Input: validated facts shaped by `glue.shape` (sections as tables, `areas`,
`indicators`). Output: a `handwritten.Summary`, identical to `handwritten.evaluate`'s.

Written the way rule-engine's documentation intends: each rule is an expression
string compiled once into a `rule_engine.Rule` with one shared `Context`, then
`rule.evaluate(thing)` on a dict. What the engine does and does not give:

- numbers stay `Decimal`: its FLOAT type *is* `decimal.Decimal` (literals are parsed
  from their text, Python floats converted through `repr`), computed in the `Context`'s
  decimal context, here the same 34-digit context swrules uses;
- a missing fact: `Context(default_value=None)` makes a missing *symbol* null, but a
  missing *key* raises `LookupError` unless read with the safe operator `&[...]`;
- null is not "unknown": `null < 5` and `null + 1` raise `EvaluationError`, and
  `and`/`or` are two-valued (`null and true` is false). Every rule that reads a fact
  that may be missing carries its own guard (`x == null ? null : ...`), and the one
  three-valued `and` (the survey sample) is spelled out case by case;
- no rounding function: half-up to 0.01 is `(x * 100 + 0.5).floor * 0.01`, right
  only because validation guarantees the values are not negative;
- no chaining: a rule cannot read another rule's result. The glue evaluates them in
  order and writes each result into the data dict for the rules after it;
- the list of missing facts is the glue's: there is no operation listing absent keys.
  A comprehension can (`["staff." + k for k in [...] if staff&[k] == null]`, one rule
  per section since arrays cannot be concatenated, `$range` and `indicators[i]` for the
  records), but every reference to a table converts the whole table again
  (`coerce_value`), which made that part a third of the evaluation time.
"""

from __future__ import annotations

import decimal
from typing import Any

import rule_engine
from handwritten import Summary

from .glue import record_missing, section_missing, shape, summary

# The context swrules evaluates in (`swrules.base.values.context`), so that a division has
# as many digits on every side before it is rounded.
DECIMALS = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN,
                           traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
CONTEXT = rule_engine.Context(default_value=None, mapping_attribute_lookup=False, decimal_context=DECIMALS)

# 一(五): the eight vetoes, each true (hit), false (clear) or null (undetermined).
VETOES = {
    "保洁安保占岗": 'compliance&["non_social_workers_in_posts"]',
    # 2-4: the count or ratio where given, else the evaluators' conclusion that it conforms.
    "社工配备不足": 'compliance&["staffing_shortfall"] == null'
                    ' ? (compliance&["staffing_conforms"] == null ? null : not compliance["staffing_conforms"])'
                    ' : (station&["phase"] == null ? null'
                    ' : compliance["staffing_shortfall"] >= (station["phase"] == "midterm" ? 5 : 10))',
    "持证比例不达标": 'compliance&["certified_shortfall"] == null'
                      ' ? (compliance&["certified_conforms"] == null ? null : not compliance["certified_conforms"])'
                      ' : (station&["phase"] == null ? null'
                      ' : compliance["certified_shortfall"] >= (station["phase"] == "midterm" ? 3 : 6))',
    "人员费用比例过低": 'compliance&["personnel_spending_ratio"] == null'
                        ' ? (compliance&["spending_conforms"] == null ? null : not compliance["spending_conforms"])'
                        ' : compliance["personnel_spending_ratio"] < 0.80',
    "整改不到位": 'compliance&["rectification_failed"]',
    "专业评估不合格": 'compliance&["professional_evaluation_failed"]',
    "财务评估不合格": 'compliance&["financial_evaluation_failed"]',
    "严重违法违规": 'compliance&["serious_violation"]',
}

# 二(三) 1 and 一(四) 3: the findings, three-valued like the vetoes.
FINDINGS = {
    "继续教育时数不足": '(staff&["continuing_education_hours"] == null'
                        ' or staff&["continuing_education_required_hours"] == null) ? null'
                        ' : staff["continuing_education_hours"] < staff["continuing_education_required_hours"]',
    "稳岗率未达标": 'staff&["retention_rate"] == null ? null : staff["retention_rate"] < 0.80',
    # fewer than 100 respondents AND fewer than the whole population, in three-valued logic:
    # false as soon as either part is false, null if either is unknown, else true.
    "满意度样本不足": '((survey&["respondents"] != null and survey["respondents"] >= 100)'
                      ' or (survey&["respondents"] != null and survey&["population"] != null'
                      '     and survey["respondents"] >= survey["population"])) ? false'
                      ' : ((survey&["respondents"] == null or survey&["population"] == null) ? null : true)',
    # 一(三) 4-6: the evaluation's own deadlines, in working days.
    "初评意见反馈逾期": 'evaluation&["feedback_workdays"] == null ? null : evaluation["feedback_workdays"] > 5',
    "评估报告出具逾期": 'evaluation&["report_workdays"] == null ? null : evaluation["report_workdays"] > 10',
    "评估报告确认逾期": 'evaluation&["confirm_workdays"] == null ? null : evaluation["confirm_workdays"] > 5',
    "公示期不足": 'evaluation&["notice_workdays"] == null ? null : evaluation["notice_workdays"] < 7',
}

# 四: service quality is the mean of the areas, half-up to 0.01 (scores are never negative).
QUALITY = ('(areas == null or null in [a&["score"] for a in areas]) ? null'
           ' : ($sum([a["score"] for a in areas]) / areas.length * 100 + 0.5).floor * 0.01')

# 二(二): completion = actual / target, half-up to 0.01%; not applicable for a zero target.
# Evaluated on each indicator record (the record is the rule's thing, its fields the symbols).
RATE = ('target == null ? null : (target == 0 ? "not_applicable"'
        ' : (actual == null ? null : (actual / target * 10000 + 0.5).floor * 0.0001))')

COUNTED = ('[scores&["service_monitoring"], scores&["service_outcomes"], scores&["operations"], quality,'
           ' scores&["purchaser"], scores&["supervision_centre"], scores&["civil_affairs"]]')
TOTAL = 'null in counted ? null : $sum(counted)'

# Grade bands; any veto hit forces 不合格, even when the total is unknown.
GRADE = ('total == null ? (true in vetoes ? "不合格" : null)'
         ' : ((true in vetoes or total < 60) ? "不合格"'
         ' : (total >= 90 ? "优秀" : (total >= 80 ? "良好" : "合格")))')
# Provisional while an undetermined veto could still lower the grade.
PROVISIONAL = 'grade == null or (grade != "不合格" and null in vetoes)'

RECONCILIATION = [
    f'declared&["{field}"] == null ? "not_declared" : ({value} == null ? "undetermined"'
    f' : (declared["{field}"] == {value} ? "agrees" : "differs"))'
    for field, value in (("total", "total"), ("grade", "grade"), ("service_quality", "quality"))
]


def _compile(text: str) -> rule_engine.Rule:
    return rule_engine.Rule(text, context=CONTEXT)


_VETOES = [_compile(VETOES[name]) for name in VETOES]
_FINDINGS = [_compile(FINDINGS[name]) for name in FINDINGS]
_QUALITY, _RATE, _COUNTED, _TOTAL, _GRADE, _PROVISIONAL = (
    _compile(QUALITY), _compile(RATE), _compile(COUNTED), _compile(TOTAL), _compile(GRADE), _compile(PROVISIONAL))
_RECONCILIATION = [_compile(text) for text in RECONCILIATION]


def evaluate(facts: Any) -> Summary:
    data = shape(facts)
    # Each stage reads what the stages before it wrote into `data`.
    data["vetoes"] = vetoes = [rule.evaluate(data) for rule in _VETOES]
    findings = [rule.evaluate(data) for rule in _FINDINGS]
    data["quality"] = _QUALITY.evaluate(data)
    rates = [_RATE.evaluate(row) for row in data["indicators"] or ()]
    data["counted"] = _COUNTED.evaluate(data)
    data["total"] = _TOTAL.evaluate(data)
    data["grade"] = _GRADE.evaluate(data)
    data["provisional"] = _PROVISIONAL.evaluate(data)
    reconciliation = [rule.evaluate(data) for rule in _RECONCILIATION]
    missing = section_missing(data) + record_missing(data["areas"], data["indicators"])
    return summary(data, vetoes, findings, rates, reconciliation, missing)
