"""`make run` as an attacker on the network or a web page would meet it (issue 12 §1, §4).

The server is started exactly as `make run` starts it (the Makefile's `run` target, on a throwaway
database), and spoken to with raw HTTP, so the checks are the server's, not a page's:
- it listens on 127.0.0.1 only;
- a request or a websocket whose Host is not an allowed name is refused (DNS rebinding);
- a file PUT from a session that may not upload is refused, and one session cannot stage without bound.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from ui.guard import host_allowed, host_name

WS_KEY = "dGhlIHNhbXBsZSBub25jZQ=="


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw(port: int, request: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send one raw HTTP request to 127.0.0.1:port; (status, response bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode("latin-1") + body)
        data = b""
        while b"\r\n\r\n" not in data or (not data.startswith(b"HTTP/1.1 101") and len(data) < 64):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.settimeout(1)
        try:
            while not data.startswith(b"HTTP/1.1 101"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
    return int(data.split(b" ", 2)[1]), data


def get(port: int, path: str, host: str) -> int:
    return raw(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")[0]


def websocket(port: int, host: str, origin: str) -> int:
    return raw(port, f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {WS_KEY}\r\nSec-WebSocket-Version: 13\r\n"
                     f"Sec-WebSocket-Protocol: streamlit\r\n\r\n")[0]


def make_run(db: Path, port: int, host: str | None = None, env: dict | None = None) -> subprocess.Popen:
    """`make run PORT=… DB=…` (the venv counts as installed: never reinstall from a test)."""
    cmd = ["make", "-s", "-o", ".venv/.installed", "run", f"PORT={port}", f"DB={db}"]
    if host:
        cmd.append(f"HOST={host}")
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    pytest.fail("make run did not answer")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


@pytest.fixture(scope="module")
def db(tmp_path_factory, sample_db) -> Path:
    path = tmp_path_factory.mktemp("guard") / "coop.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture(scope="module")
def served(db):
    port = free_port()
    proc = make_run(db, port, env={"COOP_MAX_STAGED_MB": "1"})
    yield port
    stop(proc)


def listening(port: int) -> set[str]:
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return {line.split()[3].rsplit(":", 1)[0] for line in out.splitlines() if line.strip()}


def test_make_run_listens_on_loopback_only(served):
    assert listening(served) == {"127.0.0.1"}


def test_host_header_must_be_an_allowed_name(served):
    assert get(served, "/_stcore/health", f"localhost:{served}") == 200
    assert get(served, "/_stcore/health", f"127.0.0.1:{served}") == 200
    assert get(served, "/", "evil.example") == 403
    assert get(served, "/_stcore/health", f"evil.example:{served}") == 403
    assert get(served, "/app/static/topojson/world_110m.json", "evil.example") == 403


def test_websocket_with_a_foreign_host_is_refused(served):
    """DNS rebinding: the page on evil.example now resolves to 127.0.0.1; its Origin matches its Host."""
    assert websocket(served, f"localhost:{served}", f"http://localhost:{served}") == 101
    assert websocket(served, f"evil.example:{served}", f"http://evil.example:{served}") == 403
    assert websocket(served, "evil.example", "http://evil.example") == 403


def test_host_names():
    allowed = frozenset({"localhost", "127.0.0.1", "::1", "dash.example.org"})
    assert host_name("LocalHost:8501") == "localhost" and host_name("[::1]:8501") == "::1"
    assert host_allowed("dash.example.org", allowed) and host_allowed("[::1]:80", allowed)
    assert not host_allowed("dash.example.org.evil.example", allowed)
    assert not host_allowed("", allowed) and not host_allowed(None, allowed)


def test_allowed_hosts_from_the_environment(monkeypatch):
    monkeypatch.setenv("COOP_ALLOWED_HOSTS", " Dash.Example.org , 10.0.0.5")
    assert host_allowed("dash.example.org:8501") and host_allowed("10.0.0.5") and host_allowed("localhost")
    assert not host_allowed("evil.example")


# --- file PUTs ------------------------------------------------------------------------------------------

def session(port: int) -> str:
    """Open a real Streamlit session over the websocket (as the browser does); its id once the script ran."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    ws = connect(  # kept open for the module: the session lives as long as its websocket
        f"ws://localhost:{port}/_stcore/stream", subprotocols=["streamlit"],
        additional_headers={"Origin": f"http://localhost:{port}"}, max_size=None)
    back = BackMsg()
    back.rerun_script.query_string = ""
    ws.send(back.SerializeToString())
    session_id, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = ForwardMsg()
        msg.ParseFromString(ws.recv(timeout=30))
        if msg.WhichOneof("type") == "new_session":
            session_id = msg.new_session.initialize.session_id
        if msg.WhichOneof("type") == "script_finished" and session_id:
            _open_sockets.append(ws)
            return session_id
    pytest.fail("no session")


_open_sockets: list = []


def put(port: int, session_id: str, size: int, file_id: str = "f1") -> tuple[int, bytes]:
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    token = generate_xsrf_token_string()
    boundary = "----coopboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.xlsx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    head = (f"PUT /_stcore/upload_file/{session_id}/{file_id} HTTP/1.1\r\nHost: localhost:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
            f"X-Xsrftoken: {token}\r\nCookie: _streamlit_xsrf={token}\r\nConnection: close\r\n\r\n")
    return raw(port, head, body)


def test_puts_of_a_session_that_may_upload_are_bounded(served):
    sid = session(served)
    assert put(served, sid, 400_000, "a")[0] == 204
    assert put(served, sid, 400_000, "b")[0] == 204
    status, answer = put(served, sid, 400_000, "c")  # over COOP_MAX_STAGED_MB=1 for this session
    assert status == 413 and "слишком много".encode() in answer
    other = session(served)
    assert put(served, other, 400_000, "a")[0] == 204  # the bound is per session


def test_put_for_an_unknown_session_is_refused_before_reading(served):
    status, answer = put(served, "not-a-session", 1000)
    assert status == 403 and "загрузка не разрешена".encode() in answer


def test_puts_refused_on_a_network_bind_without_login(db):
    """HOST=0.0.0.0 without [auth]: nobody may upload, so the server refuses every file PUT."""
    port = free_port()
    proc = make_run(db, port, host="0.0.0.0")
    try:
        assert listening(port) == {"0.0.0.0"}
        sid = session(port)
        status, answer = put(port, sid, 1000)
        assert status == 403 and "загрузка не разрешена".encode() in answer
    finally:
        stop(proc)
