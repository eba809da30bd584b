"""The read-only database connection and cached query results, keyed on the file's version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from analytics import queries
from analytics.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "cooperation.duckdb"


def db_path() -> Path:
    return Path(os.environ.get("COOP_DB", DEFAULT_DB))


def db_version() -> str | None:
    """Changes whenever a build renames a new database over the file."""
    try:
        stat = db_path().stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection | None:
    """A cursor on the current database version (a cursor per use is thread-safe)."""
    version = db_version()
    if version is None:
        return None
    return _connection(str(db_path()), version).cursor()


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, version: str, key: str, _filters: Filters | None, args: tuple) -> Any:
    conn = connection()
    fn = getattr(queries, name)
    try:
        return fn(conn, _filters, *args) if _filters is not None else fn(conn, *args)
    finally:
        conn.close()


def query(name: str, filters: Filters | None = None, *args: Any) -> Any:
    """Run a function of analytics.queries, cached per database version and filters."""
    version = db_version()
    return _cached(name, version, repr(filters), filters, args)
