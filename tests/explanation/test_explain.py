"""`swrules explain`: every rule explained with actual values, thresholds and clauses,
rounding shown as rounding, distances to other outcomes derived from the policy's own
comparisons, and the same explanation in the `eval` JSON."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
import tomli_w
from conftest import GUANGZHOU, LUOPU, ROOT
from helpers import run_cli, station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.explanation.text import render_explanation

POLICY = "policies/guangzhou/station-evaluation.swr"
FACTS = "examples/luopu-midterm-2025.toml"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run commands from the checkout root, so paths in output are the same everywhere."""
    monkeypatch.chdir(ROOT)


TOTAL_DECL = 'total "总分"'


def line_of(text: str) -> int:
    """The line of the Guangzhou policy that holds `text`, so tests survive edits above it."""
    lines = GUANGZHOU.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def write_facts(tmp_path: Path, facts: dict, name: str = "station.toml") -> str:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(facts), encoding="utf-8")
    return str(path)


def explained(policy: swrules.Policy, facts: dict) -> swrules.Explanation:
    return swrules.explain(policy.evaluate(facts, explain=True))


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_luopu_explanation_text(golden, in_root, lang: str) -> None:
    out = run_cli("explain", POLICY, FACTS, "--lang", lang)
    assert out.exit_code == 0
    golden(f"explain/luopu.{lang}.txt", out.stdout)


def test_luopu_explanation_json(golden, in_root) -> None:
    out = run_cli("explain", POLICY, FACTS, "--format", "json")
    assert out.exit_code == 0
    golden("explain/luopu.json", out.stdout)


@pytest.mark.parametrize(("name", "changes"), [
    ("veto-hit", {"compliance__staffing_shortfall": 6, "compliance__certified_shortfall": 1}),
    ("missing-facts", {"compliance__staffing_shortfall": None, "staff__retention_rate": None}),
    ("band-edge-90", {}),
])
def test_station_explanations(golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                              changes: dict) -> None:
    facts = station(**changes)
    if name == "band-edge-90":  # 9 + 13 + 9 + 17.5 + 18 + 13 + 9 = 88.5; +1.5 makes exactly 90.00
        facts["scores"]["purchaser"] = D("19.5")
    monkeypatch.chdir(tmp_path)
    write_facts(tmp_path, facts)
    for lang in ("zh", "en"):
        out = run_cli("explain", str(GUANGZHOU), "station.toml", "--lang", lang)
        assert out.exit_code == 0, out.stderr
        golden(f"explain/{name}.{lang}.txt", out.stdout.replace(str(GUANGZHOU), POLICY))
    out = run_cli("explain", str(GUANGZHOU), "station.toml", "--format", "json")
    golden(f"explain/{name}.json", out.stdout.replace(str(GUANGZHOU), POLICY))


def test_bad_facts_are_reported_not_explained(tmp_path: Path) -> None:
    bad = write_facts(tmp_path, station(compliance__staffing_shortfall="two"))
    out = run_cli("explain", str(GUANGZHOU), bad)
    assert out.exit_code == 2 and out.stdout == ""
    assert "compliance.staffing_shortfall" in out.stderr


# ---------------------------------------------------------------- what the sentences say


def test_clear_staffing_veto_names_value_threshold_in_force_and_clause(guangzhou: swrules.Policy) -> None:
    veto = explained(guangzhou, station(compliance__staffing_shortfall=2)).rule("社工配备不足")
    assert veto.sentence.zh == ("「社工人员配备不足」不成立：社工人员配备累计缺少（人次）为 2，"
                                "低于中期评估的社工缺口不合格人次 5（依据：《洛浦街社工"
                                "服务站中期评估报告》一（五）评估结果说明 第（二）项）。")
    assert ("is 2, below the midterm 社工缺口不合格人次 5 (c"
            "lause 《洛浦街社工服务站中期评估报告》一（五）评估结果说明 第（二）项)") in veto.sentence.en


def test_the_threshold_in_force_follows_the_phase(guangzhou: swrules.Policy) -> None:
    facts = station(compliance__staffing_shortfall=7, station__phase="final")
    veto = explained(guangzhou, facts).rule("社工配备不足")
    assert veto.value is False
    assert "末期评估的社工缺口不合格人次 10" in veto.sentence.zh
    assert [(m.value, m.threshold, m.distance) for m in veto.margins] == [(7, D(10), D(3))]


def test_every_fact_read_has_its_key_label_and_value(guangzhou: swrules.Policy) -> None:
    veto = explained(guangzhou, station(compliance__staffing_shortfall=2)).rule("社工配备不足")
    # The count where given, else the evaluators' conclusion: both facts are read by the condition.
    assert [(f.key, f.label, f.value) for f in veto.facts][0] == (
        "compliance.staffing_shortfall", "社工人员配备累计缺少（人次）", 2)
    assert [f.key for f in veto.facts] == ["compliance.staffing_shortfall", "compliance.staffing_conforms"]
    assert [(r.id, r.value) for r in veto.rules] == [("社工缺口不合格人次", D(5))]
    assert [(f.text, f.location) for f in veto.formulas] == [
        ("if known(compliance.staffing_shortfall) then compliance.staffing_shortfall >= 社工缺口不合格人次 "
         "else not compliance.staffing_conforms",
         f"{GUANGZHOU}:{line_of('when if known(compliance.staffing_shortfall)')}")]


def test_rounding_is_shown_as_rounding(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate_file(LUOPU, explain=True)
    sq = swrules.explain(result).rule("service_quality")
    [step] = sq.rounding
    assert (step.before, step.after, step.places, step.mode) == (
        D("15.38333333333333333333333333333333"), D("15.38"), 2, "half_up")
    text = render_explanation(result, swrules.explain(result), "zh")
    assert "15.38333… → 15.38（四舍五入，保留 2 位小数）" in text
    assert "15.38333… → 15.38 (half-up, 2 places)" in render_explanation(result, swrules.explain(result), "en")


def test_missing_fact_says_which_and_that_the_rule_is_undetermined(guangzhou: swrules.Policy) -> None:
    veto = explained(guangzhou, station(compliance__certified_shortfall=None)).rule("持证比例不达标")
    assert veto.status == "undetermined"
    assert veto.missing == ("compliance.certified_shortfall", "compliance.certified_conforms")
    assert veto.sentence.zh.startswith(
        "「持证社工比例不达标」无法判定：缺少 持证社工累计缺少（人次）（compliance.certified_shortfall）")
    assert "is undetermined: missing" in veto.sentence.en
    assert veto.margins == ()


def test_indicator_records_are_explained_one_by_one(guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate_file(LUOPU, explain=True)
    completion = swrules.explain(result).rule("completion")
    by_name = {r.name: r for r in completion.records}
    home = by_name["家访"]
    assert [(f.key, f.value) for f in home.facts] == [
        ("indicators[0].target", D(1500)), ("indicators[0].actual", D(1278))]
    assert [(r.before, r.after) for r in home.rounding] == [(D("0.852"), D("0.8520"))]
    assert by_name["个案节数"].missing == ("indicators[3].target",)
    assert "无法判定" in by_name["个案节数"].sentence.zh


# ---------------------------------------------------------------- why not


def test_luopu_distances_to_other_grades(guangzhou: swrules.Policy) -> None:
    expl = explained(guangzhou, swrules.read_fact_file(LUOPU)[0])
    bands = {m.subject: m.distance for m in expl.why_not if m.kind == "band"}
    assert bands == {"优秀": D("3.61"), "合格": D("6.39"), "不合格": D("26.39")}
    texts = [m.sentence.en for m in expl.why_not]
    assert "total 86.39 is 3.61 short of 优秀 (90 ≤ total)" in texts
    assert "total 86.39 is 6.39 above 合格 (60 ≤ total < 80), whose upper bound is 80" in texts


def test_certified_shortfall_one_of_three(guangzhou: swrules.Policy) -> None:
    expl = explained(guangzhou, station(compliance__certified_shortfall=1))
    [margin] = [m for m in expl.why_not if m.subject == "持证比例不达标"]
    assert (margin.value, margin.threshold, margin.trigger, margin.distance) == (1, D(3), ">=", D(2))
    assert margin.sentence.zh == "持证社工累计缺少（人次）为 1，达到中期评估的持证缺口不合格人次 3 即触发，还差 2"


def test_a_veto_that_is_hit_caps_the_grade_and_has_no_margin(guangzhou: swrules.Policy) -> None:
    expl = explained(guangzhou, station(compliance__staffing_shortfall=5))
    assert expl.grade == "不合格"
    assert expl.capped_by == ("社工人员配备不足",)
    assert all(m.subject != "社工配备不足" for m in expl.why_not)
    assert "按总分 88.50（80 ≤ 总分 < 90）本为良好" in expl.rule("grade").sentence.zh


@settings(max_examples=40, deadline=None)
@given(shortfall=st.integers(0, 20), phase=st.sampled_from(["midterm", "final"]))
def test_veto_margin_is_the_distance_to_the_threshold_in_force(shortfall: int, phase: str) -> None:
    policy = swrules.load_policy(GUANGZHOU)
    limit = 5 if phase == "midterm" else 10
    expl = explained(policy, station(compliance__staffing_shortfall=shortfall, station__phase=phase))
    margins = [m for m in expl.why_not if m.subject == "社工配备不足"]
    if shortfall >= limit:
        assert margins == [] and expl.rule("社工配备不足").value is True
    else:
        assert [m.distance for m in margins] == [D(limit - shortfall)]
        # Adding the distance is exactly what it takes to hit the veto.
        moved = shortfall + int(margins[0].distance)
        hit = explained(policy, station(compliance__staffing_shortfall=moved, station__phase=phase))
        assert hit.rule("社工配备不足").value is True


@settings(max_examples=40, deadline=None)
@given(cents=st.integers(0, 10000))
def test_band_margins_land_exactly_on_the_band_edge(cents: int) -> None:
    policy = swrules.load_policy(GUANGZHOU)
    total = D(cents) / 100
    facts = station()
    rest = total
    for key, maximum in [("civil_affairs", 10), ("service_monitoring", 10), ("operations", 10),
                         ("service_outcomes", 15), ("supervision_centre", 15), ("purchaser", 20),
                         ("service_quality", 20)]:
        part = min(rest, D(maximum))
        rest -= part
        facts["scores"][key] = [{"area": "甲", "score": part}] if key == "service_quality" else part
    expl = explained(policy, facts)
    assert expl.total == total
    for m in (m for m in expl.why_not if m.kind == "band"):
        edge = total + m.distance if m.trigger in (">=", ">") else total - m.distance
        assert edge == m.threshold
        assert m.subject != expl.grade


# ---------------------------------------------------------------- naming rules, JSON, agreement


def test_naming_a_rule_prints_its_derivation_down_to_the_facts(in_root) -> None:
    out = run_cli("explain", POLICY, FACTS, "total")
    assert out.exit_code == 0
    text = out.stdout
    for rule in ("■ 总分（total）", "■ 第三方评估机构", "■ 服务质量（service_quality）", ("■ 监督方（区民政局）（c"
                                                                         "ivil_affairs）")):
        assert rule in text
    assert "scores.service_quality.score = 15.6、16、14.55" in text
    assert "■ 社工配备不足" not in text  # not read by the total
    # The tree indents what a rule reads under it.
    assert "\n    ■ 第三方评估机构" in text and "\n        ■ 服务质量（service_quality）" in text


def test_naming_a_rule_in_json_selects_the_same_rules(in_root) -> None:
    doc = json.loads(run_cli("explain", POLICY, FACTS, "grade", "--format", "json").stdout)
    assert doc["targets"] == ["grade"]
    ids = {r["id"] for r in doc["rules"]}
    assert {"grade", "total", "社工配备不足", "社工缺口不合格人次", "service_quality"} <= ids
    assert "completion" not in ids


def test_an_unknown_rule_name_is_refused_with_a_suggestion(in_root) -> None:
    out = run_cli("explain", POLICY, FACTS, "社工配备不")
    assert out.exit_code == 2
    assert "社工配备不足" in out.stderr and out.stdout == ""


def test_explain_json_is_the_explanation_part_of_eval_json(in_root) -> None:
    explain = json.loads(run_cli("explain", POLICY, FACTS, "--format", "json").stdout)
    evaluated = json.loads(run_cli("eval", POLICY, FACTS, "--format", "json").stdout)
    assert evaluated["explanation"] == explain


def test_only_a_result_evaluated_with_explain_can_be_explained(guangzhou: swrules.Policy) -> None:
    with pytest.raises(ValueError, match="explain=True"):
        swrules.explain(guangzhou.evaluate(station()))
    result = guangzhou.evaluate(station(), explain=True)
    assert "explanation" not in result.to_dict()  # the result's own document is the same either way
    assert json.loads(swrules.explained_json(result))["explanation"] == swrules.explain(result).to_dict()


def test_a_trace_does_not_cross_a_pickle(guangzhou: swrules.Policy) -> None:
    # The checked policy finds a traced node's binding by identity, which a copy loses:
    # an unpickled result must refuse to explain rather than explain wrongly.
    result = pickle.loads(pickle.dumps(guangzhou.evaluate(station(), explain=True)))
    with pytest.raises(ValueError, match="not pickled"):
        swrules.explain(result)


def test_a_fresh_interpreter_gets_the_explanation_through_the_public_calls_alone() -> None:
    # Nothing but the documented calls: no import of the explanation package, no
    # registration, whatever the order in which modules happen to be loaded.
    script = (
        "import swrules\n"
        f"policy = swrules.load_policy({str(GUANGZHOU)!r})\n"
        f"result = policy.evaluate_file({str(LUOPU)!r}, explain=True)\n"
        "print(swrules.explain(result).rule('grade').sentence('en'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "SWRULES_AST_CACHE": "0"})
    assert done.stdout.startswith("The grade is 良好: the total 86.39 lies in 良好")



@settings(max_examples=30, deadline=None)
@given(staffing=st.one_of(st.none(), st.integers(0, 12)), certified=st.one_of(st.none(), st.integers(0, 8)),
       monitoring=st.one_of(st.none(), st.decimals(0, 10, places=2)))
def test_explanation_values_agree_with_the_result(staffing, certified, monitoring) -> None:
    policy = swrules.load_policy(GUANGZHOU)
    result = policy.evaluate(station(compliance__staffing_shortfall=staffing, compliance__certified_shortfall=certified,
                                     scores__service_monitoring=monitoring), explain=True)
    expl = swrules.explain(result)
    assert [r.id for r in expl.rules] == [r.id for r in result.rules]
    for mine, theirs in zip(expl.rules, result.rules, strict=True):
        assert (mine.status, mine.missing) == (theirs.status, theirs.missing)
        if theirs.status == "determined" and mine.kind != "indicator":
            assert mine.value == theirs.value


def test_reconciliation_difference_is_in_the_explanation(in_root) -> None:
    text = run_cli("explain", POLICY, FACTS).stdout
    assert ("✗ 报告公布的总分：公布 87.39，计算 86.39，不一致，相差 1.00（公布减计算）"
            f"（由规则「总分」计算，policies/guangzhou/station-evaluation.swr:{line_of(TOTAL_DECL)}）") in text


def test_a_folder_of_versions_explains_by_the_version_in_force(in_root) -> None:
    # The illustrative pair of versions (their dates are invented), not the real policy.
    out = run_cli("explain", "policies/examples/guangzhou-versions", FACTS, "total")
    assert out.exit_code == 0
    assert "2025.1" in out.stderr  # which version was chosen, and why, on standard error
    assert out.stdout.startswith("示例：社工站评估办法现行版本加虚构生效日期（演示按考核期选用版本）（版本 2025.1）")
