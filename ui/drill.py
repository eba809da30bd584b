"""Click-to-filter: a click on a chart point sets a sidebar filter.

A chart carries its code (region code, department, quarter) in `customdata`. Draw it with

    plotly_chart(fig, key="ov_region", on_select=on_click_filter("ov_region", "f_regions"),  # ui.chart_element
                    selection_mode="points")

The callback runs before the next script run, i.e. before the sidebar widgets are drawn, which is the
only moment their state may be changed. The pure parts (`selection_codes`, `filter_update`) are unit-tested
without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from analytics.filters import QUARTER_RE

MODES = ("set", "add", "quarter", "single")


def _get(obj: Any, name: str) -> Any:
    """obj[name] or obj.name, None when absent (selection states are dict-like with attribute access)."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    try:
        return obj[name]
    except (KeyError, TypeError, IndexError):
        return getattr(obj, name, None)


def selection_codes(state: Any) -> list[str]:
    """The codes (customdata) of the selected points, in click order, without repeats.

    `state` is what Streamlit keeps under the chart's key: {"selection": {"points": [{"customdata": …}, …]}}.
    Also accepted: the selection itself ({"points": …}) or a bare list of points. customdata may be a
    scalar or a list (then its first item is the code). Points without a code are skipped.
    """
    if state is None:
        return []
    if isinstance(state, list | tuple):
        points = state
    else:
        selection = _get(state, "selection")
        points = _get(selection if selection is not None else state, "points") or []
    out: list[str] = []
    for point in points:
        code = _get(point, "customdata")
        if isinstance(code, list | tuple):
            code = code[0] if code else None
        if code is None:
            continue
        code = str(code).strip()
        if code and code not in out:
            out.append(code)
    return out


def quarter_range(codes: list[str]) -> tuple[str | None, str | None]:
    """The quarters among the codes → (first, last); bars like "весь период" carry no quarter."""
    quarters = sorted(c for c in codes if QUARTER_RE.match(c))
    if not quarters:
        return None, None
    return quarters[0], quarters[-1]


def filter_update(codes: list[str], widget_key: str, mode: str = "set",
                  current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The session-state changes a click makes (empty dict: nothing to change).

    mode "set": the multiselect becomes exactly the clicked codes;
    "add": the clicked codes are added to what is selected;
    "single": a selectbox gets the first clicked code;
    "quarter": f_quarter_from/f_quarter_to become the clicked quarter range (widget_key ignored);
    clicking a bar without a quarter ("весь период") changes nothing.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    if not codes:
        return {}
    if mode == "quarter":
        first, last = quarter_range(codes)
        if first is None:
            return {}
        return {"f_quarter_from": first, "f_quarter_to": last}
    if mode == "single":
        return {widget_key: codes[0]}
    if mode == "add":
        before = list((current or {}).get(widget_key) or [])
        return {widget_key: before + [c for c in codes if c not in before]}
    return {widget_key: list(codes)}


def on_click_filter(chart_key: str, widget_key: str = "", mode: str = "set") -> Callable[[], None]:
    """A callback for st.plotly_chart(on_select=…): the clicked codes set the widget `widget_key`."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")

    def _callback() -> None:
        import streamlit as st

        state = st.session_state
        codes = selection_codes(state.get(chart_key))
        for key, value in filter_update(codes, widget_key, mode, state).items():
            state[key] = value

    return _callback


def on_click_set(chart_key: str, state_key: str) -> Callable[[], None]:
    """A callback that puts the first clicked code into a page-local state key (e.g. a selectbox)."""
    return on_click_filter(chart_key, state_key, mode="single")
