"""AppTest: the dashboard runs on the sample database and on an empty one."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from loaders.store import ensure_schema
from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")


def app(db, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_on_samples(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    assert not at.exception
    m = metrics(at)
    assert m["Мероприятий"] == "86"
    assert m["Департаментов"] == "13"


def test_url_filter_sets_region(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, region="SPE")
    assert not at.exception
    assert at.multiselect(key="f_regions").value == ["SPE"]
    assert metrics(at)["Мероприятий"] == "57"  # 50 road-map events + agreements rows 1, 27, 32-36


def test_empty_database(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
    at = app(db, monkeypatch)
    assert not at.exception
    assert any("Нет мероприятий" in i.value for i in at.info)


def test_missing_database(tmp_path, monkeypatch):
    at = app(tmp_path / "absent.duckdb", monkeypatch)
    assert not at.exception
    assert any("База данных ещё не создана" in i.value for i in at.info)


@pytest.mark.parametrize("lang,label", [("en", "Events"), ("ru", "Мероприятий")])
def test_language_switch(sample_db, monkeypatch, lang, label):
    at = app(sample_db, monkeypatch, lang=lang)
    assert label in metrics(at)
