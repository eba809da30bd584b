"""The selection bar on every page («Отбор: Санкт-Петербург · II кв. 2021 ✕ … Сбросить всё») and the empty
state's one-click reset (issue 14)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics.filters import Filters
from tests.apptest import open_page
from ui.drill import filter_update, selection_codes
from ui.selection import parts, summary

FILTERED_PAGES = ["pages/overview.py", "pages/regions.py", "pages/departments.py", "pages/agreements.py",
                  "pages/events.py"]
OPTIONS = {"regions": [("SPE", "Санкт-Петербург", "Saint Petersburg"), ("MOW", "Москва", "Moscow")],
           "reports": [(1, "Отчёт", "otchet.xlsx")]}


def chips(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("sel_x_")]


def events(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}.get("Мероприятий", "")


def test_parts_in_reading_order():
    f = Filters(quarter_from="2021-Q2", quarter_to="2021-Q2", regions=("SPE", "XXX"),
                departments=("Департамент Смоленской области по образованию и науке",), formats=("online",),
                reports=(1,), search="форум")
    assert [p.text for p in parts(f, "ru", OPTIONS)] == [
        "Санкт-Петербург", "XXX", "II кв. 2021", "Департамент Смоленской области по образованию и науке", "онлайн",
        "otchet.xlsx", "«форум»"]
    assert summary(Filters(regions=("SPE",), quarter_from="2021-Q1", quarter_to="2021-Q3"), "en", OPTIONS) == \
        "Selection: Saint Petersburg · Q1 2021 – Q3 2021"
    assert summary(Filters(), "ru") == "Отбор: все мероприятия"


@pytest.mark.parametrize("page", FILTERED_PAGES)
def test_bar_on_every_page(sample_db, monkeypatch, page):
    at = open_page(sample_db, monkeypatch, page, region="SPE", qf="2021-Q2", qt="2021-Q2")
    assert chips(at) == ["Санкт\\-Петербург ✕", "II кв\\. 2021 ✕"]  # markdown-escaped labels
    assert at.button(key="sel_reset").label == "Сбросить всё"
    assert at.markdown[0].value.startswith("**Отбор:**")


def test_bar_says_everything_when_nothing_is_chosen(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, lang="en")
    assert chips(at) == []
    assert any(m.value == "**Selection:** all events" for m in at.markdown)


def test_each_part_removable_on_its_own(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region=["SPE", "MOW"], qf="2021-Q2", qt="2021-Q2")
    assert chips(at) == ["Санкт\\-Петербург ✕", "Москва ✕", "II кв\\. 2021 ✕"]
    at.button(key="sel_x_0").click().run()  # Санкт-Петербург goes, Москва and the quarter stay
    assert at.multiselect(key="f_regions").value == ["MOW"]
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == \
        ("2021-Q2", "2021-Q2")
    assert chips(at) == ["Москва ✕", "II кв\\. 2021 ✕"]
    at.button(key="sel_x_1").click().run()  # the period goes
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == (None, None)
    assert chips(at) == ["Москва ✕"]


def test_reset_all(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region="SPE", qf="2021-Q2", q="конференция")
    assert len(chips(at)) == 3
    at.button(key="sel_reset").click().run()
    assert chips(at) == []
    assert events(at) == "86"


def test_chart_click_shows_in_the_bar(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, qf="2021-Q2", qt="2021-Q2")
    click = {"selection": {"points": [{"customdata": "SPE"}]}}  # a bar of «Мероприятия по регионам-партнёрам»
    for key, value in filter_update(selection_codes(click), "f_regions").items():
        at.session_state[key] = value
    at.run()
    assert chips(at) == ["Санкт\\-Петербург ✕", "II кв\\. 2021 ✕"]


def test_sources_page_has_no_bar(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/sources.py", region="SPE")
    assert chips(at) == []  # the page lists every loaded report, filters or not


@pytest.mark.parametrize("page", FILTERED_PAGES)
def test_empty_state_offers_a_reset(sample_db, monkeypatch, page):
    """The click itself is in tests/e2e/test_filters_browser.py: AppTest does not run the script again after
    a run that ended in st.stop() inside a page (a limitation of AppTest, not of the app)."""
    at = open_page(sample_db, monkeypatch, page, q="нет такого мероприятия нигде")
    assert any("Нет мероприятий для выбранных фильтров" in i.value for i in at.info)
    assert at.button(key="empty_reset").label == "Сбросить все фильтры"
