"""What a veto, finding or process check read, and the stations the totals list, as a station's
director, an auditor or a district officer reads them: by the policy's labels, never a key path.

Each output is made as a user makes it (the command line in `--lang zh` and `--lang en`; the
workbook written by `eval --format xlsx` and opened again with openpyxl; the district report's
text from `swrules report` on a folder). The one-station text's 一票否决, 需要关注的地方 and
评估工作程序核对 lines name each value by its label with its value as people read it (80%, 是),
a fact not given as （未填报）, and a check that could not be decided as 未填报：<label>; the
workbook's sheets per check say the same. The batch totals name the stations near a band edge by
their names, with the file only where two stations share a name; the district report, with the
station's number in its table.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli, text_sections
from openpyxl import load_workbook

POLICY = "policies/guangzhou/station-evaluation.swr"
STATIONS = "examples/stations"
LUOPU = "examples/luopu-midterm-2025.toml"
UNVERIFIED = "examples/stations/22-missing-compliance.toml"
# A fact's key path (survey.respondents, indicators[3].target) or a rule's name as written in the policy.
KEY_PATH = re.compile(r"[a-z_]+(\[\d+\])?\.[a-z_]+")
RULE_NAMES = ("满意度样本下限", "人员费用比例下限", "稳岗率要求", "社工缺口不合格人次")


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


_sections = text_sections


def _eval(*args: str) -> str:
    result = run_cli("eval", POLICY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _no_program_names(lines: list[str]) -> None:
    for line in lines:
        assert not KEY_PATH.search(line), line
        assert not any(name in line for name in RULE_NAMES), line


def test_eval_says_what_each_check_read_by_its_label_in_chinese() -> None:
    s = _sections(_eval(LUOPU))
    checks = s["一票否决"] + s["需要关注的地方"] + s["评估工作程序核对"]
    _no_program_names(checks)
    survey = next(line for line in checks if "满意度调查样本不足" in line)
    assert "接受满意度调查的服务对象人数：109；困难群众和特殊群体总人数：（未填报）；" \
           "满意度调查随机抽取服务对象的最少人数：100" in survey
    spending = next(line for line in checks if "人员费用支出比例低于规定比例" in line)
    assert "年度服务期内人员费用支出比例的下限（低于即为不合格）：80%" in spending  # a percentage as 80%
    assert "人员费用支出比例符合规定（评估结论）：是" in spending
    retention = next(line for line in checks if "稳岗率未达到规定比例" in line)
    assert "未填报：稳岗率" in retention
    deadline = next(line for line in checks if "初评意见未在规定时限内反馈" in line)
    assert "未填报：评估工作结束至反馈初评意见（工作日）" in deadline
    assert "缺失" not in "\n".join(checks)
    # the one list that tells where to write a fact keeps its key beside its label
    assert s["未填报的事项"][0].split() == ["staff.retention_rate", "稳岗率", "选填"]


def test_eval_says_what_each_check_read_by_its_label_in_english() -> None:
    s = _sections(_eval(LUOPU, "--lang", "en"))
    checks = s["Vetoes"] + s["Findings"] + s["The evaluation's own process"]
    _no_program_names(checks)
    survey = next(line for line in checks if "满意度调查样本不足" in line)
    assert "接受满意度调查的服务对象人数: 109; 困难群众和特殊群体总人数: (not given); " \
           "满意度调查随机抽取服务对象的最少人数: 100" in survey
    assert any("not given: 稳岗率" in line for line in checks)
    assert "missing" not in "\n".join(checks)


@pytest.mark.parametrize("lang, lead", [("zh", "未填报："), ("en", "not given: ")])
def test_a_provisional_grade_names_the_facts_its_vetoes_lack_by_their_labels(lang: str, lead: str) -> None:
    text = _eval(UNVERIFIED, "--lang", lang)
    head = text[:text.index("\n\n", text.index("  "))]  # up to the grade and why it is provisional
    reasons = [line for line in text.splitlines() if line.startswith("    - ")]
    assert len(reasons) == 8, head
    _no_program_names(reasons)
    assert any(f"{lead}社工人员配备累计缺少（人次）、社工人员配备符合规定（评估结论）" in line
               or f"{lead}社工人员配备累计缺少（人次）, 社工人员配备符合规定（评估结论）" in line for line in reasons)


def test_an_indicator_fact_not_given_reads_未填报() -> None:
    row = next(line for line in _sections(_eval(LUOPU))["协议指标"] if line.startswith("个案节数"))
    assert row.split()[3:5] == ["（未填报）", "（未填报）"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_sheets_per_check_say_what_each_read_by_its_label(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "区.xlsx"
    result = run_cli("eval", POLICY, STATIONS, LUOPU, "--format", "xlsx", "-o", str(out), "--lang", lang)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    zh = lang == "zh"
    said = [str(row[4]) for ws in book.worksheets[1:] if ws.title.startswith(("否决", "关注", "程序", "veto",
                                                                                 "finding", "process"))
            for row in ws.iter_rows(min_row=2, values_only=True) if row[4]]
    assert said
    _no_program_names(said)
    veto = "年度服务期内人员费用支出比例低于规定比例"
    spending = book[f"否决：{veto}" if zh else f"veto {veto}"]
    rows = {row[1]: row[4] for row in spending.iter_rows(min_row=2, values_only=True)}
    if zh:
        assert rows["示例站点08"] == ("年度服务期内人员费用支出比例：78.5%；"
                                     "人员费用支出比例符合规定（评估结论）：（未填报）；"
                                     "年度服务期内人员费用支出比例的下限（低于即为不合格）：80%")
        assert rows["示例站点22"] == "未填报：年度服务期内人员费用支出比例、人员费用支出比例符合规定（评估结论）"
    else:
        assert rows["示例站点08"].startswith("年度服务期内人员费用支出比例: 78.5%; ")
        assert rows["示例站点22"].startswith("not given: 年度服务期内人员费用支出比例")
    # the summary's 未填报的事项: each fact by its label, its key beside it (where to write it)
    head = [c.value for c in book.worksheets[0][1]]
    col = head.index("未填报的事项" if zh else "facts to give")
    cells = {row[1]: row[col] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    purchaser, respondents = ("购买方（街道办事处）评分", "接受满意度调查的服务对象人数")
    assert cells["示例站点23"] == (f"{purchaser}（scores.purchaser）; {respondents}（survey.respondents）" if zh else
                                  f"{purchaser} (scores.purchaser); {respondents} (survey.respondents)")


# ---------------------------------------------------------------- the stations the totals list


def _twice(tmp_path: Path) -> Path:
    """A folder where two files are one station (示例站点26, near an edge) and one is another (示例站点27)."""
    folder = tmp_path / "区"
    folder.mkdir()
    shutil.copy(f"{STATIONS}/26-near-excellent.toml", folder / "a.toml")
    shutil.copy(f"{STATIONS}/26-near-excellent.toml", folder / "b.toml")
    shutil.copy(f"{STATIONS}/27-exactly-sixty.toml", folder / "c.toml")
    return folder


def _near(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(heading))
    return [line.strip() for line in lines[at + 1:] if line.startswith("    ")]


def test_the_batch_totals_name_the_stations_near_an_edge_as_the_table_does() -> None:
    near = _near(_eval(STATIONS), "总分距等级界限一分以内的站点")
    assert near == ["示例站点26  89.50（界限 90）", "示例站点27  60.00（界限 60）"]
    near = _near(_eval(STATIONS, "--lang", "en"), "stations within one point of a band edge")
    assert near == ["示例站点26  89.50 (edge 90)", "示例站点27  60.00 (edge 60)"]


def test_two_stations_of_one_name_are_told_apart_by_their_files(tmp_path: Path) -> None:
    folder = _twice(tmp_path)
    near = _near(_eval(str(folder)), "总分距等级界限一分以内的站点")
    assert near == [f"示例站点26（{folder / 'a.toml'}）  89.50（界限 90）",
                    f"示例站点26（{folder / 'b.toml'}）  89.50（界限 90）", "示例站点27  60.00（界限 60）"]


def test_the_workbook_totals_name_the_stations_near_an_edge(tmp_path: Path) -> None:
    folder = _twice(tmp_path)
    out = tmp_path / "区.xlsx"
    assert run_cli("eval", POLICY, str(folder), "--format", "xlsx", "-o", str(out)).exit_code == 0
    near = [row[1] for row in load_workbook(out)["汇总数"].iter_rows(min_row=2, values_only=True)
            if row[0] == "距等级界限一分以内"]
    assert near == [f"示例站点26（{folder / 'a.toml'}）  89.50（界限 90）",  # as the terminal's totals say it
                    f"示例站点26（{folder / 'b.toml'}）  89.50（界限 90）", "示例站点27  60.00（界限 60）"]


def test_the_district_report_tells_two_stations_of_one_name_apart_by_their_number(tmp_path: Path) -> None:
    folder = _twice(tmp_path)
    result = run_cli("report", POLICY, str(folder))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "| 示例站点26（序号 1） | 89.50 | 90 |" in text and "| 示例站点26（序号 2） | 89.50 | 90 |" in text
    assert "| 示例站点27 | 60.00 | 60 |" in text  # a name no other station has stands alone
    assert "a.toml" not in text and str(folder) not in text
