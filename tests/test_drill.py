"""ui.drill: chart clicks → sidebar filter values (pure functions, no browser)."""

from __future__ import annotations

import pytest
import streamlit

from ui.drill import filter_update, on_click_filter, quarter_range, selection_codes


def state(*customdata):
    return {"selection": {"points": [{"curve_number": 0, "customdata": c} for c in customdata],
                          "point_indices": list(range(len(customdata))), "box": [], "lasso": []}}


def test_selection_codes_scalar_and_list_customdata():
    assert selection_codes(state("SPE", ["MOW", 23], "SPE")) == ["SPE", "MOW"]


@pytest.mark.parametrize("empty", [None, {}, {"selection": {"points": []}}, [], state(None), state([])])
def test_selection_codes_empty(empty):
    assert selection_codes(empty) == []


def test_selection_codes_accepts_selection_or_points():
    assert selection_codes({"points": [{"customdata": "KLU"}]}) == ["KLU"]
    assert selection_codes([{"customdata": "KLU"}, {"x": 3}]) == ["KLU"]


def test_selection_codes_attribute_style_state():
    class Obj:  # Streamlit's selection state also allows attribute access
        def __init__(self, **kw):
            self.__dict__.update(kw)

    assert selection_codes(Obj(selection=Obj(points=[{"customdata": "TVE"}]))) == ["TVE"]


def test_filter_update_modes():
    assert filter_update(["SPE"], "f_regions") == {"f_regions": ["SPE"]}
    assert filter_update(["MOW"], "f_regions", "add", {"f_regions": ["SPE"]}) == {"f_regions": ["SPE", "MOW"]}
    assert filter_update(["SPE"], "f_regions", "add", {"f_regions": ["SPE"]}) == {"f_regions": ["SPE"]}
    assert filter_update(["SPE", "MOW"], "rg_pick", "single") == {"rg_pick": "SPE"}
    assert filter_update([], "f_regions") == {}
    with pytest.raises(ValueError):
        filter_update(["SPE"], "f_regions", "bogus")


def test_quarter_click_sets_range_and_ignores_whole_period():
    assert filter_update(["2021-Q3"], "", "quarter") == {"f_quarter_from": "2021-Q3", "f_quarter_to": "2021-Q3"}
    assert filter_update(["2021-Q4", "весь период", "2021-Q1"], "", "quarter") == {
        "f_quarter_from": "2021-Q1", "f_quarter_to": "2021-Q4"}
    assert filter_update(["весь период"], "", "quarter") == {}
    assert quarter_range(["дата не указана"]) == (None, None)


def test_callback_writes_session_state(monkeypatch):
    fake = {"ov_region": state("KLU"), "f_regions": ["SPE"]}
    monkeypatch.setattr(streamlit, "session_state", fake)
    on_click_filter("ov_region", "f_regions")()
    assert fake["f_regions"] == ["KLU"]
    fake["ov_quarter"] = state("весь период")
    on_click_filter("ov_quarter", "", "quarter")()  # nothing to filter on
    assert "f_quarter_from" not in fake
    fake["ov_quarter"] = state("2021-Q2")
    on_click_filter("ov_quarter", "", "quarter")()
    assert (fake["f_quarter_from"], fake["f_quarter_to"]) == ("2021-Q2", "2021-Q2")


def test_callback_rejects_unknown_mode():
    with pytest.raises(ValueError):
        on_click_filter("x", "y", "nope")
