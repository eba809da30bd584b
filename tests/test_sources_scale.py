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
