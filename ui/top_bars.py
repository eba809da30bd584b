"""At most TOP_BARS bars in an overview chart: the largest ones, then one bar adding up the rest.

Plotly lays out every tick label of a bar chart and measures every bar's text in the browser: at a million
events Обзор's 88 partner-region bars and 42 department bars were 2.2 s of the browser's main thread on each
filter change (docs/performance.md, session 7), and a chart of 88 bars is read by nobody. The folded bar says
how many it holds («Остальные (73)»), its hover says what its number is, the page's caption says how many
are shown of how many and where the full list is, and a click on it filters nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TOP_BARS = 15


@dataclass(frozen=True)
class Bars:
    labels: list[str]
    values: list[int]
    custom: list[Any]  # None on the folded bar: a click on it filters nothing
    hover: list[str]
    folded: int  # how many bars the last one adds up (0: nothing folded)


def fold(labels: list[str], values: list[int], custom: list[Any], hover: list[str], *,
         rest_label: Callable[[int], str], rest_hover: Callable[[int], str], limit: int | None = None) -> Bars:
    """The first `limit` (TOP_BARS) bars as given (largest first), then one bar with the sum of the others.
    Folding a single bar into «the others» would hide its name and save nothing: up to limit + 1 stay."""
    limit = TOP_BARS if limit is None else limit
    if len(labels) <= limit + 1:
        return Bars(list(labels), list(values), list(custom), list(hover), 0)
    n = len(labels) - limit
    return Bars([*labels[:limit], rest_label(n)], [*values[:limit], int(sum(values[limit:]))],
                [*custom[:limit], None], [*hover[:limit], rest_hover(n)], n)
