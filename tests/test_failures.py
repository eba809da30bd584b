"""A load that dies half-way (kill -9, disk full, a crash) leaves the previous database intact."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from loaders import build as build_module
from loaders.build import build
from loaders.db.check import all_passed, run_checks
from loaders.read import read_document
from loaders.table.classify import RowKind, read_table
from tests.conftest import FIXTURES, ROOT, SAMPLES


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def events(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM events").fetchall()[0][0]


@pytest.fixture()
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "coop.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports"], db))
    return db


EXPECTED_EVENTS = {"smolensk-agreements-2021-q2": 36, "smolensk-spb-roadmap-2021": 50}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_row_accounting_adds_up(path):
    """Every source row of every grid is one classified row, and the events are exactly the sample's."""
    table = read_table(read_document(path))
    grids = read_document(path).grids
    assert [r.ref for r in table.rows] == [row.ref for g in grids for row in g.rows]  # each source row, in order
    assert len(table.events) == EXPECTED_EVENTS[path.stem]
    assert [r for r in table.rows if r.kind is RowKind.REJECT] == []


def test_disk_full_during_checkpoint_keeps_old_database(loaded_db, monkeypatch):
    before = sha(loaded_db)
    real_link = build_module.link_duplicates

    def full_disk(conn, *args):
        real_link(conn, *args)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "link_duplicates", full_disk)
    with pytest.raises(OSError):
        build([FIXTURES / "smolensk-agreements-2021-q2.docx"], loaded_db)
    assert sha(loaded_db) == before
    assert events(loaded_db) == 86
    assert not list(loaded_db.parent.glob(".*.tmp"))  # the half-built copy is gone


def test_crash_while_writing_a_report_keeps_old_database(loaded_db, monkeypatch):
    before = sha(loaded_db)

    def crash(conn, report):
        conn.execute("DELETE FROM events")  # half-done work that must not survive
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(build_module, "write_reports", lambda conn, reports: crash(conn, reports[0]))
    monkeypatch.setattr(build_module, "write_report", crash)
    results = build([FIXTURES / "smolensk-agreements-2021-q2.docx"], loaded_db)
    assert [r.ok for r in results] == [False]
    assert "simulated crash" in results[0].message
    assert sha(loaded_db) == before


def test_a_file_that_breaks_the_batch_insert_is_named_and_the_others_load(loaded_db, monkeypatch):
    """The batch insert fails: the files are written one by one, only the bad one fails."""
    real_write_report = build_module.write_report

    def batch_fails(conn, reports):
        conn.execute("DELETE FROM events")
        raise RuntimeError("batch failed")

    def one_fails(conn, report):
        if report.detected.file_name.endswith(".xlsx"):
            raise RuntimeError("this file breaks the insert")
        return real_write_report(conn, report)

    monkeypatch.setattr(build_module, "write_reports", batch_fails)
    monkeypatch.setattr(build_module, "write_report", one_fails)
    files = [FIXTURES / "smolensk-agreements-2021-q2.xlsx", FIXTURES / "smolensk-agreements-2021-q2.docx"]
    results = build(files, loaded_db)
    assert [r.ok for r in results] == [False, True]
    assert results[0].message.startswith("smolensk-agreements-2021-q2.xlsx: не удалось записать в базу")
    assert "this file breaks the insert" in results[0].message
    assert events(loaded_db) == 86  # the .docx replaced its earlier load; nothing else changed


def test_kill_9_in_the_middle_of_a_build(loaded_db, tmp_path):
    """Kill the loader while it works on many files; the database is the old one and passes check."""
    many = tmp_path / "many"
    many.mkdir()
    for i in range(40):
        shutil.copy(SAMPLES[i % len(SAMPLES)], many / f"r{i:02d}{SAMPLES[i % len(SAMPLES)].suffix}")
    before = sha(loaded_db)
    proc = subprocess.Popen([sys.executable, "-m", "loaders", "build", str(many), "--db", str(loaded_db)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(loaded_db.parent.glob(f".{loaded_db.name}.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)  # wait until it has started writing its copy
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert sha(loaded_db) == before
    assert events(loaded_db) == 86
    assert all_passed(run_checks(loaded_db, [ROOT / "data" / "reports"]))
    # the next build cleans up after the killed one and works
    assert all(r.ok for r in build([FIXTURES / "smolensk-agreements-2021-q2.docx"], loaded_db))
    assert events(loaded_db) == 86
    assert not list(loaded_db.parent.glob(".*.tmp*"))
