"""The server's first visit to its own pages, before it reports itself ready.

A freshly started server has no answer cached: the first sessions to open each page compute them while
the others wait (bench/load.py, 20 sessions opening at once at 1M events: the first 15 s had a p95 of 4.2 s,
every later window under 2 s). So `serve.py` starts `visit_in_background()`: a thread that opens every page
of the dashboard once, with no filter, over Streamlit's own websocket, exactly as a browser tab does, so the
answers and first-use costs are paid before anyone waits for them. Until the visit has ended (or
READY_AFTER_S has passed, whatever it found), the health check answers 503 «warming up» (`ui.guard`): a
browser's page waits on it, as does a load balancer or bench/load.py. A page that fails on the visit is
logged; the server is ready all the same.

The visit goes to the server's own loopback port; it sees what an anonymous visitor sees (with [auth]
configured that is the login page, so nothing is warmed).
"""

from __future__ import annotations

import ast
import logging
import os
import threading
import time
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
READY_AFTER_S = 120.0  # the longest the health check waits for the visit
PAGE_TIMEOUT_S = 60.0
_log = logging.getLogger(__name__)


def page_paths(root: Path = ROOT) -> list[str]:
    """The url paths of dashboard.py's PAGES (read from its source: importing it would run the app)."""
    tree = ast.parse((root / "dashboard.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets):
            return [url for _file, _key, url in ast.literal_eval(node.value)]
    raise ValueError("dashboard.py has no PAGES list")


class FirstVisit:
    """Whether the visit has ended, and what it found."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.started = time.monotonic()
        self.pages: dict[str, float | str] = {}  # url path → seconds, or the problem

    def ready(self) -> bool:
        return self.done.is_set() or time.monotonic() - self.started > READY_AFTER_S


FIRST_VISIT = FirstVisit()
FIRST_VISIT.done.set()  # a process that never starts the visit (tests, AppTest) is ready


def open_page(ws_url: str, page: str, timeout_s: float = PAGE_TIMEOUT_S) -> float:
    """Open one page in a new session and wait for its script to finish; seconds taken. Raises on an error
    the page showed, a closed connection or a timeout."""
    from websockets.sync.client import connect

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page
    t0 = time.monotonic()
    with connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s) as ws:  # type: ignore[list-item]
        ws.send(msg.SerializeToString())
        while True:
            raw = ws.recv(timeout=max(0.1, timeout_s - (time.monotonic() - t0)))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError(fwd.delta.new_element.exception.message)
            if kind == "script_finished":
                return time.monotonic() - t0


def _wait_for_port(host: str, port: int, deadline: float) -> bool:
    import socket

    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def visit(host: str, port: int, base_path: str = "", pages: list[str] | None = None,
          state: FirstVisit = FIRST_VISIT) -> dict[str, float | str]:
    """Open every page once (the default page first); each page's seconds or problem."""
    try:
        deadline = state.started + READY_AFTER_S
        if not _wait_for_port(host, port, deadline):
            state.pages["(server)"] = "the port did not open"
            return state.pages
        prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
        ws_url = f"ws://{host}:{port}{prefix}/_stcore/stream"
        for page in ["", *(pages if pages is not None else page_paths())[1:]]:
            try:
                state.pages[page or "(default)"] = round(open_page(ws_url, page,
                                                                   max(1.0, deadline - time.monotonic())), 3)
            except Exception as exc:  # noqa: BLE001 - a warm-up never stops the server; the log says what
                state.pages[page or "(default)"] = f"{type(exc).__name__}: {exc}"[:200]
                _log.warning("first visit of page %r failed: %s", page, exc)
            if time.monotonic() > deadline:
                break
        _log.info("first visit of the pages: %s", state.pages)
        return state.pages
    finally:
        state.done.set()


def visit_in_background(state: FirstVisit = FIRST_VISIT) -> threading.Thread | None:
    """Start the visit (serve.py) on the port Streamlit was told to serve; None when COOP_FIRST_VISIT=0."""
    if os.environ.get("COOP_FIRST_VISIT", "1") == "0":
        return None
    import streamlit as st

    address = str(st.get_option("server.address") or "127.0.0.1")
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::", "localhost") else address  # noqa: S104 - a bind, not a listen
    port = int(st.get_option("server.port"))
    base = str(st.get_option("server.baseUrlPath") or "")
    state.done.clear()
    state.started = time.monotonic()
    thread = threading.Thread(target=visit, args=(host, port, base), kwargs={"state": state},
                              name="coop-first-visit", daemon=True)
    thread.start()
    return thread
