"""The workbench's district table and its "try a station" form in a real browser (Debian's Chromium
driven by Playwright, as test_browser.py: never a browser Playwright downloads).

An officer opens a district and reads each veto and finding by the label the policy states (never
the rule's identifier, not even in a tooltip or the filter), and filters by one of them; enters a
station with two service-quality records in the form and gets the same total and grade as the same
station uploaded as a TOML file; types a score out of range in a record and sees the message beside
that field."""

from __future__ import annotations

from pathlib import Path

from test_browser import _cjk_drawn, browser_page  # noqa: F401 - the module's browser, reused
from web_helpers import POLICY, ROOT

from swrules.engine.versions import PolicySet

CHECKS = [(r.name, r.label) for r in PolicySet.load(ROOT / POLICY).policies[-1].checked.rules
          if r.kind.value in ("veto", "finding")]


def test_the_district_table_names_vetoes_and_findings_by_their_labels(browser_page, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    page, url, _ = browser_page
    page.goto(f"{url}/district?policy={POLICY}&source=examples/stations")
    table = page.locator("#district").inner_text()
    shown = table + page.locator("#filters").inner_text() + " ".join(
        page.locator("#district [title]").evaluate_all("els => els.map(e => e.title)"))
    for label in ("社工人员配备不足", "保洁、安保等人员占用社工名额", "社工继续教育时数未达到规定时数"):
        assert label in table
    assert "需要关注的地方" in page.locator("#district thead").inner_text()
    for rule_id, label in CHECKS:
        assert rule_id not in shown, (rule_id, label)
    assert "《洛浦街社工服务站中期评估报告》一（五）评估结果说明 第（二）项" in shown  # the clause as a tooltip
    page.screenshot(path=str(tmp_path / "district.png"), full_page=True)
    _cjk_drawn(page, "#district tbody tr:nth-child(6) td:nth-child(5)", "社工人员配备不足", tmp_path)


def test_the_district_filters_by_a_veto_label(browser_page) -> None:  # noqa: F811 - the fixture
    page, url, _ = browser_page
    page.goto(f"{url}/district?policy={POLICY}&source=examples/stations")
    choices = page.locator("#f-check option").all_inner_texts()
    label = next(c for c in choices if c.startswith("社工人员配备不足"))
    page.select_option("#f-check", label=label)
    visible = page.locator("#district tbody tr:not([hidden])")
    assert visible.count() == 2
    for i in range(visible.count()):
        assert visible.nth(i).locator("td").nth(4).inner_text() == "社工人员配备不足"
    assert page.locator("#shown-count").inner_text() == "显示 2 / 28 个站点"
    page.locator("#district th", has_text="总分").click()  # sorting keeps the filter
    assert page.locator("#district tbody tr:not([hidden])").count() == 2
    page.select_option("#f-check", label=next(c for c in choices if c.startswith("社工继续教育时数未达到规定时数")))
    assert visible.count() == 1
    assert "示例站点28" in visible.first.inner_text()
    page.select_option("#f-check", value="")
    assert visible.count() == 28
