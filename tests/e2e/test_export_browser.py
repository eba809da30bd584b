"""The export as a person uses it in Chromium: the tables' toolbar has no download of its own, and
«Скачать XLSX» saves a workbook with real dates and the filters by name. Screenshots of the events page's
export in both languages: screenshots/export-events-{ru,en}.png."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_browser import SPE_EVENTS, no_traceback, wait_idle

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail when REQUIRE_BROWSER=1
    expect = None

pytestmark = pytest.mark.browser


def _open(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=90_000)  # a first load on a busy machine
    wait_idle(page)
    no_traceback(page)


@pytest.mark.parametrize("path", ["/sources", "/events?region=SPE"])
def test_table_toolbar_has_no_download(page, app_url, path):
    _open(page, app_url + path)
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
    expect(page.get_by_role("button", name="Search").first).to_be_visible()  # the toolbar is shown
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    assert "Download as CSV" not in page.content()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_xlsx_download(page, app_url, screenshots_dir, lang):
    _open(page, app_url + "/events?region=SPE" + ("&lang=en" if lang == "en" else ""))
    button = page.get_by_test_id("stDownloadButton").filter(has_text="XLSX").first
    button.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / f"export-events-{lang}.png"))
    with page.expect_download() as info:
        button.click()
    download = info.value
    expected = "meropriyatiya_Sankt-Peterburg.xlsx" if lang == "ru" else "events_Saint-Petersburg.xlsx"
    assert download.suggested_filename == expected
    wb = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))  # the temp file has no .xlsx suffix
    events, filters = wb.worksheets
    assert events.max_row == SPE_EVENTS + 1
    dates = [events.cell(row=r, column=4) for r in range(2, SPE_EVENTS + 2)]
    assert all(isinstance(c.value, dt.datetime) and c.number_format == "DD.MM.YYYY" for c in dates if c.value)
    rows = {r[0]: r[1] for r in filters.iter_rows(values_only=True)}
    assert rows["Регионы-партнёры" if lang == "ru" else "Partner regions"] == \
        ("Санкт-Петербург" if lang == "ru" else "Saint Petersburg")
