"""`swrules report`: the evaluation report in Markdown and HTML, reproducible byte for
byte, self-contained, inert against hostile fact text, and open to a user's own
template in a sandbox."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import markupsafe
import pytest
import tomli_w
from conftest import GUANGZHOU, ROOT
from helpers import chromium, run_chromium, run_cli, station
from hypothesis import given, settings
from hypothesis import strategies as st

POLICY = "policies/guangzhou/station-evaluation.swr"
FACTS = "examples/luopu-midterm-2025.toml"
EXAMPLES = ROOT / "reports" / "examples"
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if true %}injected{% endif %} | **bold** [x](http://e.com)'


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def write_facts(tmp_path: Path, facts: dict, name: str = "station.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(facts), encoding="utf-8")
    return path


def report(*args: str) -> str:
    out = run_cli("report", *args)
    assert out.exit_code == 0, out.stderr
    return out.stdout


# ---------------------------------------------------------------- the shipped examples


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_examples_are_not_stale(in_root, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"luopu.{fmt}"
    out = run_cli("report", POLICY, FACTS, "--format", fmt, "-o", str(target))
    assert out.exit_code == 0 and out.stdout == ""
    expected = (EXAMPLES / f"luopu-midterm-2025.{fmt}").read_bytes()
    assert target.read_bytes() == expected, (
        f"reports/examples/luopu-midterm-2025.{fmt} is stale: regenerate it with "
        f"`swrules report {POLICY} {FACTS} --format {fmt} -o reports/examples/luopu-midterm-2025.{fmt}`")


def _body(md: str) -> str:
    """The report without its annex: what the bureau publishes."""
    return md.split("## 附件：计分复核说明")[0]


def test_report_follows_the_agency_report_in_order_and_words(in_root) -> None:
    md = report(POLICY, FACTS)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## 一、中期评估背景", "## 二、评估总结", "## 三、评估反馈", "## 四、评估等级", "## 五、结语",
                        "## 附件：计分复核说明"]
    subsections = [line for line in _body(md).splitlines() if line.startswith("### ")]
    assert subsections == [
        "### （一）评估依据", "### （二）评估原则", "### （三）评估阶段", "### （四）评估内容", ("### （五"
                                                                     "）评估结果说明"),
        "### （一）社工站基本情况", "### （二）各项目服务进度情况", "### （三）项目运营管理",
        ("### （四）服务"
         "成效和服务监测情况"), "### （五）服务质量情况", "### （六）购买方反馈情况", "### （七）市督导中心反馈",
        "### （八）依评估规则核对的事项"]
    assert md.startswith("# 洛浦街社工服务站中期评估报告\n\n（2024年8月6日—2025年8月5日）")
    # Page one: grade, status in the process, the vetoes verified, the difference from the published total.
    summary = md.split("## 一、")[0]
    assert "- 评估等级：良好（86.39分）" in summary
    assert "- 结果状态：初评意见，经区民政局确认并公示后为最终评估结果" in summary
    assert "- 一票否决：所列八种情形经核实均未发现" in summary
    assert "原报告公布的总分为87.39，按评分表计算为86.39，相差1.00" in summary
    body = _body(md)
    assert "2025年2月21日，番禺区社会组织联合会5位评委及2名工作人员对洛浦街社工服务站展开了中期评估工作。" in body
    assert "评估项目合同期为2024年8月6日至2025年8月5日。本次考核期为2024年8月6日至2025年1月31日，考核5.5个月。" in body
    assert "在评估工作结束后5个工作日内反馈初评意见" in body and "公示期不少于7个工作日" in body
    assert ("90分以上为优秀，80分至90分（不含90分）为良好，60分"
            "至80分（不含80分）为合格，60分以下（不含60分）为不合格") in body
    # Every veto decided from the evaluators' conclusions, with document and clause.
    assert body.count("| 未发现 | 《洛浦街社工服务站中期评估报告》一（五）评估结果说明 第（") == 8
    assert "**经过评估，洛浦街社工服务站本次中期评估的等级为“良好”（86.39分）。**" in body
    # The score sheet as the report prints it: 标准分 on every row, the areas' combined figure.
    assert "| 服务质量（六社片区） | 20 | 15.60 | 15.38（三个片区合并折算） |" in body
    assert "| 服务质量（东西片区） | 20 | 14.55 | （同上） |" in body
    assert "| 监督方（区民政局） | 10 | 8.80 | 8.80 |" in body
    assert "| **总分** | **100** |  | **86.39** |" in body
    # The evaluators' text, and what the rules checked, said to come from rules.
    assert "（1）在服务质量内控制度方面，文件制度较为简单" in body
    assert "**东西片区：沙溪村、厦滘村、上漖村、洛溪村、东乡村、西一村、西二村、西三村**" in body
    assert ("（1）社工继续教育时数未达到规定时数：需要关注（依据"
            "：《洛浦街社工服务站中期评估报告》二（三）2（2））") in body
    assert "| 家访 | 人次 | 1278 | 1500（推算） | 85.20% | 85.20% |" in body
    assert "评估机构（盖章）：番禺区社会组织联合会" in body and "出具日期：　　年　　月　　日" in body
    # No program identifiers, file paths, engineering words or ISO dates in the body.
    for word in ("compliance.", "policies/", ".swr", "读取的规则", "中间值", "暂定", "没有触发", "未触发", "不需要关注",
                 "缺失的事实", "距其他结果", "2024-08-06", "区民政部门", "满意度调查样本不足"):
        assert word not in body, word
    # The survey size binds the evaluator: it is checked in the annex, under the evaluation's own process.
    annex = md.split("## 附件：计分复核说明")[1]
    process = annex.split("### 五、评估工作程序核对")[1].split("### 六、")[0]
    assert "满意度调查样本不足：符合要求" in process and "初评意见未在规定时限内反馈：未能核实" in process
    assert "15.38333… → 15.38（四舍五入，保留 2 位小数）" in annex


def test_undetermined_vetoes_are_not_verified_and_the_grade_awaits_them(tmp_path: Path) -> None:
    facts = station(compliance__staffing_shortfall=None)
    md = report(str(GUANGZHOU), str(write_facts(tmp_path, facts)))
    body = _body(md)
    assert "- 一票否决：一种情形未能核实（社工人员配备不足），等级有待核实" in body
    assert "| 社工人员配备不足 | 未能核实 |" in body
    assert "因一种一票否决情形未能核实，本等级有待核实：若发现其中任一情形，评估结果确定为不合格。" in body
    assert "没有触发" not in md and "均不成立" not in md


def test_report_in_english(in_root) -> None:
    md = report(POLICY, FACTS, "--lang", "en")
    assert "- Grade: 良好 (86.39 points)" in md
    assert "## Annex: how the score was checked" in md


def test_audit_details_in_the_annex_and_timestamp_only_when_asked(in_root) -> None:
    import hashlib

    plain = report(POLICY, FACTS)
    assert plain == report(POLICY, FACTS)  # byte for byte
    policy_hash = hashlib.sha256((ROOT / POLICY).read_text(encoding="utf-8").encode()).hexdigest()
    facts_hash = hashlib.sha256((ROOT / FACTS).read_text(encoding="utf-8").encode()).hexdigest()
    annex = plain.split("## 附件：计分复核说明")[1]
    assert f"| {policy_hash} |" in annex and f"| {facts_hash} |" in annex
    assert "| 计算工具 | swrules 0.1.0 |" in annex and "| 评估规则 | 广州市社工站购买服务项目评估 2025.1 |" in annex
    assert "| 依据文件 | 《洛浦街社工服务站中期评估报告》（规则转述自此报告） |" in annex
    assert "| 评估时间 |" not in plain
    stamped = report(POLICY, FACTS, "--timestamp")
    assert "| 评估时间 | 20" in stamped


@pytest.mark.parametrize(("name", "changes"), [
    ("veto-hit", {"compliance__staffing_shortfall": 6}),
    ("missing-facts", {"compliance__staffing_shortfall": None, "survey__population": None}),
    ("band-edge-80", {"scores__purchaser": D("9.5")}),  # 88.50 - 8.50 = 80.00, the lowest 良好
])
def test_station_reports(golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, changes: dict) -> None:
    write_facts(tmp_path, station(**changes))
    monkeypatch.chdir(tmp_path)
    for fmt in ("md", "html"):
        text = report(str(GUANGZHOU), "station.toml", "--format", fmt).replace(str(GUANGZHOU), POLICY)
        golden(f"report/{name}.{fmt}", text)


def test_band_edge_report_grades_80_as_good(tmp_path: Path) -> None:
    md = report(str(GUANGZHOU), str(write_facts(tmp_path, station(scores__purchaser=D("9.5")))))
    assert "- 评估等级：良好（80.00分）" in md
    assert "等级为良好：总分 80.00 在良好的区间（80 ≤ 总分 &lt; 90）内，一票否决情形均不成立。" in md


# ---------------------------------------------------------------- hostile text stays text


def hostile_facts(tmp_path: Path) -> Path:
    facts = station(station__name=HOSTILE, station__operator="</td></tr><img src=x onerror=alert(1)>")
    facts["scores"]["service_quality"][0]["area"] = "{{ config }}<b>甲</b>"
    facts["declared"] = {"grade": "{% raw %}<i>x</i>"}
    return write_facts(tmp_path, facts)


def test_hostile_text_is_inert_in_html(tmp_path: Path) -> None:
    html = report(str(GUANGZHOU), str(hostile_facts(tmp_path)), "--format", "html")
    assert "<script>" not in html and "<img" not in html and "<b>甲" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if true %}injected{% endif %}" in html
    assert "{{ config }}&lt;b&gt;甲&lt;/b&gt;" in html


def test_hostile_text_is_inert_in_markdown(tmp_path: Path) -> None:
    md = report(str(GUANGZHOU), str(hostile_facts(tmp_path)))
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7\\*7 }} {% if true %}injected{% endif %} "
            "\\| \\*\\*bold\\*\\*") in md
    # No table row is broken by the `|` in the name: every row of the station table has three pipes.
    for line in md.splitlines():
        if line.startswith("| 站点 |"):
            assert line.count("|") - line.count("\\|") == 3


def test_hostile_text_is_inert_in_a_user_template(tmp_path: Path) -> None:
    facts = hostile_facts(tmp_path)
    (tmp_path / "mine.html.j2").write_text("<h1>{{ station.name }}</h1><p>{{ total }} {{ grade }}</p>\n",
                                           encoding="utf-8")
    html = report(str(GUANGZHOU), str(facts), "--template", str(tmp_path / "mine.html.j2"))
    assert html.startswith("<h1>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}")
    assert "<p>88.50 良好</p>" in html
    (tmp_path / "mine.md.j2").write_text("# {{ station.name }}\n", encoding="utf-8")
    md = report(str(GUANGZHOU), str(facts), "--template", str(tmp_path / "mine.md.j2"))
    assert md.startswith("# &lt;script&gt;") and "49" not in md


# ---------------------------------------------------------------- user templates


def test_user_template_sees_the_documented_data(in_root, tmp_path: Path) -> None:
    template = tmp_path / "summary.txt.j2"
    template.write_text(
        "{{ station.name }} {{ total }} {{ grade }}\n"
        "{% for r in reconciliation if r.status == 'differs' %}{{ r.label }} {{ r.difference }}{% endfor %}\n"
        "{{ appendix | length }} {{ footer.swrules_version }}\n"
        "{{ doc.title }} {{ doc.blocks[0].k }} {{ doc.annex | length > 0 }}\n", encoding="utf-8")
    out = report(POLICY, FACTS, "--template", str(template))
    assert out == "洛浦街社工服务站 86.39 良好\n报告公布的总分 1.00\n38 0.1.0\n洛浦街社工服务站中期评估报告 p True\n"


def test_sandbox_refuses_to_reach_python(in_root, tmp_path: Path) -> None:
    template = tmp_path / "evil.txt.j2"
    template.write_text("line one\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    target = tmp_path / "out.txt"
    out = run_cli("report", POLICY, FACTS, "--template", str(template), "-o", str(target))
    assert out.exit_code == 2
    assert f"{template}:2" in out.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == [template]


def test_broken_template_names_file_and_line_and_writes_nothing(in_root, tmp_path: Path) -> None:
    template = tmp_path / "broken.md.j2"
    template.write_text("# ok\n\n{% for x in scores %}\n{{ x.label }\n", encoding="utf-8")
    target = tmp_path / "out.md"
    out = run_cli("report", POLICY, FACTS, "--template", str(template), "-o", str(target))
    assert out.exit_code == 2
    assert f"{template}:4" in out.stderr and "docs/reports.md" in out.stderr
    assert not target.exists()


def test_an_unknown_variable_is_an_error_not_an_empty_string(in_root, tmp_path: Path) -> None:
    template = tmp_path / "typo.txt.j2"
    template.write_text("{{ totl }}\n", encoding="utf-8")
    out = run_cli("report", POLICY, FACTS, "--template", str(template))
    assert out.exit_code == 2 and "totl" in out.stderr


def test_bad_facts_leave_no_report_behind(tmp_path: Path) -> None:
    bad = write_facts(tmp_path, station(compliance__staffing_shortfall=-1), "bad.toml")
    target = tmp_path / "out.html"
    out = run_cli("report", str(GUANGZHOU), str(bad), "--format", "html", "-o", str(target))
    assert out.exit_code == 2 and "compliance.staffing_shortfall" in out.stderr
    assert not target.exists()


# ---------------------------------------------------------------- HTML in a browser


def test_html_is_self_contained(in_root) -> None:
    html = report(POLICY, FACTS, "--format", "html")
    for needle in ("http://", "https://", "<script", "<link", "src=", "url(", "@import"):
        assert needle not in html
    assert "<style>" in html and "@media print" in html


# Measures the laid-out page: table cells too narrow for two characters (a column printed one
# character per line), and whether table headers are a repeating header group. Added to a copy
# of the report for the test only: the report itself has no script.
MEASURE = """<script>
const narrow = [...document.querySelectorAll("td, th")].filter(c => {
  const size = parseFloat(getComputedStyle(c).fontSize);
  return c.textContent.trim().length > 1 && c.getBoundingClientRect().width < 2.2 * size;
}).map(c => c.textContent.trim());
const heads = [...document.querySelectorAll("thead")].map(h => getComputedStyle(h).display);
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify({narrow, heads, tables: document.querySelectorAll("table").length});
document.body.appendChild(pre);
</script>"""


def test_html_report_prints_as_an_a4_document_in_headless_chromium(in_root, tmp_path: Path) -> None:
    import json
    import re

    browser = chromium()
    page = tmp_path / "luopu.html"
    assert run_cli("report", POLICY, FACTS, "--format", "html", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    # The laid-out text, at the width of an A4 page's text block (16 cm at 96 dpi ≈ 605 px).
    measured = tmp_path / "measured.html"
    measured.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = run_chromium(browser, "--window-size=700,1000", "--dump-dom", measured.as_uri()).stdout
    facts = json.loads(markupsafe.Markup(re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)[1]).unescape())
    assert facts["narrow"] == [], f"cells printed one character per line: {facts['narrow']}"
    assert facts["tables"] >= 5 and set(facts["heads"]) == {"table-header-group"}
    assert "评估等级：良好（86.39分）" in dom and ("经过评估，洛浦街社工服务站本次中期评"
                                         "估的等级为“良好”（86.39分）。") in dom
    # A screenshot (the page renders, with CJK text) and a PDF print.
    shot = tmp_path / "page.png"
    run_chromium(browser, "--window-size=800,1200", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    pdf = tmp_path / "luopu.pdf"
    run_chromium(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    boxes = {tuple(round(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
    assert boxes == {(0, 0, 595, 842)}  # A4 in points, every page
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 8 <= pages <= 30, pages
    fonts = set(re.findall(rb"/FontName\s*/[A-Z]+\+([A-Za-z-]+)", data))
    assert any(b"CJK" in f for f in fonts), fonts  # the named CJK fonts, not a fallback
    title = re.search(rb"/Title\s*<FEFF([0-9A-F]+)>", data)
    assert title is not None and bytes.fromhex(title[1].decode()).decode("utf-16-be") == "洛浦街社工服务站中期评估报告"


def test_docx_report_opens_with_the_reports_text(in_root, tmp_path: Path) -> None:
    import io

    from docx import Document

    target = tmp_path / "luopu.docx"
    assert run_cli("report", POLICY, FACTS, "--format", "docx", "-o", str(target)).exit_code == 0
    doc = Document(io.BytesIO(target.read_bytes()))
    text = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、中期评估背景", "二、评估总结", "三、评估反馈", "四、评估等级", "五、结语",
                        "附件：计分复核说明"]
    assert text[0] == "洛浦街社工服务站中期评估报告" and text[1] == "（2024年8月6日—2025年8月5日）"
    assert "评估机构（盖章）：番禺区社会组织联合会" in text and "评估专家签名：________________" in text
    sheet = next(t for t in doc.tables if t.rows[0].cells[0].text == "评估内容")
    rows = [[c.text for c in r.cells] for r in sheet.rows]
    assert rows[4] == ["服务质量（六社片区）", "20", "15.60", "15.38（三个片区合并折算）"]
    assert rows[5][3] == rows[4][3]  # merged: the areas share one counted figure
    assert rows[-1] == ["总分", "100", "", "86.39"]
    assert target.read_bytes() == (EXAMPLES / "luopu-midterm-2025.docx").read_bytes()


def test_report_file_gets_the_usual_permissions(in_root, tmp_path: Path) -> None:
    target = tmp_path / "luopu.md"
    assert run_cli("report", POLICY, FACTS, "-o", str(target)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0600 of a temporary file


OPTIONAL_KEYS = ["compliance__staffing_shortfall", "compliance__certified_shortfall", "compliance__serious_violation",
                 "compliance__personnel_spending_ratio", "staff__retention_rate", "survey__population",
                 "scores__purchaser", "scores__service_monitoring"]


@settings(max_examples=25, deadline=None)
@given(missing=st.sets(st.sampled_from(OPTIONAL_KEYS)), staffing=st.integers(0, 12),
       name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30))
def test_any_station_renders_in_both_formats_with_its_text_escaped(missing: set[str], staffing: int,
                                                                   name: str) -> None:
    import swrules
    from swrules.base.show import show
    from swrules.explanation.build import explain
    from swrules.render.report import md_escape, render_report

    policy = swrules.load_policy(GUANGZHOU)
    changes = {"compliance__staffing_shortfall": staffing, "station__name": name} | dict.fromkeys(missing)
    facts = station(**changes)
    result = policy.evaluate(facts, explain=True)
    expl = explain(result)
    for fmt in ("md", "html"):
        text = render_report(result, expl, "zh", fmt, policy=policy.checked, facts=facts)
        assert f"{show(result.total)}" in text and show(result.grade) in text
        # The name appears only in its escaped form: it never becomes markup.
        escaped = str(markupsafe.escape(name)) if fmt == "html" else md_escape(name)
        assert escaped in text
