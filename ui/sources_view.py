"""Источники's tables as shown: the query layer's rows with their codes put into words.

At thousands of reports and parse issues, building these texts row by row took most of the page's time on
every rerun (4,000 health lookups, 10,000 reason labels). Each view reads its rows itself, so the page runs it
through ui.data.query: computed once per database version and language, shared by every session, and from
the same version of the file as the rows it labels."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import queries
from ui.i18n import reason_text, t
from ui.labels import ddmmyyyy
from ui.report_health import accounting, health_text

REPORT_COLUMNS = ["file_name", "health", "period", "template", "events", "rejects", "issues", "rows", "loaded_at",
                  "title"]


def reports_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """One row per report (queries.reports_table order), in REPORT_COLUMNS: `health` is its health text
    (ui.report_health.health_text of its queries.report_health_table row)."""
    reports = queries.reports_table(conn)
    health = queries.report_health_table(conn).set_index("report_id")
    rows = {rid: row for rid, (_, row) in zip(health.index, health.iterrows())}
    table = pd.DataFrame({
        "file_name": reports["file_name"],
        "title": reports["title"],
        "template": [t(f"template.{x}", lang) for x in reports["template"]],
        "period": [f"{ddmmyyyy(a)} – {ddmmyyyy(b)}" for a, b in zip(reports["period_start"], reports["period_end"])],
        "events": reports["rows_event"].astype(int),
        "rejects": reports["rows_reject"].astype(int),
        "issues": reports["parse_issues"].astype(int),
        "rows": [accounting(r, lang) for r in reports.itertuples()],
        "loaded_at": [ddmmyyyy(x, with_time=True) for x in reports["loaded_at"]],
        "health": [health_text(rows.get(rid), lang) for rid in reports["report_id"]],
    })
    return table[REPORT_COLUMNS]


def rejects_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """queries.rejects_table's rows as shown: file, place, the reason in words, the row's text."""
    rejects = queries.rejects_table(conn)
    return rejects[["file_name", "source_ref", "reason", "raw_text"]].assign(
        reason=[reason_text(r, lang) for r in rejects["reason"]])


def issues_view(conn: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """queries.parse_issues_table's rows as shown: the field and the reason in words."""
    issues = queries.parse_issues_table(conn)
    issues = issues.assign(field=[t(f"field.{f}", lang) for f in issues["field"]],
                           reason=[reason_text(r, lang) for r in issues["reason"]])
    return issues[["file_name", "source_ref", "field", "reason", "raw_text", "name"]]
