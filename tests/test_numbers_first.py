"""Обзор sends its headline numbers, pauses with its turn given away, then sends its charts (ui.page.numbers_first):
the browser draws the numbers before the charts' burst arrives."""

from __future__ import annotations

import contextlib

import pytest

import ui.chart_element
import ui.page
import ui.widgets
from tests.apptest import open_page


@pytest.fixture()
def order(monkeypatch) -> list[str]:
    """What the page did, in order: 'numbers' (a metric row), 'pause' (with the turn given away), 'chart'."""
    done: list[str] = []
    metric_row, plotly_chart = ui.widgets.metric_row, ui.chart_element.plotly_chart

    @contextlib.contextmanager
    def released():
        done.append("turn given away")
        yield
        done.append("turn taken again")

    monkeypatch.setattr(ui.widgets, "metric_row", lambda *a, **k: (done.append("numbers"), metric_row(*a, **k))[1])
    monkeypatch.setattr(ui.chart_element, "plotly_chart",
                        lambda *a, **k: (done.append("chart"), plotly_chart(*a, **k))[1])
    monkeypatch.setattr(ui.page, "released", released)
    monkeypatch.setattr(ui.page, "_wait", lambda s: done.append(f"pause {s}"))
    return done


def test_overview_pauses_once_between_its_numbers_and_its_charts(sample_db, monkeypatch, order):
    at = open_page(sample_db, monkeypatch, "pages/overview.py")
    assert not at.exception
    pause = order.index(f"pause {ui.page.PAINT_GAP_S}")
    assert order[:pause] == ["numbers", "numbers", "turn given away"]
    assert order[pause + 1] == "turn taken again"
    assert order[pause + 2:] == ["chart"] * 6  # regions, departments, two by quarter, participants, formats
    assert ui.page.PAINT_GAP_S == 0.08


@pytest.mark.parametrize("value,pause", [("0", None), ("0.2", 0.2), ("soon", 0.08), ("-1", None)])
def test_the_pause_is_set_by_the_environment(sample_db, monkeypatch, order, value, pause):
    monkeypatch.setenv("COOP_PAINT_GAP_S", value)
    at = open_page(sample_db, monkeypatch, "pages/overview.py")
    assert not at.exception
    pauses = [x for x in order if x.startswith("pause")]
    assert pauses == ([] if pause is None else [f"pause {pause}"])
    assert ("turn given away" in order) == (pause is not None)
