"""Small rendering helpers the pages share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import queries
from analytics.export import export_file_name, to_csv_bytes, to_xlsx_bytes
from analytics.filters import Filters
from analytics.i18n import fmt_int, t
from ui.data import connection


def metric_row(items: list[tuple[str, str]], captions: list[str] | None = None) -> None:
    """Tiles in one row; `captions` (same order) go under the values, e.g. the change against earlier periods."""
    cols = st.columns(len(items))
    for i, (col, (label, value)) in enumerate(zip(cols, items)):
        col.metric(label, value)
        if captions and captions[i]:
            col.caption(captions[i])


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
