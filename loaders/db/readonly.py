"""Open the database file read-only as it is *now*.

``duckdb.connect(path, read_only=True)`` goes through DuckDB's per-process instance
cache: while any connection to `path` is still open in this process, a new connect
returns that same database instance, i.e. the file as it was when it was first
opened, even after a build has renamed a new database over the path. Attaching the
file to a fresh in-memory instance always opens the current file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

ALIAS = "coop"


def connect_readonly(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current file at `path` (never a cached instance of an older one).

    Cursors of the returned connection start in the in-memory catalog: run ``USE coop`` on them
    (or use :func:`cursor`).
    """
    conn = duckdb.connect(":memory:")
    try:
        conn.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [str(path)])
        conn.execute(f"USE {ALIAS}")
    except BaseException:
        conn.close()
        raise
    return conn


def cursor(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a :func:`connect_readonly` connection, pointed at the database (thread-safe per cursor)."""
    cur = conn.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur
