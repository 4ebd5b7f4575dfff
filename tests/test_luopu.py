"""The Luopu mid-term report, end to end: every counted score, the total, the grade,
and where the published figures do not add up."""

from __future__ import annotations

import json
from decimal import Decimal as D

from conftest import GUANGZHOU, LUOPU
from helpers import run_cli

import swrules


def luopu(policy: swrules.Policy) -> swrules.Result:
    return policy.evaluate_file(LUOPU)


def test_every_counted_score_matches_the_report(guangzhou: swrules.Policy) -> None:
    result = luopu(guangzhou)
    counted = {s.id: s.counted for s in result.scores}
    assert counted == {
        "service_monitoring": D("9.42"), "service_outcomes": D("11.65"), "operations": D("9.14"),
        "service_quality": D("15.38"), "purchaser": D("20"), "supervision_centre": D("12"),
        "civil_affairs": D("8.8"),
    }


def test_service_quality_is_the_mean_of_the_areas_rounded_half_up() -> None:
    # (15.6 + 16 + 14.55) / 3 = 15.38333..., and the report's figure is 15.38.
    policy = swrules.load_policy(GUANGZHOU)
    sq = next(s for s in luopu(policy).scores if s.id == "service_quality")
    assert sq.awarded == (D("15.6"), D("16"), D("14.55"))
    assert [name for name, _ in sq.details] == ["六社片区", "丽锦片区", "东西片区"]


def test_total_is_the_sum_of_counted_scores_not_the_published_figure(guangzhou: swrules.Policy) -> None:
    result = luopu(guangzhou)
    assert str(result.total) == "86.39"
    assert result.grade == "良好"


def test_every_veto_is_decided_from_the_evaluators_conclusions(guangzhou: swrules.Policy) -> None:
    # The report gives no counts, but the evaluators' conclusions: 社工到岗情况符合有关规定, and a
    # published 良好 under 一（五）, which a veto would have made 不合格.
    result = luopu(guangzhou)
    assert result.provisional is False
    assert all(v.status == "clear" for v in result.vetoes)
    staffing = next(v for v in result.vetoes if v.id == "社工配备不足")
    assert dict((r.name, r.value) for r in staffing.reads)["compliance.staffing_conforms"] is True


def test_reconciliation_shows_the_published_total_is_one_point_too_high(guangzhou: swrules.Policy) -> None:
    rec = {r.field: r for r in luopu(guangzhou).reconciliation}
    assert str(rec["total"].declared) == "87.39"
    assert str(rec["total"].computed) == "86.39"
    assert str(rec["total"].difference) == "1.00"
    assert rec["total"].status == "differs"
    assert rec["grade"].status == "agrees"
    assert rec["service_quality"].status == "agrees"


def test_continuing_education_finding_is_raised(guangzhou: swrules.Policy) -> None:
    findings = {f.id: f for f in luopu(guangzhou).findings}
    assert findings["继续教育时数不足"].status == "raised"
    assert findings["稳岗率未达标"].status == "undetermined"  # the report gives no exact rate
    # 109 surveyed: at least 100, so the sample rule holds whatever the population.
    assert findings["满意度样本不足"].status == "clear"


def test_indicator_completion_matches_the_report_percentages(guangzhou: swrules.Policy) -> None:
    lines = {i.name: i for i in luopu(guangzhou).indicators}
    assert str(lines["家访"].value) == "0.8520"
    assert str(lines["社区活动服务人次"].value) == "11.6836"
    assert str(lines["志愿者队伍"].value) == "0.6000"
    # The case-session target cannot be inferred from the report: reported missing, not guessed.
    assert lines["个案节数"].status == "undetermined"
    assert lines["个案节数"].missing == ("indicators[3].target",)


def test_json_document_is_stable_and_exact(guangzhou: swrules.Policy) -> None:
    doc = json.loads(luopu(guangzhou).to_json())
    assert doc["policy"]["title"] == "广州市社工站购买服务项目评估"
    assert doc["policy"]["version"] == "2025.1"
    assert doc["total"] == "86.39" and doc["grade"] == "良好" and doc["provisional"] is False
    assert [s["id"] for s in doc["scores"]][:4] == ["service_monitoring", "service_outcomes", "operations",
                                                     "service_quality"]
    assert doc["scores"][3] | {"awarded": None, "details": None} == {
        "id": "service_quality", "label": "服务质量", "party": "第三方评估机构", "max": "20", "awarded": None,
        "counted": "15.38", "status": "determined", "details": None}
    assert [v["status"] for v in doc["vetoes"]] == ["clear"] * 8
    assert doc["vetoes"][1]["reads"] == {"compliance.staffing_shortfall": None, "compliance.staffing_conforms": True,
                                         "社工缺口不合格人次": "5"}
    assert doc["indicators"][0] == {"indicator": "completion", "name": "家访", "unit": "人次", "actual": "1278",
                                    "target": "1500", "target_inferred": True, "declared_rate": "85.20%",
                                    "completion": "0.8520", "status": "determined",
                                    "missing": [], "indicator_unit": "percent"}
    assert doc["reconciliation"][0] == {"field": "total", "label": "报告公布的总分", "declared": "87.39",
                                        "computed": "86.39", "difference": "1.00", "status": "differs",
                                        "rule": "total"}
    locations = [r["location"] for r in doc["rules"]]
    assert all(loc.startswith(str(GUANGZHOU)) and loc.rsplit(":", 1)[1].isdigit() for loc in locations)


def test_cli_eval_prints_the_same_result_twice_byte_for_byte(golden) -> None:
    first = run_cli("eval", str(GUANGZHOU), str(LUOPU))
    second = run_cli("eval", str(GUANGZHOU), str(LUOPU))
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    relative = first.stdout.replace(str(LUOPU), "examples/luopu-midterm-2025.toml")
    golden("eval/luopu.zh.txt", relative)


def test_cli_eval_in_english(golden) -> None:
    result = run_cli("eval", "--lang", "en", str(GUANGZHOU), str(LUOPU))
    assert result.exit_code == 0
    assert "Total: 86.39" in result.stdout
    golden("eval/luopu.en.txt", result.stdout.replace(str(LUOPU), "examples/luopu-midterm-2025.toml"))
