"""Chart specs as plain dicts (plotly's JSON figure format), in the dashboard's one style.

Built as dicts, not with plotly.graph_objects: every `go.Figure` property update is validated on
its own, and building the overview's six figures that way was a large share of a rerun's server time.
Pages pass these dicts to `st.plotly_chart`, which validates a dict once.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

Spec = dict[str, Any]

FONT = {"size": 15}
BLUE, GREEN, PURPLE = "#1f4e8c", "#2e7d5b", "#6a4c93"
GREY = "#9aa5b1"  # a bar that adds up others (ui.top_bars)
PALETTE = ["#1f4e8c", "#e07b39", "#2e7d5b", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d",
           "#34495e", "#e84393", "#6c5ce7", "#00838f", "#a0522d"]
TICKS = {"tickformat": ",d", "tickfont": {"size": 14}}  # 12 345 (thin space), never "12k"


# Keys whose strings are ours and meant as markup (templates), or data that is never shown (customdata: the
# code a click filters by, which must stay exactly as stored).
_MARKUP_KEYS = frozenset({"hovertemplate", "texttemplate", "customdata"})


def plain(text: str) -> str:
    """Text as plotly shows it literally: plotly reads labels as pseudo-HTML (<a href>, <b>, <br>, entities),
    so a department called `<a href=…>` would become a link. `&` first, so entities stay text too."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_spec(value: Any, key: str | None = None) -> Any:
    if key in _MARKUP_KEYS:
        return value
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {k: _plain_spec(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_spec(v, key) for v in value]
    return value


def plain_text(build: Callable[..., Spec]) -> Callable[..., Spec]:
    """Every chart builder's result passes here: each string that reaches the chart (tick labels, hover,
    legend, titles, annotations, bar texts) is escaped, except templates and customdata."""

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Spec:
        return _plain_spec(build(*args, **kwargs))

    return wrapper


def short(label: str, limit: int = 60) -> str:
    return label if len(label) <= limit else label[: limit - 2] + "…"


def _layout(**extra: Any) -> dict[str, Any]:
    layout = {"separators": ", ", "font": FONT, "hoverlabel": {"font": {"size": 15}}}
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**TICKS, **layout.get(axis, {})}
    return layout


# Margins are set here, not found by plotly: with `automargin` plotly measures every tick label in the browser
# and draws the chart again to fit them, and at a million events that was half of Обзор's redraw on a filter
# change (docs/performance.md, session 7). A label's width is estimated from its letters (em widths of the
# sans-serif font, generous, so a label is never cut).
_NARROW = frozenset(" .,:;!|'()[]-«»/ilIjtfr1")
_WIDE = frozenset("ШЩЖМЮФЫmwMWДЦ")


def text_px(text: str, size: int = 14) -> int:
    """About how many pixels `text` takes at font `size` (an upper estimate)."""
    em = sum(0.35 if c in _NARROW else 0.9 if c in _WIDE else 0.68 if c.isupper() else 0.58 for c in text)
    return int(em * size) + 1


AXIS_CHARS = 32  # a bar's label on the axis; the whole name is on hover
MAX_LEFT_PX = 250  # labels take at most this much of a half-width chart


def axis_labels(labels: list[str], limit: int = AXIS_CHARS) -> list[str]:
    """Labels cut to `limit` characters. Where two would then read the same (a category axis would draw them
    as one bar), they keep their beginning and their end instead («Департамент Смоле…о культуре»), and where
    even those meet, their whole text."""
    def counted(texts: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for x in texts:
            seen[x] = seen.get(x, 0) + 1
        return seen

    cut = [short(lbl, limit) for lbl in labels]
    seen = counted(cut)
    half = (limit - 1) // 2
    ends = [c if seen[c] == 1 or len(lbl) <= limit else lbl[:half] + "…" + lbl[-half:] for c, lbl in zip(cut, labels)]
    again = counted(ends)
    return [e if again[e] == 1 else lbl for e, lbl in zip(ends, labels)]


def _fixed_margins(layout: dict[str, Any], margin: dict[str, int]) -> dict[str, Any]:
    layout["margin"] = margin
    for axis in ("xaxis", "yaxis"):
        layout[axis]["automargin"] = False
    return layout


def _bar_text(values: list[int], text: list[str] | None) -> dict[str, Any]:
    """Numbers on the bars: as given (e.g. "—" for an unknown count), else the values in the number style."""
    if text is not None:
        return {"text": text, "texttemplate": "%{text}"}
    return {"text": [str(v) for v in values], "texttemplate": "%{text:,d}"}  # as validation sends them


@plain_text
def bar_chart(labels: list[str], values: list[int], *, x_title: str, custom: list | None = None,
              height: int | None = None, color: str = BLUE, text: list[str] | None = None,
              hover: list[str] | None = None, rest_last: bool = False) -> Spec:
    """Horizontal bars in the given order, the first on top; long labels truncated, the full text (or `hover`,
    e.g. a department's full name under its short one) on hover. `rest_last`: the last bar adds up others
    (ui.top_bars) and is drawn grey."""
    marker = {"color": [color] * (len(values) - 1) + [GREY] if rest_last and values else color}
    trace = {
        "type": "bar", "orientation": "h", "x": values, "y": axis_labels(labels),
        "marker": marker, "customdata": custom if custom is not None else labels,
        "hovertext": hover if hover is not None else labels, "hovertemplate": "%{hovertext}: %{x}<extra></extra>", "textposition": "auto",
        **_bar_text(values, text),
    }
    left = min(max((text_px(y) for y in trace["y"]), default=0) + 14, MAX_LEFT_PX)
    shown = trace["text"] if text is not None else [f"{v:,}".replace(",", " ") for v in values]
    right = min(max((text_px(str(x)) for x in shown), default=0) + 14, 110)  # a number beside its bar fits
    return {"data": [trace], "layout": _fixed_margins(_layout(
        height=height or max(260, 34 * len(labels) + 80),
        xaxis={"title": {"text": x_title}, "nticks": 4, "tickangle": 0}, yaxis={"autorange": "reversed"}),
        {"l": left, "r": right, "t": 10, "b": 58})}


@plain_text
def column_chart(labels: list[str], values: list[int], *, y_title: str, custom: list | None = None,
                 height: int = 340, color: str = BLUE, text: list[str] | None = None) -> Spec:
    """Vertical bars in the given order (quarters left to right), the value above each bar."""
    trace = {
        "type": "bar", "x": labels, "y": values, "marker": {"color": color},
        "customdata": custom if custom is not None else labels, "hovertemplate": "%{x}: %{y}<extra></extra>",
        "textposition": "outside", "cliponaxis": False, **_bar_text(values, text),
    }
    widest = max((text_px(x) for x in labels), default=0)
    slanted = widest * len(labels) > 560  # side by side they would not fit a half-width chart
    xaxis: dict[str, Any] = {"type": "category", **({"tickangle": -45} if slanted else {"tickangle": 0})}
    numbers = text_px(f"{max(values, default=0):,}".replace(",", " ")) + 44  # tick numbers and the axis title
    return {"data": [trace], "layout": _fixed_margins(_layout(
        height=height + (int(widest * 0.71) if slanted else 0), yaxis={"title": {"text": y_title}}, xaxis=xaxis),
        {"l": numbers, "r": 10, "t": 30, "b": (int(widest * 0.71) + 16 if slanted else 34)})}


@plain_text
def stacked_columns(categories: list[str], series: list[tuple[str, str, list[int]]], *, x_title: str,
                    y_title: str, height: int = 460) -> Spec:
    """One stacked column per category; `series` = (legend label, full name for hover/click, values)."""
    data = [{"type": "bar", "x": categories, "y": values, "name": label, "marker": {"color": PALETTE[i % len(PALETTE)]},
             "customdata": [name] * len(categories), "hovertext": [name] * len(categories),
             "hovertemplate": "%{hovertext}<br>%{x}: %{y}<extra></extra>"}
            for i, (label, name, values) in enumerate(series)]
    return {"data": data, "layout": _layout(
        barmode="stack", height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": categories,
               "title": {"text": x_title}},
        yaxis={"title": {"text": y_title}}, legend={"font": {"size": 13}})}


@plain_text
def heatmap(z: list[list[int]], x: list[str], y: list[str], labels: list[str] | None = None) -> Spec:
    """Counts in a grid (a blank cell = 0), columns labelled on top. Rows are `y` (unique; what the hover
    shows, e.g. a department's full name), labelled on the axis by `labels` (e.g. the short names): one name
    per row, not one per cell (at 42 departments × 88 regions the per-cell hover was 1.3 MB of every rerun)."""
    trace = {
        "type": "heatmap", "z": z, "x": x, "y": y,
        "text": [[str(v) if v else "" for v in row] for row in z], "texttemplate": "%{text}",
        "hovertemplate": "%{y}<br>%{x}: %{z}<extra></extra>",
        "colorscale": [[0, "#f4f6fa"], [0.0001, "#dbe6f4"], [1, BLUE]], "showscale": False, "xgap": 2, "ygap": 2,
    }
    yaxis: dict[str, Any] = {"autorange": "reversed", "tickfont": {"size": 14}, "tickformat": ""}
    if labels is not None:
        yaxis.update(tickmode="array", tickvals=y, ticktext=labels)
    return {"data": [trace], "layout": _layout(
        height=max(300, 40 * len(y) + 160), margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis=yaxis,
        xaxis={"side": "top", "tickangle": -35, "tickfont": {"size": 14}, "tickformat": ""})}


def _frame(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Longitude / latitude ranges holding every point with a margin, the projection centred on them."""
    lons = [float(p["lon"]) for p in points] or [55.0]
    lats = [float(p["lat"]) for p in points] or [55.0]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_lon, pad_lat = max(3.0, 0.12 * (east - west)), max(2.0, 0.12 * (north - south))
    return {"projection": {"type": "conic equal area", "parallels": [50, 60], "rotation": {"lon": (west + east) / 2}},
            "lonaxis": {"range": [west - pad_lon, east + pad_lon]},
            "lataxis": {"range": [south - pad_lat, north + pad_lat]}}


def _labelled(partners: list[dict[str, Any]], homes: list[dict[str, Any]], most: int,
              apart: float = 3.0) -> list[dict[str, Any]]:
    """The largest bubbles to name, largest first, skipping one closer than `apart` degrees to a bubble
    already named or to the home star (names piled on each other are read by none)."""
    taken = [(float(h["lat"]), float(h["lon"])) for h in homes]
    out: list[dict[str, Any]] = []
    for p in sorted(partners, key=lambda p: (-p["events"], p["label"])):
        lat, lon = float(p["lat"]), float(p["lon"])
        if all(abs(lat - a) + abs(lon - b) * 0.6 >= apart for a, b in taken):
            out.append(p)
            taken.append((lat, lon))
        if len(out) == most:
            break
    return out


def _map_height(geo: dict[str, Any], width: int = 1000) -> int:
    """The height at which the framed area fills the chart's width (no blank bands above and below)."""
    (west, east), (south, north) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    ratio = (east - west) * math.cos(math.radians((south + north) / 2)) / max(north - south, 1.0)
    return int(min(640, max(380, width / max(ratio, 0.5))))


@plain_text
def partner_map(partners: list[dict[str, Any]], homes: list[dict[str, Any]], labelled: int = 6) -> Spec:
    """Bubbles on the partner regions (area ~ events), a star on the reporting region, a line to each partner.

    partners: dicts with lon, lat, events, code, label; homes: dicts with lon, lat, label. All lines are one
    trace (None between segments): one curve to draw, not one per partner. The map is framed on the
    partners and the home region; the `labelled` largest bubbles carry their region's name. Only the
    bubbles take clicks (lines, names and the star are `hoverinfo: skip`), and a click never fades the
    other bubbles (it filters the page instead)."""
    biggest = max([p["events"] for p in partners] + [1])
    data: list[dict[str, Any]] = []
    keep = {"marker": {"opacity": 0.85}}  # a selected point looks like the others: nothing fades
    if homes and partners:
        lon: list[float | None] = []
        lat: list[float | None] = []
        for h in homes:
            for p in partners:
                lon += [h["lon"], p["lon"], None]
                lat += [h["lat"], p["lat"], None]
        data.append({"type": "scattergeo", "lon": lon, "lat": lat, "mode": "lines", "hoverinfo": "skip",
                     "line": {"width": 1, "color": "rgba(31,78,140,0.35)"}, "showlegend": False})
    data.append({
        "type": "scattergeo", "lon": [p["lon"] for p in partners], "lat": [p["lat"] for p in partners],
        "mode": "markers+text", "text": [str(p["events"]) for p in partners], "textfont": {"size": 12, "color": "white"},
        "customdata": [p["code"] for p in partners], "hovertext": [p["label"] for p in partners],
        "hovertemplate": "%{hovertext}: %{text}<extra></extra>", "showlegend": False,
        "marker": {"size": [p["events"] for p in partners], "sizemode": "area", "sizeref": 2 * biggest / 46 ** 2,
                   "sizemin": 13, "color": BLUE, "opacity": 0.85, "line": {"width": 1, "color": "white"}},
        "selected": keep, "unselected": keep,
    })
    largest = _labelled(partners, homes, labelled)
    if largest:
        data.append({
            "type": "scattergeo", "lon": [p["lon"] for p in largest], "lat": [p["lat"] for p in largest],
            "mode": "text", "text": [p["label"] for p in largest], "textposition": "top center",
            "textfont": {"size": 13, "color": "#10243f"}, "hoverinfo": "skip", "showlegend": False,
        })
    if homes:
        data.append({
            "type": "scattergeo", "lon": [h["lon"] for h in homes], "lat": [h["lat"] for h in homes],
            "mode": "markers+text", "text": [h["label"] for h in homes], "textposition": "middle left",
            "textfont": {"size": 14, "color": "#b3261e"}, "hoverinfo": "skip", "showlegend": False,
            "marker": {"size": 16, "symbol": "star", "color": "#b3261e", "line": {"width": 1, "color": "white"}},
        })
    geo = {
        "scope": "world", "resolution": 50, **_frame(partners + homes),
        "showland": True, "landcolor": "#eef1f5", "showcountries": True, "countrycolor": "#8a94a6",
        "showocean": True, "oceancolor": "#dbe7f3", "showlakes": True, "lakecolor": "#dbe7f3",
        "showcoastlines": True, "coastlinecolor": "#8a94a6", "showframe": False,
    }
    layout = {"height": _map_height(geo), "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "font": FONT,
              "clickmode": "event+select",
              "geo": geo, "separators": ", ", "hoverlabel": {"font": {"size": 15}}}
    return {"data": data, "layout": layout}
