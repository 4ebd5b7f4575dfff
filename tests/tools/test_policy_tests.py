"""`swrules test`: test cases beside a policy, their failures explained, coverage of
rules, band edges and veto thresholds, and generated boundary cases."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import run_cli, station
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.tools.boundary import expectation
from swrules.tools.policy_tests import Expect, compare

CLEAN = ROOT / "policies" / "guangzhou" / "tests" / "facts" / "clean-station.toml"


def project(tmp_path: Path, cases: dict[str, str]) -> Path:
    """A folder with the Guangzhou policy and the given test cases."""
    shutil.copy(GUANGZHOU, tmp_path / "station-evaluation.swr")
    (tmp_path / "tests" / "facts").mkdir(parents=True)
    shutil.copy(CLEAN, tmp_path / "tests" / "facts" / "clean-station.toml")
    for name, text in cases.items():
        (tmp_path / "tests" / name).write_text(text, encoding="utf-8")
    return tmp_path


CLEAN_CASE = """description = "干净的站点"
facts = "facts/clean-station.toml"
[expect]
total = 88.5
grade = "良好"
vetoes = []
"""


def test_the_guangzhou_policy_passes_its_own_tests_and_covers_everything(monkeypatch: pytest.MonkeyPatch,
                                                                         golden) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("test", "policies/guangzhou", "--require-full-coverage")
    assert result.exit_code == 0, result.output
    assert "失败" not in result.output.replace("0 个失败", "")
    assert "未被任何用例触及" not in result.output and "未测试的边界" not in result.output
    golden("policytests/guangzhou.txt", result.output)


def test_the_illustrative_versions_pass_their_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("test", "policies/examples/guangzhou-versions")
    assert result.exit_code == 0, result.output
    assert "通过  clean-station.toml [2018.1]" in result.output
    assert "通过  veto-staffing-midterm-2023.toml [2025.1]" in result.output
    # A period straddling the two versions is refused (E0917): a case expects it, and the run goes on.
    assert "通过  period-straddles-two-versions.toml" in result.output


def test_testing_one_file_of_a_folder_alone_refuses_cases_pinned_to_other_versions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("test", "policies/examples/guangzhou-versions/station-evaluation-2023.swr", "--lang", "en")
    # A case pinned to 2018.1 names a version this single file does not have: bad input.
    assert result.exit_code == 2
    assert "E0914" in result.output


def test_a_failure_shows_expected_actual_and_the_rules_involved(tmp_path: Path, golden) -> None:
    folder = project(tmp_path, {
        "clean.toml": CLEAN_CASE,
        "wrong.toml": """description = "以为这个站点是优秀"
facts = "facts/clean-station.toml"
[changes]
compliance.staffing_shortfall = 5
[expect]
total = 90
grade = "优秀"
vetoes = []
findings = ["稳岗率未达标"]
""",
    })
    result = run_cli("test", str(folder))
    assert result.exit_code == 1
    out = result.output.replace(str(tmp_path), "<tmp>")
    assert "总分：预期 90，实际 88.5" in out
    assert "等级：预期 优秀，实际 不合格" in out
    assert "社工配备不足" in out and "compliance.staffing_shortfall = 5" not in out
    # A fact read by its label, its key path after it; yes/no and not-given as every output shows them.
    assert "读取：社工人员配备累计缺少（人次）（compliance.staffing_shortfall）= 5；" in out
    assert "社工人员配备符合规定（评估结论）（compliance.staffing_conforms）= （未填报）" in out
    assert "评估阶段（station.phase）= 中期评估" in out and "服务监测（service_monitoring）" not in out
    golden("policytests/failure.txt", out)
    en = run_cli("test", str(folder), "--lang", "en").output
    assert "total: expected 90, actual 88.5" in en and "grade: expected 优秀, actual 不合格" in en


def test_tolerance_allows_a_small_difference(tmp_path: Path) -> None:
    folder = project(tmp_path, {"a.toml": CLEAN_CASE.replace("total = 88.5", "total = 88.49\ntolerance = 0.01")})
    assert run_cli("test", str(folder)).exit_code == 0
    (folder / "tests" / "a.toml").write_text(CLEAN_CASE.replace("total = 88.5", "total = 88.49\ntolerance = 0.005"),
                                             encoding="utf-8")
    result = run_cli("test", str(folder))
    assert result.exit_code == 1 and "（容差 0.005）" in result.output


def test_facts_can_be_given_inline(tmp_path: Path) -> None:
    folder = project(tmp_path, {})
    inline = CLEAN.read_text(encoding="utf-8")
    inline = "\n".join(
        line.replace("[[", "[[facts.").replace("[station]", "[facts.station]").replace("[scores]", "[facts.scores]")
        .replace("[compliance]", "[facts.compliance]").replace("[staff]", "[facts.staff]")
        .replace("[survey]", "[facts.survey]")
        for line in inline.splitlines())
    (folder / "tests" / "inline.toml").write_text(
        'description = "事实直接写在用例中"\n[expect]\ntotal = 88.5\ngrade = "良好"\n' + inline, encoding="utf-8")
    result = run_cli("test", str(folder))
    assert result.exit_code == 0, result.output
    assert "通过  inline.toml" in result.output


@pytest.mark.parametrize(("case", "expected"), [
    ('facts = "facts/clean-station.toml"\nexpected = 1\n[expect]\ngrade = "良好"\n', "E0951"),
    ('facts = "facts/clean-station.toml"\n[expect]\nvetoes = ["社工配备不够"]\n', "社工配备不足"),
    ('facts = "facts/clean-station.toml"\n[expect]\ngrade = "良"\n', "E0954"),
    ('facts = "facts/nowhere.toml"\n[expect]\ngrade = "良好"\n', "E0950"),
    ('facts = "facts/clean-station.toml"\n[expect]\ntotal = "八十"\n', "expect.total"),
    ('facts = "facts/clean-station.toml"\npolicy_version = "2018"\n[expect]\ngrade = "良好"\n', "E0914"),
    ('facts = "facts/clean-station.toml"\n', "expect"),
    ('facts = "facts/clean-station.toml"\n[expect]\nerror = "E9999"\n', "expect.error"),
    ('facts = "facts/clean-station.toml"\n[expect]\nerror = "E0917"\ngrade = "良好"\n', "expect.grade"),
])
def test_a_bad_case_is_bad_input_not_a_failure(tmp_path: Path, case: str, expected: str) -> None:
    result = run_cli("test", str(project(tmp_path, {"bad.toml": case})))
    assert result.exit_code == 2
    assert expected in result.output
    assert "bad.toml" in result.output


def test_a_case_whose_period_the_policy_does_not_cover_fails_and_hides_no_other_case(tmp_path: Path) -> None:
    folder = project(tmp_path, {"bad.toml": 'facts = "facts/clean-station.toml"\n[changes]\n'
                                            'station.period_end = 2019-01-01\nstation.period_start = 2018-08-01\n'
                                            '[expect]\ngrade = "良好"\n',
                                "clean.toml": CLEAN_CASE})
    policy = folder / "station-evaluation.swr"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace('version "2025.1"\n', 'version "2025.1"\n  effective from 2023-01-01\n', 1),
                      encoding="utf-8")
    result = run_cli("test", str(folder))
    assert result.exit_code == 1, result.output
    assert "失败  bad.toml" in result.output and "E0916" in result.output
    assert "通过  clean.toml" in result.output
    assert "结果：2 个用例，1 个通过，1 个失败（其中 1 个评估出错）" in result.output


def test_facts_the_policy_refuses_fail_that_case_only(tmp_path: Path) -> None:
    refused = 'facts = "facts/clean-station.toml"\n[changes]\nscores.purchaser = 25\n[expect]\ngrade = "良好"\n'
    result = run_cli("test", str(project(tmp_path, {"bad.toml": refused, "clean.toml": CLEAN_CASE})), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "FAIL  bad.toml" in result.output and "pass  clean.toml" in result.output
    assert "evaluation error: expected none, actual E0804" in result.output
    assert "E0804 " in result.output


def test_a_case_can_expect_an_error_by_its_code(tmp_path: Path) -> None:
    refused = ('description = "购买方评分超过满分：政策拒绝"\nfacts = "facts/clean-station.toml"\n'
               '[changes]\nscores.purchaser = 25\n[expect]\nerror = "E0804"\n')
    wrong = 'facts = "facts/clean-station.toml"\n[expect]\nerror = "E0804"\n'
    other = ('facts = "facts/clean-station.toml"\n[changes]\nscores.purchaser = 25\n'
             '[expect]\nerror = "E0917"\n')
    result = run_cli("test", str(project(tmp_path, {"refused.toml": refused, "wrong.toml": wrong,
                                                    "other.toml": other})))
    assert "通过  refused.toml  购买方评分超过满分：政策拒绝" in result.output
    assert "失败  wrong.toml" in result.output and "评估出错：预期 E0804，实际 无" in result.output
    assert "失败  other.toml" in result.output and "评估出错：预期 E0917，实际 E0804" in result.output
    assert result.exit_code == 1


def test_no_cases_is_bad_input(tmp_path: Path) -> None:
    result = run_cli("test", str(project(tmp_path, {})))
    assert result.exit_code == 2 and "E0953" in result.output


def test_a_policy_with_errors_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "p.swr").write_text("policy {\n", encoding="utf-8")
    result = run_cli("test", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'p.swr'}:1:8: 错误[E0100]" in result.output  # the policy's error, not "no cases"


def test_coverage_lists_what_no_case_reaches(tmp_path: Path) -> None:
    folder = project(tmp_path, {"clean.toml": CLEAN_CASE})
    result = run_cli("test", str(folder))
    assert result.exit_code == 0
    out = result.output
    assert "未被任何用例触及的规则（15）" in out  # 8 vetoes, 3 findings and 4 deadlines of the evaluation
    assert "没有用例落入的等级：优秀、合格、不合格" in out
    assert "中期评估: 总分 = 80（良好的界限）" in out
    assert "末期评估: 社工配备不足：compliance.staffing_shortfall >= 社工缺口不合格人次，即 10" in out
    assert run_cli("test", str(folder), "--require-full-coverage").exit_code == 1


def test_boundary_cases_are_generated_at_every_edge_for_each_phase(tmp_path: Path) -> None:
    folder = project(tmp_path, {"clean.toml": CLEAN_CASE})
    first = run_cli("test", str(folder), "--generate-boundary-cases")
    assert first.exit_code == 0, first.output
    generated = folder / "tests" / "boundary"
    names = sorted(p.name for p in generated.glob("*.toml"))
    assert len(names) == 24  # (3 band edges + 3 veto thresholds) x 2 sides x 2 phases
    assert "final-veto-社工配备不足-at.toml" in names and "midterm-band-90-below.toml" in names
    at_80 = (generated / "midterm-band-80-at.toml").read_text(encoding="utf-8")
    assert "total = 80" in at_80 and 'grade = "良好"' in at_80
    below_80 = (generated / "midterm-band-80-below.toml").read_text(encoding="utf-8")
    assert "total = 79.99" in below_80 and 'grade = "合格"' in below_80
    at_staffing = (generated / "final-veto-社工配备不足-at.toml").read_text(encoding="utf-8")
    assert "staffing_shortfall = 10" in at_staffing and '"社工配备不足"' in at_staffing
    across = (generated / "final-veto-社工配备不足-across.toml").read_text(encoding="utf-8")
    assert "staffing_shortfall = 9" in across and "vetoes = []" in across
    ratio = (generated / "midterm-veto-人员费用比例过低-across.toml").read_text(encoding="utf-8")
    assert 'personnel_spending_ratio = "79.99%"' in ratio
    again = run_cli("test", str(folder))
    assert again.exit_code == 0 and "未测试的边界" not in again.output
    before = {p.name: p.read_bytes() for p in generated.iterdir()}
    run_cli("test", str(folder), "--generate-boundary-cases")
    assert {p.name: p.read_bytes() for p in generated.iterdir()} == before


def test_generated_cases_that_no_longer_fit_a_narrowed_policy_are_regenerated(tmp_path: Path) -> None:
    folder = project(tmp_path, {"clean.toml": CLEAN_CASE})
    assert run_cli("test", str(folder), "--generate-boundary-cases").exit_code == 0
    policy = folder / "station-evaluation.swr"
    # The officer narrows a range: the old case at shortfall 10 is now out of range.
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "staffing_shortfall              integer min 0 ", "staffing_shortfall              integer min 0 max 9"),
        encoding="utf-8")
    assert run_cli("test", str(folder)).exit_code == 1  # without regenerating, the stale case fails (E0804)
    again = run_cli("test", str(folder), "--generate-boundary-cases")
    assert again.exit_code == 0, again.output
    assert "替换了此前生成的用例" in again.stderr
    assert not (folder / "tests" / "boundary" / "final-veto-社工配备不足-at.toml").exists()
    assert run_cli("test", str(folder)).exit_code == 0


def test_a_hand_written_file_in_the_boundary_folder_is_named_and_never_overwritten(tmp_path: Path) -> None:
    folder = project(tmp_path, {"clean.toml": CLEAN_CASE})
    boundary = folder / "tests" / "boundary"
    boundary.mkdir()
    mine = boundary / "midterm-band-80-at.toml"
    mine.write_text(CLEAN_CASE.replace("facts/", "../facts/"), encoding="utf-8")
    result = run_cli("test", str(folder), "--generate-boundary-cases")
    assert mine.read_text(encoding="utf-8") == CLEAN_CASE.replace("facts/", "../facts/")
    assert f"未覆盖 {mine}：这个文件不是本命令生成的（开头没有生成标记）" in result.stderr
    assert "写入 23 个边界用例" in result.stderr
    # A hand-written file there that does not fit the policy is named as what is in the way.
    mine.write_text(CLEAN_CASE.replace("facts/", "../facts/") + "[facts.station]\nnot_a_fact = 1\n",
                    encoding="utf-8")
    blocked = run_cli("test", str(folder), "--generate-boundary-cases")
    assert blocked.exit_code == 2
    assert f"注意：{mine} 在边界用例目录中，但不是本命令生成的" in blocked.stderr


def test_generated_cases_the_officer_edited_wrongly_fail(tmp_path: Path) -> None:
    folder = project(tmp_path, {"clean.toml": CLEAN_CASE})
    run_cli("test", str(folder), "--generate-boundary-cases")
    case = folder / "tests" / "boundary" / "midterm-band-90-at.toml"
    case.write_text(case.read_text(encoding="utf-8").replace('grade = "优秀"', 'grade = "良好"'), encoding="utf-8")
    result = run_cli("test", str(folder))
    assert result.exit_code == 1
    assert "失败  boundary/midterm-band-90-at.toml" in result.output


def test_the_example_district_overlay_ships_cases_covering_its_own_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("test", "policies/examples/district-overlay", "--require-full-coverage")
    assert result.exit_code == 0, result.output
    assert "规则：39 条全部触及" in result.output  # the city's 38 and the villages' item


@settings(max_examples=40, deadline=None)
@given(points=st.lists(st.decimals(min_value=0, max_value=9, places=2), min_size=3, max_size=3),
       shortfall=st.integers(min_value=0, max_value=8), tolerance=st.decimals(min_value=0, max_value=1, places=2))
def test_an_expectation_taken_from_a_result_passes_and_one_off_by_more_than_the_tolerance_fails(
        points: list[D], shortfall: int, tolerance: D) -> None:
    policy = swrules.load_policy(GUANGZHOU)
    result = policy.evaluate(station(scores__operations=points[0], scores__service_monitoring=points[1],
                                     scores__civil_affairs=points[2], compliance__staffing_shortfall=shortfall))
    written = expectation(result)
    expect = Expect(total=written["total"], tolerance=tolerance, grade=written["grade"],
                    vetoes=frozenset(written["vetoes"]), findings=frozenset(written["findings"]))
    assert compare(expect, result) == []
    off = Expect(total=result.total + tolerance + D("0.01"), tolerance=tolerance)
    assert [m.what for m in compare(off, result)] == ["total"]


def test_a_failure_names_the_date_and_document_of_a_dated_value(tmp_path: Path) -> None:
    (tmp_path / "p.swr").write_text("""
policy "按日期取值" { version "1" dated by s.end }
facts s { end date  short integer min 0  score decimal min 0 max 100 }
param 上限 "缺口上限" = by date {
  from 2023-01-01: 5 "穗民规字〔2023〕1号"
  from 2025-07-01: 4 "穗民规字〔2025〕9号（示例）"
}
score sheet { party a points 100 { item x max 100 = s.score } total max 100 }
grades { 合格 60 <= total  不合格 total < 60 }
veto 缺口 "人员缺口" { when s.short >= 上限 forces 不合格 }
""", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "a.toml").write_text("""description = "以为上限仍是 5"
[facts.s]
end = 2025-08-01
short = 4
score = 70
[expect]
grade = "合格"
""", encoding="utf-8")
    result = run_cli("test", str(tmp_path))
    assert result.exit_code == 1
    assert "取值自 2025-07-01 起生效（穗民规字〔2025〕9号（示例））" in result.output
    assert "读取：s.short = 4；上限 = 4" in result.output


def test_records_and_percentages_read_as_officers_write_them(tmp_path: Path) -> None:
    case = CLEAN_CASE + '[expect.values]\nservice_quality = 17\n"稳岗率要求" = "75%"\n'
    result = run_cli("test", str(project(tmp_path, {"a.toml": case})))
    assert result.exit_code == 1
    assert "（scores.service_quality）= area 甲片区、score 17；area 乙片区、score 18" in result.output
    assert "稳岗率要求「稳岗率须达到的比例」 = 80%" in result.output and ("规则 稳岗率要求 的值："
                                                          "预期 75%，实际 80%") in result.output
    assert "Decimal(" not in result.output


def test_a_failing_output_shows_both_values_in_its_unit(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "policies" / "examples" / "grade-rewards", tmp_path / "p")
    (tmp_path / "p" / "tests" / "wrong.toml").write_text(
        'facts = "facts/station.toml"\n[expect.values]\n"团队奖励" = 30000\n"折算目标" = 1501\n', encoding="utf-8")
    result = run_cli("test", str(tmp_path / "p"))
    assert result.exit_code == 1
    assert "规则 团队奖励 的值：预期 30000，实际 28,000 元" in result.output
    assert "规则 折算目标 的值：预期 1501，实际 1,500.12 人次" in result.output
    assert "失败  wrong.toml" in result.output and "通过  grade-a-reward.toml" in result.output
