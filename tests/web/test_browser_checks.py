"""The workbench says what `swrules eval` and the report say (Debian's Chromium driven by
Playwright, as test_browser.py): the checks of the evaluation's own process (评估工作：…) apart from
the station's findings, only the facts the station must give under 未填报的事项, and a station
named by its name, never by a file path (the file is the link's tooltip)."""

from __future__ import annotations

from test_browser import browser_page  # noqa: F401 - the module's browser, reused
from web_helpers import POLICY, ROOT

FINDINGS = 5  # the district table's column 需要关注的地方 (0-based)


def test_the_district_table_keeps_process_checks_out_of_the_findings_and_names_stations(browser_page) -> None:  # noqa: F811 - the fixture
    page, url, _ = browser_page
    page.goto(f"{url}/district?policy={POLICY}&source=examples/stations")
    head = page.locator("#district thead th").all_inner_texts()
    assert head[FINDINGS] == "需要关注的地方" and "文件" not in head
    row = page.locator("#district tbody tr", has_text="示例站点28")
    findings = row.locator("td").nth(FINDINGS).inner_text()
    assert "稳岗率未达到规定比例" in findings
    assert "满意度调查样本不足" not in findings and "评估工作" not in page.locator("#district").inner_text()
    # the process checks have their own group in the filter, by their labels without the prefix
    group = page.locator("#f-check optgroup[label='评估工作程序核对'] option").all_inner_texts()
    assert "满意度调查样本不足（1 个站点）" in group
    page.select_option("#f-check", label="满意度调查样本不足（1 个站点）")
    visible = page.locator("#district tbody tr:not([hidden])")
    assert visible.count() == 1 and "示例站点28" in visible.first.inner_text()
    page.select_option("#f-check", value="")
    # no file path in the table; the file, as the served folder names it, is the station link's tooltip
    text = page.locator("#district").inner_text()
    assert "examples/" not in text and ".toml" not in text and ".json" not in text
    link = page.locator("#district tbody tr", has_text="示例站点01").locator("a")
    assert link.get_attribute("title") == "事实文件：examples/stations/01-excellent.toml"
    # 未填报的事项: the facts the station must give (none for 01, as its eval text says), not 7
    excellent = page.locator("#district tbody tr", has_text="示例站点01").locator("td").nth(7).inner_text()
    assert excellent.strip() == ""


def test_the_station_page_shows_the_process_checks_in_their_own_collapsed_part(browser_page) -> None:  # noqa: F811 - the fixture
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(ROOT / "examples/stations/28-findings.toml"))
    page.wait_for_selector("#total-figure")
    findings = page.locator("h3", has_text="需要关注的地方").locator("xpath=following-sibling::ul[1]").inner_text()
    assert "稳岗率" in findings and "评估工作" not in findings and "满意度调查" not in findings
    part = page.locator("details.process-checks")
    assert part.locator("summary").inner_text() == "评估工作程序核对"
    assert not part.locator("li", has_text="满意度调查样本不足").is_visible()  # collapsed until opened
    part.locator("summary").click()
    assert part.locator("li", has_text="满意度调查样本不足").is_visible()
    assert "不是对社工站的评价" in part.inner_text()
    assert "评估工作：" not in part.inner_text()
    # only the facts the station must give: 28 gives every one it must, so no such section
    assert page.locator("table.missing").count() == 0
