"""What a person sees in a real browser: headless Chromium against `streamlit run dashboard.py`.

Sample data (data/reports): 86 events, 57 with Санкт-Петербург (SPE) as a partner.
Streamlit renders asynchronously, so every check waits for the expected state (Playwright's `expect`
retries until its timeout) instead of sleeping.

A fresh page load costs seconds of JavaScript start-up (many more on a busy machine), a click costs about
one: the tests share one open dashboard (`app`), each starting from the overview with no filters, in Russian.
Only a shared link opens a new page, as it would for the colleague who receives it.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from analytics.department_names import forms
from tests.e2e.conftest import ROOT, own_failures
from ui.i18n import t

try:
    from playwright.sync_api import Page, expect
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    expect.set_options(timeout=30_000)
except ImportError:  # the fixtures skip, or fail when REQUIRE_BROWSER=1
    Page = expect = None
    PlaywrightTimeout = TimeoutError

pytestmark = pytest.mark.browser

ALL_EVENTS = 86
SPE_EVENTS = 57
SPE_NAME = "Санкт-Петербург"
TIMEOUT = 30_000


# ---------------------------------------------------------------- helpers


def wait_idle(page: Page, timeout: int = TIMEOUT) -> None:
    """Until the script run is over: no 'Running...' icon and no greyed-out (stale) elements."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
                 && !document.querySelector('[data-stale="true"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=timeout,
    )


def headline(page: Page, label: str = "Мероприятий"):
    """The value of the metric whose label is exactly `label`."""
    label_el = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=label_el).first.get_by_test_id("stMetricValue")


def no_traceback(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.inner_text("body")


def open_app(page: Page, url: str, expect_events: int | None = ALL_EVENTS) -> None:
    page.goto(url)
    if expect_events is not None:
        expect(headline(page)).to_have_text(str(expect_events))
    else:
        expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible()
    wait_idle(page)
    no_traceback(page)


def pick(page: Page, label: str, text: str) -> None:
    """Sidebar multiselect: click it, type, Enter (as a person does), then close the list."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(text)
    expect(page.get_by_role("option", name=text, exact=True)).to_be_visible()
    box.press("Enter")
    box.press("Escape")


def events_table(page: Page):
    """The events table (glide grid): its accessible <table role=grid> mirrors the visible cells."""
    return page.get_by_test_id("stDataFrame").last.locator("table[role=grid]")


def table_rows(page: Page) -> int:
    return int(events_table(page).get_attribute("aria-rowcount")) - 1  # minus the header row


def expect_rows(page: Page, n: int) -> None:
    expect(events_table(page)).to_have_attribute("aria-rowcount", str(n + 1))  # plus the header row


def column_cells(page: Page, header: str) -> list[str]:
    grid = events_table(page)
    headers = [h.inner_text().strip() for h in grid.locator("thead th, [role=columnheader]").all()]
    assert header in headers, headers
    idx = headers.index(header) + 1
    return [c.inner_text().strip() for c in grid.locator(f"tbody tr td:nth-child({idx})").all()]


def full_page_screenshot(page: Page, path) -> None:
    """Streamlit scrolls inside stMain/stSidebarContent, so grow the viewport to the content, then shoot."""
    width = page.viewport_size["width"]
    for _ in range(4):
        height = page.evaluate(
            """() => Math.max(900, ...['stMain', 'stSidebarContent'].map(id =>
                   (document.querySelector(`[data-testid="${id}"]`) || {scrollHeight: 0}).scrollHeight))"""
        )
        height = min(height, 12_000)
        if height == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    wait_idle(page)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    page.set_viewport_size({"width": width, "height": 900})


def dashboard_pages() -> list[tuple[str, str, str]]:
    """dashboard.PAGES as (file, label key, url path), only files that exist (they land one by one)."""
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    pages = re.findall(r'\(\s*"(pages/[\w]+\.py)"\s*,\s*"([\w.]+)"\s*,\s*"([\w-]+)"\s*\)', text)
    assert pages, "dashboard.py PAGES list not found"
    return [p for p in pages if (ROOT / p[0]).exists()]


@pytest.fixture(scope="module")
def shared_page(context, app_url):
    pg = context.new_page()
    open_app(pg, app_url)
    yield pg
    pg.close()


@pytest.fixture()
def app(shared_page: Page, app_url) -> Page:
    """The shared dashboard, back on the overview with no filters, in Russian (as a person would get there)."""
    page = shared_page
    page.keyboard.press("Escape")
    sidebar = page.get_by_test_id("stSidebar")
    if not sidebar.is_visible() or page.get_by_test_id("stException").count():
        open_app(page, app_url)
        return page
    if page.get_by_test_id("stSidebar").get_by_role("radio", name="English").is_checked():
        sidebar.get_by_text("Русский", exact=True).click()
    links = page.get_by_test_id("stSidebarNavLink")
    if links.count() and not re.search(r"//[^/]+/?(\?|$)", page.url):
        links.first.click()
    # clear choices with each list's own "Clear all" (not the reset button: its own test below)
    for clear in sidebar.get_by_test_id("stMultiSelect").get_by_role("button", name="Clear all").all():
        if clear.is_visible():
            clear.click()
            wait_idle(page)
    try:
        expect(headline(page)).to_have_text(str(ALL_EVENTS), timeout=5_000)
    except AssertionError:  # could not undo by clicking: start again from the address
        open_app(page, app_url)
    expect(page).not_to_have_url(re.compile(r"[?&](region|dept|lang)="))
    wait_idle(page)
    return page


# ---------------------------------------------------------------- tests


def test_overview_in_russian(app: Page):
    page = app
    expect(page.get_by_role("heading", name="Межрегиональное сотрудничество").first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Регионы-партнёры", exact=True).first).to_be_visible()
    expect(sidebar.get_by_text("Фильтры", exact=True)).to_be_visible()
    no_traceback(page)
    expect_rows(page, ALL_EVENTS)


def test_region_filter_link_and_csv(app: Page, context):
    page = app
    pick(page, "Регионы-партнёры", SPE_NAME)
    expect(headline(page)).to_have_text(str(SPE_EVENTS))
    expect(page).to_have_url(re.compile(r"[?&]region=SPE(&|$)"))
    wait_idle(page)
    expect_rows(page, SPE_EVENTS)

    # the address bar is the link an official sends a colleague: it opens the same view
    other = context.new_page()
    try:
        open_app(other, page.url, expect_events=SPE_EVENTS)
        expect(other.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first).to_contain_text(SPE_NAME)
        assert parse_qs(urlparse(other.url).query).get("region") == ["SPE"]
        expect_rows(other, SPE_EVENTS)

        # …and its CSV holds exactly the rows the headline counts
        button = other.get_by_test_id("stDownloadButton").filter(has_text=t("export.csv", "ru")).first
        button.scroll_into_view_if_needed()
        with other.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename.endswith(".csv"), download.suggested_filename
        with open(download.path(), "rb") as f:
            data = f.read()
        assert data.startswith(b"\xef\xbb\xbf"), data[:20]  # UTF-8 BOM: Russian Excel reads Cyrillic
        rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))
        header, body = rows[0], [r for r in rows[1:] if any(r)]
        assert len(header) > 5 and t("col.name", "ru") in header, header
        assert all(len(r) == len(header) for r in body)
        assert len(body) == int(headline(other).inner_text()) == SPE_EVENTS
        partners = header.index(t("col.partners", "ru"))
        assert all(SPE_NAME in r[partners] for r in body)
    finally:
        other.close()


def test_reset_clears_the_filters(app: Page):
    page = app
    sidebar = page.get_by_test_id("stSidebar")
    pick(page, "Регионы-партнёры", SPE_NAME)
    expect(headline(page)).to_have_text(str(SPE_EVENTS))
    sidebar.get_by_role("button", name=t("filter.reset", "ru")).click()
    expect(headline(page)).to_have_text(str(ALL_EVENTS))
    expect(sidebar.get_by_test_id("stMultiSelect").first).not_to_contain_text(SPE_NAME)
    # the next choice starts from nothing (the old region must not come back)
    pick(page, "Регионы-партнёры", "Москва")
    expect(page).to_have_url(re.compile(r"[?&]region=MOW(&|$)"))
    expect(headline(page)).to_have_text("23")
    assert parse_qs(urlparse(page.url).query).get("region") == ["MOW"]
    # and a second reset works as well as the first
    sidebar.get_by_role("button", name=t("filter.reset", "ru")).click()
    expect(headline(page)).to_have_text(str(ALL_EVENTS))
    expect(sidebar.get_by_test_id("stMultiSelect").first).not_to_contain_text("Москва")


def test_bar_click_filters_the_table(app: Page):
    page = app
    heading = page.get_by_role("heading", name=t("chart.by_department", "ru"), exact=True).first
    chart = heading.locator("xpath=following::div[contains(@class, 'js-plotly-plot')][1]")
    bar = chart.locator(".bars .point path").first
    expect(bar).to_be_visible()
    clicked = chart.evaluate("gd => { const d = gd.data[0]; return (d.hovertext || d.customdata || d.y)[0]; }")
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")
    # plotly's drag layer lies over the bars: click at the bar's position, as a mouse does
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    expect(headline(page)).not_to_have_text(str(ALL_EVENTS))
    wait_idle(page)
    no_traceback(page)
    shown = int(re.sub(r"\D", "", headline(page).inner_text()))
    assert 0 < shown < ALL_EVENTS
    expect(events_table(page)).to_have_attribute("aria-rowcount", str(shown + 1))
    departments = column_cells(page, t("col.department", "ru"))
    assert departments and set(departments) == {clicked}, (clicked, set(departments))
    # the click went into the sidebar filter and the link, where it can be seen and undone
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
           .filter(has_text=t("filter.departments", "ru"))).to_contain_text(forms(clicked)[0][:20])  # its short name
    assert parse_qs(urlparse(page.url).query).get("dept") == [clicked]


def test_english_and_its_link(app: Page, context):
    page = app
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("English", exact=True).click()
    expect(headline(page, "Events")).to_have_text(str(ALL_EVENTS))
    expect(page.get_by_role("heading", name="Interregional cooperation").first).to_be_visible()
    expect(sidebar.get_by_text("Partner regions", exact=True).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_idle(page)
    no_traceback(page)
    assert "Мероприятий" not in page.get_by_test_id("stMain").inner_text()
    nav = sidebar.get_by_test_id("stSidebarNavLink")
    if nav.count():
        expect(nav.first).to_have_text(t("page.overview", "en"))

    # an English link (with a filter) opens in English, navigation included
    pick(page, "Partner regions", "Saint Petersburg")
    expect(headline(page, "Events")).to_have_text(str(SPE_EVENTS))
    expect(page).to_have_url(re.compile(r"[?&]region=SPE(&|$)"))
    other = context.new_page()
    try:
        open_app(other, page.url, expect_events=None)
        expect(headline(other, "Events")).to_have_text(str(SPE_EVENTS))
        nav = other.get_by_test_id("stSidebarNavLink")
        if nav.count():
            expect(nav.first).to_have_text(t("page.overview", "en"))
    finally:
        other.close()


def test_every_page_renders(app: Page, screenshots_dir, local_failures, app_url):
    page = app
    expected = dashboard_pages()
    links = page.get_by_test_id("stSidebarNavLink")
    if len(expected) > 1:
        expect(links).to_have_count(len(expected))
        assert [link.inner_text().strip() for link in links.all()] == [t(key, "ru") for _, key, _ in expected]
    problems = []
    for i, (_, _, url_path) in enumerate(expected):
        if i > 0:
            links.nth(i).click()
            expect(page).to_have_url(re.compile(rf"/{url_path}(\?|$)"))
        expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible()
        wait_idle(page)
        full_page_screenshot(page, screenshots_dir / f"{url_path}.png")
        if page.get_by_test_id("stException").count() or "Traceback" in page.inner_text("body"):
            problems.append(f"{url_path}: traceback on the page")
        for geo in page.locator(".js-plotly-plot .geolayer .geo").all():  # the map's base layer came from here
            land = geo.locator(".layer.land path[d]:not([d=''])")
            try:
                land.first.wait_for(state="attached", timeout=20_000)  # the topojson loads after the page
            except PlaywrightTimeout:
                problems.append(f"{url_path}: map without its base layer (land, borders)")
    assert not problems, problems
    assert own_failures(local_failures, app_url) == []


def test_nothing_loaded_from_outside(outside_requests, local_failures, app_url):
    """Runs last: the pages visited above (every page, both languages, filters, download) asked nothing
    of the internet — officials' machines may have none, and nothing should leak out."""
    assert outside_requests == []
    assert own_failures(local_failures, app_url) == []
