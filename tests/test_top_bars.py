"""Обзор's bar charts show at most TOP_BARS bars, the others added up in one grey bar (ui.top_bars)."""

from __future__ import annotations

import duckdb

from analytics import queries
from analytics.filters import Filters
from tests.apptest import figures, metrics, open_page
from ui.charts import GREY
from ui.drill import selection_codes
from ui.top_bars import fold


def _fold(n: int, limit: int):  # noqa: ANN202
    labels = [f"r{i}" for i in range(n)]
    return fold(labels, list(range(n, 0, -1)), [f"c{i}" for i in range(n)], labels, limit=limit,
                rest_label=lambda k: f"rest {k}", rest_hover=lambda k: f"the other {k}")


def test_fold_keeps_the_largest_and_adds_up_the_rest():
    bars = _fold(10, 3)
    assert bars.labels == ["r0", "r1", "r2", "rest 7"]
    assert bars.values == [10, 9, 8, 7 + 6 + 5 + 4 + 3 + 2 + 1]
    assert bars.custom == ["c0", "c1", "c2", None] and bars.hover[-1] == "the other 7" and bars.folded == 7


def test_one_bar_more_than_the_limit_is_not_folded():
    bars = _fold(4, 3)  # «the others (1)» would hide a name and save nothing
    assert bars.labels == ["r0", "r1", "r2", "r3"] and bars.folded == 0 and None not in bars.custom


def test_overview_folds_regions_and_departments(sample_db, monkeypatch):
    monkeypatch.setattr("ui.top_bars.TOP_BARS", 5)
    at = open_page(sample_db, monkeypatch)
    conn = duckdb.connect(str(sample_db), read_only=True)
    reg = queries.by_region(conn, Filters())
    dep = queries.by_department(conn, Filters())
    conn.close()
    by_region, by_department = figures(at)[:2]

    bars = by_region["data"][0]
    assert len(reg) == 13 and len(bars["y"]) == 6
    assert bars["x"][:5] == reg["events"].head(5).astype(int).tolist()
    assert bars["x"][5] == int(reg["events"].iloc[5:].sum())  # the other 8 regions' bars added up
    assert bars["y"][5] == "Остальные (8)" and bars["customdata"][5] is None
    assert bars["hovertext"][5] == "Остальные регионы-партнёры (8): их столбцы вместе"
    assert bars["marker"]["color"][5] == GREY and len(set(bars["marker"]["color"][:5])) == 1
    assert selection_codes({"selection": {"points": [{"customdata": bars["customdata"][5]}]}}) == []  # no filter

    bars = by_department["data"][0]
    assert len(dep) == 13 and len(bars["y"]) == 6 and bars["y"][5] == "Остальные (8)"
    assert sum(bars["x"]) == int(dep["events"].sum()) == 86  # every event once: nothing lost in the fold

    captions = [c.value for c in at.caption]
    assert "Показаны 5 из 13 регионов-партнёров, остальные — одним серым столбцом; все — на странице «Регионы-партнёры»." in captions
    assert "Показаны 5 из 13 департаментов, остальные — одним серым столбцом; все — на странице «Департаменты»." in captions
    assert metrics(at)["Мероприятий"] == "86"


def test_overview_in_english_names_the_folded_bar(sample_db, monkeypatch):
    monkeypatch.setattr("ui.top_bars.TOP_BARS", 5)
    at = open_page(sample_db, monkeypatch, lang="en")
    bars = figures(at)[0]["data"][0]
    assert bars["y"][5] == "Others (8)" and bars["hovertext"][5] == "The other partner regions (8): their bars added up"
    assert "5 of 13 partner regions shown, the others as one grey bar; all of them on the «Partner regions» page." in \
        [c.value for c in at.caption]


def test_samples_fit_without_folding(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch)
    for figure in figures(at)[:2]:
        assert None not in figure["data"][0]["customdata"] and len(figure["data"][0]["y"]) == 13
