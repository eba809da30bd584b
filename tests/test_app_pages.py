"""AppTest: the Департаменты, Соглашения, Мероприятия and Источники pages on the sample and an empty database."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import figures, open_page

PAGES = ["pages/departments.py", "pages/agreements.py", "pages/events.py", "pages/sources.py"]


@pytest.mark.parametrize("path", PAGES)
def test_page_on_samples(sample_db, monkeypatch, path):
    at = open_page(sample_db, monkeypatch, path)
    assert not at.exception
    assert not at.info or path == "pages/events.py"  # no empty-state message


@pytest.mark.parametrize("path,message", [
    ("pages/departments.py", "Нет мероприятий для выбранных фильтров"),
    ("pages/agreements.py", "Нет мероприятий для выбранных фильтров"),
    ("pages/events.py", "Нет мероприятий для выбранных фильтров"),
    ("pages/sources.py", "Отчёты ещё не загружены"),
])
def test_page_on_empty_database(empty_db, monkeypatch, path, message):
    at = open_page(empty_db, monkeypatch, path)
    assert not at.exception
    assert any(message in i.value for i in at.info)


@pytest.mark.parametrize("path", PAGES)
def test_page_in_english(sample_db, monkeypatch, path):
    at = open_page(sample_db, monkeypatch, path, lang="en")
    assert not at.exception
    assert at.title[0].value in {"Departments", "Agreements and road maps", "Events", "Sources"}


PEOPLE_SPE = [1843, 1591, 700, 700, 404]  # sport: the «Забег.РФ» twin (602) once, not 2 445


def test_departments_region_spe(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/departments.py", region="SPE")
    assert not at.exception
    events, people, matrix, trend = figures(at)
    bars = events["data"][0]
    assert bars["x"][:3] == [25, 9, 6] and sum(bars["x"]) == 57
    assert bars["customdata"][1] == "Главное управление спорта Смоленской области"  # full name for the click
    # problem 6: the short name tells departments apart, the full one is on hover and in the click
    assert bars["y"][:2] == ["по образованию и науке", "Главное управление спорта"]
    assert bars["hovertext"][0] == "Департамент Смоленской области по образованию и науке"
    assert people["data"][0]["x"][:5] == PEOPLE_SPE
    assert people["data"][0]["customdata"][0] == people["data"][0]["hovertext"][0]  # full name
    assert "—" in people["data"][0]["text"]  # unknown headcounts read «—», not a blank bar
    heat = matrix["data"][0]
    assert heat["type"] == "heatmap"
    assert heat["x"][0] == "Санкт-Петербург"
    assert sum(heat["z"][i][0] for i in range(len(heat["y"]))) == 57  # every SPE event once in its column
    ticks = matrix["layout"]["yaxis"]
    assert ticks["tickvals"] == heat["y"] and len(set(heat["y"])) == len(heat["y"])
    row = ticks["ticktext"].index("по образованию и науке")  # the axis shows the short name,
    assert heat["y"][row] == "Департамент Смоленской области по образованию и науке"  # the hover (%{y}) the full one
    assert heat["hovertemplate"].startswith("%{y}<br>") and "hovertext" not in heat
    assert {d["name"] for d in trend["data"]} >= {"по образованию и науке", "Главное управление спорта"}
    assert sum(sum(b["y"]) for b in trend["data"]) == 57
    # busiest department first, ties by full name (a stable order, the same on every rerun)
    order = [(-sum(b["y"]), b["customdata"][0]) for b in trend["data"]]
    assert order == sorted(order) and len(order) == 11
    by_name = {b["name"]: b["y"] for b in trend["data"]}
    assert by_name["Аппарат Администрации"] == [0, 1, 0, 1, 0]
    assert trend["layout"]["xaxis"]["categoryarray"] == ["I кв. 2021", "II кв. 2021", "III кв. 2021", "IV кв. 2021",
                                                         "весь период"]


def test_department_click_filters(sample_db, monkeypatch):
    """A click puts the bar's full department name (customdata) into the sidebar's department filter."""
    from ui.drill import filter_update, selection_codes

    at = open_page(sample_db, monkeypatch, "pages/departments.py", region="SPE")
    bars = figures(at)[0]["data"][0]
    sport = "Главное управление спорта Смоленской области"
    clicked = {"selection": {"points": [{"customdata": bars["customdata"][1]}]}}  # what Streamlit stores on a click
    changes = filter_update(selection_codes(clicked), "f_departments")
    assert changes == {"f_departments": [sport]}
    for key, value in changes.items():  # AppTest cannot click a plotly bar: apply what the callback sets
        at.session_state[key] = value
    at.run()
    assert not at.exception
    assert at.session_state["filters"].departments == (sport,)
    assert figures(at)[0]["data"][0]["x"] == [9]


def test_agreements_region_spe(sample_db, monkeypatch):
    """Problem 4: with a partner region chosen, agreements with other parties are not dormant, not listed."""
    at = open_page(sample_db, monkeypatch, "pages/agreements.py", region="SPE")
    assert not at.exception
    assert not at.warning  # was «Соглашений без мероприятий: 5 из 13» (Crimea, Kuzbass, … outside the filter)
    assert any("По всем соглашениям есть мероприятия" in s.value for s in at.success)
    assert any("сторона которых — выбранный регион-партнёр" in c.value for c in at.caption)
    assert at.subheader[0].value == "Соглашения без мероприятий в выбранном периоде"
    active = at.dataframe[0].value
    roadmap = active[active["kind"] == "дорожная карта"].iloc[0]
    assert [roadmap[q] for q in ["I кв. 2021", "II кв. 2021", "III кв. 2021", "IV кв. 2021", "весь период", "Всего"]] == \
        [9, 17, 7, 13, 4, 50]
    assert len(active) == 8


def test_agreements_dormant_in_a_period_and_other_filters_do_not_count(sample_db, monkeypatch):
    """Dormant = no event in the period with the agreement's parties; a department filter does not make one."""
    at = open_page(sample_db, monkeypatch, "pages/agreements.py", region="SPE", qf="2021-Q1", qt="2021-Q1")
    assert [w.value for w in at.warning] == ["Соглашений без мероприятий: 1 из 2"]
    assert list(at.dataframe[0].value["partners"]) == ["Санкт-Петербург"]  # the agreement; the road map is active
    sport = "Главное управление спорта Смоленской области"
    at = open_page(sample_db, monkeypatch, "pages/agreements.py", dept=sport)
    assert not at.warning  # sport has no Crimea event, yet the Crimea agreement has events: not dormant
    assert any("не делают соглашение «без мероприятий»" in c.value for c in at.caption)


def test_agreements_all_active_without_filters(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/agreements.py")
    assert not at.exception
    assert not at.warning
    assert any("По всем соглашениям есть мероприятия" in s.value for s in at.success)
    assert len(at.dataframe[0].value) == 13


def test_events_region_spe_paging(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE")
    assert not at.exception
    assert at.dataframe[0].value.shape == (50, 10)
    assert any("Показано 1–50 из 57" in m.value for m in at.markdown)
    assert any(s.value == "Выгрузка отобранных мероприятий (57)" for s in at.subheader)
    at.number_input(key="ev_page").set_value(2).run()
    assert not at.exception
    assert at.dataframe[0].value.shape == (7, 10)
    assert any("Показано 51–57 из 57" in m.value for m in at.markdown)


def test_events_export_file_names(sample_db, monkeypatch):
    import ui.widgets
    from analytics.export import export_file_name

    names: list[str] = []
    monkeypatch.setattr(ui.widgets, "export_file_name",
                        lambda parts, ext: names.append(export_file_name(parts, ext)) or names[-1])
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE", qf="2021-Q2", qt="2021-Q2")
    assert not at.exception
    assert names[-2:] == ["meropriyatiya_Sankt-Peterburg_2021-Q2.csv", "meropriyatiya_Sankt-Peterburg_2021-Q2.xlsx"]
    at = open_page(sample_db, monkeypatch, "pages/events.py", qf="2021-Q1", qt="2021-Q2", lang="en")
    assert names[-1] == "events_2021-Q1-2021-Q2.xlsx"


def test_events_page_search_box_is_the_sidebar_search(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE")
    at.text_input(key="ev_search").input("полумарафон").run()
    assert not at.exception
    assert at.session_state["f_search"] == "полумарафон"  # the sidebar's own search key
    assert at.session_state["filters"].search == "полумарафон"
    assert len(at.dataframe[0].value) == 2
    # and the other way: a search typed in the sidebar fills the page's box
    at.session_state["f_search"] = "конференция"
    at.run()
    assert at.text_input(key="ev_search").value == "конференция"
    assert len(at.dataframe[0].value) < 57


def test_event_detail_and_twin(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE", report="2", q="полумарафон")
    assert len(at.dataframe[0].value) == 1
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "30 мая\n2021 года" in texts  # the source cell as written
    assert "30.05.2021 – 30.05.2021 (точность даты: день)" in texts  # parsed beside it
    assert "602" in texts and "Смоленск" in texts and "очно" in texts and "соревнования" in texts
    assert "smolensk-spb-roadmap-2021.docx" in texts and "таблица 1, строка 59" in texts
    twins = at.dataframe[-1].value
    assert list(twins["file_name"]) == ["smolensk-agreements-2021-q2.xlsx"]


def test_event_with_markup_shows_as_text(sample_db, tmp_path, monkeypatch):
    db = tmp_path / "markup.duckdb"
    shutil.copy(sample_db, db)
    payload = "<script>alert(1)</script> **bold** [link](http://x)"
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE events SET name = $n WHERE event_id = 2000047", {"n": payload})
    at = open_page(db, monkeypatch, "pages/events.py", report="2", q="602 участника")
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert payload in [t.value for t in at.text]  # plain text element, shown exactly
    assert not any("<script>" in m.value for m in at.markdown)
    assert not any("<script>" in m.value for m in at.get("html"))


def test_sources_page(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/sources.py", region="SPE")
    assert not at.exception
    reports = at.dataframe[0].value
    assert list(reports["period"]) == ["01.04.2021 – 30.06.2021", "01.01.2021 – 31.12.2021"]
    assert list(reports["events"]) == [36, 50]
    assert list(reports["rejects"]) == [0, 0]
    assert list(reports["issues"]) == [1, 1]
    assert list(reports["rows"]) == ["✓ 49 = 36 + 9 + 3 + 0 + 1 + 0", "✓ 62 = 50 + 11 + 1 + 0 + 0 + 0"]
    assert any("Отклонённых строк нет" in s.value for s in at.success)
    issues = at.dataframe[1].value
    assert len(issues) == 2 and set(issues["field"]) == {"участники"}


def _dialogs(at: AppTest) -> list:
    """The dialog blocks of the rendered page (Streamlit puts them beside the main area)."""
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if type(child).__name__ == "Block" and child.proto.WhichOneof("type") == "dialog":
                found.append(child)
            walk(child)

    walk(at._tree)
    return found


def test_events_table_shows_date_quarter_city_first_and_dashes(sample_db, monkeypatch):
    """Walkthrough: date, quarter and city visible at 1440 px (first, narrow columns); «—» for unknowns."""
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE")
    table = at.dataframe[0]
    assert list(table.value.columns[:4]) == ["date_start", "quarter", "name", "city"]
    config = json.loads(table.proto.columns)
    assert all(isinstance(config[c]["width"], int) and config[c]["width"] <= 130 for c in ("date_start", "quarter", "city"))
    assert "—" in set(table.value["participants_total"]) and "None" not in set(table.value["city"].astype(str))


def test_event_detail_opens_in_a_side_panel(sample_db, monkeypatch):
    """The selected event opens in a dialog at the right (not below the fold), once: closing keeps it closed."""
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE", report="2", q="полумарафон")
    assert _dialogs(at) == []
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    (dialog,) = _dialogs(at)
    assert dialog.proto.dialog.title == "Мероприятие полностью"
    assert "602" in [t.value for t in dialog.text]
    at.session_state["_ev_dismissed"] = at.session_state["_ev_shown"]  # what closing the panel (on_dismiss) sets
    at.run()
    assert _dialogs(at) == []


# ------------------------------------------------------------- an event with no date at all (issue 13, finding 4)
DIGITAL = "Департамент цифрового развития Смоленской области"  # 2 events in the samples


@pytest.fixture(scope="module")
def undated_db(sample_db, tmp_path_factory):
    """The samples with one of DIGITAL's events stripped of its dates: no quarter, not ongoing."""
    from analytics.stored_answers import STORED

    db = tmp_path_factory.mktemp("undated") / "undated.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        event_id = conn.execute("SELECT min(event_id) FROM events WHERE department = ?", [DIGITAL]).fetchone()[0]
        conn.execute("UPDATE events SET quarter = NULL, ongoing = false, date_start = NULL, date_end = NULL "
                     "WHERE event_id = ?", [event_id])
        STORED.refresh(conn)
    return db


def quarter_bars(at) -> dict[str, int]:
    chart = next(f for f in figures(at) if f["layout"].get("yaxis", {}).get("title", {}).get("text") == "Мероприятий"
                 and f["data"][0].get("type") == "bar" and f["data"][0].get("orientation") != "h")
    return dict(zip(chart["data"][0]["x"], chart["data"][0]["y"]))


def test_undated_event_reads_the_same_on_every_page(undated_db, monkeypatch):
    """Обзор counts the undated event under «дата не указана»; the events page, Соглашения and Департаменты
    say the same (they used to call it «весь период»)."""
    overview = open_page(undated_db, monkeypatch, dept=DIGITAL)
    assert quarter_bars(overview).get("дата не указана") == 1 and "весь период" not in quarter_bars(overview)

    events = open_page(undated_db, monkeypatch, "pages/events.py", dept=DIGITAL)
    quarters = list(events.dataframe[0].value["quarter"])
    assert quarters.count("дата не указана") == 1 and "весь период" not in quarters

    agreements = open_page(undated_db, monkeypatch, "pages/agreements.py", dept=DIGITAL)
    active = next(d.value for d in agreements.dataframe if "дата не указана" in d.value.columns)
    assert "весь период" not in active.columns and int(active["дата не указана"].sum()) == 1

    departments = open_page(undated_db, monkeypatch, "pages/departments.py", dept=DIGITAL)
    trend = figures(departments)[-1]
    assert "дата не указана" in trend["data"][0]["x"] and "весь период" not in trend["data"][0]["x"]


def test_a_page_s_queries_are_recorded_as_functions(sample_db, monkeypatch):
    """ui.data.recording: what bench/run.py replays. Pages pass the query functions themselves (no names)."""
    from analytics import queries
    from analytics.compare import compare
    from ui.data import recording

    with recording() as calls:
        open_page(sample_db, monkeypatch)
    called = [fn for fn, _, _ in calls]
    # the query layer, or a view of Источники that labels its rows (ui.sources_view, cached the same way)
    assert all(callable(fn) and fn.__module__.startswith(("analytics.", "ui.sources_view")) for fn in called)
    for fn in (queries.filter_options, queries.headline, compare, queries.by_region, queries.by_department,
               queries.by_quarter, queries.by_format, queries.events_page):
        assert fn in called, fn.__name__
    assert (queries.events_page, calls[called.index(queries.events_page)][1], (100, 0)) in calls
    with recording() as after:
        pass
    assert after == []  # a recording sees only the calls made inside it
