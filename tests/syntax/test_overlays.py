"""District overlays: `extends` a base policy, change only what differs, and every
rule still says which file declared it."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli, station
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.diagnostics import PolicyError

OVERLAY = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"


def overlay(tmp_path: Path, body: str, name: str = "district.swr") -> Path:
    """An overlay of the Guangzhou policy written in tmp_path."""
    base = os.path.relpath(GUANGZHOU, tmp_path)
    path = tmp_path / name
    path.write_text(f'extends "{base}"\n{body}', encoding="utf-8")
    return path


def errors(path: Path) -> list[swrules.Diagnostic]:
    with pytest.raises(PolicyError) as info:
        swrules.load_policy(path)
    return [d for d in info.value.diagnostics if d.is_error]


def overlay_station(**changes: object) -> dict:
    facts = station(**changes)
    facts["scores"]["village_committees"] = [{"committee": "示例村甲", "score": D("18")},
                                            {"committee": "示例村乙", "score": D("16")}]
    return facts


# ---------------------------------------------------------------- the example district overlay

def test_the_example_overlay_splits_the_purchasers_points_between_town_and_villages() -> None:
    district = swrules.load_policy(OVERLAY)
    result = district.evaluate(overlay_station())
    by_id = {r.id: r for r in result.rules}
    # purchaser 18/20 counted at 60% = 10.80; villages mean 17 at 40% = 6.80.
    assert str(by_id["purchaser"].value) == "10.80"
    assert str(by_id["village_committees"].value) == "6.80"
    assert str(by_id["街道办事处"].value) == "17.60"
    assert str(result.total) == "88.10"
    assert result.policy_title == "示例区社工站评估（示例：在广州市办法的基础上，分值划分为虚构）"


def test_every_rule_names_the_file_that_declared_it() -> None:
    district = swrules.load_policy(OVERLAY)
    result = district.evaluate(overlay_station())
    origins = {r.id: r.origin for r in result.rules}
    assert origins["village_committees"] == str(OVERLAY)
    assert origins["社工配备不足"] == str(GUANGZHOU)  # normalised: no district-overlay/../../guangzhou
    location = next(r.location for r in result.rules if r.id == "village_committees")
    assert location == f"{OVERLAY}:29"
    veto = next(v for v in result.vetoes if v.id == "社工配备不足")
    assert veto.location.startswith(f"{GUANGZHOU}:")
    doc = json.loads(result.to_json())
    rules = {r["id"]: r for r in doc["rules"]}
    assert rules["village_committees"]["origin"].endswith("policies/examples/district-overlay/station-evaluation.swr")
    assert rules["保洁安保占岗"]["origin"].endswith("policies/guangzhou/station-evaluation.swr")


def test_without_the_village_committee_scores_the_total_is_undetermined() -> None:
    district = swrules.load_policy(OVERLAY)
    result = district.evaluate(station())
    assert result.total.__class__.__name__ == "Unknown"
    assert "scores.village_committees" in {m.key for m in result.missing}


def test_the_city_policy_is_unchanged_by_the_overlay(guangzhou: swrules.Policy) -> None:
    assert "village_committees" not in guangzhou.checked.rules_by_name
    assert str(guangzhou.evaluate(station()).total) == "88.50"


# ---------------------------------------------------------------- what an overlay can change

def test_override_param_moves_a_veto_threshold(tmp_path: Path) -> None:
    path = overlay(tmp_path, 'override param 社工缺口不合格人次 = by phase { midterm: 4, final: 8 }\n')
    policy = swrules.load_policy(path)
    assert policy.evaluate(station(compliance__staffing_shortfall=4)).grade == "不合格"
    base = swrules.load_policy(GUANGZHOU)
    assert base.evaluate(station(compliance__staffing_shortfall=4)).grade == "良好"
    rule = next(r for r in policy.evaluate(station()).rules if r.id == "社工缺口不合格人次")
    assert rule.origin == str(path) and rule.location == f"{path}:2"


def test_remove_veto_and_add_veto(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
remove veto 保洁安保占岗
veto 服务记录造假 "服务记录造假" {
  when compliance.serious_violation and compliance.rectification_failed
  forces 不合格
}
""")
    policy = swrules.load_policy(path)
    result = policy.evaluate(station(compliance__non_social_workers_in_posts=True))
    assert result.grade == "良好"
    assert [v.id for v in result.vetoes][-1] == "服务记录造假"
    assert "保洁安保占岗" not in {v.id for v in result.vetoes}


def test_override_a_band_and_a_veto(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
override band 良好 85 <= total < 90
override band 合格 60 <= total < 85
override veto 人员费用比例过低 "人员费用支出比例低于75%" {
  when compliance.personnel_spending_ratio < 75%
  forces 合格
}
""")
    policy = swrules.load_policy(path)
    assert policy.evaluate(station(scores__purchaser=D("14"))).grade == "合格"  # 84.5
    result = policy.evaluate(station(compliance__personnel_spending_ratio=D("0.70")))
    assert result.grade == "合格"
    assert policy.evaluate(station(compliance__personnel_spending_ratio=D("0.78"))).grade == "良好"


def test_add_a_party_and_change_shares(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
facts users "服务对象评分" { satisfaction decimal min 0 max 5 "服务对象满意度评分" }
override party 市督导中心 "市督导中心" points 10 {
  item supervision_centre "督导中心" max 10 = scores.supervision_centre * 10 / 15
}
score sheet {
  party 服务对象 "服务对象" points 5 { item satisfaction "满意度" max 5 = users.satisfaction }
}
""")
    policy = swrules.load_policy(path)
    facts = station()
    facts["users"] = {"satisfaction": D("4")}
    result = policy.evaluate(facts)
    assert [p.id for p in result.parties] == ["第三方评估机构", "街道办事处", "市督导中心", "区民政局", "服务对象"]
    assert str(next(p.share for p in result.parties if p.id == "市督导中心")) == "10"


def test_header_fields_replace_and_regulations_add(tmp_path: Path) -> None:
    header = 'policy "某区办法" { version "区1" effective from 2024-01-01 regulation "某区实施细则" }\n'
    path = overlay(tmp_path, header)
    h = swrules.load_policy(path).checked.header
    assert (h.title, h.version, h.effective_from) == ("某区办法", "区1", dt.date(2024, 1, 1))
    assert h.dated_by is not None and h.dated_by.dotted == "station.period_end"  # not written: the base's
    assert [r.title for r in h.regulations][-1] == "某区实施细则"
    assert len(h.regulations) == 5


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scores=st.lists(st.decimals(min_value=0, max_value=10, places=2), min_size=4, max_size=4),
       shortfall=st.integers(min_value=0, max_value=12), phase=st.sampled_from(["midterm", "final"]))
def test_an_overlay_that_changes_nothing_evaluates_like_its_base(tmp_path: Path, scores: list[D], shortfall: int,
                                                                  phase: str) -> None:
    path = overlay(tmp_path, "", "empty.swr")
    base = swrules.load_policy(GUANGZHOU)
    same = swrules.load_policy(path)
    facts = station(station__phase=phase, compliance__staffing_shortfall=shortfall, scores__operations=scores[0],
                    scores__service_monitoring=scores[1], scores__civil_affairs=scores[2],
                    scores__purchaser=scores[3] * 2)
    a, b = base.evaluate(facts), same.evaluate(facts)
    assert (a.total, a.grade, a.vetoes, a.findings) == (b.total, b.grade, b.vetoes, b.findings)


# ---------------------------------------------------------------- what the checker refuses

def test_override_of_something_the_base_lacks_suggests_the_near_name(tmp_path: Path, golden) -> None:
    path = overlay(tmp_path, "override param 社工缺口上线 = 4\n")
    diags = errors(path)
    assert [d.code for d in diags] == ["E0903"]
    assert diags[0].span is not None and diags[0].span.text == "param 社工缺口上线 = 4"
    assert "社工缺口不合格人次" in diags[0].help("zh")
    golden("overlays/override-unknown.txt", "\n\n".join(d.render(lang) for d in diags for lang in ("zh", "en"))
           .replace(str(tmp_path), "<tmp>") + "\n")


@pytest.mark.parametrize(("body", "code", "underlined"), [
    ("remove veto 保洁安保站岗\n", "E0902", "remove veto 保洁安保站岗"),
    ("remove band 及格\n", "E0902", "remove band 及格"),
    ("override party 街道 points 20 { item purchaser max 20 = scores.purchaser }\n", "E0903",
     "party 街道 points 20 { item purchaser max 20 = scores.purchaser }"),
    ("param 社工缺口不合格人次 = 4\n", "E0904", "param 社工缺口不合格人次 = 4"),
    ("phases from station.phase { midterm }\n", "E0908", "phases from station.phase { midterm }"),
    ("facts scores { purchaser decimal }\n", "E0904", "purchaser decimal"),
    ('extends "x.swr"\n', "E0906", 'extends "x.swr"'),
    ("override define 不存在 = 1\n", "E0903", "define 不存在 = 1"),
    ("override veto 社工缺口不合格人次 { when true forces 不合格 }\n", "E0903",
     "veto 社工缺口不合格人次 { when true forces 不合格 }"),
])
def test_the_checker_refuses_bad_overlays(tmp_path: Path, body: str, code: str, underlined: str) -> None:
    diags = errors(overlay(tmp_path, body))
    assert code in [d.code for d in diags]
    d = next(d for d in diags if d.code == code)
    assert d.span is not None and d.span.text == underlined


def test_override_of_another_kind_says_which_kind_it_is(tmp_path: Path) -> None:
    d = errors(overlay(tmp_path, "override veto 社工缺口不合格人次 { when true forces 不合格 }\n"))[0]
    assert "override param" in d.help("en")


def test_override_outside_an_overlay_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text(GUANGZHOU.read_text(encoding="utf-8") + ("\noverride param"
                                                             " 社工缺口不合格人次 = 4\n"), encoding="utf-8")
    assert [d.code for d in errors(path)] == ["E0907"]


def test_a_missing_base_is_reported_at_the_extends_line(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text('extends "../nowhere/city.swr"\n', encoding="utf-8")
    (d,) = errors(path)
    assert d.code == "E0901" and d.span is not None and d.span.line == 1


def test_errors_in_the_base_point_into_the_base(tmp_path: Path) -> None:
    (tmp_path / "city.swr").write_text("policy \"x\" { }\nparam a = = 1\n", encoding="utf-8")
    (tmp_path / "district.swr").write_text('extends "city.swr"\n', encoding="utf-8")
    codes = {(d.code, d.filename) for d in errors(tmp_path / "district.swr")}
    assert ("E0901", str(tmp_path / "district.swr")) in codes
    assert any(f == str(tmp_path / "city.swr") for _, f in codes)


def test_cycles_of_extends_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.swr").write_text('extends "b.swr"\n', encoding="utf-8")
    (tmp_path / "b.swr").write_text('extends "a.swr"\n', encoding="utf-8")
    (d,) = errors(tmp_path / "a.swr")
    assert d.code == "E0905" and "a.swr → " in d.message("zh")
    (tmp_path / "self.swr").write_text('extends "self.swr"\n', encoding="utf-8")
    assert [d.code for d in errors(tmp_path / "self.swr")] == ["E0905"]


def test_eval_cli_runs_the_example_overlay(tmp_path: Path) -> None:
    facts = tmp_path / "s.toml"
    text = (ROOT / "policies" / "guangzhou" / "tests" / "facts" / "clean-station.toml").read_text(encoding="utf-8")
    facts.write_text(text + '\n[[scores.village_committees]]\ncommittee = "示例村甲"\nscore = 17\n', encoding="utf-8")
    result = run_cli("eval", str(OVERLAY), str(facts), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["total"] == "88.10"
