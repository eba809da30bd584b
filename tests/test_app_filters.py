"""AppTest: filters a leader can trust (issue 14, problems 1, 2, 5, 7; «Период: с … по …»).

Sample data: 86 events, all in 2021; 57 with Санкт-Петербург (SPE) as a partner.
"""

from __future__ import annotations

import json

import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Multiselect

from tests.apptest import APP, metrics, open_page

PAGES = ["pages/overview.py", "pages/regions.py", "pages/departments.py", "pages/agreements.py", "pages/events.py"]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# ---------------------------------------------------------------- 1. language switch keeps every filter


class Browser:
    """Send a multiselect's value as a browser does: as the *text* it was last shown.

    Streamlit's frontend keeps a multiselect's selection as the displayed strings and replaces them only
    when the server sets the value. AppTest instead re-formats the Python value with the latest
    format_func, which hides a lost selection after a language switch; this keeps the browser's text."""

    def __init__(self, monkeypatch):
        self.held: dict[str, list[str]] = {}
        browser, original = self, Multiselect._widget_state.fget

        def state(widget):
            ws = original(widget)
            if widget._value is not None or widget.id not in browser.held:  # the user chose in this step
                browser.held[widget.id] = list(ws.string_array_value.data)
            ws.string_array_value.data[:] = browser.held[widget.id]
            return ws

        monkeypatch.setattr(Multiselect, "_widget_state", property(state))

    def run(self, at: AppTest) -> AppTest:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        for widget in at.multiselect:
            if widget.proto.set_value:  # the server sent a value: the browser shows it in the current language
                self.held[widget.id] = list(widget.proto.raw_values)
            else:
                self.held.setdefault(widget.id, list(widget.values))
        return at


@pytest.mark.parametrize("page", [None, "pages/regions.py"])
def test_language_switch_keeps_region_filter(sample_db, monkeypatch, page):
    browser = Browser(monkeypatch)
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "SPE"
    at.query_params["format"] = "offline"
    browser.run(at)
    if page:
        at.switch_page(page)
        browser.run(at)
    assert at.multiselect(key="f_regions").value == ["SPE"]
    at.radio(key="lang").set_value("en")
    browser.run(at)
    assert "Saint Petersburg" in at.multiselect(key="f_regions").proto.options  # shown in English
    at.switch_page("pages/departments.py")  # another page: the browser sends what it holds
    browser.run(at)
    assert at.multiselect(key="f_regions").value == ["SPE"]
    assert at.multiselect(key="f_formats").value == ["offline"]
    assert at.query_params["region"] in (["SPE"], "SPE")
    at.radio(key="lang").set_value("ru")  # and back
    browser.run(at)
    at.switch_page("pages/overview.py")
    browser.run(at)
    assert at.multiselect(key="f_regions").value == ["SPE"]
    assert at.multiselect(key="f_formats").value == ["offline"]
    assert metrics(at)["Мероприятий"] == "45"  # SPE and in person


def test_language_switch_keeps_the_numbers_and_the_period(sample_db, monkeypatch):
    browser = Browser(monkeypatch)
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {"region": "SPE", "qf": "2021-Q2", "qt": "2021-Q2"}.items():
        at.query_params[key] = value
    before = metrics(browser.run(at))["Мероприятий"]
    at.radio(key="lang").set_value("en")
    browser.run(at)
    at.text_input(key="f_search").set_value("")  # any other rerun
    browser.run(at)
    assert metrics(at)["Events"] == before
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == \
        ("2021-Q2", "2021-Q2")


# ---------------------------------------------------------------- 2. a typed search selects one item


def test_every_filter_list_selects_one_match_on_enter(sample_db, monkeypatch):
    """Enter commits the first visible row; with "Select N matches" shown, that row selected every match."""
    at = open_page(sample_db, monkeypatch)
    for key in ("f_regions", "f_departments", "f_event_types", "f_formats", "f_reports"):
        proto = at.multiselect(key=key).proto
        assert proto.select_all == 0, key  # no "Select all" / "Select N matches" row
        assert proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_CONTAINS, key


def test_sport_matches_one_department(sample_db, monkeypatch):
    """«спорта» as the browser's substring filter sees it: one department, not four."""
    at = open_page(sample_db, monkeypatch)
    options = at.multiselect(key="f_departments").proto.options
    assert [o for o in options if "спорта" in o.lower()] == ["Главное управление спорта"]


# ---------------------------------------------------------------- 5. the chosen period reads whole, in order


def test_quarters_read_as_roman_quarters(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, qf="2021-Q2", qt="2021-Q3")
    box_from, box_to = at.selectbox(key="f_quarter_from"), at.selectbox(key="f_quarter_to")
    assert (box_from.label, box_to.label) == ("Период: с", "по")  # not «По квартал»
    assert list(box_from.proto.options) == ["I кв. 2021", "II кв. 2021", "III кв. 2021", "IV кв. 2021"]
    assert (box_from.value, box_to.value) == ("2021-Q2", "2021-Q3")
    axes = [json.loads(c.proto.spec)["data"][0]["x"] for c in at.get("plotly_chart")[2:4]]
    assert axes[0][:2] == ["II кв. 2021", "III кв. 2021"] and axes[0] == axes[1]


def test_quarters_in_english(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, qf="2021-Q2", lang="en")
    assert at.selectbox(key="f_quarter_from").label == "Period: from"
    assert list(at.selectbox(key="f_quarter_from").proto.options)[1] == "Q2 2021"


def test_inverted_period_from_link_is_swapped_with_a_message(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, qf="2021-Q4", qt="2021-Q1")
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == \
        ("2021-Q1", "2021-Q4")
    assert any("поменяли местами: с I кв. 2021 по IV кв. 2021" in w for w in warnings(at))
    assert metrics(at)["Мероприятий"] == "86"  # the whole of 2021, not the 4 whole-year events


def test_inverted_period_chosen_in_the_sidebar_is_swapped(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch)
    at.selectbox(key="f_quarter_from").set_value("2021-Q3").run()
    at.selectbox(key="f_quarter_to").set_value("2021-Q2").run()
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == \
        ("2021-Q2", "2021-Q3")
    assert any("поменяли местами" in w for w in warnings(at))
    at.selectbox(key="f_quarter_to").set_value("2021-Q4").run()  # a later change: the message goes
    assert not any("поменяли местами" in w for w in warnings(at))


# ---------------------------------------------------------------- 7. what a link could not use is said


def test_unknown_region_in_link_is_reported(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region="XXX")
    assert any("В ссылке не распознано: region=XXX" in w for w in warnings(at))
    assert metrics(at)["Мероприятий"] == "86"


def test_bad_values_reported_and_good_ones_kept(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region=["SPE", "XXX", "SPE"], qf="garbage", qt="2030-Q1")
    assert at.multiselect(key="f_regions").value == ["SPE"]  # one chip for the repeated value
    notice = next(w for w in warnings(at) if "В ссылке не распознано" in w)
    for part in ("region=XXX", "qf=garbage", "qt=2030-Q1"):
        assert part in notice
    assert metrics(at)["Мероприятий"] == "57"


def test_link_notice_goes_when_the_filters_change(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region="XXX")
    at.switch_page("pages/departments.py").run()
    assert any("region=XXX" in w for w in warnings(at))  # still the view the link gave
    at.multiselect(key="f_regions").set_value(["SPE"]).run()
    assert not any("region=XXX" in w for w in warnings(at))


def test_link_notice_in_english(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, dept="Нет такого департамента", lang="en")
    assert any(w.startswith("Not recognised in the link: dept=Нет такого департамента") for w in warnings(at))
