"""Export speed at 100k rows, before and after the DuckDB-rendered export, and whether an export stalls others.

    .venv/bin/python bench/export_bench.py [--events 100000] [--db /tmp/export-bench.duckdb] [--no-before]

Builds the database with `bench/fill_db.py --events N --db FILE` when it is missing. Prints, for CSV and XLSX:
wall and CPU seconds (this process and its children: DuckDB's threads count), file size; the same through
the dashboard's child process (what a user waits for after a click); and the latency of a small probe (a
Python loop standing in for other sessions' reruns) while an export runs inside the server process vs in
the child. "Before" runs the pre-change writers (analytics/export.py at BEFORE_COMMIT, read from git):
CSV on all rows, XLSX extrapolated from 20,000 rows as docs/performance.md did.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import queries  # noqa: E402
from analytics.export import export_events  # noqa: E402
from analytics.export_job import ExportRequest, build_in_child  # noqa: E402
from analytics.filters import Filters  # noqa: E402
from loaders.db.readonly import connect_readonly, cursor  # noqa: E402

BEFORE_COMMIT = "a0a6113"  # main before the export rewrite
XLSX_SAMPLE = 20_000
TARGETS = {"csv": 2.0, "xlsx": 10.0}


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


def ensure_db(db: Path, events: int) -> None:
    if db.exists():
        return
    subprocess.run([sys.executable, str(ROOT / "bench" / "fill_db.py"), "--events", str(events), "--db", str(db)],
                   check=True, cwd=ROOT)


def _before_module():
    """analytics/export.py as it was before the rewrite (None when git or the commit is not there)."""
    try:
        source = subprocess.run(["git", "show", f"{BEFORE_COMMIT}:analytics/export.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp(prefix="export-bench-")) / "export_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("export_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_before(db: Path) -> dict[str, float]:
    old = _before_module()
    if old is None:
        return {}
    base = connect_readonly(db)
    conn = cursor(base)
    out: dict[str, float] = {}
    with Clock() as c:
        df = queries.events_for_export(conn, Filters())
    out["query_s"] = c.wall
    with Clock() as c:
        old.to_csv_bytes(df)
    out["csv_s"], out["csv_cpu"] = c.wall + out["query_s"], c.cpu
    sample = df.head(XLSX_SAMPLE)
    with Clock() as c:
        old.to_xlsx_bytes(sample, [])
    scale = len(df) / max(len(sample), 1)
    out["xlsx_s"], out["xlsx_cpu"] = c.wall * scale + out["query_s"], c.cpu * scale
    conn.close()
    base.close()
    return out


def measure_after(db: Path, out_dir: Path) -> dict[str, dict[str, float]]:
    base = connect_readonly(db)
    conn = cursor(base)
    res: dict[str, dict[str, float]] = {}
    for kind in ("csv", "xlsx"):
        path = out_dir / f"after.{kind}"
        with Clock() as c:
            rows = export_events(conn, Filters(), kind, path, description=[("Поиск", "—")])
        res[kind] = {"rows": rows, "wall": c.wall, "cpu": c.cpu, "mb": path.stat().st_size / 1e6}
        with Clock() as c:
            data = build_in_child(ExportRequest.of(db, kind, Filters()))
        res[kind].update(child_wall=c.wall, child_mb=len(data) / 1e6)
    conn.close()
    base.close()
    return res


def _probe(stop: threading.Event, lat: list[float]) -> None:
    """Another session's rerun in miniature: a few ms of Python work, timed, again and again."""
    while not stop.is_set():
        t = time.perf_counter()
        sum(len(str(i)) for i in range(20_000))
        lat.append(time.perf_counter() - t)
        time.sleep(0.01)


def _with_probe(work) -> tuple[float, float]:
    lat: list[float] = []
    stop = threading.Event()
    th = threading.Thread(target=_probe, args=(stop, lat))
    th.start()
    try:
        work()
    finally:
        stop.set()
        th.join()
    lat.sort()
    return statistics.median(lat) * 1000, lat[int(len(lat) * 0.95)] * 1000


def measure_stall(db: Path, out_dir: Path) -> dict[str, tuple[float, float]]:
    base = connect_readonly(db)
    conn = cursor(base)
    f = Filters()
    res = {
        "idle": _with_probe(lambda: time.sleep(3)),
        "XLSX in the server process": _with_probe(
            lambda: export_events(conn, f, "xlsx", out_dir / "stall.xlsx", description=[])),
        "XLSX in the child process": _with_probe(lambda: build_in_child(ExportRequest.of(db, "xlsx", f))),
    }
    conn.close()
    base.close()
    return res


def report(db: Path, before: bool = True) -> dict[str, dict[str, float]]:
    """Print the section's tables (also called by bench/run.py); returns the figures of the exports as they
    are now ({"csv": {"rows", "wall", "cpu", "mb", "child_wall", "child_mb"}, "xlsx": …})."""
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        after = measure_after(db, Path(tmp))
        rows = after["csv"]["rows"]
        old = measure_before(db) if before else {}
        print(f"\n## Exports at {rows:,} rows (wall s; CPU s = all threads and child processes)")
        print("| file | before, wall | before, CPU | after, wall | after, CPU | after, MB | after, via the child "
              "process (a click), wall | target |\n|---|---:|---:|---:|---:|---:|---:|---|")
        for kind in ("csv", "xlsx"):
            a = after[kind]
            b_wall = f"{old[kind + '_s']:.1f}" if old else "—"
            b_cpu = f"{old[kind + '_cpu']:.1f}" if old else "—"
            note = " (extrapolated from 20k rows)" if kind == "xlsx" and old else ""
            print(f"| {kind.upper()}{note} | {b_wall} | {b_cpu} | {a['wall']:.1f} | {a['cpu']:.1f} | {a['mb']:.1f} | "
                  f"{a['child_wall']:.1f} | ≤ {TARGETS[kind]:.0f} s |")
        stall = measure_stall(db, Path(tmp))
        print("\n## Another session while an XLSX export runs (a probe loop's latency, ms)")
        print("| while | p50 | p95 |\n|---|---:|---:|")
        for name, (p50, p95) in stall.items():
            print(f"| {name} | {p50:.1f} | {p95:.1f} |")
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores", flush=True)
    return after


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/export-bench.duckdb")
    ap.add_argument("--no-before", action="store_true", help="skip the pre-change writers (minutes)")
    args = ap.parse_args(argv)
    os.environ.setdefault("COOP_EXPORT_MAX_ROWS", str(max(args.events, 100_000)))
    db = Path(args.db)
    ensure_db(db, args.events)
    report(db, before=not args.no_before)


if __name__ == "__main__":
    main()
