"""Problem 9: each language complete. Every page is rendered in Russian and in English and its interface
text scanned: no Russian words in the English interface (region names, event types, reasons, chips,
axis labels, table headers), no English words in the Russian one. Data written by the reporting offices
(event names, department names, agreement titles, file names) stays as written and is not scanned.

Streamlit's own strings (uploader, "No results", "Page not found", the ⋮ menu) exist only in the browser:
tests/e2e/test_language_browser.py scans those."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import ALL_PAGES, FILTERED_PAGES, open_page
from ui.i18n import t

PAGES = FILTERED_PAGES
CYRILLIC = re.compile(r"[А-Яа-яЁё]{2,}")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
LATIN_OK = {"CSV", "XLSX", "DOCX", "Excel", "Enter", "III"}  # III: a quarter in Roman numerals, «III кв. 2021»
# widgets whose options are data (department names, report titles and files), chart axes of department names
DATA_WIDGETS = {"f_departments", "f_reports", "lang"}  # lang: each language named in itself
DATA_COLUMNS = {"name", "department", "title", "file_name", "dates_text", "place_text", "city", "participants_text",
                "result_text", "agreement_text", "raw_text", "source_ref",
                # Источники: a report's header cells as written, and the loader's own note on each column
                t("col.header_text", "en"), t("col.why", "en")}


def interface_text(at: AppTest, departments: set[str]) -> list[str]:
    """Every piece of interface text on the rendered page (labels, messages, chips, axes, headers, cells
    of the columns the app writes), without the reporting offices' own data."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "success", "error"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.value for m in at.markdown]
    for m in at.metric:
        out += [m.label, m.value]
    for kind in ("multiselect", "selectbox", "radio", "text_input", "number_input", "button"):
        for w in getattr(at, kind):
            out.append(w.label)
            if kind in ("multiselect", "selectbox", "radio") and w.key not in DATA_WIDGETS:
                out += [str(o) for o in w.options]
    for chip in at.multiselect:  # the chosen values (chips)
        if chip.key not in DATA_WIDGETS:
            out += [w for w in (chip.format_func(v) if chip.format_func else str(v) for v in chip.value)]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        out += [c.get("label", "") for c in config.values() if isinstance(c, dict)]
        df = frame.value
        for column in df.columns:
            # pandas 3 reads text as `str`, not `object`: both are scanned
            if column not in DATA_COLUMNS and (df[column].dtype == object or pd.api.types.is_string_dtype(df[column])):
                out += [str(v) for v in df[column].dropna()]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for axis in ("xaxis", "yaxis"):
            title = spec["layout"].get(axis, {}).get("title", {})
            out.append(title.get("text", "") if isinstance(title, dict) else str(title))
        for trace in spec["data"]:
            for key in ("x", "y", "hovertext", "text", "name"):
                values = trace.get(key)
                values = values if isinstance(values, list) else [values]
                out += [v for v in values if isinstance(v, str) and v not in departments]
    return [s for s in out if s]


@pytest.fixture(scope="module")
def departments(sample_db) -> set[str]:
    import duckdb

    from analytics.department_names import short_names
    from ui.charts import AXIS_CHARS, short
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        full = [r[0] for r in conn.execute("SELECT DISTINCT department FROM events").fetchall()]
    names = set(full) | set(short_names(full).values())
    return names | {short(n, AXIS_CHARS) for n in names}  # as a bar chart's axis cuts them (the hover has them whole)


@pytest.mark.parametrize("path", ALL_PAGES)
@pytest.mark.parametrize("params", [{}, {"region": "SPE", "type": "конференция"}])
def test_english_page_has_no_russian_interface_text(sample_db, monkeypatch, departments, path, params):
    at = open_page(sample_db, monkeypatch, path, lang="en", **params)
    russian = sorted({s for s in interface_text(at, departments) if CYRILLIC.search(s)})
    assert russian == [], "\n".join(russian)


@pytest.mark.parametrize("path", PAGES)
def test_russian_page_has_no_english_interface_text(sample_db, monkeypatch, departments, path):
    at = open_page(sample_db, monkeypatch, path, region="SPE", type="конференция")
    english = sorted({s for s in interface_text(at, departments)
                      if any(w not in LATIN_OK for w in LATIN_WORD.findall(s))})
    assert english == [], english


def test_english_event_detail_has_english_names_and_reasons(sample_db, monkeypatch):
    """The side panel of an event with a parse issue: partner regions and the reason in English."""
    at = open_page(sample_db, monkeypatch, "pages/events.py", lang="en", q="Забег")
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert any(t.startswith("Saint Petersburg") or ", Saint Petersburg" in t for t in texts)  # partner regions
    assert "Sports competition" in texts  # the event type


def test_english_upload_page_has_no_russian_interface_text(sample_db, monkeypatch, departments):
    """The admins' page too (an admin: a local request to a server bound to loopback)."""
    monkeypatch.setattr("ui.auth.bind_address", lambda: "127.0.0.1")
    monkeypatch.setattr("ui.auth._request_is_local", lambda: True)
    at = open_page(sample_db, monkeypatch, "pages/upload.py", lang="en")
    assert at.title[0].value == "Upload a report"
    russian = sorted({s for s in interface_text(at, departments) if CYRILLIC.search(s)})
    assert russian == [], "\n".join(russian)
