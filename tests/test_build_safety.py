"""Loads that cannot silently lose a report, and builds that leave nothing behind (issue 12 §1, §4).

- two reports without a title are two reports; a file with no events does not replace a loaded report;
- every load is logged in `uploads` (who, when, which file, what it replaced);
- the replaced database is kept as `<db>.prev`; `python -m loaders undo` goes back one step (again: redo);
- a database path that is a symlink: the real file is locked and replaced, the link stays;
- `kill -9` of a build leaves no worker process or resource tracker alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from loaders.build import build, is_current, migrate
from tests.builders import DEPT_A, DEPT_B, EVENTS_A, EVENTS_B, HEADER, write_xlsx
from tests.conftest import ROOT

TITLE_Q3 = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "в III квартале 2022 года"]


def one(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_two_untitled_reports_are_two_reports(tmp_path):
    a = write_xlsx(tmp_path / "a.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=[])
    b = write_xlsx(tmp_path / "b.xlsx", [HEADER, DEPT_B, *EVENTS_B], title=[])
    db = tmp_path / "db.duckdb"
    assert all(r.ok for r in build([a], db))
    results = build([b], db)
    assert [r.status for r in results] == ["new"]
    assert one(db, "SELECT file_name, rows_event FROM reports ORDER BY 1") == [("a.xlsx", 2), ("b.xlsx", 1)]


def test_a_file_without_events_does_not_replace_a_loaded_report(tmp_path):
    db = tmp_path / "db.duckdb"
    full = write_xlsx(tmp_path / "q3.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=TITLE_Q3)
    assert all(r.ok for r in build([full], db))
    before = db.read_bytes()
    empty = write_xlsx(tmp_path / "q3-empty.xlsx", [HEADER], title=TITLE_Q3)  # same title and period, no rows
    [result] = build([empty], db)
    assert not result.ok
    assert result.message == ("q3-empty.xlsx: в файле нет мероприятий — он не заменяет загруженный отчёт "
                              "«q3.xlsx» (мероприятий в нём: 2)")
    assert db.read_bytes() == before


def test_every_load_is_logged(tmp_path):
    db = tmp_path / "db.duckdb"
    v1 = write_xlsx(tmp_path / "v1.xlsx", [HEADER, DEPT_A, *EVENTS_A, DEPT_B, *EVENTS_B], title=TITLE_Q3)
    v2 = write_xlsx(tmp_path / "v2.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=TITLE_Q3)
    build([v1], db)
    build([v2], db, uploaded_by="a@x.ru")
    rows = one(db, "SELECT uploaded_by, file_name, status, replaced, events_before, events_after, "
                   "sha256 = (SELECT sha256 FROM reports WHERE report_id = uploads.report_id), "
                   "uploaded_at > now()::TIMESTAMP - INTERVAL 1 HOUR FROM uploads ORDER BY uploaded_at, file_name")
    user = rows[0][0]
    assert user.startswith("cli:")
    assert [r[1:] for r in rows] == [("v1.xlsx", "new", None, None, 3, None, True),  # its report is gone
                                     ("v2.xlsx", "corrected", "v1.xlsx", 3, 2, True, True)]
    assert rows[1][0] == "a@x.ru"


def test_previous_database_is_kept_and_undo_goes_back_one_step(tmp_path):
    db = tmp_path / "db.duckdb"
    v1 = write_xlsx(tmp_path / "v1.xlsx", [HEADER, DEPT_A, *EVENTS_A, DEPT_B, *EVENTS_B], title=TITLE_Q3)
    v2 = write_xlsx(tmp_path / "v2.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=TITLE_Q3)
    build([v1], db)
    first = db.read_bytes()
    build([v2], db)
    second = db.read_bytes()
    prev = tmp_path / "db.duckdb.prev"
    assert prev.read_bytes() == first
    undo = [sys.executable, "-m", "loaders", "undo", "--db", str(db)]
    done = subprocess.run(undo, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert db.read_bytes() == first and prev.read_bytes() == second
    assert one(db, "SELECT count(*) FROM events") == [(3,)]
    assert subprocess.run(undo, cwd=ROOT, capture_output=True).returncode == 0  # the second undo redoes
    assert db.read_bytes() == second
    prev.unlink()
    failed = subprocess.run(undo, cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode == 1 and "нет предыдущей версии базы" in failed.stderr


def test_a_symlinked_database_path_replaces_the_real_file(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "coop.duckdb"
    link = tmp_path / "coop.duckdb"
    link.symlink_to(real)
    a = write_xlsx(tmp_path / "a.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=TITLE_Q3)
    assert all(r.ok for r in build([a], link))
    assert link.is_symlink() and real.is_file()
    assert (real_dir / "coop.duckdb.lock").exists() and not (tmp_path / "coop.duckdb.lock").exists()
    b = write_xlsx(tmp_path / "b.xlsx", [HEADER, DEPT_B, *EVENTS_B], title=[])
    assert all(r.ok for r in build([b], link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert one(real, "SELECT count(*) FROM events") == [(3,)]
    assert (real_dir / "coop.duckdb.prev").exists()


def test_an_older_database_gains_the_uploads_table_by_migrate(tmp_path):
    db = tmp_path / "db.duckdb"
    build([write_xlsx(tmp_path / "a.xlsx", [HEADER, DEPT_A, *EVENTS_A], title=TITLE_Q3)], db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("DROP TABLE uploads")
    assert not is_current(db)
    assert migrate(db) and is_current(db)
    assert one(db, "SELECT count(*) FROM uploads") == [(0,)]


KILLED_BUILD = """
import sys, time
from pathlib import Path
from loaders.build import build
files = sorted(Path(sys.argv[1]).glob('*.xlsx'))
def stall(path):
    print('parsing', flush=True)
    time.sleep(120)  # the workers exist now; the test kills this process
build(files, sys.argv[2], on_file=stall)
"""


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the build uses worker processes only on several cores")
def test_kill_9_of_a_build_leaves_no_workers(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(8):  # PARALLEL_MIN_FILES: parsed by a pool of worker processes
        write_xlsx(folder / f"r{i}.xlsx", [HEADER, DEPT_A, *EVENTS_A],
                   title=[TITLE_Q3[0], f"в {['I', 'II', 'III', 'IV'][i % 4]} квартале {2020 + i // 4} года"])
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(folder), str(tmp_path / "db.duckdb")],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    spawned: list[int] = []
    try:
        assert proc.stdout.readline().strip() == "parsing"
        spawned = children(proc.pid)
        assert len(spawned) >= 2  # the resource tracker and at least one worker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in spawned) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in spawned if alive(p)]
        assert not left, [Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ")[:120] for p in left]
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in spawned:  # only what this test started
            if alive(p):
                os.kill(p, signal.SIGKILL)
