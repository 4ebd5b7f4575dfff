"""The form's dates in a browser whose locale is en-US (its own date input would show mm/dd/yyyy,
a format the page does not control): 2025年6月30日 and 2025-06-30 typed give the same station, and
6/30/2025 gets the form's message beside the field, as in a Chinese browser (test_browser_form.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import open_browser
from test_browser_form import bad_date_gets_the_forms_message, dates_give_the_same_station


@pytest.fixture(scope="module")
def english_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str, Path]]:
    with open_browser(tmp_path_factory, "en-US") as opened:
        yield opened


def test_dates_are_read_the_same_in_an_english_browser(english_page) -> None:
    page, url, _ = english_page
    assert page.evaluate("navigator.language") == "en-US"
    dates_give_the_same_station(page, url)
    bad_date_gets_the_forms_message(page, url)
