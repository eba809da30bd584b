"""The upload preview, parsed in a separate process with a time and a memory limit.

A file can be small and still cost the parser gigabytes or minutes (a giant sheet dimension, stacked
merges). Parsed inside the dashboard's process, such a file takes the server down for everyone, before any
confirmation. Here the parse runs in a child process whose address space is
capped (RLIMIT_AS) and which is killed after a timeout: a file that needs more is refused with a reason.
The child is forked from a fork server that imported the parsers once, so a preview costs no start-up.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import resource
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from loaders.preview import Preview, preview_file

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY_MB = 2048  # address space of the child (imports alone take ~1 GB of it)


@dataclass
class Outcome:
    preview: Preview | None  # None: the parse was stopped
    stopped: str | None = None  # 'timeout' | 'memory' | 'crash'
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def limits() -> tuple[float, int]:
    """(seconds, megabytes): COOP_PREVIEW_TIMEOUT_S, COOP_PREVIEW_MEMORY_MB."""
    return (_env_number("COOP_PREVIEW_TIMEOUT_S", DEFAULT_TIMEOUT_S),
            int(_env_number("COOP_PREVIEW_MEMORY_MB", DEFAULT_MEMORY_MB)))


_context: multiprocessing.context.BaseContext | None = None
_context_lock = threading.Lock()


def _ctx() -> multiprocessing.context.BaseContext:
    """A fork server that has imported the parsers once: each preview is a fork of it (fast, and never a
    fork of the dashboard's own threads)."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["__main__", "loaders.isolated_warm"])  # __main__ once, not per child
            _context = ctx
        return _context


def preview_isolated(path: str | Path, db_path: str | Path | None, display_name: str,
                     timeout_s: float | None = None, memory_mb: int | None = None) -> Outcome:
    """preview_file in a child process; `Outcome.stopped` says why there is no preview."""
    default_s, default_mb = limits()
    timeout_s = default_s if timeout_s is None else timeout_s
    memory_mb = default_mb if memory_mb is None else memory_mb
    ctx = _ctx()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, str(path), str(db_path) if db_path else None, display_name,  # type: ignore[attr-defined]
                                             memory_mb), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(timeout_s):
            try:
                kind, value = receiver.recv()
            except (EOFError, OSError):  # died while sending, or before: see the exit code
                kind, value = "died", None
        else:
            kind, value = "timeout", None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if kind == "ok":
        return Outcome(value, None, timeout_s, memory_mb)
    if kind == "timeout":
        return Outcome(None, "timeout", timeout_s, memory_mb)
    # a native abort on a failed allocation (SIGABRT) or a MemoryError: out of the memory limit
    if kind == "memory" or child.exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return Outcome(None, "memory", timeout_s, memory_mb)
    return Outcome(None, "crash", timeout_s, memory_mb)


def _child(sender: Connection, path: str, db_path: str | None, name: str, memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit if hard == resource.RLIM_INFINITY else min(limit, hard)))
    try:
        result: tuple[str, Preview | None] = ("ok", preview_file(path, db_path, display_name=name))
    except MemoryError:
        result = ("memory", None)
    sender.send(result)
    sender.close()
