"""ui.chart_element sends the chart dicts without plotly's per-rerun validation: what it sends must be exactly
what the validated figure would send, for every builder and for every chart the pages draw."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tests.apptest import ALL_PAGES, open_page
from tests.conftest import ROOT
from ui import charts
from ui.chart_element import _Built

NAMES = ["Санкт-Петербург", "<a href='x'>Москва</a> & Co", "Республика Саха (Якутия)"]
BUILT = {
    "bar_chart": charts.bar_chart(NAMES, [5, 3, 1], x_title="Мероприятий", custom=["SPE", "MOW", "SA"],
                                  hover=NAMES, text=["5", "3", "—"]),
    "column_chart": charts.column_chart(["I кв. 2021", "весь период"], [4, 0], y_title="Участников",
                                        custom=["2021-Q1", "ongoing"], color=charts.GREEN, text=["4", "—"]),
    "stacked_columns": charts.stacked_columns(["I кв. 2021", "II кв. 2021"], [("спорт", "Департамент спорта", [1, 2]),
                                              ("культура", "Департамент культуры", [0, 3])], x_title="Квартал",
                                              y_title="Мероприятий"),
    "heatmap": charts.heatmap([[1, 0], [2, 5]], ["Москва", "Тверская область"], ["Департамент спорта",
                              "Департамент культуры"], ["спорт", "культура"]),
    "partner_map": charts.partner_map(
        [{"lon": 30.3, "lat": 59.9, "events": 12, "code": "SPE", "label": "Санкт-Петербург"},
         {"lon": 37.6, "lat": 55.7, "events": 3, "code": "MOW", "label": "Москва"}],
        [{"lon": 32.0, "lat": 54.8, "code": "SMO", "label": "Смоленская область"}]),
}


def sent(figure) -> str:
    """What st.plotly_chart puts in the element's spec for this figure."""
    import plotly.tools

    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True), validate=False)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_a_built_chart_is_sent_as_its_validated_figure(name):
    spec = BUILT[name]
    # the same JSON as the dict path (Figure(**spec).to_dict(), validated) sends; plotly's own key order aside
    assert json.loads(sent(_Built(spec))) == json.loads(sent(spec))
    go.Figure(**spec)  # valid: plotly raises on an unknown property or a wrong value


def test_an_invalid_spec_is_caught_by_the_validation_this_test_relies_on():
    with pytest.raises(ValueError):
        go.Figure(**{"data": [{"type": "bar", "colour": "red"}]})


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_chart_a_page_draws_is_what_validation_would_send(sample_db, monkeypatch, page, lang):
    at = open_page(sample_db, monkeypatch, page, lang=lang)
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    for spec in specs:
        assert json.loads(spec) == json.loads(sent(json.loads(spec)))


def test_pages_draw_charts_through_chart_element():
    for path in sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]:
        assert not re.search(r"\bst\.plotly_chart\(", path.read_text(encoding="utf-8")), path.name
