"""AppTest: the dashboard runs on the sample database and on an empty one."""

from __future__ import annotations

import duckdb
import pytest

from tests.apptest import metrics, open_page


def test_overview_on_samples(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch)
    assert not at.exception
    m = metrics(at)
    assert m["Мероприятий"] == "86"
    assert m["Департаментов"] == "13"


def test_url_filter_sets_region(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region="SPE")
    assert not at.exception
    assert at.multiselect(key="f_regions").value == ["SPE"]
    assert metrics(at)["Мероприятий"] == "57"  # 50 road-map events + agreements rows 1, 27, 32-36


def test_empty_database(empty_db, monkeypatch):
    at = open_page(empty_db, monkeypatch)
    assert not at.exception
    assert any("Нет мероприятий" in i.value for i in at.info)


def test_missing_database(tmp_path, monkeypatch):
    at = open_page(tmp_path / "absent.duckdb", monkeypatch)
    assert not at.exception
    assert any("База данных ещё не создана" in i.value for i in at.info)


@pytest.mark.parametrize("lang,label", [("en", "Events"), ("ru", "Мероприятий")])
def test_language_switch(sample_db, monkeypatch, lang, label):
    at = open_page(sample_db, monkeypatch, lang=lang)
    assert label in metrics(at)


# --- charts, table, click-to-filter (overview page) ---------------------------------------------

NBSP = "\u202f"  # fmt_int's thin space


def test_overview_headline_and_table(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch)
    m = metrics(at)
    assert m["Уникальных мероприятий"] == "84"  # two road-map rows also reported in the quarterly report
    assert m["Регионов-партнёров"] == "13"
    # each unique event once: 14 474 over the rows, less the 602 of the «Забег.РФ» twin
    assert m["Участников"] == f"не менее 13{NBSP}872"  # 2 counts are lower bounds, 2 approximate
    assert m["С известным числом участников"] == f"36{NBSP}%"  # 30 of the 84 unique events
    assert any(c.value == "Показано 86 из 86" for c in at.caption)
    assert len(at.dataframe[0].value) == 86
    keys = {c.proto.id for c in at.get("plotly_chart")}
    assert len(keys) == 6  # region, department, 2× quarter, participants by region, format


def test_overview_region_spe_numbers(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, region="SPE")
    m = metrics(at)
    assert (m["Мероприятий"], m["Уникальных мероприятий"], m["Департаментов"]) == ("57", "55", "11")
    assert m["Регионов-партнёров"] == "8"  # SPE and the co-parties of the agreement rows
    assert m["Участников"] == f"не менее 5{NBSP}242"  # the «Забег.РФ» twin (602) once
    assert any(c.value == "Показано 57 из 57" for c in at.caption)


def test_quarter_filter_from_url_keeps_whole_period_events(sample_db, monkeypatch):
    # 7 events dated in 2021-Q3 + 4 road-map events running "в течение года" (quarter NULL, ongoing)
    at = open_page(sample_db, monkeypatch, qf="2021-Q3", qt="2021-Q3")
    assert not at.exception
    assert (at.selectbox(key="f_quarter_from").value, at.selectbox(key="f_quarter_to").value) == ("2021-Q3", "2021-Q3")
    m = metrics(at)
    assert (m["Мероприятий"], m["Департаментов"], m["Участников"]) == ("11", "5", "370")


def test_moscow_by_hand(sample_db, monkeypatch):
    # SELECT count(*), sum(participants_total) … WHERE region_code = 'MOW' → 23 events, 7 830 people (one "более")
    at = open_page(sample_db, monkeypatch, region="MOW")
    m = metrics(at)
    assert (m["Мероприятий"], m["Департаментов"]) == ("23", "6")
    assert m["Участников"] == f"не менее 7{NBSP}830"


def test_simulated_region_click_filters(sample_db, monkeypatch):
    """A click on the SPE bar: the callback's state change, applied before the next run."""
    from ui.drill import filter_update, selection_codes

    at = open_page(sample_db, monkeypatch)
    click = {"selection": {"points": [{"customdata": "SPE", "x": 57, "y": "Санкт-Петербург"}]}}
    for key, value in filter_update(selection_codes(click), "f_regions").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_regions").value == ["SPE"]
    assert metrics(at)["Мероприятий"] == "57"
    assert at.query_params["region"] in ("SPE", ["SPE"])  # the URL follows the filter


def test_simulated_quarter_click_filters(sample_db, monkeypatch):
    from ui.drill import filter_update, selection_codes

    at = open_page(sample_db, monkeypatch)
    click = {"selection": {"points": [{"customdata": "2021-Q2"}]}}
    for key, value in filter_update(selection_codes(click), "", "quarter").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    # 53 events in 2021-Q2 (45 dated + 8 ongoing in the quarterly report) + 4 whole-year road-map events
    assert metrics(at)["Мероприятий"] == "57"


def test_dashboard_updates_an_older_database(sample_db, tmp_path, monkeypatch):
    """A database written by the previous version gets its new column and summaries on the first visit."""
    import shutil

    from tests.conftest import make_outdated

    db = tmp_path / "old.duckdb"
    shutil.copy(sample_db, db)
    make_outdated(db)
    at = open_page(db, monkeypatch, region="SPE")
    assert not at.exception
    assert metrics(at)["Мероприятий"] == "57"
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [("3",)]


def test_a_database_error_is_a_message_not_a_traceback(sample_db, monkeypatch):
    from analytics import queries

    def broken(conn, f):
        raise duckdb.IOException("disk I/O error")

    from ui import data

    data._cached.clear()  # answers cached by earlier tests in this process would hide the broken query
    monkeypatch.setattr(queries, "headline", broken)
    at = open_page(sample_db, monkeypatch, region="MOW")
    assert not at.exception
    assert any("Не удалось прочитать базу данных" in e.value for e in at.error)


def test_an_unreadable_database_file_is_a_message(tmp_path, monkeypatch):
    bad = tmp_path / "broken.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    at = open_page(bad, monkeypatch)
    assert not at.exception
    assert any("Не удалось прочитать базу данных" in e.value for e in at.error)


def test_participants_by_region_says_shared_events_count_for_each_partner(sample_db, monkeypatch):
    """Problem 3: the bars of «Участники по регионам-партнёрам» add up to more than the headline; the chart says
    why. The headline counts the «Забег.РФ» twin once."""
    import json

    at = open_page(sample_db, monkeypatch)
    people = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("ov_region_people")
                  or "ov_region_people" in c.proto.id)
    bars = sum(people["data"][0]["x"])
    assert bars == 22_148 > 13_872
    notes = [c.value for c in at.caption]
    assert (f"Мероприятие с несколькими регионами-партнёрами (таких 8) отдаёт всех своих участников каждому из них: "
            f"сумма столбцов 22{NBSP}148 больше общего числа 13{NBSP}872.") in notes
    assert "Мероприятие с несколькими регионами-партнёрами (таких 8) учтено у каждого из них." in notes
    assert "Сумма указанных в отчётах чисел участников; известно для 30 из 84 мероприятий." in notes
