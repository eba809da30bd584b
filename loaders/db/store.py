"""Write parsed reports into the DuckDB database (one transaction per report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

from loaders.db.insert import insert_by_name, insert_records
from loaders.db.rows import (
    Event,
    EventCountry,
    EventPartner,
    HealthRow,
    MentionedRegion,
    ParseIssue,
    Reject,
    ReportColumn,
    ReportRow,
)
from loaders.db.stored import clear as clear_stored_answers
from loaders.fields.regions import load_regions, region_names
from loaders.parse import Hints, Parsed
from loaders.table.health import NO_PARTNER

SCHEMA_VERSION = "3"  # 2: events.partner_list, stored summaries; 3: report_columns, report_health, the text-search index
# Bump when a field parser changes what it returns: derived caches written by older parsers are dropped.
PARSER_VERSION = "2"


def schema_sql() -> str:
    return resources.files("loaders.db").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(schema_sql())
    _migrate(conn)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    stored = conn.execute("SELECT value FROM meta WHERE key = 'parser_version'").fetchall()
    if not stored or stored[0][0] != PARSER_VERSION:
        conn.execute("DELETE FROM agreement_cells")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('parser_version', ?)", [PARSER_VERSION])
    if conn.execute("SELECT count(*) FROM regions").fetchall()[0][0] == 0:
        regions = load_regions()
        insert_by_name(conn, "regions", pa.table({
            "region_code": [r.code for r in regions], **{name: [getattr(r, name) for r in regions] for name in (
                "name_ru", "name_en", "federal_district", "admin_center", "lat", "lon")}}))


# events.partner_list from events.partner_codes: '|KOS|SPE|' (NULL when the event has no partner region)
PARTNER_LIST_SQL = "CASE WHEN len(partner_codes) > 0 THEN '|' || array_to_string(partner_codes, '|') || '|' END"


def _migrate(conn: duckdb.DuckDBPyConnection) -> None:
    """Bring a database written by an older version up to the current schema (columns are only added)."""
    columns = {r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
    if "partner_codes" not in columns:
        conn.execute("ALTER TABLE events ADD COLUMN partner_codes VARCHAR[]")
        conn.execute("""UPDATE events SET partner_codes = pc.codes
            FROM (SELECT event_id, list(region_code ORDER BY region_code) AS codes FROM event_partners GROUP BY 1) pc
            WHERE events.event_id = pc.event_id""")
    if "partner_list" not in columns:
        conn.execute("ALTER TABLE events ADD COLUMN partner_list VARCHAR")
        conn.execute(f"UPDATE events SET partner_list = {PARTNER_LIST_SQL}")
    _backfill_health(conn)


def _backfill_health(conn: duckdb.DuckDBPyConnection) -> None:
    """Reports loaded before schema version 3 get their health figures from their events (the layout's
    confidence and missing columns were not recorded then: NULL / unknown)."""
    conn.execute(f"""INSERT INTO report_health BY NAME
        SELECT r.report_id, count(e.event_id) AS events,
               count(e.event_id) FILTER (WHERE len(e.partner_codes) > 0) AS with_partner,
               count(e.event_id) FILTER (WHERE e.date_start IS NOT NULL OR e.ongoing) AS with_date,
               count(e.event_id) FILTER (WHERE e.city IS NOT NULL OR e.place_region_code IS NOT NULL
                                         OR e.format = 'online') AS with_place,
               r.template <> 'other' AS template_known, []::VARCHAR[] AS columns_missing,
               NULL AS layout_confidence,
               CASE WHEN count(e.event_id) FILTER (WHERE len(e.partner_codes) > 0) < 0.5 * count(e.event_id)
                    THEN ['{NO_PARTNER}'] ELSE []::VARCHAR[] END AS problems, NULL AS warning
        FROM reports r LEFT JOIN events e USING (report_id)
        WHERE r.report_id NOT IN (SELECT report_id FROM report_health)
        GROUP BY r.report_id, r.template""")
    for report_id, events, with_partner in conn.execute(
            "SELECT report_id, events, with_partner FROM report_health WHERE warning IS NULL AND len(problems) > 0"
    ).fetchall():
        text = f"регион-партнёр не найден у {events - with_partner} из {events} мероприятий: проверьте отчёт перед использованием"
        conn.execute("UPDATE report_health SET warning = ? WHERE report_id = ?", [text, report_id])


@dataclass
class WriteResult:
    report_id: int
    status: str  # 'new' | 'unchanged' | 'corrected'
    replaced_file: str | None
    events: int
    rejects: int
    # the roots of the twin groups (events.duplicate_of) that lost events with the reports this one replaced:
    # their other members are linked again (loaders.derive.duplicates)
    broken_twin_roots: tuple[int, ...] = ()


def hints(conn: duckdb.DuckDBPyConnection) -> Hints:
    """What a database tells the parser about a new file (the build and the upload preview both use this)."""
    rows = conn.execute(
        "SELECT home_region_code FROM reports WHERE home_region_code IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()
    return Hints(home_region=rows[0][0] if rows else None)


def _norm_title(title: str) -> str:
    return " ".join(title.lower().replace("ё", "е").split())


def _identity(report: Parsed) -> tuple[str, tuple | None]:
    """(sha256, (normalised title, period start, period end)): what makes a file replace a report. A report
    without a title has no such key: only the same bytes replace it (two untitled reports are two reports)."""
    d = report.detected
    p = d.period
    key = (_norm_title(d.title), p.start if p else None, p.end if p else None)
    return d.sha256, key if key[0] else None


def find_previous(conn: duckdb.DuckDBPyConnection, report: Parsed) -> list[tuple[int, str, str]]:
    """Reports this file replaces: the same bytes, or the same title and period (a corrected version)."""
    sha, key = _identity(report)
    rows = conn.execute(
        "SELECT report_id, file_name, sha256, title, period_start, period_end FROM reports"
    ).fetchall()
    return [
        (rid, fname, old_sha)
        for rid, fname, old_sha, title, ps, pe in rows
        if old_sha == sha or (key is not None and (_norm_title(title), ps, pe) == key)
    ]


def broken_twin_roots(conn: duckdb.DuckDBPyConnection, report_ids: list[int]) -> dict[int, list[int]]:
    """Per report: the roots of the twin groups of two or more events that hold one of its events (the
    groups its deletion breaks)."""
    if not report_ids:
        return {}
    rows = conn.execute(
        """SELECT report_id, list(DISTINCT coalesce(duplicate_of, event_id)) FROM events
           WHERE report_id IN (SELECT unnest($ids))
             AND (duplicate_of IS NOT NULL OR event_id IN (SELECT duplicate_of FROM events WHERE duplicate_of IS NOT NULL))
           GROUP BY 1""", {"ids": list(report_ids)}).fetchall()
    return {rid: list(roots) for rid, roots in rows}


def delete_reports(conn: duckdb.DuckDBPyConnection, report_ids: list[int]) -> None:
    if not report_ids:
        return
    clear_stored_answers(conn)
    ids = list(report_ids)
    event_ids = "SELECT event_id FROM events WHERE report_id IN (SELECT unnest(?))"
    for table in ("event_partners", "event_mentioned_regions", "event_countries", "event_agreements", "parse_issues"):
        conn.execute(f"DELETE FROM {table} WHERE event_id IN ({event_ids})", [ids])
    conn.execute("DELETE FROM events WHERE report_id IN (SELECT unnest(?))", [ids])
    for table in ("rejects", "report_columns", "report_health"):
        conn.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT unnest(?))", [ids])
    conn.execute("DELETE FROM reports WHERE report_id IN (SELECT unnest(?))", [ids])


def write_reports(conn: duckdb.DuckDBPyConnection, reports: list[Parsed]) -> list[WriteResult]:
    """Insert reports in order, each replacing any earlier version of it (in the database or earlier in
    `reports`), with one bulk insert per table. Caller owns the transaction."""
    clear_stored_answers(conn)  # stored "no filter" answers describe the old events (the build stores new ones)
    known: dict[int, tuple[str, str, tuple | None]] = {
        rid: (fname, sha, (_norm_title(title), ps, pe)) for rid, fname, sha, title, ps, pe in conn.execute(
        "SELECT report_id, file_name, sha256, title, period_start, period_end FROM reports").fetchall()}
    ids = [r[0] for r in conn.execute(
        "SELECT nextval('report_ids') FROM range(?)", [len(reports)]).fetchall()] if reports else []
    in_db = set(known)
    kept: dict[int, Parsed] = {}
    results: list[WriteResult] = []
    to_delete: list[int] = []
    for report_id, rep in zip(ids, reports):
        sha, key = _identity(rep)
        previous = [(rid, fname, old) for rid, (fname, old, k) in known.items() if old == sha or (key is not None and k == key)]
        status, replaced = "new", None
        if previous:
            status = "unchanged" if any(old == sha for _, _, old in previous) else "corrected"
            replaced = ", ".join(sorted({fname for _, fname, _ in previous}))
            for rid, _, _ in previous:
                del known[rid]
                if rid in in_db:
                    to_delete.append(rid)
                else:
                    kept.pop(rid)  # replaced by a later file of the same batch: never written
        known[report_id] = (rep.detected.file_name, sha, key)
        kept[report_id] = rep
        results.append(WriteResult(report_id, status, replaced, len(rep.events), len(rep.rejects),
                                   tuple(rid for rid, _, _ in previous if rid in in_db)))
    roots = broken_twin_roots(conn, to_delete)
    results = [replace(r, broken_twin_roots=tuple(sorted({x for rid in r.broken_twin_roots for x in roots.get(rid, ())})))
               for r in results]
    delete_reports(conn, to_delete)
    _insert_rows(conn, kept)
    return results


def event_id(report_id: int, row_no: int) -> int:
    return report_id * 1_000_000 + row_no


def _gather(reports: dict[int, Parsed], records_of: Callable[[Parsed], Sequence[Any]]) -> tuple[list, list[int]]:
    """Every report's records for one table, and the report_id of each."""
    records: list = []
    report_ids: list[int] = []
    for report_id, report in reports.items():
        got = records_of(report)
        records += got
        report_ids += [report_id] * len(got)
    return records, report_ids


def _health(report: Parsed) -> list[HealthRow]:
    row = report.detected.health_row()
    return [row] if row else []


# tables with a row per report (or per something of the report): the writer adds report_id
_REPORT_TABLES: tuple[tuple[str, type, Callable[[Parsed], Sequence[Any]]], ...] = (
    ("reports", ReportRow, lambda r: [r.detected.report_row()]),
    ("report_health", HealthRow, _health),
    ("report_columns", ReportColumn, lambda r: r.detected.columns),
    ("rejects", Reject, lambda r: r.rejects),
)
# tables with rows per event, named by row_no: the writer puts event_id in its place
_EVENT_TABLES: tuple[tuple[str, type, Callable[[Parsed], Sequence[Any]]], ...] = (
    ("event_mentioned_regions", MentionedRegion, lambda r: r.mentioned),
    ("event_countries", EventCountry, lambda r: r.countries),
    ("parse_issues", ParseIssue, lambda r: r.issues),
)


def _insert_rows(conn: duckdb.DuckDBPyConnection, reports: dict[int, Parsed]) -> None:
    """Every table's rows of these reports, one INSERT … BY NAME per table."""
    now = dt.datetime.now().replace(microsecond=0)
    for table, cls, records_of in _REPORT_TABLES:
        records, report_ids = _gather(reports, records_of)
        extra: dict[str, Any] = {"report_id": report_ids}
        if table == "reports":
            extra["loaded_at"] = pa.array([now] * len(records), type=pa.timestamp("s"))
        if table == "rejects":
            extra["file_name"] = [reports[rid].detected.file_name for rid in report_ids]
        insert_records(conn, table, cls, records, extra)
    events, report_ids = _gather(reports, lambda r: r.events)
    ids = [event_id(rid, e.row_no) for rid, e in zip(report_ids, events)]
    insert_records(conn, "events", Event, events, {"event_id": ids, "report_id": report_ids,
                                                    "event_key": [str(i) for i in ids]},
                   derived={"partner_list": PARTNER_LIST_SQL})
    names = region_names()
    insert_records(conn, "event_partners", EventPartner, [
        EventPartner(i, code, names.get(code, code)) for i, e in zip(ids, events) for code in e.partner_codes])
    for table, cls, records_of in _EVENT_TABLES:
        records, report_ids = _gather(reports, records_of)
        insert_records(conn, table, cls, records,
                       {"event_id": [event_id(rid, x.row_no) for rid, x in zip(report_ids, records)]}, drop=("row_no",))


def write_report(conn: duckdb.DuckDBPyConnection, report: Parsed) -> WriteResult:
    """Insert one report, replacing any earlier version of it. Caller owns the transaction."""
    return write_reports(conn, [report])[0]
