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
from web_helpers import POLICY, ROOT, form_values

from swrules.engine.versions import PolicySet
from swrules.facts.schema import read_fact_file

GOOD = ROOT / "examples/stations/02-good.toml"  # two service-quality areas and two indicators: 88.50, 良好

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
    assert "报告公布的总分：89.50 ≠ 88.50" in shown and "total:" not in shown  # a published figure by its label
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


def _fill_form(page: object, values: dict[str, str]) -> None:
    """Type a station into the form as an officer would: a row added for each further record."""
    page.click("#form-box summary")  # type: ignore[attr-defined]
    for key, value in values.items():
        field = page.locator(f'#facts-form [name="{key}"]')  # type: ignore[attr-defined]
        if field.count() == 0:  # a further record: its row is added first, with the button
            page.locator(f'div.records[data-list="{key.split("[")[0]}"] .add-row').click()  # type: ignore[attr-defined]
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_two_records_typed_into_the_form_give_the_uploaded_files_result(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    values = form_values(read_fact_file(GOOD)[0])
    assert "scores.service_quality[1].score" in values and "indicators[1].target" in values
    _fill_form(page, values)
    assert page.locator('div.records[data-list="scores.service_quality"] tbody tr').count() == 2
    assert page.locator('div.records[data-list="scores.service_quality"] thead').inner_text().split()[:3] == [
        "序号", "片区*", "片区服务质量评分*"]  # the policy's labels
    page.click("#facts-form button[type=submit]")
    page.wait_for_selector("#total-figure")
    by_form = (page.locator("#total-figure").inner_text(), page.locator("#grade").inner_text())
    assert "表单.toml" in page.locator("#result").inner_text()
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(GOOD))
    page.wait_for_selector("#total-figure")
    assert by_form == (page.locator("#total-figure").inner_text(), page.locator("#grade").inner_text()) == (
        "88.50", "良好")


def test_a_bad_value_in_a_record_shows_its_message_beside_that_field(browser_page, tmp_path: Path) -> None:  # noqa: F811
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    values = form_values(read_fact_file(GOOD)[0])
    _fill_form(page, {**values, "scores.service_quality[1].score": "25"})
    page.click("#facts-form button[type=submit]")
    page.wait_for_selector(".field-problem")
    field = page.locator('[name="scores.service_quality[1].score"]')
    note = field.locator("xpath=following-sibling::small[contains(@class, 'field-problem')]")
    assert note.inner_text() == ("`scores.service_quality[1].score`（片区服务质量评分）的值 25 超出范围："
                                 "应在 0 到 20 之间")
    assert page.locator(".field-problem").count() == 1
    assert field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "scores.service_quality[1].score"  # focus is taken there
    assert "表单中有 1 处需要修改" in page.locator("#result").inner_text()
    page.locator("#form-box").screenshot(path=str(tmp_path / "form.png"))
    _cjk_drawn(page, 'div.records[data-list="scores.service_quality"]', "片区服务质量评分", tmp_path)
    # By keyboard: a row added with Enter on its button takes the focus; removed, the focus stays in the table.
    add = page.locator('div.records[data-list="scores.service_quality"] .add-row')
    add.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "scores.service_quality[2].area"
    page.keyboard.type("丙片区")
    page.locator('div.records[data-list="scores.service_quality"] tbody tr').first.locator(".remove-row").focus()
    page.keyboard.press("Enter")
    rows = page.locator('div.records[data-list="scores.service_quality"] tbody tr')
    assert rows.count() == 2
    assert page.locator('[name="scores.service_quality[1].area"]').input_value() == "丙片区"  # renumbered
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "删除第 1 条"
