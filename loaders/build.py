"""Load report files into the database file, atomically.

Every build works on a copy of the database next to the real file, then renames
the copy over it: readers (the dashboard) never see a half-written state, and a
failed or killed build leaves the previous database as it was. A lock file
serialises writers. The database a build replaces is kept as `<db>.prev` (one step of undo:
`undo`). A database path that is a symlink is followed: the real file is locked and replaced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loaders.db.insert import insert_records
from loaders.db.readonly import connect_readonly
from loaders.db.rows import Upload
from loaders.db.store import SCHEMA_VERSION, WriteResult, ensure_schema, find_previous, write_report, write_reports
from loaders.db.store import hints as db_hints
from loaders.db.stored import StoredAnswers
from loaders.derive import search_index
from loaders.derive.agreements import rebuild_agreements
from loaders.derive.duplicates import link_duplicates
from loaders.errors import LoadError, one_line
from loaders.parse import Hints, Parsed, parse_file
from loaders.read import REPORT_SUFFIXES
from loaders.table.health import warning_text
from loaders.workers import die_with_parent

PARALLEL_MIN_FILES = 8  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
WORKER_DIED = ("процесс чтения файла аварийно завершился (файл повреждён или устроен так, что читающая "
               "библиотека падает) — файл отклонён, остальные файлы загружены")
BATCH_EVENTS = 5_000  # parsed reports are written in batches of about this many events (while workers parse on)


class BuildLocked(Exception):
    """Another process is writing the database."""


class NothingToUndo(Exception):
    """There is no `<db>.prev` to go back to."""


def real_path(db_path: str | Path) -> Path:
    """The file a database path stands for: symlinks followed, so the real file is locked and replaced."""
    return Path(os.path.realpath(db_path))


def prev_path(db_path: str | Path) -> Path:
    db = real_path(db_path)
    return db.with_name(db.name + ".prev")


def default_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


@dataclass
class FileResult:
    path: Path
    ok: bool
    message: str  # a one-line summary or the reason it failed
    events: int = 0
    rejects: int = 0
    status: str = ""  # 'new' | 'unchanged' | 'corrected'
    report_id: int | None = None  # the id it was written under
    broken_twin_roots: tuple[int, ...] = ()  # twin groups it broke by replacing a report (see WriteResult)


# In a folder, files of these kinds are loaded too, so that each is refused with its reason (a report saved as
# PDF, scanned, or exported as CSV is a report that did not load, never one skipped in silence)
REFUSED_IN_FOLDERS = frozenset({".pdf", ".csv", ".tsv", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic"})


@dataclass(frozen=True)
class Expanded:
    files: list[Path]  # what a build loads
    skipped: list[Path]  # other files found in the folders (the CLI names each one)


def expand(paths: Iterable[str | Path]) -> Expanded:
    """Files as given; folders → every report file in them (sorted; Office lock files and hidden files left
    out), and the other files found there."""
    files: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        for p in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(("~$", "."))):
            suffix = p.suffix.lower()
            (files if suffix in REPORT_SUFFIXES or suffix in REFUSED_IN_FOLDERS else skipped).append(p)
    return Expanded(files, skipped)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files a build of `paths` loads (see `expand`)."""
    return expand(paths).files


@contextlib.contextmanager
def write_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildLocked(f"{db_path.name}: идёт другая загрузка, повторите позже") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _result(path: Path, future: Future) -> Parsed | FileResult:
    """A worker's answer: the file parsed, or the LoadError it raised as a failed FileResult (a broken pool
    raises BrokenProcessPool)."""
    try:
        return future.result()
    except LoadError as exc:
        return FileResult(path, False, str(exc))


def _parsed(files: list[Path], hints: Hints) -> Iterator[tuple[Path, Parsed | FileResult]]:
    """Files parsed in order; on several cores, by a pool of worker processes (writes stay in this one)."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) >= PARALLEL_MIN_FILES and workers > 1:
        yield from _parsed_in_pool(files, hints, workers)
        return
    for path in files:
        parsed: Parsed | FileResult
        try:
            parsed = parse_file(path, hints)
        except LoadError as exc:
            parsed = FileResult(path, False, str(exc))
        yield path, parsed


def _parsed_in_pool(files: list[Path], hints: Hints, workers: int) -> Iterator[tuple[Path, Parsed | FileResult]]:
    """Parse in a pool of worker processes. A worker that dies (a native crash: SIGABRT, out of memory)
    breaks the whole pool; then every file not yet parsed is parsed again in a process of its own, so
    only the file that kills its process is refused and every other file still loads."""
    ctx = multiprocessing.get_context("spawn")  # no fork of a process holding a database open
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=die_with_parent,
                               initargs=(os.getpid(),))
    done = 0
    try:
        futures = [pool.submit(parse_file, path, hints) for path in files]
        for path, future in zip(files, futures):
            try:
                parsed = _result(path, future)
            except BrokenProcessPool:
                break
            done += 1
            yield path, parsed
    finally:
        # every file parsed: the workers exit (seconds under load) while this process writes on
        pool.shutdown(wait=done < len(files))
    if done == len(files):
        return
    rest = list(zip(files[done:], futures[done:]))
    unfinished = [path for path, f in rest if not _finished(f)]
    isolated = _parsed_isolated(unfinished, hints, workers, ctx)
    for path, future in rest:
        yield (path, _result(path, future)) if _finished(future) else next(isolated)


def _finished(future: Future) -> bool:
    """The worker answered: a parsed file or a LoadError (not a pool broken under it)."""
    return future.done() and not future.cancelled() and (
        future.exception() is None or isinstance(future.exception(), LoadError))


def _parsed_isolated(files: list[Path], hints: Hints, workers: int, ctx
                     ) -> Iterator[tuple[Path, Parsed | FileResult]]:
    """Each file in a one-process pool of its own (up to `workers` at a time), in order."""
    running: deque[tuple[Path, ProcessPoolExecutor, Future]] = deque()
    queue = iter(files)

    def start() -> None:
        path = next(queue, None)
        if path is not None:
            executor = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
            running.append((path, executor, executor.submit(parse_file, path, hints)))

    for _ in range(workers):
        start()
    while running:
        path, executor, future = running.popleft()
        try:
            result = _result(path, future)
        except BrokenProcessPool:
            result = FileResult(path, False, f"{path.name}: {WORKER_DIED}")
        executor.shutdown(wait=True)
        start()
        yield path, result


def _ok(path: Path, result: WriteResult, before: int | None = None) -> FileResult:
    """`before`: the events of the report(s) a corrected version replaced, as the database held them."""
    was = f", в котором было мероприятий: {before}" if before is not None else ""
    note = {"new": "", "unchanged": " (тот же файл уже был загружен: заменён)",
            "corrected": f" (исправленная версия отчёта: заменяет {result.replaced_file}{was})"}[result.status]
    message = f"{path.name}: {result.events} мероприятий, {result.rejects} отклонённых строк{note}"
    return FileResult(path, True, message, result.events, result.rejects, result.status, result.report_id,
                      result.broken_twin_roots)


def _write_one(conn: duckdb.DuckDBPyConnection, path: Path, report: Parsed, before: int | None = None) -> FileResult:
    conn.execute("BEGIN TRANSACTION")
    try:
        result = write_report(conn, report)
        conn.execute("COMMIT")
    except Exception as exc:
        conn.execute("ROLLBACK")
        return FileResult(path, False, f"{path.name}: не удалось записать в базу ({one_line(f'{type(exc).__name__}: {exc}')})")
    return _ok(path, result, before)


def _write_batch(conn: duckdb.DuckDBPyConnection, batch: list[tuple[Path, Parsed, int | None]]) -> list[FileResult]:
    """Write parsed reports (each with the events of what it replaces) with one insert per table; if that
    fails, one by one, so the failing file is named and the others still load."""
    conn.execute("BEGIN TRANSACTION")
    try:
        written = write_reports(conn, [rows for _, rows, _ in batch])
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        return [_write_one(conn, path, rows, before) for path, rows, before in batch]
    return [_ok(path, result, before) for (path, _, before), result in zip(batch, written)]


@dataclass
class _Replacing:
    """What a parsed file would replace in the database (for the refusal rule and the uploads log)."""

    sha256: str
    files: str | None
    events_before: int | None


def _replacing(conn: duckdb.DuckDBPyConnection, rows: Parsed) -> _Replacing:
    previous = find_previous(conn, rows)
    if not previous:
        return _Replacing(rows.detected.sha256, None, None)
    before = conn.execute("SELECT count(*) FROM events WHERE report_id IN (SELECT unnest(?))",
                          [[rid for rid, _, _ in previous]]).fetchall()[0][0]
    return _Replacing(rows.detected.sha256, ", ".join(sorted({f for _, f, _ in previous})), before)


def _refusal(path: Path, rows: Parsed, replacing: _Replacing, strict: bool = False) -> FileResult | None:
    """A file that is not loaded although it was read: one with no events never replaces a loaded report that
    has events (it would wipe it silently); nor does a doubtful one (a health warning) with fewer than half
    the events of the report it would replace (a table that only shares the report's title and period: a
    phone list headed like the quarter's report). `strict`: no doubtful file is loaded at all."""
    before = replacing.events_before
    if not rows.events and before:
        return FileResult(path, False, f"{path.name}: в файле нет мероприятий — он не заменяет загруженный отчёт "
                                       f"«{replacing.files}» (мероприятий в нём: {before})")
    health = rows.detected.health
    doubt = warning_text(health) if health is not None else None
    if doubt and before and len(rows.events) < before / 2:
        return FileResult(path, False, f"{path.name}: не заменяет загруженный отчёт «{replacing.files}» с тем же "
                                       f"заголовком и периодом (мероприятий в нём: {before}, в файле: "
                                       f"{len(rows.events)}), потому что распознан неуверенно — {doubt}")
    if doubt and strict:
        return FileResult(path, False, f"{path.name}: не загружен (--strict) — {doubt}")
    return None


def _load(
    conn: duckdb.DuckDBPyConnection, files: list[Path], hints: Hints,
    on_file: Callable[[Path], None] | None, replacing: dict[int, _Replacing] | None = None, strict: bool = False,
) -> tuple[list[FileResult], dict]:
    """Parse and write every file, in order; returns a result per file and the agreement cells the
    parsers split (so rebuild_agreements need not parse them again). `replacing` receives, per file index,
    what the file replaced."""
    results: list[FileResult | None] = [None] * len(files)
    batch: list[tuple[int, Path, Parsed]] = []
    known_parts: dict = {}
    replacing = {} if replacing is None else replacing

    def flush() -> None:
        for (i, _, _), result in zip(batch, _write_batch(conn, [(p, rows, replacing[i].events_before)
                                                                for i, p, rows in batch])):
            results[i] = result
        batch.clear()

    for i, (path, parsed) in enumerate(_parsed(files, hints)):
        if on_file:
            on_file(path)
        if isinstance(parsed, FileResult):
            results[i] = parsed
            continue
        replacing[i] = _replacing(conn, parsed)  # as in the database before this build (not its own batch)
        refused = _refusal(path, parsed, replacing[i], strict)
        if refused:
            results[i] = refused
            continue
        batch.append((i, path, parsed))
        home = parsed.detected.home_region_code
        known_parts.update({(cell, home): parts for cell, parts in parsed.agreement_parts.items()})
        if sum(len(rows.events) for _, _, rows in batch) >= BATCH_EVENTS:
            flush()
    if batch:
        flush()
    return [r for r in results if r is not None], known_parts


@dataclass
class _Copy:
    conn: duckdb.DuckDBPyConnection
    keep: bool = True  # False: drop the copy, leave the database file untouched


def _keep_previous(db_path: Path) -> None:
    """`<db>.prev` := the current database (a hard link: no copy; the rename that follows keeps it intact)."""
    if not db_path.exists():
        return
    prev = prev_path(db_path)
    staging = prev.with_name(f".{prev.name}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    try:
        os.link(db_path, staging)
    except OSError:
        shutil.copy2(db_path, staging)
    os.replace(staging, prev)


@contextlib.contextmanager
def _working_copy(db_path: Path, keep_previous: bool = False) -> Iterator[_Copy]:
    """A connection to a copy of `db_path`, its schema brought up to date; when the block ends without
    an error the copy is checkpointed and renamed over `db_path` (unless `keep` was set to False), the
    replaced file kept as `<db>.prev` when `keep_previous`."""
    db_path = real_path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with write_lock(db_path):
        for stale in db_path.parent.glob(f".{db_path.name}.*.tmp*"):
            stale.unlink(missing_ok=True)  # left by a killed build (we hold the lock: nobody else writes)
        tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
        try:
            if db_path.exists():
                shutil.copy2(db_path, tmp)
            conn = duckdb.connect(str(tmp))
            conn.execute("SET enable_progress_bar = false")  # long link queries at scale: no bar in our output
            copy = _Copy(conn)
            try:
                ensure_schema(conn)
                yield copy
                if copy.keep:
                    conn.execute("CHECKPOINT")
            finally:
                conn.close()
            if copy.keep:
                if keep_previous:
                    _keep_previous(db_path)
                os.replace(tmp, db_path)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    on_file: Callable[[Path], None] | None = None,
    uploaded_by: str | None = None,
    stored: StoredAnswers | None = None,
    strict: bool = False,
) -> list[FileResult]:
    """Load every file into `db_path` (created if missing), each load logged in `uploads` as done by
    `uploaded_by` (default `cli:<os user>`); the replaced database is kept as `<db>.prev`. `stored` (the
    dashboard's stored answers, given by the caller) is refreshed at the end; without it the database has
    none (its readers answer live). `strict`: a report with a health warning is refused, not loaded.
    Raises BuildLocked."""
    db_path = real_path(db_path)
    files = expand_paths(paths)
    replacing: dict[int, _Replacing] = {}
    with _working_copy(db_path, keep_previous=True) as copy:
        conn = copy.conn
        had_events = conn.execute("SELECT count(*) FROM events").fetchall()[0][0] > 0
        results, known_parts = _load(conn, files, db_hints(conn), on_file, replacing, strict)
        if db_path.exists() and not any(r.ok for r in results):
            copy.keep = False  # nothing changed: leave the database file untouched
            return results
        written = [r for r in results if r.ok]
        # into loaded events: only the new events and the twin groups a replacement broke are linked again
        added = [r.report_id for r in written if r.report_id is not None] if had_events else None
        broken = sorted({root for r in written for root in r.broken_twin_roots})
        conn.execute("BEGIN TRANSACTION")
        _log_uploads(conn, files, results, replacing, uploaded_by or default_user())
        rebuild_agreements(conn, known_parts)
        link_duplicates(conn, added, broken)
        search_index.update(conn)
        if stored is not None:
            stored.refresh(conn)
        conn.execute("COMMIT")
    return results


def _log_uploads(conn: duckdb.DuckDBPyConnection, files: list[Path], results: list[FileResult],
                 replacing: dict[int, _Replacing], who: str) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    index = {path: i for i, path in enumerate(files)}
    rows = []
    for r in results:
        if not r.ok or r.report_id is None:
            continue
        what = replacing.get(index.get(r.path, -1)) or _Replacing("", None, None)
        rows.append(Upload(uploaded_at=now, uploaded_by=who, file_name=r.path.name, sha256=what.sha256,
                           report_id=r.report_id, status=r.status, replaced=what.files,
                           events_before=what.events_before, events_after=r.events))
    insert_records(conn, "uploads", Upload, rows)


def undo(db_path: str | Path) -> Path:
    """Put `<db>.prev` back as the database; the database it replaces becomes `<db>.prev` (so a second undo
    redoes). Atomic for readers, under the write lock. Returns the .prev path. Raises NothingToUndo, BuildLocked."""
    db = real_path(db_path)
    prev = prev_path(db)
    with write_lock(db):
        if not prev.exists():
            raise NothingToUndo(f"{prev.name}: нет предыдущей версии базы — отменять нечего")
        hold = db.with_name(f".{db.name}.{os.getpid()}.undo")
        hold.unlink(missing_ok=True)
        if db.exists():
            os.link(db, hold)
        os.replace(prev, db)
        if hold.exists():
            os.replace(hold, prev)
    return prev


def is_current(db_path: str | Path, stored: StoredAnswers | None = None) -> bool:
    """True when the database was written by this version (schema) and, given `stored`, its stored answers
    are all there, each made by the query as it is now."""
    with connect_readonly(db_path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        answers_current = stored is None or stored.current(conn)
        row = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'uploads'").fetchone()
    return bool(version) and version[0][0] == SCHEMA_VERSION and answers_current and row is not None and row[0] == 1


def migrate(db_path: str | Path, stored: StoredAnswers | None = None) -> bool:
    """Bring a database written by an older version up to date (new columns, the search index and, given
    `stored`, the stored answers), atomically like a build. Returns False when there was nothing to do.
    Raises BuildLocked."""
    db_path = real_path(db_path)
    if not db_path.exists() or is_current(db_path, stored):
        return False
    with _working_copy(db_path) as copy:
        copy.conn.execute("BEGIN TRANSACTION")
        search_index.update(copy.conn)
        if stored is not None:
            stored.refresh(copy.conn)
        copy.conn.execute("COMMIT")
    return True
