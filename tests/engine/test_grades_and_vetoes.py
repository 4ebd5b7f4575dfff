"""Band edges and veto thresholds of the Guangzhou policy, in both phases, and the
properties that must hold for every station."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from helpers import station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules


def with_total(total: str, **changes: object) -> dict:
    """A clean station whose total is exactly `total`: items filled up to their maxima in turn."""
    facts = station(**changes)
    s = facts["scores"]
    rest = D(total)
    for key, maximum in [("civil_affairs", 10), ("service_monitoring", 10), ("operations", 10),
                         ("service_outcomes", 15), ("supervision_centre", 15), ("purchaser", 20),
                         ("service_quality", 20)]:
        part = min(rest, D(maximum))
        rest -= part
        s[key] = [{"area": "甲", "score": part}] if key == "service_quality" else part
    return facts


@pytest.mark.parametrize(("total", "grade"), [
    ("0", "不合格"), ("59.99", "不合格"), ("60", "合格"), ("60.00", "合格"), ("79.99", "合格"), ("80", "良好"),
    ("89.99", "良好"), ("90", "优秀"), ("90.00", "优秀"), ("100", "优秀"),
])
def test_band_edges(guangzhou: swrules.Policy, total: str, grade: str) -> None:
    result = guangzhou.evaluate(with_total(total))
    assert result.total == D(total)
    assert result.grade == grade
    assert result.provisional is False


VETO_THRESHOLDS = [
    # (veto, fact, phase, value at threshold (hits), value just under (clear))
    ("社工配备不足", "compliance__staffing_shortfall", "midterm", 5, 4),
    ("社工配备不足", "compliance__staffing_shortfall", "final", 10, 9),
    ("持证比例不达标", "compliance__certified_shortfall", "midterm", 3, 2),
    ("持证比例不达标", "compliance__certified_shortfall", "final", 6, 5),
    ("人员费用比例过低", "compliance__personnel_spending_ratio", "midterm", D("0.7999"), D("0.80")),
    ("人员费用比例过低", "compliance__personnel_spending_ratio", "final", D("0.7999"), D("0.80")),
]


@pytest.mark.parametrize(("veto", "fact", "phase", "hit", "clear"), VETO_THRESHOLDS)
def test_veto_at_its_threshold_and_just_under(guangzhou: swrules.Policy, veto: str, fact: str, phase: str,
                                              hit: object, clear: object) -> None:
    at = guangzhou.evaluate(station(station__phase=phase, **{fact: hit}))
    under = guangzhou.evaluate(station(station__phase=phase, **{fact: clear}))
    assert {v.id: v.status for v in at.vetoes}[veto] == "hit"
    assert at.grade == "不合格" and at.provisional is False
    assert {v.id: v.status for v in under.vetoes}[veto] == "clear"
    assert under.grade == "良好"


def test_midterm_threshold_does_not_fail_a_final_evaluation(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(station__phase="final", compliance__staffing_shortfall=5))
    assert {v.id: v.status for v in result.vetoes}["社工配备不足"] == "clear"


@pytest.mark.parametrize("fact", ["non_social_workers_in_posts", "rectification_failed",
                                  "professional_evaluation_failed", "financial_evaluation_failed",
                                  "serious_violation"])
def test_yes_no_vetoes(guangzhou: swrules.Policy, fact: str) -> None:
    hit = guangzhou.evaluate(station(**{f"compliance__{fact}": True}))
    assert [v.status for v in hit.vetoes].count("hit") == 1
    assert hit.grade == "不合格"
    assert str(hit.total) == "88.50"  # the score stands; the veto decides the grade


def test_every_veto_hit_is_listed(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(compliance__serious_violation=True, compliance__staffing_shortfall=7,
                                        compliance__rectification_failed=True))
    assert [v.id for v in result.vetoes_hit] == ["社工配备不足", "整改不到位", "严重违法违规"]


# ---------------------------------------------------------------- missing facts

def test_a_missing_veto_fact_is_undetermined_never_false(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(compliance__serious_violation=None))
    veto = next(v for v in result.vetoes if v.id == "严重违法违规")
    assert veto.status == "undetermined"
    assert veto.missing == ("compliance.serious_violation",)
    assert result.grade == "良好" and result.provisional is True
    # Optional facts a rule may read are listed too (as optional); the one required fact missing is this one.
    assert [m.key for m in result.missing if m.required] == ["compliance.serious_violation"]


def test_a_missing_threshold_fact_is_undetermined_never_zero(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(compliance__staffing_shortfall=None))
    assert {v.id: v.status for v in result.vetoes}["社工配备不足"] == "undetermined"


def test_a_missing_score_leaves_total_and_grade_undetermined(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(scores__purchaser=None))
    assert result.total is not None and result.to_dict()["total"] is None
    assert result.to_dict()["grade"] is None
    assert result.provisional is True
    assert "scores.purchaser" in [m.key for m in result.missing]


def test_a_veto_still_fails_a_station_whose_total_is_unknown(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(scores__purchaser=None, compliance__serious_violation=True))
    assert result.grade == "不合格"
    assert result.provisional is False


def test_a_missing_phase_leaves_phase_thresholds_undetermined(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate(station(station__phase=None))
    statuses = {v.id: v.status for v in result.vetoes}
    assert statuses["社工配备不足"] == "undetermined"
    assert statuses["保洁安保占岗"] == "clear"


def test_false_and_missing_is_false(guangzhou: swrules.Policy) -> None:
    # respondents >= 100 settles the sample rule whatever the (missing) population.
    result = guangzhou.evaluate(station(survey__population=None))
    assert {f.id: f.status for f in result.findings}["满意度样本不足"] == "clear"
    small = guangzhou.evaluate(station(survey__population=None, survey__respondents=50))
    assert {f.id: f.status for f in small.findings}["满意度样本不足"] == "undetermined"


# ---------------------------------------------------------------- properties

score = st.decimals(min_value=0, max_value=10, places=2)
areas = st.lists(st.decimals(min_value=0, max_value=20, places=2), min_size=1, max_size=6)
BOOL_VETOES = {"non_social_workers_in_posts": "保洁安保占岗", "rectification_failed": "整改不到位",
               "professional_evaluation_failed": "专业评估不合格", "financial_evaluation_failed": "财务评估不合格",
               "serious_violation": "严重违法违规"}
THRESHOLD_VETOES = {"staffing": "社工配备不足", "certified": "持证比例不达标", "spending": "人员费用比例过低"}


@st.composite
def scored_station(draw: st.DrawFn) -> dict:
    facts = station(station__phase=draw(st.sampled_from(["midterm", "final"])))
    s = facts["scores"]
    s["service_monitoring"] = draw(score)
    s["service_outcomes"] = draw(st.decimals(min_value=0, max_value=15, places=2))
    s["operations"] = draw(score)
    s["service_quality"] = [{"area": f"片区{i}", "score": v} for i, v in enumerate(draw(areas))]
    s["purchaser"] = draw(st.decimals(min_value=0, max_value=20, places=2))
    s["supervision_centre"] = draw(st.decimals(min_value=0, max_value=15, places=2))
    s["civil_affairs"] = draw(score)
    return facts


@settings(max_examples=150, deadline=None)
@given(scored_station())
def test_total_is_the_sum_of_the_counted_items(facts: dict) -> None:
    policy = _policy()
    result = policy.evaluate(facts)
    # str, not ==: the digits count (a total of 88.50 is not printed as 88.5)
    assert str(result.total) == str(sum((s.counted for s in result.scores), D(0)))
    quality = [a["score"] for a in facts["scores"]["service_quality"]]
    expected_quality = (sum(quality, D(0)) / len(quality)).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert str(next(s for s in result.scores if s.id == "service_quality").counted) == str(expected_quality)


@settings(max_examples=150, deadline=None)
@given(scored_station(), st.sampled_from(sorted(BOOL_VETOES) + sorted(THRESHOLD_VETOES)), st.data())
def test_any_veto_hit_fails_the_station(facts: dict, veto: str, data: st.DataObject) -> None:
    c = facts["compliance"]
    phase = facts["station"]["phase"]
    if veto == "staffing":
        c["staffing_shortfall"] = data.draw(st.integers(5 if phase == "midterm" else 10, 60))
    elif veto == "certified":
        c["certified_shortfall"] = data.draw(st.integers(3 if phase == "midterm" else 6, 60))
    elif veto == "spending":
        c["personnel_spending_ratio"] = data.draw(st.decimals(min_value=0, max_value=D("0.7999"), places=4))
    else:
        c[veto] = True
    result = _policy().evaluate(facts)
    assert result.grade == "不合格"
    assert result.provisional is False
    # the clean station hits no other veto: the one hit is the one whose fact was set
    assert [v.id for v in result.vetoes_hit] == [{**BOOL_VETOES, **THRESHOLD_VETOES}[veto]]


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_without_a_veto_the_grade_never_falls_as_the_total_rises(a: D, b: D) -> None:
    low, high = sorted((a, b))
    policy = _policy()
    rank = {g: i for i, g in enumerate(["不合格", "合格", "良好", "优秀"])}
    g_low = policy.evaluate(with_total(str(low))).grade
    g_high = policy.evaluate(with_total(str(high))).grade
    assert rank[g_high] >= rank[g_low]


_CACHE: dict[str, swrules.Policy] = {}


def _policy() -> swrules.Policy:
    from conftest import GUANGZHOU

    if "gz" not in _CACHE:
        _CACHE["gz"] = swrules.load_policy(GUANGZHOU)
    return _CACHE["gz"]
