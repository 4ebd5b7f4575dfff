"""`swrules report`: the evaluation report in Markdown and HTML, reproducible byte for
byte, self-contained, inert against hostile fact text, and open to a user's own
template in a sandbox."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from decimal import Decimal as D
from pathlib import Path

import markupsafe
import pytest
import tomli_w
from conftest import GUANGZHOU, ROOT
from helpers import run_cli, station
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


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_examples_are_not_stale(in_root, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"luopu.{fmt}"
    out = run_cli("report", POLICY, FACTS, "--format", fmt, "-o", str(target))
    assert out.exit_code == 0 and out.stdout == ""
    expected = (EXAMPLES / f"luopu-midterm-2025.{fmt}").read_bytes()
    assert target.read_bytes() == expected, (
        f"reports/examples/luopu-midterm-2025.{fmt} is stale: regenerate it with "
        f"`swrules report {POLICY} {FACTS} --format {fmt} -o reports/examples/luopu-midterm-2025.{fmt}`")


def test_report_is_laid_out_as_an_evaluation_report(in_root) -> None:
    md = report(POLICY, FACTS)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## 评估各方", "## 评分表", "## 总分与等级", "## 一票否决", "## 需要关注的地方", "## 协议指标",
                        "## 核对报告公布的数字", "## 缺失的事实", "## 附录：逐条规则说明"]
    assert "| 考核期 | 2024-08-06 — 2025-01-31 |" in md
    assert "| 服务质量 | 20 |  | 15.38 |" in md
    assert "**总分：86.39　等级：良好（暂定）**" in md
    assert "- 总分 86.39 距优秀（90 ≤ 总分）还差 3.61" in md
    total_line = next(i for i, line in enumerate((ROOT / POLICY).read_text(encoding="utf-8").splitlines(), 1)
                      if 'total "总分"' in line)
    assert ("| 报告公布的总分 | 87.39 | 86.39 | 1.00 | 不一致 | "
            f"`total` `policies/guangzhou/station-evaluation.swr:{total_line}` |") in md
    assert "15.38333… → 15.38（四舍五入，保留 2 位小数）" in md


def test_report_in_english(in_root) -> None:
    md = report(POLICY, FACTS, "--lang", "en")
    assert "**Total: 86.39    Grade: 良好 (provisional)**" in md
    assert "## Appendix: every rule explained" in md


def test_audit_footer_and_timestamp_only_when_asked(in_root) -> None:
    import hashlib

    plain = report(POLICY, FACTS)
    assert plain == report(POLICY, FACTS)  # byte for byte
    policy_hash = hashlib.sha256((ROOT / POLICY).read_text(encoding="utf-8").encode()).hexdigest()
    facts_hash = hashlib.sha256((ROOT / FACTS).read_text(encoding="utf-8").encode()).hexdigest()
    assert f"`{policy_hash}`" in plain and f"`{facts_hash}`" in plain
    assert "- swrules 版本：0.1.0" in plain and "评估办法：广州市社工站购买服务项目评估 2025.1" in plain
    assert "评估时间" not in plain
    stamped = report(POLICY, FACTS, "--timestamp")
    assert "- 评估时间：20" in stamped


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


def test_band_edge_report_says_how_close_the_grade_below_is(tmp_path: Path) -> None:
    md = report(str(GUANGZHOU), str(write_facts(tmp_path, station(scores__purchaser=D("9.5")))))
    assert "**总分：80.00　等级：良好**" in md
    assert "- 总分 80.00 比合格（60 ≤ 总分 &lt; 80）的上限 80 高 0.00" in md
    assert "- 总分 80.00 距优秀（90 ≤ 总分）还差 10.00" in md


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
        "{{ appendix | length }} {{ footer.swrules_version }}\n", encoding="utf-8")
    out = report(POLICY, FACTS, "--template", str(template))
    assert out == "洛浦街社工服务站 86.39 良好\n报告公布的总分 1.00\n30 0.1.0\n"


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


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return found


def test_html_report_opens_in_headless_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    facts = station(compliance__staffing_shortfall=6)
    facts["scores"]["purchaser"] = D("19.5")
    page = tmp_path / "report.html"
    out = run_cli("report", str(GUANGZHOU), str(write_facts(tmp_path, facts)), "--format", "html", "-o", str(page))
    assert out.exit_code == 0
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<span id="total-figure">90.00</span>' in dom
    assert '<span id="grade">不合格</span>' in dom
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


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
        text = render_report(result, expl, "zh", fmt)
        assert f"{show(result.total)}" in text and show(result.grade) in text
        # The name appears only in its escaped form: it never becomes markup.
        escaped = str(markupsafe.escape(name)) if fmt == "html" else md_escape(name)
        assert escaped in text
