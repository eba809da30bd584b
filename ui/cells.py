"""Cell styles of the dashboard's tables (pure functions for pandas' Styler.map)."""

from __future__ import annotations

import pandas as pd

MUTED = "color: #9aa5b1"


def heat_style(value: object, peak: float) -> str:
    """A count's cell coloured from light to dark blue by its share of `peak`, white text on the dark end;
    a zero or non-number muted."""
    if not isinstance(value, int | float) or pd.isna(value) or value == 0:
        return MUTED
    share = min(float(value) / max(float(peak), 1.0), 1.0)
    r, g, b = (int(219 - share * (219 - 31)), int(230 - share * (230 - 78)), int(244 - share * (244 - 140)))
    text = "#ffffff" if share > 0.55 else "#10243f"
    return f"background-color: rgb({r},{g},{b}); color: {text}"
