"""Small rendering helpers the pages share: metrics, every data table, the export buttons."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from analytics import queries
from analytics.export import (
    QUICK_ROWS,
    XLSX_MIME,
    ExportTooLarge,
    export_events,
    export_file_name,
    export_row_cap,
)
from analytics.export_job import ExportFailed, ExportRequest, ExportTimeout, build_in_child
from analytics.filters import Filters
from ui.data import connection, db_path, db_version, query
from ui.i18n import t
from ui.labels import event_type_label, fmt_int

GRID_EXPORT_OPTION = "client.disableDataExport"
MIME = {"csv": "text/csv", "xlsx": XLSX_MIME}


def metric_row(items: list[tuple[str, str]], captions: list[str] | None = None) -> None:
    """Tiles in one row; `captions` (same order) go under the values, e.g. the change against earlier periods."""
    cols = st.columns(len(items))
    for i, (col, (label, value)) in enumerate(zip(cols, items)):
        col.metric(label, value)
        if captions and captions[i]:
            col.caption(captions[i])


def data_table(data: Any, **kwargs: Any) -> Any:
    """Every table of the dashboard (pages call this, never st.dataframe): st.dataframe without the grid
    toolbar's own "Download as CSV".

    That toolbar export writes the raw cells (no formula neutralising), comma-separated without a BOM, only
    the rows on screen, under an English tooltip, next to the real «Скачать CSV / XLSX». Streamlit 1.67 has
    no per-table switch: the frontend hides it (and the clipboard copy of read-only tables) when the
    `client.disableDataExport` option is on, sent to the browser with each script run. It is set in
    .streamlit/config.toml (so even the first page of a session has it); this sets it too when the
    server was started without that file (another working directory)."""
    if not st.get_option(GRID_EXPORT_OPTION):
        st.set_option(GRID_EXPORT_OPTION, True)
    return st.dataframe(data, **kwargs)


# ------------------------------------------------------------------------------------------- exports
def filter_names(lang: str) -> tuple[dict[str, str], dict[int, str]]:
    """Region code → name, report id → «title (file)» for describing filters."""
    regions = {code: (en if lang == "en" and en else ru) or code
               for code, ru, en in query(queries.region_names).itertuples(index=False)}
    reports = {int(rid): f"{title} ({file_name})" if title else file_name
               for rid, title, file_name in query(queries.filter_options)["reports"]}
    return regions, reports


def describe_filters(filters: Filters, lang: str, regions: Mapping[str, str] | None = None,
                     reports: Mapping[int, str] | None = None) -> list[tuple[str, str]]:
    """The «Фильтры» sheet: each filter by the names a reader knows (regions, reports), never by codes."""
    regions, reports = regions or {}, reports or {}
    everything = t("filter.all", lang)
    period = everything
    if filters.quarter_from or filters.quarter_to:
        period = f"{filters.quarter_from or '…'} — {filters.quarter_to or '…'}"
    return [
        (t("filter.period", lang), period),
        (t("filter.regions", lang), ", ".join(regions.get(c, c) for c in filters.regions) or everything),
        (t("filter.departments", lang), "; ".join(filters.departments) or everything),
        (t("filter.event_types", lang), ", ".join(event_type_label(x, lang) for x in filters.event_types) or everything),
        (t("filter.formats", lang), ", ".join(t(f"format.{x}", lang) for x in filters.formats) or everything),
        (t("filter.reports", lang), "; ".join(reports.get(int(r), str(r)) for r in filters.reports) or everything),
        (t("filter.search", lang), filters.search or "—"),
    ]


def _quick_file(filters: Filters, kind: str, lang: str, sep: str, description: list[tuple[str, str]]) -> bytes:
    """A small export built in the server (well under a second), when its button is clicked."""
    conn = connection()
    if conn is None:
        return b""
    try:
        with tempfile.TemporaryDirectory(prefix="coop-export-") as tmp:
            path = Path(tmp) / f"export.{kind}"
            export_events(conn, filters, kind, path, lang=lang, sep=sep, description=description)
            return path.read_bytes()
    finally:
        conn.close()


def _size(n: int, lang: str) -> str:
    return t("export.mb", lang, x=f"{n / 1_000_000:.1f}".replace(".", "," if lang == "ru" else "."))


def _prepare(state_key: str, sig: tuple, kind: str, filters: Filters, lang: str, sep: str,
             description: list[tuple[str, str]], total: int, file_name: str) -> None:
    """Build a large file in a child process under a progress line; keep it for the «Сохранить» button."""
    started = time.monotonic()
    label = kind.upper()
    with st.status(t("export.preparing", lang, kind=label, n=fmt_int(total)), expanded=False) as status:
        req = ExportRequest.of(db_path(), kind, filters, lang=lang, sep=sep, description=description)
        try:
            data = build_in_child(req, on_wait=lambda: status.update(label=t("export.waiting", lang)))
        except ExportTooLarge as e:
            status.update(label=t("export.too_many", lang, cap=fmt_int(e.cap), n=fmt_int(e.rows)), state="error")
            return
        except ExportTimeout as e:
            status.update(label=t("export.timeout", lang, s=f"{e.seconds:.0f}"), state="error")
            return
        except ExportFailed:
            status.update(label=t("export.failed", lang), state="error")
            return
        seconds = f"{time.monotonic() - started:.1f}".replace(".", "," if lang == "ru" else ".")
        status.update(label=t("export.ready", lang, kind=label, size=_size(len(data), lang), s=seconds),
                      state="complete")
    st.session_state[state_key] = {"sig": sig, "kind": kind, "data": data, "file_name": file_name}


def download_buttons(filters: Filters, lang: str, name_parts: list[str], key: str, total: int | None = None) -> None:
    """CSV and XLSX of exactly the filtered rows (at most export_row_cap() rows, else a message).

    Small selections: one click downloads (the file is built on the click, never on a page render). Large
    ones: the click builds the file in a child process under a progress line, then «Сохранить …» saves it."""
    total = query(queries.count_events, filters) if total is None else total
    cap = export_row_cap()
    if total > cap:
        st.warning(t("export.too_many", lang, cap=fmt_int(cap), n=fmt_int(total)))
        return
    parts = [t("export.file_prefix", lang), *name_parts]
    names = {kind: export_file_name(parts, kind) for kind in MIME}
    regions, reports = filter_names(lang)
    description = describe_filters(filters, lang, regions, reports)
    c1, c2, c3 = st.columns([1, 1, 2])
    sep = c3.radio(t("export.sep", lang), [";", ","], horizontal=True, key=f"{key}_sep",
                   format_func=lambda s: "; (Excel)" if s == ";" else ", (CSV)")

    if total <= QUICK_ROWS:
        for col, kind in ((c1, "csv"), (c2, "xlsx")):
            col.download_button(t(f"export.{kind}", lang),
                                lambda kind=kind: _quick_file(filters, kind, lang, sep, description),
                                file_name=names[kind], mime=MIME[kind], key=f"{key}_{kind}")
        return

    state_key = f"_{key}_export_file"
    sig = (repr(filters), lang, sep, db_version())
    prepared = st.session_state.get(state_key)
    if prepared is not None and prepared["sig"] != sig:  # another selection: that file is not this one
        del st.session_state[state_key]
        prepared = None
    clicked = [kind for col, kind in ((c1, "csv"), (c2, "xlsx"))
               if col.button(t(f"export.{kind}", lang), key=f"{key}_{kind}")]
    if not clicked and prepared is None:
        st.caption(t("export.big_note", lang, n=fmt_int(total)))
    if clicked:
        st.session_state.pop(state_key, None)
        _prepare(state_key, sig, clicked[0], filters, lang, sep, description, total, names[clicked[0]])
        prepared = st.session_state.get(state_key)
    if prepared is not None:
        st.download_button(t("export.save", lang, name=prepared["file_name"]), prepared["data"],
                           file_name=prepared["file_name"], mime=MIME[prepared["kind"]], type="primary",
                           on_click="ignore", key=f"{key}_save")


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

