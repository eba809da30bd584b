"""AppTest: the "Регионы-партнёры" page (map, ranking, one region in detail)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import metrics, open_page
from tests.conftest import ROOT

PAGE = "pages/regions.py"
NBSP = "\u202f"


def charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def test_regions_on_samples(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, PAGE)
    assert not at.exception
    assert at.title[0].value == "Регионы-партнёры"
    assert len(charts(at)) == 4  # map, ranking, region by quarter, region's departments
    pick = at.selectbox(key="rg_pick")
    assert pick.value == "SPE"  # the most active partner comes first
    m = metrics(at)
    assert (m["Мероприятий"], m["Департаментов"]) == ("57", "11")
    assert m["Участников"] == f"не менее 5{NBSP}242"  # the «Забег.РФ» twin (602) once
    agreements = at.dataframe[0].value
    assert sorted(zip(agreements["kind"], agreements["events"])) == [("дорожная карта", 50), ("соглашение", 7)]


def test_map_reads_topojson_from_the_app(sample_db, monkeypatch):
    import json

    at = open_page(sample_db, monkeypatch, PAGE)
    map_chart = charts(at)[0].proto
    assert json.loads(map_chart.config)["topojsonURL"] == "/app/static/topojson/"
    figure = json.loads(map_chart.spec)
    assert figure["layout"]["geo"]["resolution"] == 50
    assert (ROOT / "static" / "topojson" / "world_50m.json").stat().st_size > 100_000
    bubbles = [tr for tr in figure["data"] if tr.get("customdata")]
    assert len(bubbles) == 1 and len(bubbles[0]["customdata"]) == 13  # 13 partner regions


def test_pick_moscow(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, PAGE)
    at.selectbox(key="rg_pick").set_value("MOW").run()
    assert not at.exception
    m = metrics(at)
    assert (m["Мероприятий"], m["Департаментов"]) == ("23", "6")  # all in 2021-Q2, one "более" count
    assert m["Участников"] == f"не менее 7{NBSP}830"
    assert at.dataframe[0].value["events"].tolist() == [23]


def test_url_region_selects_it(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, PAGE, region="KLU")
    assert not at.exception
    assert at.multiselect(key="f_regions").value == ["KLU"]
    assert at.selectbox(key="rg_pick").value == "KLU"
    assert metrics(at)["Мероприятий"] == "7"


def test_simulated_map_click(sample_db, monkeypatch):
    from ui.drill import filter_update, selection_codes

    at = open_page(sample_db, monkeypatch, PAGE)
    click = {"selection": {"points": [{"curve_number": 13, "customdata": "LIP", "lat": 52.6, "lon": 39.57}]}}
    for key, value in filter_update(selection_codes(click), "f_regions").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_regions").value == ["LIP"]
    assert at.selectbox(key="rg_pick").value == "LIP"
    assert metrics(at)["Мероприятий"] == "7"


def test_english(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Partner regions"
    assert "Events" in metrics(at)


def test_regions_empty_database(empty_db, monkeypatch):
    at = open_page(empty_db, monkeypatch, PAGE)
    assert not at.exception
    assert any("Нет мероприятий" in i.value for i in at.info)


def test_no_match(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, PAGE, q="такого текста в отчётах нет")
    assert not at.exception
    assert any("Нет мероприятий" in i.value for i in at.info)


def test_map_framed_on_partners_named_and_clicks_never_fade(sample_db, monkeypatch):
    """Walkthrough: the map is framed on the partners shown (not Kazakhstan and Siberia), the largest
    bubbles are named, and only bubbles take clicks (the Smolensk star does not, nothing fades)."""
    import json

    at = open_page(sample_db, monkeypatch, PAGE, region="SPE")
    spec = json.loads(charts(at)[0].proto.spec)
    geo = spec["layout"]["geo"]
    west, east = geo["lonaxis"]["range"]
    # SPE's events reach from Smolensk and St Petersburg to Samara (50° E), not to Kuzbass and Siberia (92° E)
    assert 20 < west < 30 and 50 < east < 60
    bubbles, names, star = spec["data"][1], spec["data"][2], spec["data"][3]
    assert bubbles["unselected"]["marker"]["opacity"] == bubbles["marker"]["opacity"]
    assert names["mode"] == "text" and names["text"][0] == "Санкт-Петербург" and names["hoverinfo"] == "skip"
    assert star["hoverinfo"] == "skip" and "customdata" not in star
    assert "Москва" in names["text"]
