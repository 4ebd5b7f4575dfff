"""The "try a station" form and uploads as a policy officer meets them, in a real browser (Debian's
Chromium driven by Playwright, as test_browser.py: never a browser Playwright downloads).

A percent field shows its range as 0% ～ 100%; a station whose ratio is typed as 85% (or 85) gets
the result of the fact file with "85%", and 0.85 typed without % gets the form's question beside
the field. A date typed 2025年6月30日 and 2025-06-30 gives the same station, in a zh-CN and in an
en-US browser (whose own date input would show mm/dd/yyyy); 6/30/2025 gets the form's message
beside the field. A workbook of several stations, uploaded or picked from the folder, lists its
stations; one clicked shows its result. A tried station fills the form (85%, 2024年8月6日), and
the form so filled gives the same result. (The en-US browser: test_browser_form_en.py, a module of
its own: Playwright's sync API runs one browser per module at a time.)"""

from __future__ import annotations

from pathlib import Path

from test_browser import browser_page  # noqa: F401 - the module's browser, reused
from test_browser_bench import _fill_form
from web_helpers import POLICY, ROOT, form_values

from swrules.facts.schema import read_fact_file

GOOD = ROOT / "examples/stations/02-good.toml"  # ratio "85%", retention "90%": 88.50, 良好
LOW = ROOT / "examples/stations/08-veto-personnel-spending-ratio-midterm.toml"  # ratio "78.5%": a veto, 不合格
BOOK = ROOT / "examples/区评估-示例.xlsx"
RATIO = "compliance.personnel_spending_ratio"
END = "station.period_end"
DATE_MESSAGE = f"`{END}`（考核期结束）的值 6/30/2025 不是日期（写作 2025年6月30日 或 2025-06-30）"


def _result(page: object) -> tuple[str, str, str]:
    page.wait_for_selector("#total-figure")  # type: ignore[attr-defined]
    return tuple(page.locator(s).inner_text() for s in ("#result h2", "#total-figure", "#grade"))  # type: ignore[attr-defined,return-value]


def _submit(page: object) -> None:
    page.evaluate("document.getElementById('result').replaceChildren()")  # type: ignore[attr-defined]
    page.click("#facts-form button[type=submit]")  # type: ignore[attr-defined]


def _uploaded(page: object, url: str, path: Path) -> tuple[str, str, str]:
    page.goto(f"{url}/try?policy={POLICY}")  # type: ignore[attr-defined]
    page.set_input_files("#upload", str(path))  # type: ignore[attr-defined]
    return _result(page)


def _note_beside(page: object, key: str) -> str:
    field = page.locator(f'#facts-form [name="{key}"]')  # type: ignore[attr-defined]
    return str(field.locator("xpath=following-sibling::small[contains(@class, 'field-problem')]").inner_text())


def test_a_percentage_typed_as_85_percent_evaluates_as_the_fact_file(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    by_file = {path: _uploaded(page, url, path) for path in (GOOD, LOW)}
    assert by_file[GOOD][1:] == ("88.50", "良好") and by_file[LOW][2] == "不合格"
    page.goto(f"{url}/try?policy={POLICY}")
    label = page.locator("label.field", has=page.locator(f'[name="{RATIO}"]'))
    assert "范围 0% ～ 100%" in label.text_content() and "0.00" not in label.text_content()
    for path, typed in ((GOOD, "85%"), (GOOD, "85"), (LOW, "78.5%"), (LOW, "78.5")):
        page.goto(f"{url}/try?policy={POLICY}")
        _fill_form(page, {**form_values(read_fact_file(path)[0]), RATIO: typed})
        _submit(page)
        assert _result(page) == (by_file[path][0].replace(path.name, "表单.toml"), *by_file[path][1:]), typed
    page.goto(f"{url}/try?policy={POLICY}")
    _fill_form(page, {RATIO: "0.85"})  # 85% as a fraction, or 0.85%? The form asks rather than guesses.
    _submit(page)
    page.wait_for_selector(".field-problem")
    assert _note_beside(page, RATIO) == (f"`{RATIO}`（年度服务期内人员费用支出比例）的值 0.85 不是明确的百分数："
                                         "是 0.85% 还是 85%？请带 % 写明")


def dates_give_the_same_station(page: object, url: str) -> None:
    results = []
    for typed in ("2025年6月30日", "2025-06-30"):
        page.goto(f"{url}/try?policy={POLICY}")  # type: ignore[attr-defined]
        _fill_form(page, {**form_values(read_fact_file(GOOD)[0]), END: typed})
        _submit(page)
        results.append(_result(page))
    assert results[0] == results[1] and results[0][0].endswith("至2025年6月30日"), results  # as documents write it


def bad_date_gets_the_forms_message(page: object, url: str) -> None:
    page.goto(f"{url}/try?policy={POLICY}")  # type: ignore[attr-defined]
    field = page.locator(f'#facts-form [name="{END}"]')  # type: ignore[attr-defined]
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "例如 2025年6月30日"
    _fill_form(page, {**form_values(read_fact_file(GOOD)[0]), END: "6/30/2025"})
    _submit(page)
    page.wait_for_selector(".field-problem")  # type: ignore[attr-defined]
    assert _note_beside(page, END) == DATE_MESSAGE
    assert page.locator(".field-problem").count() == 1 and field.get_attribute("aria-invalid") == "true"  # type: ignore[attr-defined]


def test_a_date_typed_the_chinese_way_or_iso_gives_the_same_station(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    dates_give_the_same_station(page, url)
    bad_date_gets_the_forms_message(page, url)


def test_a_workbook_of_several_stations_lets_the_officer_pick_one(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(BOOK))
    page.wait_for_selector(".pick-station")
    listed = page.locator("#result").inner_text()
    assert f"工作簿 {BOOK.name} 有 " in listed and "请选择" in listed
    assert "#站点名称" not in listed and "E0835" not in listed
    third = page.locator(".pick-station").nth(2)
    name = third.inner_text()
    third.click()
    assert _result(page)[0].startswith(name + " ")
    page.goto(f"{url}/try?policy={POLICY}")  # the same workbook picked from the folder
    page.select_option("#facts-select", f"examples/{BOOK.name}")
    page.wait_for_selector(".pick-station")
    assert page.locator(".pick-station").nth(2).inner_text() == name
    page.locator(".pick-station").nth(2).click()
    assert _result(page)[0].startswith(name + " ")


def test_a_tried_station_fills_the_form_as_officials_write_it(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    by_file = _uploaded(page, url, GOOD)
    page.click("#fill-form")
    page.wait_for_selector("#fill-status:not(:empty)")
    value = lambda key: page.locator(f'#facts-form [name="{key}"]').input_value()  # noqa: E731
    assert (value(RATIO), value("staff.retention_rate")) == ("85%", "90%")
    assert (value("station.period_start"), value(END)) == ("2024年8月6日", "2025年1月31日")
    assert page.locator('div.records[data-list="scores.service_quality"] tbody tr').count() == 2
    assert value("scores.service_quality[1].score") == "18.0"
    assert "02-good.toml" in page.locator("#fill-status").inner_text()
    _submit(page)
    assert _result(page) == (by_file[0].replace("02-good.toml", "表单.toml"), *by_file[1:])


def test_a_workbook_without_stations_sheet_points_to_the_pages_own_blank_template(browser_page,  # noqa: F811
                                                                                  tmp_path: Path) -> None:
    # On the page the officer has no terminal: the help names the download link above, by its words,
    # and that link is there and gives the blank workbook; never `swrules facts template`.
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "其他"
    book.active["A1"] = "不是站点表"
    path = tmp_path / "区评估.xlsx"
    book.save(path)
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(path))
    page.wait_for_selector("#result .problem")
    said = page.locator("#result").inner_text()
    assert "E0831" in said and "swrules facts template" not in said
    assert "请从本页“下载空白模板”处的“工作簿（.xlsx，一行一个站点）”开始填写" in said
    link = page.locator("#blank-template a", has_text="工作簿（.xlsx，一行一个站点）")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
