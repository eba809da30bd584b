"""Problem 9 in the browser: Streamlit's own strings, which only a browser shows, follow the interface language.

In Russian no "Select all", "No results", "Upload", "20MB per file", "text/plain files are not allowed",
"Page not found", and no ⋮ menu with "Print / Record screen / Made with Streamlit"; switched to English,
Streamlit's English is back. The AppTest scan (tests/test_app_language.py) covers the app's own text.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import TIMEOUT

SLOW = 8 * TIMEOUT  # a first page load on a busy machine (lazy-loaded widget code)

try:
    from playwright.sync_api import Page, expect
except ImportError:
    Page = expect = None

pytestmark = pytest.mark.browser

ENGLISH_BUILTINS = ["Error:", "Select all", "No results", "Upload", "per file", "files are not allowed", "Page not found",
                    "Print", "Record screen", "Made with Streamlit", "Drag and drop", "Press Enter"]


def body_text(page: Page) -> str:
    return page.inner_text("body", timeout=SLOW)


def english_in(page: Page) -> list[str]:
    text = body_text(page)
    return [s for s in ENGLISH_BUILTINS if s in text]


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=SLOW)
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=SLOW)


def test_no_menu_and_no_select_all(page: Page, app_url):
    open_page(page, f"{app_url}/")
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)  # toolbarMode "minimal": no ⋮ menu at all
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Регионы-партнёры", exact=True)
    box.click(timeout=SLOW)
    page.get_by_role("option").first.wait_for()
    assert english_in(page) == []  # no "Select all" line in the open dropdown
    box.press_sequentially("zzzz")
    expect(page.get_by_text("Ничего не найдено")).to_be_visible()
    assert english_in(page) == []  # not "No results"
    page.keyboard.press("Escape")


def test_page_not_found_in_russian(page: Page, app_url):
    page.goto(f"{app_url}/no-such-page")
    expect(page.get_by_text("Страница не найдена")).to_be_visible(timeout=SLOW)
    # Streamlit 1.67 sends no page name with st.navigation: its general message, in Russian
    expect(page.get_by_text("Такой страницы нет. Открыта главная страница.")).to_be_visible()
    assert english_in(page) == []


def test_uploader_in_russian_and_back_in_english(page: Page, app_url, tmp_path):
    open_page(page, f"{app_url}/upload")
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    expect(dropzone).to_contain_text("до 20 МБ на файл")
    expect(dropzone.get_by_test_id("stBaseButton-secondary")).to_contain_text("Выбрать файлы")  # + icon
    assert english_in(page) == []
    wrong = tmp_path / "notes.txt"
    wrong.write_text("не отчёт")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(wrong))
    page.wait_for_timeout(1000)
    # the page refuses other types itself, in words (Streamlit's own check would be an icon with an English tooltip)
    expect(page.get_by_text("notes.txt: это не отчёт Word или Excel")).to_be_visible(timeout=SLOW)
    assert english_in(page) == []
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_text("notes.txt: not a Word or Excel report")).to_be_visible(timeout=SLOW)
