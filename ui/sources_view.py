"""Источники's tables as shown: the query layer's rows with their codes put into words.

At thousands of reports and parse issues, building these texts row by row took most of the page's time on
every rerun (4,000 health lookups, 10,000 reason labels). Each view reads its rows itself, so the page runs it
through ui.data.query: computed once per database version and language, shared by every session, and from
the same version of the file as the rows it labels."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import queries
from ui.i18n import t
from ui.labels import ddmmyyyy_column
from ui.report_health import ROW_PARTS, accounting_texts, health_text
from ui.row_words import in_words, labelled

REPORT_COLUMNS = ["file_name", "health", "period", "template", "events", "rejects", "issues", "rows", "loaded_at",
                  "title"]


def reports_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """One row per report (queries.reports_table order), in REPORT_COLUMNS: `health` is its health text
    (ui.report_health.health_text of its queries.report_health_table row)."""
    reports = queries.reports_table(conn)
    health = queries.report_health_table(conn)
    rows = dict(zip(health["report_id"], health.to_dict("records")))
    table = pd.DataFrame({
        "file_name": reports["file_name"],
        "title": reports["title"],
        "template": labelled(reports["template"], lambda x: t(f"template.{x}", lang)),
        "period": [f"{a} – {b}" for a, b in zip(ddmmyyyy_column(reports["period_start"]),
                                                ddmmyyyy_column(reports["period_end"]))],
        "events": reports["rows_event"].astype(int),
        "rejects": reports["rows_reject"].astype(int),
        "issues": reports["parse_issues"].astype(int),
        "rows": accounting_texts({c: reports[c].tolist() for c in ("rows_source", *ROW_PARTS)}, lang),
        "loaded_at": ddmmyyyy_column(reports["loaded_at"], with_time=True),
        "health": [health_text(rows.get(rid), lang) for rid in reports["report_id"]],
    })
    return table[REPORT_COLUMNS]


def rejects_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """queries.rejects_table's rows as shown: file, the row in the file and the reason in words, the row's text."""
    return in_words(queries.rejects_table(conn)[["file_name", "source_ref", "reason", "raw_text"]], lang)


def issues_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """queries.parse_issues_table's rows as shown: the row in the file, the field and the reason in words."""
    return in_words(queries.parse_issues_table(conn), lang)[["file_name", "source_ref", "field", "reason", "raw_text",
                                                              "name"]]
