"""Completion in the workbench's editor, in a real browser (Debian's Chromium driven by
Playwright, as test_browser.py): an officer types the start of a name in a rule, sees the
list with each word's meaning under the caret, takes one with Enter (or Tab, or a click)
and sees it written in the text; Esc closes the list and typing goes on into the text."""

from __future__ import annotations

from test_browser import browser_page  # noqa: F401 - the module's browser, reused
from web_helpers import POLICY

RULE = "  when staff.retention_rate < 稳岗率要求"


def open_editor(page, url: str) -> str:
    page.goto(f"{url}/editor?policy={POLICY}")
    page.wait_for_selector("#editor[data-analysed]")
    return page.locator("#source").input_value()


def at_end_of_rule(opened: tuple) -> object:
    """The editor open on the policy, the caret at the end of `RULE`."""
    page, url, _ = opened
    text = open_editor(page, url)
    caret_at(page, text.index(RULE) + len(RULE))
    return page


def take(page, key: str) -> None:
    """The chosen word taken with `key`: the list closes."""
    page.keyboard.press(key)
    page.wait_for_selector("#completion", state="hidden")


def caret_at(page, offset: int) -> None:
    page.locator("#source").evaluate(f"(a) => {{ a.focus(); a.setSelectionRange({offset}, {offset}); }}")


def shown(page) -> list[str]:
    page.wait_for_selector("#completion:not([hidden]) li")
    return page.locator("#completion li").all_inner_texts()


def line_of(page, needle: str) -> str:
    text = page.locator("#source").input_value()
    start = text.index(needle)
    return text[text.rfind("\n", 0, start) + 1:text.find("\n", start)]


def test_typing_a_name_shows_the_list_and_enter_writes_the_chosen_word(browser_page) -> None:  # noqa: F811
    page = at_end_of_rule(browser_page)
    for _ in range(len("稳岗率要求")):
        page.keyboard.press("Backspace")
    page.keyboard.type("稳岗")
    items = shown(page)
    assert items[0].startswith("稳岗率要求") and "稳岗率须达到的比例" in items[0] and "参数" in items[0]
    assert len(items) == 2 and "稳岗率未达标" in items[1]
    take(page, "Enter")
    assert line_of(page, "staff.retention_rate <") == RULE  # the word in full, no new line
    # The caret is after the word: typing goes on there.
    page.keyboard.type(" ")
    assert line_of(page, "staff.retention_rate <") == RULE + " "


def test_after_a_dot_the_fields_and_tab_takes_one(browser_page) -> None:  # noqa: F811
    page = at_end_of_rule(browser_page)
    page.keyboard.type(" and staff.ret")
    items = shown(page)
    assert len(items) == 1 and items[0].startswith("retention_rate") and "稳岗率" in items[0]
    take(page, "Tab")
    assert line_of(page, "staff.retention_rate <") == RULE + " and staff.retention_rate"


def test_ctrl_space_arrows_a_click_and_escape(browser_page) -> None:  # noqa: F811
    page = at_end_of_rule(browser_page)
    page.keyboard.type(" and ")
    page.wait_for_timeout(200)
    assert page.locator("#completion").is_hidden()  # a space opens no list
    page.keyboard.press("Control+Space")
    items = shown(page)
    assert any(i.startswith("平均") and "平均值" in i for i in items)  # a function with what it gives
    assert not any(i.startswith("param ") or i.startswith("参数") for i in items)
    page.keyboard.press("ArrowDown")
    assert page.locator("#completion li[aria-selected='true']").inner_text() == items[1]
    take(page, "Escape")
    assert line_of(page, "staff.retention_rate <") == RULE + " and "
    page.keyboard.type("sta")
    page.locator("#completion li", has_text="staff").first.click()
    page.wait_for_selector("#completion", state="hidden")
    assert line_of(page, "staff.retention_rate <") == RULE + " and staff"
    assert page.evaluate("document.activeElement.id") == "source"


def test_a_label_is_shown_as_text_never_as_markup(browser_page) -> None:  # noqa: F811
    page, url, _ = browser_page
    text = open_editor(page, url)
    page.locator("#source").evaluate(
        "(a, t) => { a.value = t; a.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste'})); }",
        'param 示例参数 "<b>粗</b><img src=x onerror=alert(1)>" = 1\n' + text + "\ndefine 试 = ")
    caret_at(page, len(page.locator("#source").input_value()))
    page.keyboard.type("示例")
    items = shown(page)
    assert items == ["示例参数<b>粗</b><img src=x onerror=alert(1)>参数"]
    assert page.locator("#completion b, #completion img").count() == 0


def test_a_word_from_a_chinese_input_method_opens_the_list_once_it_is_in_the_text(browser_page) -> None:  # noqa: F811
    page = at_end_of_rule(browser_page)
    for _ in range(len("稳岗率要求")):
        page.keyboard.press("Backspace")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "wen", "selectionStart": 3, "selectionEnd": 3})
    page.wait_for_timeout(200)
    assert page.locator("#completion").is_hidden()  # nothing while the officer is still composing
    cdp.send("Input.insertText", {"text": "稳岗"})  # the word chosen in the input method
    assert shown(page)[0].startswith("稳岗率要求")
    take(page, "Enter")
    assert line_of(page, "staff.retention_rate <") == RULE
