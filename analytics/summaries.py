"""Stored answers of the dashboard's queries for "no filter", the view every page opens with.

At the end of every build (loaders.build) each summarised query of analytics.queries runs once without
filters and its answer is stored in the database: a table answer as table `summary_<query>`, a dict
answer (the headline numbers, the sidebar's lists) as JSON in `summaries`. Without filters the query
functions then read their stored answer (a few small rows) instead of scanning every event: at a
million events that is the difference between ~100 ms and ~1 ms per query. Any write of events
(loaders.db.store) drops the stored answers first, so a database written some other way falls back to the
live queries and is never answered from stale summaries.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

import duckdb
import pandas as pd

from analytics.filters import Filters

RECORDS = "summaries"  # name → JSON of a dict answer
PREFIX = "summary_"
# Raise when a summarised query's answer changes (new columns, other counting): answers stored by an older
# version are then ignored (the queries answer live) until the next build or migrate stores new ones.
# 2: participants count each unique event once; headline.multi_partner; dormant_agreements.
# 3: answers hold codes: quarter NULL + ongoing (by_quarter, department_quarter, agreements_by_quarter), NULL
#    department and event type.
VERSION = "3"
VERSION_RECORD = "_version"
SUMMARISED: dict[str, Callable[[duckdb.DuckDBPyConnection], object]] = {}  # name → its live query, no filters
Q = TypeVar("Q", bound=Callable)


def _table(name: str) -> str:
    return PREFIX + name


def clear(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop every stored answer (call before the events change)."""
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND (table_name = ? OR starts_with(table_name, ?))", [RECORDS, PREFIX]).fetchall()]
    for table in tables:
        conn.execute(f'DROP TABLE "{table}"')


def refresh(conn: duckdb.DuckDBPyConnection, queries: Mapping[str, Callable[[duckdb.DuckDBPyConnection], object]]) -> None:
    """Run each query (no filters) and store its answer. Caller owns the transaction."""
    clear(conn)
    conn.execute(f"CREATE TABLE {RECORDS} (name VARCHAR PRIMARY KEY, value JSON)")
    conn.execute(f"INSERT INTO {RECORDS} VALUES (?, ?)", [VERSION_RECORD, json.dumps(VERSION)])
    for name, run in queries.items():
        answer = run(conn)
        if isinstance(answer, pd.DataFrame):
            conn.register("summary_df", answer)
            conn.execute(f"CREATE TABLE {_table(name)} AS SELECT * FROM summary_df")
            conn.unregister("summary_df")
        else:
            conn.execute(f"INSERT INTO {RECORDS} VALUES (?, ?)", [name, json.dumps(answer, ensure_ascii=False)])


def current(conn: duckdb.DuckDBPyConnection) -> bool:
    """The stored answers were written by this version of the queries."""
    try:
        rows = conn.execute(f"SELECT value FROM {RECORDS} WHERE name = ?", [VERSION_RECORD]).fetchall()
    except duckdb.CatalogException:
        return False
    return bool(rows) and json.loads(rows[0][0]) == VERSION


def read_table(conn: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame | None:
    """The stored answer of a table query, or None when there is none (or it is of an older version)."""
    if not current(conn):
        return None
    try:
        return conn.execute(f"SELECT * FROM {_table(name)}").df()
    except duckdb.CatalogException:
        return None


def read_record(conn: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """The stored answer of a dict query, or None when there is none (or it is of an older version)."""
    if not current(conn):
        return None
    try:
        rows = conn.execute(f"SELECT value FROM {RECORDS} WHERE name = ?", [name]).fetchall()
    except duckdb.CatalogException:
        return None
    return json.loads(rows[0][0]) if rows else None


def summarised(fn: Q) -> Q:
    """Decorate a query of analytics.queries: without filters it answers from its stored summary, else live.

    A query answering a DataFrame is stored as a table, one answering a dict as a JSON record."""
    takes_filters = len(inspect.signature(fn).parameters) > 1
    table = inspect.signature(fn).return_annotation in ("pd.DataFrame", pd.DataFrame)
    read = read_table if table else read_record
    SUMMARISED[fn.__name__] = (lambda conn: fn(conn, Filters())) if takes_filters else fn

    @functools.wraps(fn)
    def answer(conn: duckdb.DuckDBPyConnection, *args: object) -> object:
        if not args or (len(args) == 1 and isinstance(args[0], Filters) and args[0].is_empty()):
            stored = read(conn, fn.__name__)
            if stored is not None:
                return stored
        return fn(conn, *args)

    return answer  # type: ignore[return-value]
