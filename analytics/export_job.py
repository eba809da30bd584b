"""Build one export file in a child process, one export at a time per server.

Rendering 100k rows keeps two cores busy for seconds. Inside the Streamlit process that work would compete
with every other session's reruns for the interpreter; in a child process (at a lower CPU priority) the
server thread only waits on a pipe. A semaphore lets EXPORT_WORKERS exports run at once (COOP_EXPORT_WORKERS,
default 1); later ones wait their turn (the page says so). A child that runs past EXPORT_TIMEOUT_S is killed.

    python -m analytics.export_job OUT_PATH   < request JSON   (exit 0 done, 3 over the row cap, 1 error)
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT_TIMEOUT_S = 300
EXIT_TOO_LARGE = 3
CHILD_MEMORY_LIMIT = "1GB"  # DuckDB's limit inside the child (spills to disk beyond it)
_LOG = logging.getLogger(__name__)


def _workers() -> int:
    try:
        return max(1, int(os.environ.get("COOP_EXPORT_WORKERS", "1")))
    except ValueError:
        return 1


_slots = threading.BoundedSemaphore(_workers())


class ExportFailed(RuntimeError):
    """The child could not build the file (details in the server log)."""


class ExportTimeout(ExportFailed):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"export ran past {seconds:.0f} s")
        self.seconds = seconds


@dataclass
class ExportRequest:
    db: str
    kind: str  # "csv" | "xlsx"
    filters: dict[str, object]  # asdict(Filters)
    lang: str = "ru"
    sep: str = ";"
    description: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, db: str | Path, kind: str, filters, **kwargs: object) -> ExportRequest:
        return cls(db=str(db), kind=kind, filters=asdict(filters), **kwargs)  # type: ignore[arg-type]


def build_in_child(req: ExportRequest, on_wait: Callable[[], None] | None = None,
                   timeout_s: float = EXPORT_TIMEOUT_S) -> bytes:
    """The file's bytes. Raises ExportTooLarge, ExportTimeout or ExportFailed."""
    from analytics.export import ExportTooLarge

    if not _slots.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        if not _slots.acquire(timeout=timeout_s):
            raise ExportTimeout(timeout_s)
    try:
        with tempfile.TemporaryDirectory(prefix="coop-export-") as tmp:
            out = Path(tmp) / f"export.{req.kind}"
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            proc = subprocess.Popen([sys.executable, "-m", "analytics.export_job", str(out)], cwd=ROOT, env=env,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                stdout, stderr = proc.communicate(json.dumps(asdict(req)).encode(), timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                raise ExportTimeout(timeout_s) from None
            if proc.returncode == EXIT_TOO_LARGE:
                info = json.loads(stdout)
                raise ExportTooLarge(int(info["rows"]), int(info["cap"]))
            if proc.returncode != 0 or not out.exists():
                _LOG.error("export child exited %s: %s", proc.returncode, stderr.decode(errors="replace")[-4000:])
                raise ExportFailed(f"export child exited {proc.returncode}")
            return out.read_bytes()
    finally:
        _slots.release()


def _filters(values: dict[str, object]):
    from analytics.filters import Filters

    return Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})  # type: ignore[arg-type]


def main(argv: list[str]) -> int:
    from analytics.export import ExportTooLarge, export_events
    from loaders.db.readonly import connect_readonly, cursor

    try:
        os.nice(5)  # interactive sessions first
    except OSError:
        pass
    req = ExportRequest(**json.loads(sys.stdin.buffer.read()))
    base = connect_readonly(req.db)
    conn = cursor(base)
    try:
        conn.execute(f"SET memory_limit = '{CHILD_MEMORY_LIMIT}'")
        export_events(conn, _filters(req.filters), req.kind, argv[0], lang=req.lang, sep=req.sep,
                      description=[tuple(d) for d in req.description])  # type: ignore[misc]
    except ExportTooLarge as e:
        print(json.dumps({"rows": e.rows, "cap": e.cap}))
        return EXIT_TOO_LARGE
    finally:
        conn.close()
        base.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
