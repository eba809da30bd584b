"""What loading a file would do, without writing anything: for the upload page's preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.db.readonly import connect_readonly
from loaders.db.store import find_previous
from loaders.errors import LoadError, one_line
from loaders.parse import ParsedReport, parse_report
from loaders.table.health import LOW_CONFIDENCE, NO_PARTNER, Health, warning_text


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


def _period_text(report: ParsedReport) -> str:
    p = report.period
    return f"{p.start:%d.%m.%Y} — {p.end:%d.%m.%Y}" if p else ""


def preview_file(path: str | Path, db_path: str | Path | None = None, display_name: str | None = None) -> Preview:
    """Parse `path` and compare it with the report it would replace in `db_path` (if any)."""
    path = Path(path)
    name = display_name or path.name
    try:
        report = parse_report(path)
    except LoadError as exc:
        return Preview(name, False, error=str(exc).replace(path.name, name, 1))
    except Exception as exc:  # never a traceback: name the file and the cause
        return Preview(name, False, error=f"{name}: не удалось прочитать файл ({one_line(f'{type(exc).__name__}: {exc}')})")
    out = Preview(
        file_name=name, ok=True, title=report.title, period=_period_text(report), template=report.table.template,
        events=len(report.events),
        rejects=[(r.ref, r.reason or "", r.raw_text) for r in report.rejects],
        issues=[(e.row.ref, f, reason) for e in report.events for f, _, reason in e.fields.issues],
        health=report.health, warning=warning_text(report.health) if report.health else None,
    )
    if report.table.layout is not None:
        out.columns = [(d.col + 1, d.header, d.field.value if d.field else None, d.basis, d.confidence, d.reason)
                       for d in report.table.layout.decisions]
    if db_path is not None and Path(db_path).exists():
        conn = connect_readonly(db_path)
        try:
            _compare(conn, report, out)
        finally:
            conn.close()
    return out


def _compare(conn: duckdb.DuckDBPyConnection, report: ParsedReport, out: Preview) -> None:
    previous = find_previous(conn, report)
    if not previous:
        return
    out.replaces = ", ".join(sorted({fname for _, fname, _ in previous}))
    old = [r[0] for r in conn.execute(
        "SELECT name FROM events WHERE report_id IN (SELECT unnest(?)) ORDER BY row_no",
        [[rid for rid, _, _ in previous]]).fetchall()]
    new = [e.row.values.get("name", "") for e in report.events]
    old_norm = {" ".join(n.split()) for n in old}
    new_norm = {" ".join(n.split()) for n in new}
    out.added = [n for n in new if " ".join(n.split()) not in old_norm]
    out.removed = [n for n in old if " ".join(n.split()) not in new_norm]


def health_message(p: Preview, lang: str = "ru") -> list[str]:
    """The preview's health warning in the UI language: a title line, one line per problem, advice;
    [] when the report is healthy. The upload page shows these in red before the confirm button."""
    from ui.i18n import t

    h = p.health
    if h is None or h.ok:
        return []
    lines = [t("health.title", lang)]
    for code in h.problems:
        if code == NO_PARTNER:
            lines.append(t("health.no_partner", lang, n=h.events - h.with_partner, total=h.events))
        elif code == LOW_CONFIDENCE:
            lines.append(t("health.low_confidence", lang, c=f"{h.layout_confidence:.2f}"))
        else:
            lines.append(t(f"health.{code}", lang))
    lines.append(t("health.advice", lang))
    return lines
