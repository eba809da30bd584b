"""Real-browser fixtures: a throwaway database, the dashboard served by Streamlit, headless Chromium.

Everything is session-scoped (one server, one browser) so the whole e2e run stays well under two minutes.
Every request to a host other than 127.0.0.1/localhost is aborted and recorded in `outside_requests`:
the dashboard must work without internet (no CDN fonts, map tiles, telemetry).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analytics.stored_answers import STORED
from loaders.build import build

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = ROOT / "screenshots"


def _need_browser() -> None:
    """Skip (or fail in CI, REQUIRE_BROWSER=1) when Chromium or Playwright is not available."""
    problem = None
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        problem = f"{CHROMIUM} is not installed"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright (pip) is not installed"
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (REQUIRE_BROWSER=1) but {problem}", pytrace=False)
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_browser()
    db = tmp_path_factory.mktemp("e2e") / "coop.duckdb"
    results = build([ROOT / "data" / "reports"], db, stored=STORED)
    assert all(r.ok for r in results), [r.message for r in results]
    return db


@pytest.fixture(scope="session")
def app_url(e2e_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run dashboard.py` on a free port with COOP_DB → the throwaway database."""
    port = int(os.environ.get("E2E_PORT") or 0) or _free_port()  # a fixed port where ports are shared out
    log = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    env = {**os.environ, "COOP_DB": str(e2e_db), "PYTHONUNBUFFERED": "1"}
    python = ROOT / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "dashboard.py",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {url}:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def outside_requests() -> list[str]:
    """URLs the pages tried to load from anywhere but this machine (all aborted)."""
    return []


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                               args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def context(browser, outside_requests, local_failures):
    """One browser profile for the run (its HTTP cache saves reloading Streamlit's scripts); a page per test."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="ru-RU")
    ctx.set_default_timeout(30_000)

    def outside(url: str) -> bool:
        return urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS

    def guard(route):
        if outside(route.request.url):
            outside_requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def guard_ws(ws):
        outside_requests.append(ws.url)
        ws.close()

    def check_response(response):
        if response.status >= 400 and not outside(response.url):
            local_failures.append(f"{response.status} {response.url}")

    ctx.route("**/*", guard)
    ctx.route_web_socket(outside, guard_ws)
    ctx.on("response", check_response)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def local_failures() -> list[str]:
    """Requests to the dashboard itself that failed (404 on a static file such as the map's base layer).

    Tests of other servers (tests/e2e/test_access_browser.py opens an absent /upload page on purpose, which
    the frontend answers with 404 health probes) must not count: see `own_failures`."""
    return []


def own_failures(failures: list[str], base_url: str) -> list[str]:
    """The failed requests made to the server at `base_url` (the shared app of the browser tests)."""
    return [f for f in failures if f.split(" ", 1)[-1].startswith(base_url)]


@pytest.fixture()
def page(context):
    pg = context.new_page()
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
