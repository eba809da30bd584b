"""The parallel build path (8 files or more: worker processes parse, this process writes) and its fallback
when a worker dies (BrokenProcessPool): same rows as the serial path, every file loaded or named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

import loaders.build as build_module
from bench.synth import synth
from loaders.build import WORKER_DIED, build
from loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
CRASH_MARK = "crash-"

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool is used only on several cores")


def crashing_parse_file(path, hints=None):
    """Runs in a worker process: a file named crash-* kills its process as a native crash would."""
    if Path(path).name.startswith(CRASH_MARK):
        os._exit(134)
    return parse_file(path, hints)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """10 files: 7 small synthetic reports, the two samples and one that cannot be read."""
    folder = tmp_path_factory.mktemp("reports")
    synth(7, folder, seed=11, min_events=5, max_events=30)
    for sample in (ROOT / "data" / "reports").iterdir():
        shutil.copy(sample, folder)
    (folder / "zz-broken.xlsx").write_bytes(b"not a workbook")
    return folder


def _dump(db: Path) -> dict[str, list]:
    """Every table's rows, ordered by all columns (the build's own timestamps left out)."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as conn:
        for (table,) in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            cols = [c for c, t in conn.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall() if not t.startswith("TIMESTAMP")]
            out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
    return out


def _build(files, db, monkeypatch, parallel: bool) -> list:
    used = []
    real_pool = build_module._parsed_in_pool

    def pool(*args):
        used.append(True)
        yield from real_pool(*args)

    monkeypatch.setattr(build_module, "_parsed_in_pool", pool)
    monkeypatch.setattr(build_module, "PARALLEL_MIN_FILES", 8 if parallel else 10**9)
    results = build(files, db)
    assert bool(used) == parallel
    return results


def test_parallel_build_writes_the_same_rows_as_the_serial_one(reports, tmp_path, monkeypatch):
    files = build_module.expand_paths([reports])
    assert len(files) == 10
    parallel = _build(files, tmp_path / "parallel.duckdb", monkeypatch, parallel=True)
    serial = _build(files, tmp_path / "serial.duckdb", monkeypatch, parallel=False)
    assert [(r.path.name, r.ok, r.message, r.events, r.rejects) for r in parallel] == \
           [(r.path.name, r.ok, r.message, r.events, r.rejects) for r in serial]
    assert [r.ok for r in parallel] == [True] * 9 + [False]
    assert parallel[-1].message.startswith("zz-broken.xlsx: ")  # the worker's LoadError, named as in a serial build
    a, b = _dump(tmp_path / "parallel.duckdb"), _dump(tmp_path / "serial.duckdb")
    assert len(a["events"]) == sum(r.events for r in parallel) > 100
    assert a == b


def test_a_worker_that_dies_fails_only_its_own_file(reports, tmp_path, monkeypatch):
    """A worker killed mid-build (os._exit, as a native abort) breaks the pool: the file that killed it is
    named, every other file still loads, with the same rows as a build without it."""
    folder = tmp_path / "with-crash"
    shutil.copytree(reports, folder)
    (folder / "zz-broken.xlsx").unlink()
    victim = sorted(folder.glob("synth-*"))[2]
    crash = victim.with_name(CRASH_MARK + victim.name)
    shutil.copy(victim, crash)
    files = build_module.expand_paths([folder])
    assert len(files) == 10
    monkeypatch.setattr(build_module, "parse_file", crashing_parse_file)
    results = _build(files, tmp_path / "crash.duckdb", monkeypatch, parallel=True)
    by_name = {r.path.name: r for r in results}
    assert len(results) == 10
    assert not by_name[crash.name].ok and by_name[crash.name].message == f"{crash.name}: {WORKER_DIED}"
    assert all(r.ok for name, r in by_name.items() if name != crash.name), [r.message for r in results]

    crash.unlink()
    monkeypatch.setattr(build_module, "parse_file", parse_file)
    clean = _build(build_module.expand_paths([folder]), tmp_path / "clean.duckdb", monkeypatch, parallel=False)
    assert [r.events for r in clean] == [r.events for r in results if r.ok]
    assert _dump(tmp_path / "crash.duckdb") == _dump(tmp_path / "clean.duckdb")  # a failed file takes no report id
