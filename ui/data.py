"""The read-only database connection and cached query results, keyed on the file's version.

A build renames a new database file over the old one. On the next rerun the
version (inode, mtime, size) differs: the old connection is closed, a new one is
opened on the current file, and cached results of the old version are dropped.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import functools
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from analytics.filters import Filters
from analytics.search import DEFAULT_TIME_LIMIT_S, MatchedRows, SearchTimeout, matched_rows, shared, time_limit
from analytics.stored_answers import STORED
from loaders.build import BuildLocked, is_current, migrate
from loaders.db.readonly import connect_readonly, cursor
from ui import prefetch as prefetch_
from ui.i18n import t

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "cooperation.duckdb"


def db_path() -> Path:
    return Path(os.environ.get("COOP_DB", DEFAULT_DB))


def db_version() -> str | None:
    """Changes whenever a build renames a new database over the file."""
    return _file_version(db_path())


def _file_version(path: str | Path) -> str | None:
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


class _Current:
    """The one open connection of this process, for one (path, version).

    A connection replaced by a newer version is retired: a query of another session may still run on it.
    It is closed one switch later, and if a query is *still* running on it then (DuckDB refuses to close a
    busy connection), it stays retired and closing is retried on later calls until it is idle."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[str, str] | None = None
        self.conn: duckdb.DuckDBPyConnection | None = None
        self.retired: list[duckdb.DuckDBPyConnection] = []  # oldest first; the last one retired most recently
        self.opened = ""  # the version of the file self.conn reads

    def _close_retired(self, keep_last: int) -> None:
        """Close retired connections but the `keep_last` newest; a busy one stays for a later attempt."""
        still: list[duckdb.DuckDBPyConnection] = []
        for conn in self.retired[:len(self.retired) - keep_last]:
            try:
                conn.close()
            except duckdb.Error:  # a query still runs on it
                still.append(conn)
        self.retired = still + self.retired[len(self.retired) - keep_last:]

    def cursor(self, path: str, version: str) -> duckdb.DuckDBPyConnection:
        return self.open(path, version)[0]

    def open(self, path: str, version: str) -> tuple[duckdb.DuckDBPyConnection, str]:
        """A cursor for (path, version), and the version of the file it really reads: when `version` was read
        before a build renamed a newer file in, the connection opened now reads the newer one (what is keyed on
        the rows of the file, analytics.search.MatchedRows, must use this)."""
        with self.lock:
            if self.key != (path, version):
                old = self.conn
                self.conn, self.opened = _open_versioned(path, version)
                self.key = (path, version)
                if old is not None:
                    _cached.clear()  # results of the old version
                    _matches.clear()
                    self.retired.append(old)
            if len(self.retired) > 1:
                self._close_retired(keep_last=1)  # the newest retired gets one switch of grace
            return cursor(self.conn), self.opened


QUERY_THREADS = 1
MEMORY_LIMIT = "384MB"  # DuckDB's buffer cache and operators of the dashboard's connection (COOP_DUCKDB_MEMORY_LIMIT)


def apply_limits(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Cap DuckDB's memory in the dashboard process (docs/performance.md, "Memory"): at 1M events its default
    (80 % of RAM) lets the cache of column blocks and the operators' buffers grow the process by ~40 MB more
    over a tour of the pages; above the cap an operator spills to a private temporary folder, never fails."""
    limit = os.environ.get("COOP_DUCKDB_MEMORY_LIMIT", MEMORY_LIMIT)
    spill = Path(tempfile.gettempdir()) / f"coop-duckdb-{os.getuid()}"
    try:
        conn.execute("SET memory_limit = ?", [limit])
        conn.execute("SET temp_directory = ?", [str(spill)])
    except duckdb.Error:
        logging.getLogger(__name__).warning("COOP_DUCKDB_MEMORY_LIMIT=%r not understood; DuckDB's default kept", limit)
    # One thread per query: the sessions' queries already run side by side (each on its own script thread),
    # and at 1M events a query on two threads took as long as on one for ~1.8× the CPU (docs/performance.md)
    threads = os.environ.get("COOP_DUCKDB_THREADS", str(QUERY_THREADS))
    try:
        conn.execute(f"SET threads = {int(threads)}")
    except (ValueError, duckdb.Error):
        logging.getLogger(__name__).warning("COOP_DUCKDB_THREADS=%r not understood; DuckDB's default kept", threads)
    return conn


def _open_versioned(path: str, fallback: str) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A connection to `path` and the version of the file it opened (the same before and after opening)."""
    for _ in range(5):
        before = _file_version(path)
        conn = connect_readonly(path)
        if before is not None and _file_version(path) == before:
            return apply_limits(conn), before
        conn.close()
    conn = apply_limits(connect_readonly(path))
    return conn, f"unsure-{time.monotonic_ns()}-{fallback}"  # renamed over and over: share nothing


@st.cache_resource(show_spinner=False)
def _current() -> _Current:
    return _Current()


def connection() -> duckdb.DuckDBPyConnection | None:
    """A cursor on the current database version (a cursor per use is thread-safe); caller closes it."""
    version = db_version()
    if version is None:
        return None
    return _current().cursor(str(db_path()), version)


class _Matches:
    """A search's matched rows (analytics.search.matched_rows) per (path, version, search text), computed once
    and shared by every query of every page with that search, until the file changes. A few recent searches
    are kept (about 1 MB each at 1M events). Queries asking at once (a page's queries run side by side,
    ui.prefetch) wait for the one computing it; if that one fails (its time limit), each computes it itself."""

    MAX = 8

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: OrderedDict[tuple[str, str, str], MatchedRows | None] = OrderedDict()
        self.computing: dict[tuple[str, str, str], threading.Event] = {}
        self.computed = 0  # how many times matched_rows ran (tests)

    def get(self, conn: duckdb.DuckDBPyConnection, path: str, version: str, text: str) -> MatchedRows | None:
        key = (path, version, text)
        with self.lock:
            if key in self.rows:
                self.rows.move_to_end(key)
                return self.rows[key]
            underway = self.computing.get(key)
            if underway is None:
                mine = self.computing[key] = threading.Event()
        if underway is not None:
            underway.wait()
            with self.lock:
                if key in self.rows:
                    return self.rows[key]
            return matched_rows(conn, text)  # the other one failed: on this query's own time limit
        try:
            rows = matched_rows(conn, text)  # outside the lock: under the caller's time limit, other sessions run on
            with self.lock:
                self.computed += 1
                self.rows[key] = rows
                while len(self.rows) > self.MAX:
                    self.rows.popitem(last=False)
            return rows
        finally:
            with self.lock:
                del self.computing[key]
            mine.set()

    def clear(self) -> None:
        with self.lock:
            self.rows.clear()


_matches = _Matches()


# Answers are kept as objects, shared by every session, and each caller gets `fresh(answer)`: st.cache_data
# would pickle an answer once and unpickle it on every hit, which at 4,000 reports and 10,000 parse issues was
# 14 % of the server's CPU under load (docs/performance.md).
@st.cache_resource(max_entries=512, show_spinner=False)
def _cached(name: str, path: str, version: str, key: str, _filters: Filters | None, args: tuple,
            _fn: Callable[..., Any]) -> Any:
    fn = _fn  # `name` (its module:qualname) is what the cache key holds
    conn, opened = _current().open(path, version)
    limit = search_time_limit() if _filters is not None and _filters.search.strip() else None
    try:
        with time_limit(conn, limit), shared(conn, lambda text: _matches.get(conn, path, opened, text)):
            return settled(fn(conn, _filters, *args) if _filters is not None else fn(conn, *args))
    finally:
        conn.close()


_SHARED_AS_IS = (str, bytes, int, float, bool, type(None), frozenset, dt.date, dt.datetime, dt.timedelta)
# a list of these is copied as a list: the query layer's tuples hold only strings, numbers and dates
_FLAT = frozenset({str, int, float, bool, type(None), tuple, dt.date, dt.datetime})


def settled(value: Any) -> Any:
    """An answer as the cache keeps it: rows held as lists (a stored answer read back from JSON) become
    tuples, so that `fresh` copies a list of them in one step instead of walking every row."""
    if isinstance(value, dict):
        return {k: settled(v) for k, v in value.items()}
    if isinstance(value, list) and value and all(type(v) is list for v in value) \
            and all(type(x) in _FLAT for v in value for x in v):
        return [tuple(v) for v in value]
    return value


def fresh(value: Any) -> Any:
    """A copy of a cached answer that its caller may change without changing the answer another session
    gets: a frame or series is copied shallowly (pandas' copy-on-write copies a column when either side
    writes it), dicts, lists, sets and dataclasses are rebuilt around fresh values, and what cannot change
    (strings, numbers, dates, tuples of those) is shared."""
    if isinstance(value, _SHARED_AS_IS):
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(type(v) in _FLAT for v in value):
            return list(value)  # the common case (codes, names, (id, title, file) rows): one C-level copy
        return [fresh(v) for v in value]
    if isinstance(value, tuple):
        return type(value)(*map(fresh, value)) if hasattr(value, "_fields") else tuple(map(fresh, value))
    if isinstance(value, set):
        return {fresh(v) for v in value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: fresh(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return copy.deepcopy(value)  # anything else: never shared


def search_time_limit() -> float:
    """Seconds a query with a text search may run (COOP_SEARCH_TIME_LIMIT_S, default 1 s as Datasette's)."""
    try:
        return float(os.environ.get("COOP_SEARCH_TIME_LIMIT_S", DEFAULT_TIME_LIMIT_S))
    except ValueError:
        return DEFAULT_TIME_LIMIT_S


QueryCall = tuple[Callable[..., Any], "Filters | None", tuple]
_recorders: list[list[QueryCall]] = []


@contextlib.contextmanager
def _recorded(recorders: list[list[QueryCall]]) -> Iterator[list[QueryCall]]:
    calls: list[QueryCall] = []
    recorders.append(calls)
    try:
        yield calls
    finally:
        recorders.remove(calls)


def recording() -> contextlib.AbstractContextManager[list[QueryCall]]:
    """Every query() call made inside the block, in order, as (function, filters, args), cached or not:
    bench/run.py learns each page's queries this way while AppTest runs the page."""
    return _recorded(_recorders)


def query(fn: Callable[..., Any], filters: Filters | None = None, *args: Any) -> Any:
    """Run a query function of the query layer (analytics.queries.by_region, analytics.compare.compare …),
    cached per database file, version and filters. A database error stops the page with a plain message
    (and the details in the server log), never a traceback."""
    name = f"{fn.__module__}:{fn.__qualname__}"
    for calls in _recorders:
        calls.append((fn, filters, args))
    path, version = str(db_path()), db_version()
    key = (name, path, version, repr(filters), args)
    try:
        prefetch_.claim(key)  # started ahead (prefetch): its answer, or its error
        answer = fresh(_cached(name, path, version, repr(filters), filters, args, fn))
        _answered.add(key)
        return answer
    except SearchTimeout:
        lang = st.session_state.get("lang", "ru")
        st.warning(t("app.search_timeout", lang, q=filters.search.strip() if filters else "",
                     s=f"{search_time_limit():g}"))
        st.stop()
    except duckdb.Error:
        logging.getLogger(__name__).exception("query %s failed on %s", name, db_path())
        st.error(t("app.db_error", st.session_state.get("lang", "ru")))
        st.stop()


def prefetch(*calls: QueryCall) -> int:
    """Start these `query` calls, (function, filters, args), side by side on worker threads (ui.prefetch);
    the page then makes the same calls in its own order and each waits for its computation under way.
    Only calls the page surely makes belong here (tests/test_prefetch.py checks each page's list against
    the calls it makes). Returns how many were started."""
    path, version = str(db_path()), db_version()
    for recorded in _prefetch_recorders:
        recorded.extend(calls)
    jobs: dict[Any, Callable[[], Any]] = {}
    for fn, filters, args in calls:
        name = f"{fn.__module__}:{fn.__qualname__}"
        key = (name, path, version, repr(filters), args)
        if key not in _answered:  # a rerun with the same filters: the cache answers at once, nothing to start
            jobs[key] = functools.partial(_cached, name, path, version, repr(filters), filters, args, fn)
    return prefetch_.start(jobs)


class _Answered:
    """The keys `query` has answered lately (at most MAX): a call among them is not started ahead again. A key
    holds the file's version; one whose answer the cache has since dropped is only computed in order."""

    MAX = 2_048

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: OrderedDict[tuple, None] = OrderedDict()

    def add(self, key: tuple) -> None:
        with self.lock:
            self.keys[key] = None
            self.keys.move_to_end(key)
            while len(self.keys) > self.MAX:
                self.keys.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        with self.lock:
            return key in self.keys


_answered = _Answered()


_prefetch_recorders: list[list[QueryCall]] = []


def recording_prefetch() -> contextlib.AbstractContextManager[list[QueryCall]]:
    """Every prefetch() call's list made inside the block (bench/run.py replays them side by side)."""
    return _recorded(_prefetch_recorders)


@st.cache_data(max_entries=8, show_spinner=False)
def _outdated(path: str, version: str) -> bool:
    return not is_current(path, STORED)


def outdated() -> bool:
    """The database was written by an older version of the loader (see `python -m loaders migrate`)."""
    version = db_version()
    try:
        return version is not None and _outdated(str(db_path()), version)
    except duckdb.Error:
        return False  # unreadable: the page's first query says so


def bring_up_to_date(wait_s: float = 30) -> None:
    """Migrate an older database in place (atomically, like a build). While another session or a build
    holds the write lock, wait for it (up to `wait_s`): that writer brings the database up to date."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            migrate(db_path(), STORED)
            return
        except BuildLocked:
            if time.monotonic() > deadline:
                return
            time.sleep(0.5)
