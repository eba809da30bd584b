"""`st.plotly_chart` for the dashboard's chart dicts (ui.charts), validated once instead of on every rerun.

Streamlit turns a dict into `plotly.graph_objects.Figure(**spec).to_dict()` before sending it: a full
validation of every property, ~11 ms for an 85-bar chart, paid by every chart of every rerun of every session
while holding the GIL (docs/performance.md, session 6). The builders in ui.charts produce the same few
shapes of dict; tests/test_chart_element.py validates each of them with plotly and checks that what is sent
is the JSON the validated figure would send (plotly orders the keys its own way; the values are the same). A figure that already is a plotly Figure is not
validated again by Streamlit; `_Built` is one whose `to_dict()` is the builder's dict.
"""

from __future__ import annotations

import functools
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ui.charts import Spec


class _Built(go.Figure):
    """A plotly Figure standing for a ui.charts dict: Streamlit only calls `to_dict()` on it."""

    def __init__(self, spec: Spec) -> None:  # noqa: D107 - no Figure.__init__: that is the validation skipped
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        """The dict as a validated Figure gives it: with the default template (Streamlit's, whose placeholder
        colours its frontend replaces by the theme's) when the spec names none."""
        layout = self._spec.get("layout") or {}
        if "template" in layout or not pio.templates.default:
            return self._spec
        return {**self._spec, "layout": {**layout, "template": _template(pio.templates.default)}}


@functools.cache
def _template(name: str) -> dict[str, Any]:
    return go.Figure(layout={"template": name}).to_dict()["layout"]["template"]


def plotly_chart(spec: Spec, **kwargs: Any) -> Any:
    """st.plotly_chart(spec, **kwargs) for a dict built by ui.charts."""
    return st.plotly_chart(_Built(spec), **kwargs)


def warm() -> None:
    """Build the default template's dict now (the first chart of the first session would)."""
    if pio.templates.default:
        _template(pio.templates.default)
