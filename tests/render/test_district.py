"""`swrules report` on a district: the summary report and the public notice (公示), in Markdown, HTML and Word."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from docx import Document
from helpers import chromium, run_chromium, run_cli, station
from hypothesis import given, settings
from hypothesis import strategies as st

POLICY = "policies/guangzhou/station-evaluation.swr"
STATIONS = "examples/stations"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def district(*args: str, code: int = 0) -> str:
    out = run_cli("report", POLICY, *args)
    assert out.exit_code == code, out.output
    return out.stdout


def test_the_examples_summary_is_the_same_byte_for_byte(in_root: None, golden, tmp_path: Path) -> None:
    first = district(STATIONS)
    assert first == district(STATIONS)
    golden("district/examples-summary.md", first)
    html = tmp_path / "a.html"
    again = tmp_path / "b.html"
    for target in (html, again):
        assert run_cli("report", POLICY, STATIONS, "--format", "html", "-o", str(target)).exit_code == 0
    assert html.read_bytes() == again.read_bytes()
    for kind in ("summary", "notice"):
        one, two = tmp_path / f"{kind}1.docx", tmp_path / f"{kind}2.docx"
        for target in (one, two):
            out = run_cli("report", POLICY, STATIONS, "--format", "docx", "--kind", kind, "-o", str(target))
            assert out.exit_code == 0, out.output
        assert one.read_bytes() == two.read_bytes()


def _md_table(text: str, heading: str) -> list[list[str]]:
    """The rows of the Markdown table under `## heading` (without header and rule)."""
    part = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_the_summary_counts_agree_with_eval_json_on_the_same_folder(in_root: None) -> None:
    evaluated = run_cli("eval", POLICY, STATIONS, "--format", "json")
    sums = json.loads(evaluated.stdout)["totals"]
    text = district(STATIONS)
    grades = {row[0]: int(row[1]) for row in _md_table(text, "各等级站点数")}
    for grade, n in sums["per_grade"].items():
        assert grades["无法判定" if grade == "?" else grade] == n
    assert grades["其中等级待核实"] == sums["provisional"]
    assert grades["未能评估的站点"] == sums["failed"]
    one = json.loads(run_cli("eval", POLICY, "examples/stations/01-excellent.toml", "--format", "json").stdout)
    labels = {v["id"]: v["label"] for v in one["vetoes"]}
    vetoes = {row[0]: int(row[1]) for row in _md_table(text, "一票否决项及触发站点")}
    assert {labels[k]: n for k, n in sums["per_veto"].items()} == vetoes
    near = _md_table(text, "总分距等级界限一分以内的站点")
    assert [(r[1], r[2]) for r in near] == [(n["total"], n["edge"]) for n in sums["near_band_edge"]]
    assert len(_md_table(text, "各站点评估结果")) == sums["read"]
    assert "评估站点数 | 28 / 28" in text


def test_the_summary_names_the_round_and_marks_invented_stations(in_root: None) -> None:
    text = district(STATIONS, "--date", "2025-02-20")
    assert text.startswith("# 示例区社工服务站中期评估、末期评估结果汇总报告\n")
    assert "日期：2025年2月20日" in text
    assert "| 考核期 | 2024年8月6日至2025年1月31日、2024年8月6日至2025年8月5日 |" in text
    assert "| 评估办法 | 广州市社工站购买服务项目评估 版本 2025.1 |" in text
    assert "| 1 | 示例站点01 |" in text and "标注“示例”的站点为演示用的虚构站点" in text
    # a published figure that differs, with both figures; a provisional grade said as such
    assert "| 示例站点24 | 报告公布的总分 | 89.50 | 88.50 | 1.00 |" in text
    assert "良好（待核实）" in text
    assert "examples/" not in text and ".toml" not in text  # no file path in the body


def test_an_invented_station_is_marked_as_an_example_where_its_name_does_not_say_so(in_root: None,
                                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "区"
    folder.mkdir()
    text = (ROOT / STATIONS / "01-excellent.toml").read_text(encoding="utf-8")
    (folder / "01.toml").write_text(re.sub(r'(?m)^name = ".*"$', 'name = "东山街社工服务站"', text, count=1),
                                    encoding="utf-8")
    notice = district(str(folder), "--kind", "notice")
    assert "| 1 | 东山街社工服务站（示例） |" in notice  # its district is 示例区
    assert "标注“示例”的站点为演示用的虚构站点" in notice


def test_a_station_that_cannot_be_read_is_listed_with_the_reason(in_root: None, tmp_path: Path) -> None:
    folder = tmp_path / "区"
    shutil.copytree(ROOT / STATIONS, folder)
    (folder / "99-broken.toml").write_text("[station]\nname = \n", encoding="utf-8")
    text = district(str(folder), code=1)
    rows = _md_table(text, "未能评估的站点")
    assert [r[0] for r in rows] == ["99-broken.toml"]
    assert re.search(r"[\u4e00-\u9fff]", rows[0][1])  # the reason, in the officer's words
    assert "| 未能评估的站点 | 1 |" in text and str(tmp_path) not in text


def test_the_notice_is_the_table_a_bureau_publishes_with_blanks_to_fill(in_root: None) -> None:
    text = district(STATIONS, "--kind", "notice", "--format", "html", "--date", "2025-02-20")
    assert "<h1>示例区社工服务站中期评估、末期评估结果公示</h1>" in text
    assert "公示期：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日（不少于 7 个工作日）" in text
    assert "请以书面形式向＿＿＿＿＿＿＿＿＿＿反映" in text and "（区民政局盖章）" in text
    assert '<p class="date">2025年2月20日</p>' in text
    assert text.count("<tr><td class=\"num\">") == 28  # every station evaluated, one not graded among them
    undated = district(STATIONS, "--kind", "notice")
    assert "＿＿＿＿年＿＿月＿＿日\n" in undated  # no date asked: left blank, no clock read


def test_the_html_summary_carries_its_pictures_inline_and_nothing_else(in_root: None) -> None:
    html = district(STATIONS, "--format", "html")
    assert html.count("<svg ") == 2 and "各站点总分分布" in html and "一票否决项触发情况" in html
    for needle in ("<script", "http://", "https://", "<link", "src=", "@import"):
        assert needle not in html


def test_the_word_documents_open_and_hold_the_tables(in_root: None, tmp_path: Path) -> None:
    target = tmp_path / "公示.docx"
    assert run_cli("report", POLICY, STATIONS, "--kind", "notice", "--format", "docx", "--date", "2025-02-20",
                   "-o", str(target)).exit_code == 0
    doc = Document(io.BytesIO(target.read_bytes()))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "站点", "承接机构", "阶段", "总分", "等级"]
    assert len(table.rows) == 1 + 28
    assert [c.text for c in table.rows[1].cells] == ["1", "示例站点01", "示例社会工作服务中心",
                                                      "中期评估", "95.75", "优秀"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2025年2月20日" in text and "公示期：" in text
    summary = tmp_path / "汇总.docx"
    assert run_cli("report", POLICY, STATIONS, "--format", "docx", "-o", str(summary)).exit_code == 0
    doc = Document(io.BytesIO(summary.read_bytes()))
    heads = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["等级", "站点数", "占比"] in heads
    stations = doc.tables[[h[:2] for h in heads].index(["序号", "站点"])]
    assert len(stations.rows) == 29
    from swrules.render.raster import cjk_font

    if cjk_font() is not None:
        assert len(doc.inline_shapes) == 2  # the histogram and the veto bars


def test_the_pictures_render_in_chinese_in_headless_chromium(in_root: None, tmp_path: Path) -> None:
    """The fonts the pictures name exist and draw every Chinese label (document.fonts.check), and the
    page renders to a screenshot with the pictures on it."""
    browser = chromium()
    html = district(STATIONS, "--format", "html")
    labels = "".join(sorted(set("".join(re.findall(r">([^<>]*[\u4e00-\u9fff][^<>]*)</text>", html)))))
    probe = ("<script>document.body.setAttribute('data-cjk', String(document.fonts.check("
             f"'12px \"Noto Sans CJK SC\"', {json.dumps(labels)})));</script>")
    page = tmp_path / "district.html"
    page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    shot = tmp_path / "district.png"
    dom = run_chromium(browser, "--dump-dom", page.as_uri())
    run_chromium(browser, "--window-size=800,1800", f"--screenshot={shot}", page.as_uri())
    assert 'data-cjk="true"' in dom.stdout
    from PIL import Image

    with Image.open(shot) as image:
        grey = image.convert("L")
        # the histogram's dark bars and dashed edges are drawn (a page of text alone has no such block)
        assert grey.getextrema()[0] < 60 and grey.size == (800, 1800)


def test_a_workbook_of_stations_gives_the_district_documents_too(in_root: None) -> None:
    out = run_cli("report", POLICY, "examples/区评估-示例.xlsx", "--kind", "notice")
    assert out.exit_code in (0, 1), out.output
    assert "结果公示" in out.stdout and "| 1 |" in out.stdout


def test_what_only_one_kind_of_report_takes_is_refused_for_the_other(in_root: None) -> None:
    out = run_cli("report", POLICY, STATIONS, "--template", "reports/report.md.j2")
    assert out.exit_code == 2 and "--template 只用于单个站点的报告" in out.output


@settings(max_examples=20, deadline=None)
@given(name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30),
       staffing=st.integers(0, 12))
def test_any_station_name_stays_text_in_every_district_document(name: str, staffing: int) -> None:
    import markupsafe

    from swrules.engine.batch import TotalsCounter, row_from_result
    from swrules.engine.district import District, DistrictStation, scale_of
    from swrules.engine.versions import PolicySet
    from swrules.render.district import render_district
    from swrules.render.district_word import district_docx
    from swrules.render.report import md_escape
    from swrules.render.word import xml_text

    policies = PolicySet.load(GUANGZHOU)
    policy = policies.policies[-1]
    result = policy.evaluate(station(station__name=name, compliance__staffing_shortfall=staffing))
    row = row_from_result("甲.toml", result, policy)
    counter = TotalsCounter(policies)
    counter.add(row)
    scale = scale_of(policies)
    d = District((DistrictStation(row, result),), counter.totals(), policy.title, scale.grades, scale.edges,
                 scale.total_max, tuple((v.id, v.label) for v in result.vetoes),
                 tuple((f.id, f.label) for f in result.findings))
    for kind in ("summary", "notice"):
        assert md_escape(name) in render_district(d, "zh", "md", kind)
        assert str(markupsafe.escape(name)) in render_district(d, "zh", "html", kind)
    doc = Document(io.BytesIO(district_docx(d, "zh", "notice")))
    assert xml_text(name).replace("\r", "\n") in doc.tables[0].rows[1].cells[1].text


def test_the_evaluations_own_process_checks_have_their_section_not_the_stations_findings(
        in_root: None, tmp_path: Path) -> None:
    text = district(STATIONS)
    findings = text.split("## 需要关注的地方及涉及站点", 1)[1].split("\n## ", 1)[0]
    assert "稳岗率未达到规定比例" in findings and "评估工作" not in findings
    process = text.split("## 评估工作程序核对", 1)[1].split("\n## ", 1)[0]
    assert "下列要求约束评估机构和区民政局的工作，不是对社工站的评价" in process
    assert "| 初评意见未在规定时限内反馈 | 0 | 无 | 全部 28 个站点 |" in process
    target = tmp_path / "汇总.docx"
    assert run_cli("report", POLICY, STATIONS, "--format", "docx", "-o", str(target)).exit_code == 0
    doc = Document(str(target))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    assert "初评意见未在规定时限内反馈" in cells and not [c for c in cells if c.startswith("评估工作：")]
    assert "评估工作程序核对" in [p.text for p in doc.paragraphs]
