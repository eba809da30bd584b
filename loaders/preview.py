"""What loading a file would do, without writing anything: for the upload page's preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.db.readonly import connect_readonly
from loaders.db.store import find_previous, hints
from loaders.errors import LoadError
from loaders.parse import Hints, Parsed, parse_file
from loaders.table.health import Health, warning_text


@dataclass
class Preview:
    file_name: str
    ok: bool
    error: str | None = None
    title: str = ""
    period: str = ""
    template: str = ""
    events: int = 0
    rejects: list[tuple[str, str, str]] = field(default_factory=list)  # (source_ref, reason, raw_text)
    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (source_ref, field, reason)
    replaces: str | None = None  # file name(s) of the report this one replaces
    added: list[str] = field(default_factory=list)  # event names new in this version
    removed: list[str] = field(default_factory=list)  # event names the replaced version had and this one lacks
    health: Health | None = None
    warning: str | None = None  # the CLI's ВНИМАНИЕ text (Russian); None = healthy
    # what was detected, column by column: (col_no, header_text, field or None, basis, confidence, reason)
    columns: list[tuple[int, str, str | None, str, float, str]] = field(default_factory=list)
    parsed: Parsed | None = None  # the parse itself, exactly as a build into the same database parses the file


def _period_text(report: Parsed) -> str:
    p = report.detected.period
    return f"{p.start:%d.%m.%Y} — {p.end:%d.%m.%Y}" if p else ""


def preview_file(path: str | Path, db_path: str | Path | None = None, display_name: str | None = None) -> Preview:
    """Parse `path` exactly as a build into `db_path` would (the same hints from the same database) and compare
    it with the report it would replace there (if any)."""
    path = Path(path)
    name = display_name or path.name
    db = Path(db_path) if db_path is not None and Path(db_path).exists() else None
    given = Hints()
    if db is not None:
        with connect_readonly(db) as conn:
            given = hints(conn)
    try:
        report = parse_file(path, given)
    except LoadError as exc:
        return Preview(name, False, error=str(exc).replace(path.name, name, 1))
    out = _preview(name, report)
    if db is not None:
        with connect_readonly(db) as conn:
            _compare(conn, report, out)
    return out


def _preview(name: str, report: Parsed) -> Preview:
    d = report.detected
    return Preview(
        file_name=name, ok=True, title=d.title, period=_period_text(report), template=d.template,
        events=len(report.events),
        rejects=[(r.source_ref, r.reason, r.raw_text) for r in report.rejects],
        issues=[(report.event(i.row_no).source_ref, i.field, i.reason) for i in report.issues],
        health=d.health, warning=warning_text(d.health) if d.health else None,
        columns=[(c.col_no, c.header_text, c.field, c.basis, c.confidence, c.reason) for c in d.columns],
        parsed=report,
    )


def _compare(conn: duckdb.DuckDBPyConnection, report: Parsed, out: Preview) -> None:
    previous = find_previous(conn, report)
    if not previous:
        return
    out.replaces = ", ".join(sorted({fname for _, fname, _ in previous}))
    old = [r[0] for r in conn.execute(
        "SELECT name FROM events WHERE report_id IN (SELECT unnest(?)) ORDER BY row_no",
        [[rid for rid, _, _ in previous]]).fetchall()]
    new = [e.name or "" for e in report.events]
    old_norm = {" ".join(n.split()) for n in old}
    new_norm = {" ".join(n.split()) for n in new}
    out.added = [n for n in new if " ".join(n.split()) not in old_norm]
    out.removed = [n for n in old if " ".join(n.split()) not in new_norm]
