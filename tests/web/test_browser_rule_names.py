"""The workbench's station page names a rule another rule reads as the report does (its label,
a link to its own entry), with its name in the policy file beside it for the author who looks
for it in the formula above or in the editor (Debian's Chromium driven by Playwright, as
test_browser.py)."""

from __future__ import annotations

from test_browser import browser_page  # noqa: F401 - the module's browser, reused
from web_helpers import POLICY, ROOT


def test_a_rule_read_is_named_by_its_label_and_links_to_its_entry(browser_page) -> None:  # noqa: F811 - the fixture
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(ROOT / "examples/luopu-midterm-2025.toml"))
    page.wait_for_selector("#total-figure")
    grade = page.locator("details.rule", has=page.locator("summary", has_text="评估等级")).first
    grade.locator("summary").click()
    read = grade.locator("li.rule-read").first
    # 读取的规则：总分 total = 86.39: the label first, the policy's name after it, small
    assert read.inner_text().startswith("读取的规则：总分")
    assert read.locator("code.rule-name").inner_text() == "total"
    link = read.locator("a.to-rule")
    assert link.inner_text() == "总分"
    link.click()
    target = page.locator("details.rule", has=page.locator("summary", has_text="总分")).first
    assert page.evaluate("location.hash") == "#" + (target.get_attribute("id") or "")
    assert "total" not in grade.locator("summary").inner_text()
