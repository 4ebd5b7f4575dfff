"""District overlays change what a station supplies and how it is checked: a district
without one of the city's parties removes that party and its facts (and no station is
told they are missing), overrides a fact's type or bounds, a reconcile line or a
requirement, and removes a parameter or a definition. What cannot be found is named
with the nearest name; what cannot follow `override` is said."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import run_cli, station
from test_overlays import errors, overlay

import swrules

NO_CIVIL_AFFAIRS = """
policy "示例区（无区民政部门评分，示例）" { version "示例-1" }
remove party 区民政局
remove facts scores.civil_affairs
override facts scores {
  supervision_centre decimal min 0 max 25 "市督导中心评分（25 分制，示例）"
}
override party 市督导中心 "市督导中心" points 25 {
  item supervision_centre "督导中心" max 25 = scores.supervision_centre
}
"""


def test_a_district_without_a_party_does_not_ask_for_its_facts(tmp_path: Path) -> None:
    policy = swrules.load_policy(overlay(tmp_path, NO_CIVIL_AFFAIRS))
    facts = station(scores__civil_affairs=None, scores__supervision_centre=D("22"))
    result = policy.evaluate(facts)
    assert not [m for m in result.missing if m.required], result.missing
    assert "区民政局" not in {p.id for p in result.parties}
    assert result.total == D("88.5") - 9 - 13 + 22
    template = run_cli("facts", "template", str(tmp_path / "district.swr")).stdout
    assert "civil_affairs" not in template and "在 0 到 25 之间" in template


def test_a_facts_bounds_are_overridden(tmp_path: Path) -> None:
    policy = swrules.load_policy(overlay(tmp_path, NO_CIVIL_AFFAIRS))
    with_25 = policy.evaluate(station(scores__civil_affairs=None, scores__supervision_centre=D("25")))
    assert with_25.total is not None
    base = swrules.load_policy(tmp_path / "district.swr")
    assert base.checked.facts_by_key["scores.supervision_centre"].decl.maximum == D(25)


def test_reconcile_and_require_lines_are_removed_or_overridden(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
remove reconcile declared.service_quality
remove facts declared.service_quality
override reconcile { declared.total with round(total, 1, half_up) }
override require station.period_start < station.period_end "考核期结束日期不能早于开始日期"
""")
    policy = swrules.load_policy(path)
    assert [line.declared.dotted for line in policy.checked.reconcile] == ["declared.total", "declared.grade"]
    assert "round" in policy.checked.reconcile[0].computed.span.text  # type: ignore[union-attr]
    facts = station()
    facts["station"]["period_end"] = facts["station"]["period_start"]
    with pytest.raises(swrules.FactsError) as refused:
        policy.evaluate(facts)
    assert refused.value.diagnostics[0].code == "E0808"
    assert swrules.load_policy(overlay(tmp_path, "", "plain.swr")).evaluate(facts).total is not None


def test_a_param_and_a_define_are_removed(tmp_path: Path) -> None:
    path = overlay(tmp_path, """
define 示例比例 "示例" = staff.retention_rate
remove finding 稳岗率未达标
remove param 稳岗率要求
""")
    assert "稳岗率要求" not in {r.name for r in swrules.load_policy(path).checked.rules}
    again = tmp_path / "again.swr"
    again.write_text('extends "district.swr"\nremove define 示例比例\n', encoding="utf-8")
    assert "示例比例" not in {r.name for r in swrules.load_policy(again).checked.rules}
    used = overlay(tmp_path, "remove param 稳岗率要求\n", "used.swr")
    assert [d.code for d in errors(used)] == ["E0201"]  # still read by a finding: named where it is read


def test_what_the_base_lacks_is_named_with_the_nearest_name(tmp_path: Path) -> None:
    path = overlay(tmp_path, """override facts scores { purchasr decimal }
remove facts scores.civil_affair
remove require "考核期"
override reconcile { declared.totl with total }
""")
    found = [(d.code, d.message("en"), d.help("en")) for d in errors(path)]
    assert found == [
        ("E0903", "there is no fact `scores.purchasr` in the base policy to override",
         "did you mean `scores.purchaser`?"),
        ("E0902", "there is no fact `scores.civil_affair` in the base policy to remove",
         "did you mean `scores.civil_affairs`?"),
        ("E0902", "there is no require `考核期` in the base policy to remove",
         "the base policy has: 考核期结束日期不能早于开始日期"),
        ("E0903", "there is no reconcile `declared.totl` in the base policy to override",
         "did you mean `declared.total`?"),
    ]


def test_override_facts_is_no_longer_a_syntax_error_and_override_phases_says_what_can_be_overridden(
        tmp_path: Path) -> None:
    ok = overlay(tmp_path, 'override facts scores { purchaser decimal min 0 max 20 "购买方评分" optional }\n')
    assert swrules.load_policy(ok).checked.facts_by_key["scores.purchaser"].required is False
    bad = overlay(tmp_path, "override phases from station.phase { a }\n", "bad.swr")
    [d] = errors(bad)
    assert d.code == "E0100"
    assert "事实（facts）、记录（records）、核对（reconcile）、要求（require）" in d.message("zh")
    assert "`phases`" in d.message("zh")
    assert "phases" in (d.help("en") or "") and "found `facts`" not in d.message("en")
