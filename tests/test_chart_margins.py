"""Bar and column charts come with their margins set (ui.charts): plotly's automargin measured every tick
label in the browser and drew the chart twice (half of Обзор's redraw at a million events)."""

from __future__ import annotations

from ui import charts
from ui.charts import AXIS_CHARS, MAX_LEFT_PX, axis_labels, text_px

LONG = "Департамент Смоленской области по охране, контролю и регулированию использования объектов животного мира"


def test_bar_chart_margin_fits_its_longest_label_and_no_automargin():
    spec = charts.bar_chart(["Москва", "Тверская область"], [3, 1], x_title="Мероприятий")
    layout = spec["layout"]
    assert layout["xaxis"]["automargin"] is False and layout["yaxis"]["automargin"] is False
    assert layout["margin"]["l"] == text_px("Тверская область") + 14
    assert text_px("Тверская область") > text_px("Москва") > 0 and text_px("ШЖ") > text_px("ил")


def test_long_labels_are_cut_on_the_axis_and_whole_on_hover():
    spec = charts.bar_chart([LONG, "Москва"], [3, 1], x_title="x")
    trace = spec["data"][0]
    assert trace["y"][0] == LONG[:AXIS_CHARS - 2] + "…" and trace["hovertext"][0] == LONG
    assert spec["layout"]["margin"]["l"] <= MAX_LEFT_PX


def test_labels_that_would_read_the_same_when_cut_keep_their_ends():
    a, b = LONG + " (север)", LONG + " (юг)"
    half = (AXIS_CHARS - 1) // 2
    # a category axis would draw one bar for both: they keep their beginning and their end, still short
    assert axis_labels([a, b, "Москва"]) == [a[:half] + "…" + a[-half:], b[:half] + "…" + b[-half:], "Москва"]
    assert all(len(x) <= AXIS_CHARS for x in axis_labels([a, b]))
    assert axis_labels([a, "Москва"]) == [LONG[:AXIS_CHARS - 2] + "…", "Москва"]
    same_ends = ["Департамент по делам молодёжи и спорта Смоленской области",
                 "Департамент по делам культуры и туризма Смоленской области"]
    assert axis_labels(same_ends, limit=20) == same_ends  # beginning and end alike too: whole, never merged


def test_column_chart_slants_many_labels_and_makes_room_for_them():
    quarters = [f"{q} кв. {y}" for y in range(2019, 2025) for q in ("I", "II", "III", "IV")]
    many = charts.column_chart(quarters, list(range(24)), y_title="Мероприятий")["layout"]
    few = charts.column_chart(quarters[:5], list(range(5)), y_title="Мероприятий")["layout"]
    assert many["xaxis"]["tickangle"] == -45 and few["xaxis"]["tickangle"] == 0
    assert many["margin"]["b"] >= int(0.7 * text_px("III кв. 2019")) > few["margin"]["b"] - 20
    assert many["xaxis"]["automargin"] is False and few["yaxis"]["automargin"] is False
    assert few["margin"]["l"] == text_px("4") + 44
