"""Write parsed reports into the DuckDB database (one transaction per report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources

import duckdb
import pandas as pd

from loaders.columns import Col
from loaders.fields.regions import load_regions, region_names
from loaders.report import ParsedReport

SCHEMA_VERSION = "1"
EVENT_TEXT_COLUMNS = [c.value for c in Col]


def schema_sql() -> str:
    return resources.files("loaders").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(schema_sql())
    _migrate(conn)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    if conn.execute("SELECT count(*) FROM regions").fetchall()[0][0] == 0:
        regions = pd.DataFrame(
            [(r.code, r.name_ru, r.name_en, r.federal_district, r.admin_center, r.lat, r.lon) for r in load_regions()],
            columns=["region_code", "name_ru", "name_en", "federal_district", "admin_center", "lat", "lon"],
        )
        conn.register("regions_df", regions)
        conn.execute("INSERT INTO regions SELECT * FROM regions_df")
        conn.unregister("regions_df")


def _migrate(conn: duckdb.DuckDBPyConnection) -> None:
    """Bring a database written by an older version up to the current schema (columns are only added)."""
    columns = {r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
    if "partner_codes" not in columns:
        conn.execute("ALTER TABLE events ADD COLUMN partner_codes VARCHAR[]")
        conn.execute("""UPDATE events SET partner_codes = pc.codes
            FROM (SELECT event_id, list(region_code ORDER BY region_code) AS codes FROM event_partners GROUP BY 1) pc
            WHERE events.event_id = pc.event_id""")


@dataclass
class WriteResult:
    report_id: int
    status: str  # 'new' | 'unchanged' | 'corrected'
    replaced_file: str | None
    events: int
    rejects: int


def _norm_title(title: str) -> str:
    return " ".join(title.lower().replace("ё", "е").split())


def find_previous(conn: duckdb.DuckDBPyConnection, report: ParsedReport) -> list[tuple[int, str, str]]:
    """Reports this file replaces: the same bytes, or the same title and period (a corrected version)."""
    rows = conn.execute(
        "SELECT report_id, file_name, sha256, title, period_start, period_end FROM reports"
    ).fetchall()
    key = (_norm_title(report.title), report.period.start if report.period else None,
           report.period.end if report.period else None)
    return [
        (rid, fname, sha)
        for rid, fname, sha, title, ps, pe in rows
        if sha == report.sha256 or (_norm_title(title), ps, pe) == key
    ]


def delete_reports(conn: duckdb.DuckDBPyConnection, report_ids: list[int]) -> None:
    if not report_ids:
        return
    ids = list(report_ids)
    event_ids = "SELECT event_id FROM events WHERE report_id IN (SELECT unnest(?))"
    for table in ("event_partners", "event_mentioned_regions", "event_countries", "event_agreements", "parse_issues"):
        conn.execute(f"DELETE FROM {table} WHERE event_id IN ({event_ids})", [ids])
    conn.execute("DELETE FROM events WHERE report_id IN (SELECT unnest(?))", [ids])
    conn.execute("DELETE FROM rejects WHERE report_id IN (SELECT unnest(?))", [ids])
    conn.execute("DELETE FROM reports WHERE report_id IN (SELECT unnest(?))", [ids])


def _insert(conn: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    conn.register("_frame", frame)
    cols = ", ".join(frame.columns)
    conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame")
    conn.unregister("_frame")


def write_report(conn: duckdb.DuckDBPyConnection, report: ParsedReport) -> WriteResult:
    """Insert one report, replacing any earlier version of it. Caller owns the transaction."""
    previous = find_previous(conn, report)
    status = "new"
    replaced = None
    if previous:
        status = "unchanged" if any(sha == report.sha256 for _, _, sha in previous) else "corrected"
        replaced = ", ".join(sorted({fname for _, fname, _ in previous}))
        delete_reports(conn, [rid for rid, _, _ in previous])
    report_id = conn.execute("SELECT nextval('report_ids')").fetchall()[0][0]
    period = report.period
    conn.execute(
        f"INSERT INTO reports VALUES ({', '.join('?' * 18)})",
        [report_id, report.file_name, report.sha256, report.format, report.table.template, report.title,
         period.start if period else None, period.end if period else None, period.kind if period else None,
         report.home_region_code, dt.datetime.now().replace(microsecond=0), *report.row_counts().values()],
    )
    names = region_names()
    events, partners, mentioned, issues, countries = [], [], [], [], []
    for ev in report.events:
        event_id = report_id * 1_000_000 + ev.row_no
        f = ev.fields
        values = ev.row.values
        events.append({
            "event_id": event_id, "report_id": report_id, "row_no": ev.row_no,
            **{c.value: values.get(c) for c in Col},
            "extra_text": "\n".join(f"{k}: {v}" for k, v in ev.row.extra.items()) or None,
            "source_ref": ev.row.ref, "department": f.department,
            "date_start": f.date_start, "date_end": f.date_end, "date_precision": f.date_precision,
            "ongoing": f.ongoing, "quarter": f.quarter,
            "participants_total": f.participants_total, "participants_qualifier": f.participants_qualifier,
            "regions_count": f.regions_count, "delegation_size": f.delegation_size,
            "city": f.city, "place_region_code": f.place_region_code, "format": f.format, "event_type": f.event_type,
            "event_key": str(event_id), "partner_codes": sorted(f.partners),
        })
        partners += [{"event_id": event_id, "region_code": c, "region_name": names.get(c, c)} for c in f.partners]
        mentioned += [{"event_id": event_id, "region_code": c} for c in f.mentioned_regions]
        countries += [{"event_id": event_id, "country": c, "source": src} for c, src in f.countries]
        issues += [{"event_id": event_id, "field": a, "raw_text": b, "reason": c} for a, b, c in f.issues]
    frame = pd.DataFrame(events)
    if not frame.empty:
        for col in ("date_start", "date_end"):
            frame[col] = pd.to_datetime(frame[col]).dt.date
        for col in ("participants_total", "regions_count", "delegation_size"):
            frame[col] = frame[col].astype("Int64")
    _insert(conn, "events", frame)
    _insert(conn, "event_partners", pd.DataFrame(partners))
    _insert(conn, "event_mentioned_regions", pd.DataFrame(mentioned))
    _insert(conn, "event_countries", pd.DataFrame(countries))
    _insert(conn, "parse_issues", pd.DataFrame(issues))
    rejects = [{"report_id": report_id, "file_name": report.file_name, "source_ref": r.ref,
                "raw_text": r.raw_text, "reason": r.reason or ""} for r in report.rejects]
    _insert(conn, "rejects", pd.DataFrame(rejects))
    return WriteResult(report_id, status, replaced, len(events), len(rejects))
