"""The server's front door (an ASGI middleware added by serve.py, which `make run` starts).

- Host check: a request (page, static file, websocket) whose `Host` header is not an allowed name is refused
  with 403 (websocket: closed before the handshake). This stops DNS rebinding: a web page on `evil.example`
  that re-points its name at 127.0.0.1 sends `Host: evil.example`, which is not on the list. Allowed names:
  the localhost names, plus `COOP_ALLOWED_HOSTS` (comma-separated, e.g. `dash.example.org,10.0.0.5`).
- Upload gate: Streamlit accepts a file PUT (`/_stcore/upload_file/<session>/<file>`) from any session. Here a
  PUT is refused (403) unless the dashboard script marked that session as one that may upload
  (`allow_uploads`, called by dashboard.py on every run), and a session may stage at most `MAX_STAGED_FILES`
  files and `COOP_MAX_STAGED_MB` megabytes at once (413), counting uploads still in flight.

The state is per process (the sessions of this server), guarded by a lock: the script thread writes it, the
server's event loop reads it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ui.first_visit import FIRST_VISIT

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_STAGED_FILES = 20  # the upload page refuses more than this anyway
DEFAULT_MAX_STAGED_MB = 60
UPLOAD_PATH = re.compile(r"^/_stcore/upload_file/(?P<session>[^/]+)/(?P<file>[^/]+)$")
HEALTH_PATH = "/_stcore/health"  # answers 503 until the first visit of the pages has ended (ui.first_visit)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_upload_sessions: set[str] = set()
_in_flight: dict[str, int] = {}  # session → bytes of PUTs being received


def allowed_hosts() -> frozenset[str]:
    extra = os.environ.get("COOP_ALLOWED_HOSTS", "")
    return LOCAL_HOSTS | {h.strip().lower().strip("[]") for h in extra.split(",") if h.strip()}


def host_name(header: str) -> str:
    """`Host` header → the bare name: port and IPv6 brackets dropped, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def host_allowed(header: str | None, allowed: frozenset[str] | None = None) -> bool:
    return bool(header) and host_name(header) in (allowed if allowed is not None else allowed_hosts())


def allow_uploads(session_id: str, allowed: bool) -> None:
    """Called by the dashboard script on every run: may this session PUT files?"""
    with _lock:
        if allowed:
            _upload_sessions.add(session_id)
        else:
            _upload_sessions.discard(session_id)


def may_upload(session_id: str) -> bool:
    with _lock:
        return session_id in _upload_sessions


def max_staged_bytes() -> int:
    try:
        mb = float(os.environ.get("COOP_MAX_STAGED_MB", DEFAULT_MAX_STAGED_MB))
    except ValueError:
        mb = DEFAULT_MAX_STAGED_MB
    return int(mb * 1024 * 1024)


def _staged(session_id: str) -> tuple[int, int]:
    """(files, bytes) the session holds in Streamlit's upload manager."""
    try:
        from streamlit.runtime import Runtime

        storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", {})
        files = list(storage.get(session_id, {}).values())
    except Exception:  # no runtime (tests of the middleware alone)
        return 0, 0
    return len(files), sum(len(f.data) for f in files)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})  # before accept: uvicorn answers HTTP 403
        return
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: Host allowlist for every request, the upload gate for file PUTs."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if not host_allowed(host):
            _log.warning("refused a request for Host %r (allowed: %s; set COOP_ALLOWED_HOSTS)", host,
                         ", ".join(sorted(allowed_hosts())))
            await _refuse(scope, send, 403, "Host not allowed / недопустимое имя сервера\n")
            return
        if scope["type"] == "http" and scope.get("path", "").endswith(HEALTH_PATH) and not FIRST_VISIT.ready():
            await _refuse(scope, send, 503, "warming up / сервер готовится\n")  # ui.first_visit
            return
        match = UPLOAD_PATH.match(scope.get("path", ""))
        if scope["type"] == "http" and scope.get("method") == "PUT" and match:
            await self._upload(match["session"], scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _upload(self, session_id: str, scope: Scope, receive: Receive, send: Send) -> None:
        if not may_upload(session_id):
            await _refuse(scope, send, 403, "Uploads are not allowed for this session / загрузка не разрешена\n")
            return
        try:
            size = int(_header(scope, b"content-length") or "")
        except ValueError:
            await _refuse(scope, send, 411, "Content-Length required\n")
            return
        files, staged = _staged(session_id)
        with _lock:
            pending = _in_flight.get(session_id, 0)
            if files >= MAX_STAGED_FILES or staged + pending + size > max_staged_bytes():
                refused = True
            else:
                refused = False
                _in_flight[session_id] = pending + size
        if refused:
            await _refuse(scope, send, 413, "Too much staged for this session / слишком много файлов\n")
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with _lock:
                left = _in_flight.get(session_id, 0) - size
                if left > 0:
                    _in_flight[session_id] = left
                else:
                    _in_flight.pop(session_id, None)
