"""bench/load.py speaks Streamlit's protocol for real: its reruns open pages and set filters like a browser."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import load  # noqa: E402


def run_async(coro):  # noqa: ANN001, ANN201
    """asyncio.run in a thread of its own: Playwright's sync API (tests/e2e) may leave a loop in this one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    from loaders.build import build

    db = tmp_path_factory.mktemp("load") / "coop.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports"], db))
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "COOP_DB": str(db)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield url, db
    proc.terminate()
    proc.wait(10)


def test_a_session_opens_switches_page_and_filters(server) -> None:
    url, _ = server

    async def scenario() -> list[load.Run]:
        s = load.Session(url, random.Random(0))
        await s.connect()
        try:
            opened = await s.rerun()
            regions_page = next(h for h, path in s.pages if path == "regions")
            w = s.widget("f_regions")
            spb = next(o for o in w.options if "Санкт-Петербург" in o)
            assert s.set_strings("f_regions", [spb])
            filtered = await s.rerun()
            s.set_string("f_search", "выставк")
            searched = await s.rerun()
            s.page_hash = regions_page
            page = await s.rerun()
            return [opened, filtered, searched, page]
        finally:
            await s.close()

    opened, filtered, searched, page = run_async(scenario())
    assert all(r.ok for r in (opened, filtered, searched, page)), [r.problem for r in (opened, filtered, page)]
    assert opened.metrics["Мероприятий"] == "86"
    assert filtered.metrics["Мероприятий"] == "57"  # the region really is applied, as a browser would
    assert int(searched.metrics["Мероприятий"]) < 57
    assert "Межрегиональное сотрудничество" in opened.headings
    assert "Регионы-партнёры" in page.headings  # the page switch ran the other page


def test_cli_prints_the_table_and_counts_no_errors(server) -> None:
    url, _ = server
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "--sessions", "2", "--seconds", "8", url],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert lines[1].split() == ["action", "count", "p50", "ms", "p95", "ms", "max", "ms", "errors"]
    opened = next(line for line in lines if line.startswith("open"))
    assert opened.split()[1] == "2" and opened.split()[-1] == "0"


def test_refuses_a_remote_address() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "http://192.0.2.1:8501"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "this machine" in out.stderr


def test_rss_of_this_process() -> None:
    assert load.rss_mb(os.getpid()) > 10
    assert Path("/proc").exists()


def test_timeline_groups_actions_by_window_and_marks_rebuilds(capsys) -> None:
    stats = load.Stats()
    stats.finished = [(100.5, 0.2), (101.0, 0.4), (110.0, 1.0), (131.0, 3.0)]
    stats.marks = [(112.0, "rebuild 1 starts"), (118.0, "rebuild 1 ends")]
    load.print_timeline(stats, start=100.0, window=10.0)
    assert capsys.readouterr().out.splitlines() == [
        "timeline (10 s windows, by when an action ended):",
        "     0–10   s     2 actions  p50    300  p95    400 ms",
        "    10–20   s     1 actions  p50   1000  p95   1000 ms   (rebuild 1 starts at 12 s; rebuild 1 ends at 18 s)",
        "    30–40   s     1 actions  p50   3000  p95   3000 ms",
    ]


def test_cpu_seconds_of_this_process_grow_with_work() -> None:
    before = load.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    assert load.cpu_seconds(os.getpid()) - before >= 0.2
