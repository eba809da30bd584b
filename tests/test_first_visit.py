"""The server opens its own pages once before its health check says ready (ui.first_visit)."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import ui.guard
from tests.conftest import ROOT
from tests.test_guard import free_port, make_run, stop
from ui.first_visit import READY_AFTER_S, FirstVisit, page_paths, visit
from ui.guard import Guard


def test_page_paths_are_the_dashboards_pages_default_first():
    paths = page_paths()
    assert paths[0] == "overview"
    assert set(paths) == {p.stem for p in (ROOT / "pages").glob("*.py")} - {"upload"}


def _health(state: FirstVisit, monkeypatch: pytest.MonkeyPatch, path: str = "/_stcore/health") -> int:
    monkeypatch.setattr(ui.guard, "FIRST_VISIT", state)
    sent: list[dict] = []

    async def app(scope, receive, send):  # noqa: ANN001, ANN202 - an ASGI app
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(message):  # noqa: ANN001, ANN202
        sent.append(message)

    async def receive():  # noqa: ANN202
        return {"type": "http.request"}

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"host", b"localhost:8501")]}
    # in a thread of its own: an earlier test (Playwright's sync API) may leave this thread's loop running
    runner = threading.Thread(target=lambda: asyncio.run(Guard(app)(scope, receive, send)))
    runner.start()
    runner.join(10)
    return sent[0]["status"]


def test_health_answers_503_until_the_visit_has_ended(monkeypatch):
    state = FirstVisit()
    assert _health(state, monkeypatch) == 503
    assert _health(state, monkeypatch, "/_stcore/host-config") == 200  # only the health check waits
    state.done.set()
    assert _health(state, monkeypatch) == 200


def test_health_stops_waiting_after_the_time_limit(monkeypatch):
    state = FirstVisit()
    state.started -= READY_AFTER_S + 1
    assert _health(state, monkeypatch) == 200


@pytest.fixture(scope="module")
def db(tmp_path_factory, sample_db) -> Path:
    path = tmp_path_factory.mktemp("visit") / "coop.duckdb"
    shutil.copy(sample_db, path)
    return path


def test_visit_opens_every_page_of_a_running_server(db):
    port = free_port()
    proc = make_run(db, port, env={"COOP_FIRST_VISIT": "0"})
    try:
        state = FirstVisit()
        pages = visit("127.0.0.1", port, state=state)
    finally:
        stop(proc)
    assert state.done.is_set()
    assert list(pages) == ["(default)", *page_paths()[1:]]
    assert all(isinstance(v, float) and 0 < v < 60 for v in pages.values()), pages


def test_visit_of_a_server_that_never_opens_ends_and_says_so(monkeypatch):
    monkeypatch.setattr("ui.first_visit.READY_AFTER_S", 0.5)
    state = FirstVisit()
    pages = visit("127.0.0.1", free_port(), state=state)
    assert state.done.is_set() and pages == {"(server)": "the port did not open"}


def test_make_run_is_ready_only_after_the_visit(db):
    """`make run` answers 503 «warming up» first, then 200, and its pages were opened by then."""
    port = free_port()
    proc = make_run_early(db, port)
    try:
        codes = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and 200 not in codes:
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
                    codes.append(r.status)
            except urllib.error.HTTPError as exc:
                codes.append(exc.code)
            except OSError:
                pass  # not listening yet
            time.sleep(0.02)
    finally:
        stop(proc)
    assert 503 in codes and codes[-1] == 200
    assert codes.index(200) > codes.index(503)


def make_run_early(db: Path, port: int):  # noqa: ANN201 - a Popen
    """`make run` without waiting for it to be ready (tests.test_guard.make_run waits for the health check)."""
    import os
    import subprocess

    return subprocess.Popen(["make", "-s", "-o", ".venv/.installed", "run", f"PORT={port}", f"DB={db}"], cwd=ROOT,
                            env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
