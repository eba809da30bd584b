"""Readers of the database while builds rename new versions over it: no errors, no stale reads.

Reader threads do what the dashboard does: open the file read-only, keep the connection,
and reopen when the file's inode/mtime/size change; each runs a count query in a loop.
The main thread meanwhile rebuilds the database, alternately loading one of two versions of
a small report (3 events as .xlsx, its corrected version with 2 events as .docx), so the
event count alternates between two known values.

A read is *checked* when no build ran between the reader's stat() and the end of its query:
the file was then exactly the latest finished version, and the count must be that version's.

Readers open with loaders.db.readonly.connect_readonly. A plain ``duckdb.connect(path, read_only=True)``
goes through DuckDB's per-process instance cache: while another thread still holds a connection to
the old file, a "reopen" returns that old instance, and every read is stale (see the last test).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from loaders.build import build
from loaders.db.readonly import connect_readonly
from tests.builders import DEPT_A, DEPT_B, EVENTS_A, EVENTS_B, HEADER, write_docx, write_xlsx

READERS = 4
FAST_REBUILDS = 20
SLOW_REBUILDS = 100
PAUSE = 0.2  # between rebuilds, so readers get quiet windows to check
READ_EVERY = 0.002  # a reader's pause between queries (the dashboard does not spin)
TITLE = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "в III квартале 2022 года"]

Opener = Callable[[Path], duckdb.DuckDBPyConnection]


@dataclass
class Published:
    """The builder's state: `gen` is odd while a build runs; `expected[gen]` the event count of that version."""

    gen: int = 0
    expected: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class ReaderStats:
    reads: int = 0
    checked: int = 0
    reopens: int = 0
    stale: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def version(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


def reader(path: Path, published: Published, stop: threading.Event, opener: Opener, stats: ReaderStats) -> None:
    conn: duckdb.DuckDBPyConnection | None = None
    key = None
    while not stop.is_set():
        gen_before = published.gen
        try:
            now = version(path)
            if now != key:
                if conn is not None:
                    conn.close()
                conn, key = opener(path), now
                stats.reopens += 1
            count = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
        except Exception as exc:  # counted, never raised: the figures are the result
            stats.errors.append(f"{type(exc).__name__}: {exc}")
            conn, key = None, None
            continue
        stats.reads += 1
        time.sleep(READ_EVERY)
        gen_after = published.gen
        if gen_before == gen_after and gen_before % 2 == 0:
            stats.checked += 1
            want = published.expected[gen_before]
            if count != want:
                stats.stale.append(f"version {gen_before // 2}: saw {count} events, expected {want}")
    if conn is not None:
        conn.close()


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, int]]:
    """Two versions of one report (same title and period): (file, events it adds to the database)."""
    tmp = tmp_path_factory.mktemp("variants")
    three = write_xlsx(tmp / "variant-3.xlsx", [HEADER, DEPT_A, *EVENTS_A, DEPT_B, *EVENTS_B], title=TITLE)
    two = write_docx(tmp / "variant-2.docx", [[HEADER, DEPT_A, *EVENTS_A]], title=TITLE)
    return [(three, 3), (two, 2)]


def run(sample_db: Path, tmp_path: Path, variants: list[tuple[Path, int]], rebuilds: int,
        opener: Opener) -> tuple[list[ReaderStats], float]:
    db = tmp_path / "live.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db), read_only=True) as conn:
        base = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
    published = Published()
    published.expected[0] = base
    stop = threading.Event()
    stats = [ReaderStats() for _ in range(READERS)]
    threads = [threading.Thread(target=reader, args=(db, published, stop, opener, s), daemon=True) for s in stats]
    for t in threads:
        t.start()
    started = time.monotonic()
    try:
        for i in range(rebuilds):
            path, added = variants[i % 2]
            with published.lock:
                published.gen += 1  # odd: a build is running
            results = build([path], db)
            assert all(r.ok for r in results), [r.message for r in results]
            with published.lock:
                published.expected[published.gen + 1] = base + added
                published.gen += 1
            time.sleep(PAUSE)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    return stats, time.monotonic() - started


def report(label: str, stats: list[ReaderStats], rebuilds: int, seconds: float) -> str:
    return (f"{label}: rebuilds {rebuilds} in {seconds:.1f} s, readers {len(stats)}, "
            f"reads {sum(s.reads for s in stats)} (checked {sum(s.checked for s in stats)}), "
            f"reopens {sum(s.reopens for s in stats)}, errors {sum(len(s.errors) for s in stats)}, "
            f"stale reads {sum(len(s.stale) for s in stats)}")


def assert_clean(stats: list[ReaderStats], rebuilds: int) -> None:
    errors = [e for s in stats for e in s.errors]
    stale = [e for s in stats for e in s.stale]
    assert not errors, errors[:5]
    assert not stale, stale[:5]
    assert sum(s.checked for s in stats) > rebuilds  # the check saw most versions
    assert all(s.reopens > 1 for s in stats)


@pytest.mark.parametrize("rebuilds", [FAST_REBUILDS, pytest.param(SLOW_REBUILDS, marks=pytest.mark.slow)])
def test_readers_during_rebuilds(sample_db, tmp_path, variants, capsys, rebuilds):
    stats, seconds = run(sample_db, tmp_path, variants, rebuilds, connect_readonly)
    with capsys.disabled():
        print("\n" + report("concurrency (connect_readonly)", stats, rebuilds, seconds))
    assert_clean(stats, rebuilds)


def test_plain_connect_reuses_the_old_file_while_a_connection_is_open(tmp_path):
    """Why readers use connect_readonly: DuckDB's instance cache keys on the path, not the file."""
    path = tmp_path / "db.duckdb"
    for rows, name in ((1, "old.duckdb"), (2, "new.duckdb")):
        with duckdb.connect(str(tmp_path / name)) as conn:
            conn.execute(f"CREATE TABLE t AS SELECT * FROM range({rows})")
    os.replace(tmp_path / "old.duckdb", path)
    held = duckdb.connect(str(path), read_only=True)
    os.replace(tmp_path / "new.duckdb", path)  # what a build does
    try:
        plain = duckdb.connect(str(path), read_only=True)
        assert plain.execute("SELECT count(*) FROM t").fetchall() == [(1,)]  # stale: the cached instance
        plain.close()
        fresh = connect_readonly(path)
        assert fresh.execute("SELECT count(*) FROM t").fetchall() == [(2,)]
        fresh.close()
    finally:
        held.close()


def test_a_query_on_the_oldest_connection_survives_two_switches(tmp_path):
    """ui.data's connection holder: a query of one session still runs on the oldest connection when the
    file is replaced twice. Closing that busy connection raised (DuckDB refuses), and the session showed
    «Не удалось прочитать базу данных»; now it stays retired until idle, then is closed."""
    from ui.data import _Current

    path = tmp_path / "live.duckdb"
    for n in (1, 2, 3):
        with duckdb.connect(str(tmp_path / f"v{n}.duckdb")) as conn:
            conn.execute(f"CREATE TABLE t AS SELECT range AS i FROM range({n * 1_000_000})")
    shutil.copy(tmp_path / "v1.duckdb", tmp_path / "v1-copy.duckdb")
    long_sql = "SELECT count(*) FROM t a, range(1500) b WHERE (a.i + b.range) % 3 = 0"
    with duckdb.connect(str(tmp_path / "v1-copy.duckdb"), read_only=True) as conn:
        expected = conn.execute(long_sql).fetchall()[0][0]

    holder = _Current()
    os.replace(tmp_path / "v1.duckdb", path)
    slow = holder.cursor(str(path), "v1")
    result: list = []
    errors: list = []
    started = threading.Event()

    def long_query() -> None:
        started.set()
        try:
            result.append(slow.execute(long_sql).fetchall()[0][0])
        except Exception as exc:
            errors.append(exc)

    worker = threading.Thread(target=long_query)
    worker.start()
    started.wait()
    time.sleep(0.1)
    for n in (2, 3):  # two builds publish new files while the long query runs on the first
        os.replace(tmp_path / f"v{n}.duckdb", path)
        cur = holder.cursor(str(path), f"v{n}")  # the second switch tries to close the (busy) oldest one
        assert cur.execute("SELECT count(*) FROM t").fetchall() == [(n * 1_000_000,)]
        cur.close()
    assert worker.is_alive(), "the long query ended before the second switch: the test proves nothing"
    assert len(holder.retired) == 2  # the busy oldest one could not be closed yet
    worker.join()
    assert not errors and result == [expected]
    holder.cursor(str(path), "v3").close()  # idle now: closed on the next call
    assert len(holder.retired) == 1
