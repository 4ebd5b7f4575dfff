"""Versions: dated parameter values, and a folder of policy versions from which the
one in force for the station's period is chosen (or refused, saying why)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU, ROOT
from helpers import run_cli, station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.diagnostics import FactsError, PolicyError
from swrules.engine.versions import PolicySet

# An illustrative pair of versions (the real policy states no effective date; the
# 2018 overlay's dates and limits are invented), kept apart from the real policy.
FOLDER = ROOT / "policies" / "examples" / "guangzhou-versions"
LATER = FOLDER / "station-evaluation-2023.swr"


@pytest.fixture(scope="module")
def versions() -> PolicySet:
    return PolicySet.load(FOLDER)


def period(start: dt.date, end: dt.date, **changes: object) -> dict:
    return station(station__period_start=start, station__period_end=end, **changes)


# ---------------------------------------------------------------- choosing a version

def test_the_folder_holds_two_versions_in_date_order(versions: PolicySet) -> None:
    assert [p.version for p in versions.policies] == ["2018.1", "2025.1"]


def test_the_version_in_force_is_chosen_and_the_choice_explained(versions: PolicySet) -> None:
    policy, why = versions.select(station())
    assert policy.version == "2025.1"
    assert why == (f"采用版本 2025.1（{LATER}）：考核期 2024-08-06 至 2025-01-31 "
                   "在其生效期（2023-01-01 起）之内")
    old, why_old = versions.select(period(dt.date(2019, 8, 6), dt.date(2020, 1, 31)), lang="en")
    assert old.version == "2018.1"
    assert "2018-01-01 to 2022-12-31" in why_old


def test_the_chosen_version_decides_the_outcome(versions: PolicySet) -> None:
    # The 2018 version (invented for the illustration) allows a mid-term shortfall of 5.
    facts_2019 = period(dt.date(2019, 8, 6), dt.date(2020, 1, 31), compliance__staffing_shortfall=5)
    policy, _ = versions.select(facts_2019)
    assert policy.evaluate(facts_2019).grade == "良好"
    facts_2024 = station(compliance__staffing_shortfall=5)
    policy, _ = versions.select(facts_2024)
    assert policy.evaluate(facts_2024).grade == "不合格"


def test_the_last_day_of_a_range_belongs_to_it(versions: PolicySet) -> None:
    assert versions.select(period(dt.date(2022, 6, 1), dt.date(2022, 12, 31)))[0].version == "2018.1"
    assert versions.select(period(dt.date(2023, 1, 1), dt.date(2023, 6, 30)))[0].version == "2025.1"


def test_json_dates_are_read_too(versions: PolicySet) -> None:
    facts = station()
    facts["station"]["period_start"] = "2019-08-06"
    facts["station"]["period_end"] = "2020-01-31"
    assert versions.select(facts)[0].version == "2018.1"


@settings(max_examples=60, deadline=None)
@given(start=st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)), days=st.integers(0, 400))
def test_a_period_is_either_inside_one_version_or_refused(start: dt.date, days: int) -> None:
    versions = PolicySet.load(FOLDER)
    end = start + dt.timedelta(days=days)
    try:
        policy, _ = versions.select(period(start, end))
    except FactsError as exc:
        assert exc.diagnostics[0].code == "E0917"
        assert start <= dt.date(2022, 12, 31) < end
        return
    h = policy.checked.header
    assert h.effective_from is not None and h.effective_from <= start
    assert h.effective_to is None or end <= h.effective_to


# ---------------------------------------------------------------- refusals, with golden messages

def _messages(exc: swrules.SwrulesError) -> str:
    return exc.render("zh") + "\n\n" + exc.render("en") + "\n"


def test_a_period_straddling_two_versions_is_refused(versions: PolicySet, golden) -> None:
    with pytest.raises(FactsError) as info:
        versions.select(period(dt.date(2022, 8, 6), dt.date(2023, 1, 31)), file="station.toml")
    assert [d.code for d in info.value.diagnostics] == ["E0917"]
    golden("versions/straddle.txt", _messages(info.value))


def test_a_period_no_version_covers_is_refused(versions: PolicySet, golden) -> None:
    with pytest.raises(FactsError) as info:
        versions.select(period(dt.date(2016, 8, 6), dt.date(2017, 1, 31)), file="station.toml")
    assert [d.code for d in info.value.diagnostics] == ["E0916"]
    golden("versions/uncovered.txt", _messages(info.value))


def test_a_single_file_outside_its_range_points_to_the_folder() -> None:
    one = PolicySet.load(LATER)
    with pytest.raises(FactsError) as info:
        one.select(period(dt.date(2019, 8, 6), dt.date(2020, 1, 31)), file="station.toml")
    assert info.value.diagnostics[0].code == "E0916"
    assert "目录" in info.value.render("zh")


def test_a_missing_period_is_refused(versions: PolicySet, golden) -> None:
    with pytest.raises(FactsError) as info:
        versions.select(station(station__period_end=None), file="station.toml")
    (d,) = info.value.diagnostics
    assert (d.code, d.key_path) == ("E0915", "station.period_end")
    golden("versions/missing-date.txt", _messages(info.value))


def test_with_one_version_a_missing_period_is_left_to_the_fact_checks() -> None:
    policy, why = PolicySet.load(LATER).select(station(station__period_end=None), lang="en")
    assert policy.version == "2025.1" and "period is unknown" in why
    result = policy.evaluate(station(station__period_end=None))
    assert "station.period_end" in {m.key for m in result.missing}


def test_a_named_version_is_used_whatever_the_period(versions: PolicySet) -> None:
    policy, why = versions.select(period(dt.date(2022, 8, 6), dt.date(2023, 1, 31)), version="2018.1")
    assert policy.version == "2018.1" and "--policy-version" in why


def test_a_named_version_not_in_force_for_the_period_is_used_with_a_warning(versions: PolicySet) -> None:
    policy, why = versions.select(period(dt.date(2024, 8, 6), dt.date(2025, 1, 31)), version="2018.1",
                                  file="s.toml")
    assert policy.version == "2018.1"
    assert ("警告[W0919]: 考核期 2024-08-06 至 2025-01-31 不在所指定的版本 2018.1 的生效期"
            "（2018-01-01 至 2022-12-31）之内") in why
    assert "按考核期应采用版本 2025.1" in why
    _, quiet = versions.select(period(dt.date(2019, 8, 6), dt.date(2020, 1, 31)), version="2018.1")
    assert "W0919" not in quiet


def test_the_warning_reaches_the_officer_on_the_command_line() -> None:
    result = run_cli("eval", str(FOLDER), str(LUOPU), "--policy-version", "2018.1", "--lang", "en")
    assert result.exit_code == 0
    assert "warning[W0919]: the evaluation period 2024-08-06 to 2025-01-31 is not within" in result.stderr
    assert "falls under version 2025.1" in result.stderr


@pytest.mark.parametrize(("typed", "suggested"), [("2019", "2018.1"), ("2018", "2018.1"), ("2024", "2025.1"),
                                                  ("2025.2", "2025.1"), ("2030", "2025.1")])
def test_an_unknown_version_suggests_the_nearest_by_number(versions: PolicySet, typed: str, suggested: str) -> None:
    with pytest.raises(PolicyError) as info:
        versions.find_version(typed)
    assert info.value.diagnostics[0].message("zh").startswith(f"没有版本 `{typed}`")
    assert info.value.diagnostics[0].args["suggestion_zh"] == f"是否想写 `{suggested}`？"


def test_a_batch_under_a_version_not_in_force_warns_once_naming_the_stations(tmp_path: Path) -> None:
    early = tmp_path / "early.toml"  # within 2018.1's range: no warning for it
    early.write_text(LUOPU.read_text(encoding="utf-8").replace("2024-08-06", "2019-08-06")
                     .replace("2025-01-31", "2020-01-31"), encoding="utf-8")
    late = tmp_path / "late.toml"
    late.write_text(LUOPU.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("eval", str(FOLDER), str(tmp_path), "--policy-version", "2018.1")
    assert result.exit_code == 0, result.output
    assert f"警告[W0919]：1 个站点的考核期不在所指定的版本 2018.1 的生效期之内，仍按该版本评估：{late}" in result.stderr
    assert str(early) not in result.stderr


@pytest.mark.parametrize("command", [("eval",), ("facts", "template"), ("explain",)])
def test_every_command_suggests_the_nearest_version_in_the_officers_words(command: tuple[str, ...]) -> None:
    facts = () if command == ("facts", "template") else (str(LUOPU),)
    result = run_cli(*command, str(FOLDER), *facts, "--policy-version", "2019")
    assert result.exit_code == 2
    assert "错误[E0914]: 没有版本 `2019`；可用的版本：2018.1、2025.1" in result.stderr
    assert "是否想写 `2018.1`？" in result.stderr


def test_an_unknown_version_suggests_the_near_one(versions: PolicySet, golden) -> None:
    with pytest.raises(PolicyError) as info:
        versions.select(station(), version="2018")
    assert info.value.diagnostics[0].code == "E0914"
    golden("versions/unknown-version.txt", _messages(info.value).replace(str(FOLDER),
                                                                          "policies/examples/guangzhou-versions"))


def test_the_real_policy_states_no_effective_date_so_it_applies_to_any_period() -> None:
    # The evaluation report gives no effective date; refusing an early period would
    # be a rule that is not in the source.
    real = PolicySet.load(GUANGZHOU.parent)
    assert [p.checked.header.effective_from for p in real.policies] == [None]
    policy, why = PolicySet.load(GUANGZHOU).select(period(dt.date(2001, 1, 1), dt.date(2001, 6, 30)))
    assert policy.version == "2025.1" and "唯一" in why
    facts_2019 = period(dt.date(2019, 8, 6), dt.date(2020, 1, 31), compliance__staffing_shortfall=5)
    assert real.select(facts_2019)[0].evaluate(facts_2019).grade == "不合格"


# ---------------------------------------------------------------- folders the loader refuses

def _folder(tmp_path: Path, ranges: dict[str, str]) -> Path:
    text = GUANGZHOU.read_text(encoding="utf-8")
    for name, header in ranges.items():
        (tmp_path / f"{name}.swr").write_text(
            text.replace('version "2025.1"', header), encoding="utf-8")
    return tmp_path


def test_overlapping_versions_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a": 'version "a" effective from 2018-01-01 to 2023-06-30',
                                "b": 'version "b" effective from 2023-01-01'})
    with pytest.raises(PolicyError) as info:
        PolicySet.load(folder)
    (d,) = info.value.diagnostics
    assert d.code == "E0910" and d.filename == str(folder / "b.swr")
    assert "2023-01-01 至 2023-06-30" in d.message("zh")
    assert d.related and d.related[0][0].source.name == str(folder / "a.swr")


def test_an_open_ended_version_before_another_overlaps(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a": 'version "a" effective from 2018-01-01',
                                "b": 'version "b" effective from 2023-01-01'})
    with pytest.raises(PolicyError) as info:
        PolicySet.load(folder)
    assert [d.code for d in info.value.diagnostics] == ["E0910"]


@pytest.mark.parametrize(("ranges", "code"), [
    ({"a": 'version "a" effective from 2018-01-01 to 2022-12-31', "b": 'version "b"'}, "E0911"),
    ({"a": 'version "x" effective from 2018-01-01 to 2022-12-31', "b": 'version "x" effective from 2023-01-01'},
     "E0913"),
    ({"a": 'version "a" effective from 2023-01-01 to 2022-12-31'}, "E0918"),
])
def test_the_loader_refuses_bad_version_folders(tmp_path: Path, ranges: dict[str, str], code: str) -> None:
    with pytest.raises(PolicyError) as info:
        PolicySet.load(_folder(tmp_path, ranges))
    assert code in [d.code for d in info.value.diagnostics]


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        PolicySet.load(tmp_path)
    assert info.value.diagnostics[0].code == "E0912"


# ---------------------------------------------------------------- values by date

DATED = """
policy "按日期取值" { version "1" dated by s.end }
phases from s.phase { midterm "中期" final "末期" }
facts s { phase one of "midterm", "final"  end date  short integer min 0  score decimal min 0 max 100 }
param 上限 "缺口上限" = by date {
  from 2023-01-01: by phase { midterm: 5, final: 10 } "穗民规字〔2023〕1号"
  from 2025-07-01: 4 "穗民规字〔2025〕9号（示例）"
}
score sheet { party a points 100 { item x max 100 = s.score } total max 100 }
grades { 合格 60 <= total  不合格 total < 60 }
veto 缺口 "人员缺口" { when s.short >= 上限 forces 不合格 }
"""


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> swrules.Policy:
    path = tmp_path_factory.mktemp("dated") / "dated.swr"
    path.write_text(DATED, encoding="utf-8")
    return swrules.load_policy(path)


def _limit(policy: swrules.Policy, phase: str, end: dt.date, short: int = 0) -> tuple[object, ...]:
    result = policy.evaluate({"s": {"phase": phase, "end": end, "short": short, "score": D(70)}})
    rule = next(r for r in result.rules if r.id == "上限")
    return rule.value, rule.in_force_from, rule.document, result.grade


@pytest.mark.parametrize(("phase", "end", "expected"), [
    ("midterm", dt.date(2024, 1, 31), (D(5), dt.date(2023, 1, 1), "穗民规字〔2023〕1号")),
    ("final", dt.date(2025, 6, 30), (D(10), dt.date(2023, 1, 1), "穗民规字〔2023〕1号")),
    ("final", dt.date(2025, 7, 1), (D(4), dt.date(2025, 7, 1), "穗民规字〔2025〕9号（示例）")),
    ("midterm", dt.date(2026, 1, 31), (D(4), dt.date(2025, 7, 1), "穗民规字〔2025〕9号（示例）")),
])
def test_a_dated_value_takes_effect_on_its_date(dated: swrules.Policy, phase: str, end: dt.date,
                                                expected: tuple[object, ...]) -> None:
    assert _limit(dated, phase, end)[:3] == expected


def test_the_threshold_in_force_decides_the_veto(dated: swrules.Policy) -> None:
    assert _limit(dated, "final", dt.date(2025, 6, 30), short=4)[3] == "合格"
    assert _limit(dated, "final", dt.date(2025, 7, 1), short=4)[3] == "不合格"


def test_json_and_traces_name_the_date_and_document(dated: swrules.Policy) -> None:
    result = dated.evaluate({"s": {"phase": "final", "end": dt.date(2025, 8, 1), "short": 0, "score": D(70)}},
                            explain=True)
    rule = next(r for r in json.loads(result.to_json())["rules"] if r["id"] == "上限")
    assert (rule["in_force_from"], rule["document"]) == ("2025-07-01", "穗民规字〔2025〕9号（示例）")
    slot = dated.checked.rules_by_name["上限"].slot
    assert result.trace is not None
    entry = result.trace.events[slot][-1][0]
    assert isinstance(entry, swrules.check.ir.DatedValue) and entry.start == dt.date(2025, 7, 1)


def test_before_the_first_date_no_value_is_in_force(dated: swrules.Policy) -> None:
    value, since, _, _ = _limit(dated, "final", dt.date(2022, 6, 30))
    assert type(value).__name__ == "Unknown" and since is None


@pytest.mark.parametrize(("change", "code"), [
    ("from 2025-07-01: 4 \"a\"\n  from 2023-01-01: 5", "E0605"),
    ("from 2023-01-01: by phase { midterm: 5 }", "E0601"),
    ("from 2023-01-01: by phase { midterm: 5, final: 10, annual: 3 }", "E0207"),
])
def test_bad_dated_values_are_refused(tmp_path: Path, change: str, code: str) -> None:
    body = DATED.replace('from 2023-01-01: by phase { midterm: 5, final: 10 } "穗民规字〔2023〕1号"\n'
                         '  from 2025-07-01: 4 "穗民规字〔2025〕9号（示例）"', change)
    path = tmp_path / "p.swr"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        swrules.load_policy(path)
    assert code in [d.code for d in info.value.diagnostics]


def test_the_illustrative_2018_version_is_an_overlay_of_the_real_one() -> None:
    old = swrules.load_policy(FOLDER / "station-evaluation-2018.swr")
    rule = old.checked.rules_by_name["社工缺口不合格人次"]
    assert rule.origin is not None and rule.origin.endswith("station-evaluation-2018.swr")
    assert old.checked.rules_by_name["持证缺口不合格人次"].origin.endswith("station-evaluation.swr")  # type: ignore[union-attr]


def test_eval_says_which_version_it_applied_and_why(tmp_path: Path) -> None:
    from helpers import run_cli

    result = run_cli("eval", str(FOLDER), str(ROOT / "examples" / "luopu-midterm-2025.toml"), "--format", "json")
    assert result.exit_code == 0
    assert "采用版本 2025.1" in result.stderr and "2023-01-01 起" in result.stderr
    assert json.loads(result.stdout)["policy"]["version"] == "2025.1"
    station_2022 = tmp_path / "s.toml"
    text = (ROOT / "examples" / "luopu-midterm-2025.toml").read_text(encoding="utf-8")
    station_2022.write_text(text.replace("period_start = 2024-08-06", "period_start = 2022-08-06"), encoding="utf-8")
    refused = run_cli("eval", str(FOLDER), str(station_2022))
    assert refused.exit_code == 2 and "E0917" in refused.stderr and refused.stdout == ""
    chosen = run_cli("eval", str(FOLDER), str(station_2022), "--policy-version", "2018.1", "--lang", "en")
    assert chosen.exit_code == 0 and "named with --policy-version" in chosen.stderr
