"""Queries about loads: the `uploads` log (shown on Источники) and whether given bytes are already loaded."""

from __future__ import annotations

import duckdb
import pandas as pd


def has_log(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'uploads' "
                        "AND database_name = current_database()").fetchall()[0][0] > 0


def uploads_table(conn: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """The latest loads first: uploaded_at, uploaded_by, file_name, status, replaced, events_before, events_after."""
    columns = ["uploaded_at", "uploaded_by", "file_name", "status", "replaced", "events_before", "events_after"]
    if not has_log(conn):
        return pd.DataFrame(columns=columns)
    return conn.execute(f"SELECT {', '.join(columns)} FROM uploads ORDER BY uploaded_at DESC, report_id DESC LIMIT ?",
                        [limit]).df()


def loaded_as(conn: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """The file name under which these exact bytes are loaded, if they are."""
    rows = conn.execute("SELECT file_name FROM reports WHERE sha256 = ? ORDER BY report_id LIMIT 1",
                        [sha256]).fetchall()
    return rows[0][0] if rows else None
