"""The workbench in a real browser: Debian's Chromium driven by Playwright (never a browser
Playwright downloads), against the server running in-process on a free port of 127.0.0.1.
An officer types a typo and sees the diagnostic with its did-you-mean, uploads the Luopu
facts and sees 86.39, 良好 and the 87.39 published difference, opens a district and filters
it by veto; the screenshots are checked for Chinese text actually drawn (not tofu boxes)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import POLICY, ROOT, USE, declaration_line, use_line

from swrules.web.server import running

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser tests (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return CHROMIUM


@contextlib.contextmanager
def open_browser(tmp_path_factory: pytest.TempPathFactory, locale: str) -> Iterator[tuple[object, str, Path]]:
    """A page of Chromium in `locale` on a workbench serving a copy of the policies and examples; no
    error of a page's script may happen meanwhile."""
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    served = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "policies", served / "policies")
    shutil.copytree(ROOT / "examples", served / "examples")
    with running(served) as address, tempfile.TemporaryDirectory() as profile, sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True, args=ARGS,
                                                       viewport={"width": 1280, "height": 900}, locale=locale)
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            # A 422 is the form's answer with its problems, which the page shows: not an error of the page.
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 422" not in m.text
                    else None)
            yield page, address.url, served
            assert errors == [], errors
        finally:
            context.close()


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str, Path]]:
    with open_browser(tmp_path_factory, "zh-CN") as opened:
        yield opened


def _ink_ratio(png: bytes) -> float:
    """The share of pixels in a screenshot that are not the background."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width, height = 8, [], 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            chunks.append(data)
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    prev = bytearray(stride)
    dark = 0
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        dark += sum(1 for x in range(0, stride, channels) if line[x] + line[x + 1] + line[x + 2] < 384)
        prev = line
    return dark / (width * height)


def _cjk_drawn(page: object, selector: str, text: str, tmp: Path) -> None:
    """The element shows `text` in Chinese glyphs: the same text drawn in the page's font differs from
    tofu (the boxes a missing font gives) and inks a reasonable share of its box."""
    element = page.locator(selector).first  # type: ignore[attr-defined]
    shot = element.screenshot(path=str(tmp / "element.png"))
    ratio = _ink_ratio(shot)
    assert 0.02 < ratio < 0.6, ratio
    # Tofu would draw every character as the same box: two different strings would ink alike.
    widths = page.evaluate(  # type: ignore[attr-defined]
        """([a, b]) => { const c = document.createElement('canvas').getContext('2d');
            c.font = '32px "Noto Sans CJK SC"'; const pixels = s => { c.clearRect(0, 0, 300, 60);
            c.fillText(s, 0, 40);
            return c.getImageData(0, 0, 300, 60).data.filter((v, i) => i % 4 == 3 && v > 0).length; };
            return [pixels(a), pixels(b)]; }""", ["一", "疆"])
    assert widths[0] * 3 < widths[1], widths  # 一 is one stroke; 疆 is many
    assert text in element.inner_text()


def test_a_typo_in_the_editor_is_underlined_with_did_you_mean(browser_page, tmp_path: Path) -> None:
    page, url, _ = browser_page
    page.goto(f"{url}/editor?policy={POLICY}")
    page.wait_for_selector("#editor[data-analysed]")
    assert page.locator("#problem-count").inner_text() == "没有问题"
    area = page.locator("#source")
    text = area.input_value()
    at = text.index(USE) + len(USE) - 1
    area.evaluate(f"(a) => {{ a.focus(); a.setSelectionRange({at}, {at + 1}); }}")
    page.keyboard.press("Delete")  # staffing_shortfall -> staffing_shortfal, as an officer would mistype it
    page.wait_for_selector("#highlight .diag-error")
    problem = page.locator("#problems li.problem-error").first
    problem.wait_for()
    said = problem.inner_text()
    assert "staffing_shortfal" in said and "staffing_shortfall" in said.split("帮助")[1]
    underlined = page.locator("#highlight .diag-error")
    assert "compliance.staffing_shortfal" in "".join(underlined.all_inner_texts())
    box = underlined.last.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#popup:not([hidden])")
    assert "帮助" in page.locator("#popup").inner_text()
    page.screenshot(path=str(tmp_path / "editor.png"))
    _cjk_drawn(page, "#problems li.problem-error", "帮助", tmp_path)


def test_hover_shows_a_name_and_f12_goes_to_its_declaration(browser_page) -> None:
    page, url, _ = browser_page
    page.goto(f"{url}/editor?policy={POLICY}")
    page.wait_for_selector("#editor[data-analysed]")
    text = page.locator("#source").input_value()
    line = use_line(text)
    page.locator("#source").evaluate(f"a => {{ a.scrollTop = {max(0, line - 10)} * 20; "
                                     "a.dispatchEvent(new Event('scroll')); }")
    uses = page.locator("#highlight span.tok-name", has_text="staffing_shortfall")
    name = next(uses.nth(i) for i in range(uses.count()) if uses.nth(i).bounding_box()["y"] > 150)
    box = name.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#popup:not([hidden]) .hover")
    assert "社工人员配备累计缺少（人次）" in page.locator("#popup").inner_text()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.press("F12")
    page.wait_for_function("() => document.getElementById('source').selectionEnd > "
                           "document.getElementById('source').selectionStart")
    chosen = page.evaluate("() => { const a = document.getElementById('source');"
                           " return [a.value.slice(0, a.selectionStart).split('\\n').length - 1, "
                           "a.value.slice(a.selectionStart, a.selectionEnd)]; }")
    assert chosen == [declaration_line(text), "staffing_shortfall"]


def test_the_luopu_upload_shows_the_total_grade_and_the_published_difference(browser_page, tmp_path: Path) -> None:
    page, url, _ = browser_page
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(ROOT / "examples/luopu-midterm-2025.toml"))
    page.wait_for_selector("#total-figure")
    assert page.locator("#total-figure").inner_text() == "86.39"
    assert page.locator("#grade").inner_text() == "良好"
    differs = page.locator("p.differs").first.inner_text()
    assert "87.39" in differs and "1.00" in differs
    assert page.locator("table.sheet tr.lost").count() > 0
    first_rule = page.locator("details.rule").first
    assert not first_rule.evaluate("d => d.open")
    page.click(".open-all")
    assert first_rule.evaluate("d => d.open")
    page.screenshot(path=str(tmp_path / "try.png"), full_page=False)
    _cjk_drawn(page, ".grade-line", "良好", tmp_path)


def test_a_district_filters_by_veto_and_opens_a_station(browser_page, tmp_path: Path) -> None:
    page, url, _ = browser_page
    page.goto(f"{url}/district?policy={POLICY}&source=examples/stations")
    rows = page.locator("#district tbody tr")
    assert rows.count() == 28
    page.check("#f-veto")
    visible = page.locator("#district tbody tr:not([hidden])")
    assert 0 < visible.count() < 28
    for i in range(visible.count()):
        assert visible.nth(i).locator("td").nth(4).inner_text().strip() != ""  # each shown row names its veto
    assert "显示" in page.locator("#shown-count").inner_text()
    page.locator("#district th", has_text="总分").click()
    page.screenshot(path=str(tmp_path / "district.png"))
    _cjk_drawn(page, "#district thead", "一票否决", tmp_path)
    visible.first.locator("a").click()
    page.wait_for_selector("#total-figure")
    assert page.locator("#grade").inner_text() == "不合格"


def test_the_pages_say_待核实_and_未填报的事项_never_the_old_words(browser_page) -> None:
    # The words settled with the domain for the report hold on the workbench too: the district's
    # column and filter, and a tried station whose grade an unverified veto could still change.
    page, url, _ = browser_page
    page.goto(f"{url}/district?policy={POLICY}&source=examples/stations")
    district = page.locator("body").inner_text()
    assert "只看等级待核实的" in district
    assert "待核实" in page.locator("#district thead").inner_text()
    assert "未填报的事项" in page.locator("#district thead").inner_text()
    page.goto(f"{url}/try?policy={POLICY}")
    page.set_input_files("#upload", str(ROOT / "examples/stations/22-missing-compliance.toml"))
    page.wait_for_selector("#total-figure")
    assert page.locator(".grade-line .tag.provisional").inner_text() == "待核实"
    tried = page.locator("body").inner_text()
    assert "未填报的事项" in tried
    for text in (district, tried):
        assert "暂定" not in text and "缺失事实" not in text
    # the form's choices and hint say 未填报 too, and the station's period reads as documents write it
    form = page.content()
    assert "缺失" not in form and "（未填报）" in form
    assert "2024年8月6日至2025年1月31日" in page.locator("h2 small").first.inner_text()
