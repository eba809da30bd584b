"""Period-over-period comparison, on reports written for it: two consecutive quarters and two years."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics.compare import compare, shift_quarter
from analytics.filters import Filters
from loaders.build import build
from tests.builders import HEADER, write_xlsx

CULTURE = "Министерство культуры Ярославской области"
SPORT = "Комитет по физической культуре и спорту Ярославской области"
AGR_VLA = "Соглашение между Правительством Ярославской области и Администрацией Владимирской области о сотрудничестве"
AGR_KOS = "Соглашение между Правительством Ярославской области и Администрацией Костромской области о сотрудничестве"
TITLE = "Отчет о реализации соглашений о межрегиональном сотрудничестве"


def _event(n: int, agreement: str, name: str, when: str) -> list[str]:
    return [f"{n}.", agreement, name, when, "г. Ярославль", "Всего 40 человек", "Проведено"]


@pytest.fixture(scope="module")
def quarters_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("compare")
    files = [
        write_xlsx(d / "q2-2020.xlsx", [HEADER, SPORT, _event(1, AGR_VLA, "Турнир по самбо", "12 мая 2020 года")],
                   title=[TITLE, "во II квартале 2020 года"]),
        write_xlsx(d / "q1-2021.xlsx", [HEADER, CULTURE,
                                        _event(1, AGR_VLA, "Выставка икон", "10 февраля 2021 года"),
                                        _event(2, AGR_VLA, "Концерт хора", "3 марта 2021 года"),
                                        SPORT, _event(3, AGR_VLA, "Кубок по боксу", "20 марта 2021 года")],
                   title=[TITLE, "в I квартале 2021 года"]),
        write_xlsx(d / "q2-2021.xlsx", [HEADER, CULTURE,
                                        _event(1, AGR_VLA, "Фестиваль ремёсел", "15 апреля 2021 года"),
                                        _event(2, AGR_KOS, "Гастроли театра", "20 мая 2021 года"),
                                        _event(3, AGR_KOS, "Выставка живописи", "1 июня 2021 года")],
                   title=[TITLE, "во II квартале 2021 года"]),
    ]
    db = d / "compare.duckdb"
    results = build(files, db)
    assert all(r.ok for r in results), [r.message for r in results]
    return db


@pytest.fixture()
def conn(quarters_db: Path):
    with duckdb.connect(str(quarters_db), read_only=True) as c:
        yield c


def test_quarter_against_previous_quarter_and_year_before(conn: duckdb.DuckDBPyConnection) -> None:
    c = compare(conn, Filters(quarter_from="2021-Q2", quarter_to="2021-Q2"))
    assert c is not None and c.chosen
    assert c.numbers["events"] == 3
    assert c.previous.span.first == "2021-Q1" and c.previous.numbers["events"] == 3
    assert c.year_ago.span.first == "2020-Q2" and c.year_ago.numbers["events"] == 1
    assert c.new_partners == ["KOS"]
    assert c.quiet_departments == [SPORT]
    assert c.numbers["partner_regions"] == 2 and c.previous.numbers["partner_regions"] == 1


def test_an_earlier_period_that_is_not_loaded_has_no_numbers(conn: duckdb.DuckDBPyConnection) -> None:
    c = compare(conn, Filters(quarter_from="2021-Q1", quarter_to="2021-Q1"))
    assert c is not None
    assert c.previous.span.first == "2020-Q4" and c.previous.numbers is None  # never a fake zero
    assert c.year_ago.span.first == "2020-Q1" and c.year_ago.numbers is None
    assert c.new_partners is None and c.quiet_departments is None


def test_no_period_chosen_compares_the_last_loaded_quarter(conn: duckdb.DuckDBPyConnection) -> None:
    c = compare(conn, Filters())
    assert c is not None and not c.chosen
    assert (c.current.first, c.current.last) == ("2021-Q2", "2021-Q2")
    assert c.previous.numbers["events"] == 3


def test_a_range_is_compared_with_the_range_of_the_same_length_before(conn: duckdb.DuckDBPyConnection) -> None:
    c = compare(conn, Filters(quarter_from="2021-Q1", quarter_to="2021-Q2"))
    assert c is not None and c.numbers["events"] == 6
    assert (c.previous.span.first, c.previous.span.last) == ("2020-Q3", "2020-Q4")
    assert c.previous.numbers is None


def test_other_filters_apply_to_both_periods(conn: duckdb.DuckDBPyConnection) -> None:
    c = compare(conn, Filters(quarter_from="2021-Q2", quarter_to="2021-Q2", departments=(SPORT,)))
    assert c is not None and c.numbers["events"] == 0
    assert c.previous.numbers is not None and c.previous.numbers["events"] == 1
    assert c.quiet_departments == [SPORT]


def test_samples_say_no_data_where_quarterly_and_annual_reports_differ(sample_conn) -> None:
    c = compare(sample_conn, Filters(quarter_from="2021-Q2", quarter_to="2021-Q2"))
    assert c is not None and c.numbers["events"] == 57
    assert c.previous.numbers is None  # Q1 2021 holds only the annual road map, not the quarterly report
    assert c.year_ago.numbers is None


@pytest.mark.parametrize(("q", "by", "out"), [("2021-Q1", -1, "2020-Q4"), ("2021-Q2", -4, "2020-Q2"),
                                              ("2020-Q4", 1, "2021-Q1"), ("2021-Q3", -6, "2020-Q1")])
def test_shift_quarter(q: str, by: int, out: str) -> None:
    assert shift_quarter(q, by) == out


def _overview(db: Path, monkeypatch: pytest.MonkeyPatch, **params: str):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_overview_tiles_show_the_changes(quarters_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _overview(quarters_db, monkeypatch, qf="2021-Q2", qt="2021-Q2")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Мероприятий"] == "3"
    captions = [c.value for c in at.caption]
    assert "±0 к I кв. 2021 · +2 к II кв. 2020" in captions  # events: 3 now, 3 a quarter before, 1 a year before
    assert "+1 к I кв. 2021 · +1 к II кв. 2020" in captions  # partner regions: 2 / 1 / 1
    texts = [t.value for t in at.text]
    assert "Костромская область" in texts
    assert SPORT in texts


def test_overview_on_samples_says_no_data(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _overview(sample_db, monkeypatch, qf="2021-Q2", qt="2021-Q2")
    captions = [c.value for c in at.caption]
    assert "нет данных за I кв. 2021 · нет данных за II кв. 2020" in captions
    assert not any("+" in c and "кв." in c for c in captions)  # never a fake rise
    at = _overview(sample_db, monkeypatch, lang="en")
    captions = [c.value for c in at.caption]
    assert "Q4 2021: 17; +6 vs Q3 2021 · no data for Q4 2020" in captions
