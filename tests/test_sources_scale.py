"""Источники with many reports: a bounded number of detail boxes, and every report one choice away."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synth import synth
from loaders.build import build
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def many_reports_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many-reports")
    synth(24, folder, seed=3, min_events=10, max_events=12)
    db = folder / "many.duckdb"
    build([folder], db)
    return db


def _sources(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/sources.py")
    return at.run()


def test_many_reports_show_a_bounded_list_and_a_chooser(many_reports_db, monkeypatch):
    at = _sources(many_reports_db, monkeypatch)
    assert not at.exception
    pick = at.selectbox(key="src_report_pick")
    assert len(pick.options) == 24  # every report can be chosen
    assert pick.value is None and pick.placeholder == "выберите файл отчёта"
    assert len(at.expander) <= 20  # not one box per report
    label = pick.options[5]
    at = pick.select_index(5).run()
    assert not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("**synth")]
    assert len(shown) == 1
    assert label.startswith(shown[0].split("**")[1].replace("\\", ""))  # the chosen report's detail, by name


def test_few_reports_keep_one_box_each(sample_db, monkeypatch):
    at = _sources(sample_db, monkeypatch)
    assert not at.exception
    assert len(at.expander) == 2
    with pytest.raises(KeyError):
        at.selectbox(key="src_report_pick")


def _dashboard(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    return at.run()


def _events(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Мероприятий")


def test_a_long_reports_list_is_narrowed_by_a_search_and_keeps_the_chosen(many_reports_db, monkeypatch):
    """Above REPORTS_LISTED reports the sidebar lists the newest REPORTS_LISTED (the options travel with every
    rerun: 4,000 were 576 KB of each), says how many of how many, and a «Найти отчёт» box finds the others."""
    monkeypatch.setattr("ui.sidebar.REPORTS_LISTED", 5)
    at = _dashboard(many_reports_db, monkeypatch)
    assert not at.exception
    reports = at.multiselect(key="f_reports")
    assert len(reports.options) == 5
    assert "В списке отчётов 5 из 24" in " ".join(c.value for c in at.sidebar.caption)
    everything = _events(at)

    at.text_input(key="f_reports_find").input("3-0003-").run()
    reports = at.multiselect(key="f_reports")
    assert len(reports.options) == 1 and "3-0003-" in reports.options[0]
    assert "В списке отчётов 1 из 24" in " ".join(c.value for c in at.sidebar.caption)
    at = reports.select(reports.options[0]).run()
    one = _events(at)
    assert one != everything and at.query_params.get("report")  # the filter applies and is in the link

    at.text_input(key="f_reports_find").input("3-0010-").run()
    reports = at.multiselect(key="f_reports")
    assert len(reports.value) == 1 and len(reports.options) == 2  # the chosen report is still listed and chosen
    assert any("3-0003-" in o for o in reports.options) and any("3-0010-" in o for o in reports.options)
    assert _events(at) == one

    at.text_input(key="f_reports_find").input("no such report").run()
    assert "В списке отчётов 0 из 24" in " ".join(c.value for c in at.sidebar.caption)
    assert len(at.multiselect(key="f_reports").options) == 1 and _events(at) == one

    at = at.button(key="f_reset").click().run()
    assert at.text_input(key="f_reports_find").value == "" and _events(at) == everything


def test_a_short_reports_list_has_no_search_box(sample_db, monkeypatch):
    at = _dashboard(sample_db, monkeypatch)
    assert not at.exception
    assert len(at.multiselect(key="f_reports").options) == 2
    with pytest.raises(KeyError):
        at.text_input(key="f_reports_find")
