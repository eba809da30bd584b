"""The dashboard follows a rebuilt database file: ui.data's one current connection (ui.data._Current itself,
not a copy) switches to the new file, drops cached answers of the old one, and closes a replaced connection
one switch later, or later still while a query runs on it."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from analytics import queries
from analytics.filters import Filters
from analytics.stored_answers import STORED
from loaders.build import build
from loaders.db.readonly import cursor
from tests.conftest import AGREEMENTS, FIXTURES
from ui import data


def count_of(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as conn:
        row = conn.execute("SELECT count(*) FROM events").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture()
def dashboard_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(db, publish, small, full): `publish(src)` renames a copy of `src` over db, as a build does, and
    returns the new file's inode."""
    small = tmp_path / "small.duckdb"
    assert all(r.ok for r in build([FIXTURES / f"{AGREEMENTS}.xlsx"], small, stored=STORED))
    db = tmp_path / "dash" / "cooperation.duckdb"
    db.parent.mkdir()

    def publish(src: Path) -> int:
        staging = db.with_name(".cooperation.duckdb.tmp")
        shutil.copy(src, staging)
        os.replace(staging, db)
        return db.stat().st_ino

    monkeypatch.setenv("COOP_DB", str(db))
    data._current.clear()
    data._cached.clear()
    yield db, publish, small, sample_db
    current = data._current()
    for conn in [*current.retired, current.conn]:
        if conn is not None:
            conn.close()
    data._current.clear()
    data._cached.clear()


def open_inodes() -> set[int]:
    """The inodes of the files this process holds open (a replaced database file stays open while a
    connection to it lives; DuckDB's refused close marks the Python handle closed but keeps the file)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            inodes.add(os.stat(f"/proc/self/fd/{fd}").st_ino)
        except OSError:
            pass
    return inodes


def test_the_file_replaced_once_then_twice(dashboard_db):
    db, publish, small, full = dashboard_db
    n_small, n_full = count_of(small), count_of(full)
    assert n_small < n_full
    first_file = publish(small)
    assert data.query(queries.count_events, Filters()) == n_small
    first = data._current().conn
    assert first is not None

    second_file = publish(full)  # replaced once: the next call opens the new file and forgets the old answers
    assert data.query(queries.count_events, Filters()) == n_full
    assert data.query(queries.headline, Filters())["events"] == n_full  # a stored answer of the new file
    current = data._current()
    assert current.conn is not first and current.retired == [first]
    with cursor(first) as old:  # one switch of grace: a query begun on the old file can still finish
        assert old.execute("SELECT count(*) FROM events").fetchone() == (n_small,)
    second = current.conn

    publish(small)  # twice: the first connection is closed now, the second gets its grace
    assert data.query(queries.count_events, Filters()) == n_small
    assert current.retired == [second]
    assert first_file not in open_inodes() and second_file in open_inodes()


def test_a_connection_busy_with_a_query_is_closed_only_when_idle(dashboard_db):
    db, publish, small, full = dashboard_db
    first_file = publish(small)
    busy = data.connection()
    assert busy is not None
    first = data._current().conn
    outcome: list[str] = []

    def long_query() -> None:
        try:
            busy.execute("SELECT sum(hash(i)) FROM range(50000000000) t(i)").fetchall()
            outcome.append("finished")
        except duckdb.InterruptException:
            outcome.append("interrupted")
        except duckdb.Error as exc:
            outcome.append(repr(exc))

    runner = threading.Thread(target=long_query)
    runner.start()
    time.sleep(0.5)
    try:
        publish(full)
        data.connection().close()
        publish(small)
        data.connection().close()  # tries to close the first connection: a query still runs on it
        time.sleep(0.5)
        assert runner.is_alive(), outcome
        current = data._current()
        assert current.retired[0] is first and len(current.retired) == 2
        assert first_file in open_inodes()  # still open: the query goes on reading it
        assert data.query(queries.count_events, Filters()) == count_of(small)  # other sessions are served
    finally:
        busy.interrupt()
        runner.join(60)
    assert outcome == ["interrupted"]  # stopped by us, not by a close under it
    busy.close()
    publish(full)  # idle now: the next switch closes it (and the one retired before the last)
    data.connection().close()
    assert len(data._current().retired) == 1 and data._current().retired[0] is not first
    # DuckDB keeps the file of a connection whose close it once refused open until the connection opened
    # after it on the same path closes too: two switches later, never for good
    held = [first_file in open_inodes()]
    for _ in range(2):
        publish(small)
        data.connection().close()
        held.append(first_file in open_inodes())
    assert held[-1] is False, held
