"""deploy/cluster.py: nginx in front of replicas, websocket upgrade, sticky sessions, one shared database."""

from __future__ import annotations

import asyncio
import random
import shutil
import signal
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

pytestmark = pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
                                reason="nginx is not installed (apt-get install -y nginx)")


def _free_block(n: int) -> int:
    """A base port with base..base+n free."""
    for _ in range(50):
        base = random.randint(20000, 60000)
        try:
            socks = []
            for p in range(base, base + n + 1):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


def established(port: int) -> int:
    """Established TCP connections whose local port is `port` (from /proc/net/tcp)."""
    n = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "01" and int(local.split(":")[1], 16) == port:
            n += 1
    return n


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    from loaders.build import build

    db = tmp_path_factory.mktemp("cluster") / "coop.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports"], db))
    base = _free_block(2)
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "cluster.py"), "--replicas", "2", "--port",
                             str(base), "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{base}/_stcore/health", timeout=2)
            break
        except OSError:
            assert proc.poll() is None, "cluster.py exited"
            time.sleep(0.5)
    yield base, db
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)


def test_sessions_through_nginx_are_sticky_and_spread(cluster) -> None:
    base, _ = cluster
    url = f"http://127.0.0.1:{base}"

    async def scenario() -> tuple[list[load.Run], list[int]]:
        sessions = [load.Session(url, random.Random(i)) for i in range(8)]
        for s in sessions:
            await s.connect()
        try:
            runs = [await s.rerun() for s in sessions]
            counts = [established(base + 1), established(base + 2)]
            s = sessions[0]
            w = s.widget("f_regions")
            assert s.set_strings("f_regions", [next(o for o in w.options if "Москва" in o)])
            runs.append(await s.rerun())  # a second rerun on the same websocket: same replica, same session
            return runs, counts
        finally:
            for s in sessions:
                await s.close()

    runs, counts = run_async(scenario())
    assert all(r.ok for r in runs), [r.problem for r in runs]
    assert [r.metrics["Мероприятий"] for r in runs[:8]] == ["86"] * 8
    assert runs[8].metrics["Мероприятий"] == "23"
    assert sum(counts) == 8 and min(counts) >= 1, counts  # 8 route cookies land on both replicas


def test_the_first_response_sets_the_route_cookie(cluster) -> None:
    base, _ = cluster
    with urllib.request.urlopen(f"http://127.0.0.1:{base}/") as resp:
        cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("coop_route=") and "HttpOnly" in cookie


def test_every_replica_follows_a_rebuild(cluster, tmp_path: Path) -> None:
    from loaders.build import build
    from tests.builders import DEPT_A, EVENTS_A, HEADER, write_xlsx

    base, db = cluster
    url = f"http://127.0.0.1:{base}"
    extra = write_xlsx(tmp_path / "extra.xlsx", [HEADER, DEPT_A, *EVENTS_A],
                       title=["Отчет о мероприятиях в рамках соглашений о сотрудничестве", "в III квартале 2021 года"])

    async def totals() -> list[str]:
        sessions = [load.Session(url, random.Random(100 + i)) for i in range(6)]
        out = []
        for s in sessions:
            await s.connect()
        try:
            for s in sessions:
                run = await s.rerun()
                assert run.ok, run.problem
                out.append(run.metrics["Мероприятий"])
        finally:
            for s in sessions:
                await s.close()
        return out

    before = run_async(totals())
    assert all(r.ok for r in build([extra], db))  # publishes a new file by rename, as the loader always does
    after = run_async(totals())
    assert before == ["86"] * 6 and after == ["88"] * 6
