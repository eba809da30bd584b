"""Small rendering helpers the pages share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import queries
from analytics.export import export_file_name, to_csv_bytes, to_xlsx_bytes
from analytics.filters import Filters
from analytics.i18n import fmt_int, t
from ui.data import connection

FONT = dict(size=15)


def bar_chart(labels: list[str], values: list[int], *, x_title: str, custom: list | None = None,
              height: int | None = None, color: str = "#1f4e8c") -> go.Figure:
    """Horizontal bars, biggest on top, long labels truncated with the full text on hover."""
    short = [lbl if len(lbl) <= 48 else lbl[:46] + "…" for lbl in labels]
    fig = go.Figure(go.Bar(
        x=values, y=short, orientation="h", marker_color=color, customdata=custom if custom is not None else labels,
        hovertext=labels, hovertemplate="%{hovertext}: %{x}<extra></extra>", text=values, textposition="auto",
    ))
    fig.update_layout(
        height=height or max(260, 34 * len(labels) + 80), margin=dict(l=10, r=10, t=10, b=40), font=FONT,
        xaxis_title=x_title, yaxis=dict(autorange="reversed"), separators=", ",
    )
    return fig


def column_chart(labels: list[str], values: list[int], *, y_title: str, custom: list | None = None,
                 height: int = 340, color: str = "#1f4e8c") -> go.Figure:
    """Vertical bars in the given order (quarters left to right), the value above each bar."""
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=color, customdata=custom if custom is not None else labels,
        hovertemplate="%{x}: %{y}<extra></extra>", text=values, textposition="outside", cliponaxis=False,
    ))
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=30, b=40), font=FONT, yaxis_title=y_title,
        xaxis=dict(type="category"), separators=", ",
    )
    return fig


def show_chart(fig: go.Figure, **kwargs) -> object:
    """st.plotly_chart with the dashboard's number style: 12 345 (thin space), no "12k" ticks, large fonts."""
    fig.update_layout(separators=", ", font=FONT, hoverlabel=dict(font_size=15))
    fig.update_xaxes(tickformat=",d", tickfont_size=14)
    fig.update_yaxes(tickformat=",d", tickfont_size=14)
    for trace in fig.data:
        if trace.type == "bar" and trace.text is not None and trace.texttemplate is None:
            trace.texttemplate = "%{text:,d}"
    return st.plotly_chart(fig, **kwargs)


def metric_row(items: list[tuple[str, str]]) -> None:
    cols = st.columns(len(items))
    for col, (label, value) in zip(cols, items):
        col.metric(label, value)


def download_buttons(filters: Filters, lang: str, name_parts: list[str], key: str) -> None:
    """CSV and XLSX of exactly the filtered rows, built only when a button is clicked (not on every rerun)."""
    parts = [t("export.file_prefix", lang), *name_parts]
    c1, c2, c3 = st.columns([1, 1, 2])
    sep = c3.radio(t("export.sep", lang), [";", ","], horizontal=True, key=f"{key}_sep",
                   format_func=lambda s: "; (Excel)" if s == ";" else ", (CSV)")

    def rows() -> pd.DataFrame:
        conn = connection()
        try:
            return queries.events_for_export(conn, filters)
        finally:
            conn.close()

    c1.download_button(t("export.csv", lang), lambda: to_csv_bytes(rows(), sep=sep, lang=lang),
                       file_name=export_file_name(parts, "csv"), mime="text/csv", key=f"{key}_csv")
    c2.download_button(t("export.xlsx", lang),
                       lambda: to_xlsx_bytes(rows(), describe_filters(filters, lang), lang=lang),
                       file_name=export_file_name(parts, "xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx")


def describe_filters(filters: Filters, lang: str) -> list[tuple[str, str]]:
    everything = t("filter.all", lang)
    period = everything
    if filters.quarter_from or filters.quarter_to:
        period = f"{filters.quarter_from or '…'} — {filters.quarter_to or '…'}"
    return [
        (t("filter.period", lang), period),
        (t("filter.regions", lang), ", ".join(filters.regions) or everything),
        (t("filter.departments", lang), "; ".join(filters.departments) or everything),
        (t("filter.event_types", lang), ", ".join(filters.event_types) or everything),
        (t("filter.formats", lang), ", ".join(t(f"format.{x}", lang) for x in filters.formats) or everything),
        (t("filter.reports", lang), ", ".join(str(r) for r in filters.reports) or everything),
        (t("filter.search", lang), filters.search or "—"),
    ]


def participants_text(h: dict, lang: str) -> str:
    """Honest participant total: '≈' / 'не менее' when some counts are approximate."""
    total = fmt_int(h["participants"])
    if not h["with_count"]:
        return "—"
    if h["at_least"]:
        return f"{t('qualifier.at_least', lang)} {total}"
    if h["approx"]:
        return f"≈ {total}"
    return total
