"""A page's independent queries started side by side, before the page asks for them one by one.

A page script runs its queries in order, each waiting for the one before (Обзор at 1M events and one
region: eight queries, ~455 ms one after the other). DuckDB releases the GIL while it runs a query, so
the page hands its list to `ui.data.prefetch` first: each query starts on a worker thread of one pool
(as many threads as cores), its answer lands in the shared cache (`ui.data._cached`), and when the page
reaches that query it waits for the computation under way instead of starting another (~288 ms; bench/run.py,
"filtered", and docs/performance.md, session 9).

This module only keeps the computations of each session's current run: `new_run` (ui.page.start) drops
the previous run's, cancelling those not yet begun; `start` adds a page's; `claim` hands one back. A claimed computation that has not begun is
cancelled and the caller computes it itself: under load the pool's queue is long, and a page never waits in
it for what it can do at once. What a computation raised, `claim` raises in the page's thread, where
`ui.data.query` turns it into a plain message as it does for its own errors.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def _workers() -> int:
    """COOP_PREFETCH_WORKERS (default: the cores); 0 turns running ahead off. Queries side by side cost memory:
    at 1M events the dashboard's peak was 421 MB without, 458–505 MB with (docs/performance.md, session 9)."""
    try:
        return max(0, int(os.environ.get("COOP_PREFETCH_WORKERS", os.cpu_count() or 2)))
    except ValueError:
        return os.cpu_count() or 2


WORKERS = _workers()
MAX_SESSIONS = 1_000  # sessions whose last run left computations unclaimed (a page that stopped early)
_pool = ThreadPoolExecutor(max_workers=max(WORKERS, 1), thread_name_prefix="coop-prefetch")
_lock = threading.Lock()
_runs: dict[str, dict[Hashable, Future]] = {}  # session id → its current run's computations


def _session() -> str | None:
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def new_run() -> None:
    """A page run begins (ui.page.start): the previous run's computations not yet begun are cancelled
    (nobody will wait for them), and nothing of it is kept."""
    session = _session()
    if session is not None:
        forget(session)


def start(jobs: dict[Hashable, Callable[[], Any]]) -> int:
    """Start `jobs` (key → computation) for the calling session's current run. Returns how many were
    started (0 outside a session: nothing runs ahead)."""
    session = _session()
    if session is None or WORKERS == 0:
        return 0
    futures = {key: _pool.submit(job) for key, job in jobs.items()}
    dropped: list[Future] = []
    with _lock:
        _runs[session] = {**_runs.pop(session, {}), **futures}
        while len(_runs) > MAX_SESSIONS:  # the oldest first (a dict keeps its insertion order)
            dropped += _runs.pop(next(iter(_runs))).values()
    for future in dropped:
        future.cancel()
    return len(futures)


def claim(key: Hashable) -> None:
    """Wait for the computation of `key` started ahead for this session, if it has begun (raising what it
    raised); one not yet begun is cancelled, and one never started is nothing to wait for."""
    session = _session()
    if session is None:
        return
    with _lock:
        run = _runs.get(session)
        future = run.pop(key, None) if run else None
        if run is not None and not run:
            del _runs[session]  # every computation claimed: nothing of this session is kept
    if future is not None and not future.cancel():
        future.result()


def forget(session: str) -> None:
    """Drop a session's computations (a closed session; tests)."""
    with _lock:
        futures = _runs.pop(session, {})
    for future in futures.values():
        future.cancel()


def pending(session: str) -> int:
    """How many computations the session has not claimed (tests)."""
    with _lock:
        return len(_runs.get(session, {}))
