"""Write parsed reports into the DuckDB database (one transaction per report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources

import duckdb
import pandas as pd
import pyarrow as pa

from loaders.db.rows import EVENT_COLUMNS, ReportRows, report_rows
from loaders.db.stored import clear as clear_stored_answers
from loaders.fields.regions import load_regions, region_names
from loaders.parse import ParsedReport
from loaders.table.health import NO_PARTNER, warning_text

SCHEMA_VERSION = "3"  # 2: events.partner_list, stored summaries; 3: report_columns, report_health, the text-search index
# Bump when a field parser changes what it returns: derived caches written by older parsers are dropped.
PARSER_VERSION = "2"


def schema_sql() -> str:
    return resources.files("loaders.db").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(schema_sql())
    _migrate(conn)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    stored = conn.execute("SELECT value FROM meta WHERE key = 'parser_version'").fetchall()
    if not stored or stored[0][0] != PARSER_VERSION:
        conn.execute("DELETE FROM agreement_cells")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('parser_version', ?)", [PARSER_VERSION])
    if conn.execute("SELECT count(*) FROM regions").fetchall()[0][0] == 0:
        regions = pd.DataFrame(
            [(r.code, r.name_ru, r.name_en, r.federal_district, r.admin_center, r.lat, r.lon) for r in load_regions()],
            columns=["region_code", "name_ru", "name_en", "federal_district", "admin_center", "lat", "lon"],
        )
        conn.register("regions_df", regions)
        conn.execute("INSERT INTO regions SELECT * FROM regions_df")
        conn.unregister("regions_df")


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
    conn.execute(f"""INSERT INTO report_health
        SELECT r.report_id, count(e.event_id), count(e.event_id) FILTER (WHERE len(e.partner_codes) > 0),
               count(e.event_id) FILTER (WHERE e.date_start IS NOT NULL OR e.ongoing),
               count(e.event_id) FILTER (WHERE e.city IS NOT NULL OR e.place_region_code IS NOT NULL
                                         OR e.format = 'online'),
               r.template <> 'other', []::VARCHAR[], NULL,
               CASE WHEN count(e.event_id) FILTER (WHERE len(e.partner_codes) > 0) < 0.5 * count(e.event_id)
                    THEN ['{NO_PARTNER}'] ELSE []::VARCHAR[] END, NULL
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


def _norm_title(title: str) -> str:
    return " ".join(title.lower().replace("ё", "е").split())


def _identity(report: ParsedReport | ReportRows) -> tuple[str, tuple | None]:
    """(sha256, (normalised title, period start, period end)): what makes a file replace a report. A report
    without a title has no such key: only the same bytes replace it (two untitled reports are two reports)."""
    if isinstance(report, ParsedReport):
        p = report.period
        key = (_norm_title(report.title), p.start if p else None, p.end if p else None)
    else:
        key = (_norm_title(report.title), report.period_start, report.period_end)
    return report.sha256, key if key[0] else None


def find_previous(conn: duckdb.DuckDBPyConnection, report: ParsedReport | ReportRows) -> list[tuple[int, str, str]]:
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


def _insert(conn: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple],
            types: dict[str, pa.DataType] | None = None, derived: dict[str, str] | None = None) -> None:
    """Insert rows (tuples in `columns` order) with one statement, through an Arrow table; `derived`:
    more columns, each an SQL expression over the given ones."""
    if not rows:
        return
    types, derived = types or {}, derived or {}
    data = {name: pa.array(list(col), type=types.get(name)) for name, col in zip(columns, zip(*rows))}
    conn.register("_rows", pa.table(data))
    try:
        cols = ", ".join([*columns, *derived])
        values = ", ".join([*columns, *derived.values()])
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {values} FROM _rows")
    finally:
        conn.unregister("_rows")


_EVENT_TYPES = {
    "date_start": pa.date32(), "date_end": pa.date32(), "ongoing": pa.bool_(),
    "participants_total": pa.int64(), "regions_count": pa.int64(), "delegation_size": pa.int64(),
    "partner_codes": pa.list_(pa.string()), **{c: pa.string() for c in EVENT_COLUMNS if c.endswith("_text")},
    "item_no": pa.string(), "name": pa.string(), "department": pa.string(), "quarter": pa.string(),
    "city": pa.string(), "place_region_code": pa.string(), "format": pa.string(), "event_type": pa.string(),
    "date_precision": pa.string(), "participants_qualifier": pa.string(), "source_ref": pa.string(),
}


def write_reports(conn: duckdb.DuckDBPyConnection, reports: list[ParsedReport | ReportRows]) -> list[WriteResult]:
    """Insert reports in order, each replacing any earlier version of it (in the database or earlier in
    `reports`), with one bulk insert per table. Caller owns the transaction."""
    clear_stored_answers(conn)  # stored "no filter" answers describe the old events (the build stores new ones)
    staged = [r if isinstance(r, ReportRows) else report_rows(r) for r in reports]
    known = {rid: (fname, sha, (_norm_title(title), ps, pe)) for rid, fname, sha, title, ps, pe in conn.execute(
        "SELECT report_id, file_name, sha256, title, period_start, period_end FROM reports").fetchall()}
    ids = [r[0] for r in conn.execute(
        "SELECT nextval('report_ids') FROM range(?)", [len(staged)]).fetchall()] if staged else []
    in_db, kept, results = set(known), {}, []  # type: ignore[var-annotated]
    to_delete: list[int] = []
    for report_id, rep in zip(ids, staged):
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
        known[report_id] = (rep.file_name, sha, key)  # type: ignore[assignment]
        kept[report_id] = rep
        results.append(WriteResult(report_id, status, replaced, len(rep.events), len(rep.rejects)))
    delete_reports(conn, to_delete)
    _insert_rows(conn, kept)
    return results


def _insert_rows(conn: duckdb.DuckDBPyConnection, reports: dict[int, ReportRows]) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    names = region_names()
    rep_rows, events, partners, mentioned, countries, issues, rejects = [], [], [], [], [], [], []
    columns, health = [], []
    for report_id, r in reports.items():
        columns += [(report_id, *c) for c in r.columns]
        if r.health is not None:
            h = r.health
            health.append((report_id, h.events, h.with_partner, h.with_date, h.with_place, h.template_known,
                           list(h.columns_missing), h.layout_confidence, list(h.problems), warning_text(h)))
        rep_rows.append((report_id, r.file_name, r.sha256, r.format, r.template, r.title, r.period_start,
                         r.period_end, r.period_kind, r.home_region_code, now, *r.row_counts.values()))
        base = report_id * 1_000_000
        events += [(base + e[0], report_id, str(base + e[0]), *e) for e in r.events]
        partners += [(base + n, c, names.get(c, c)) for n, c in r.partners]
        mentioned += [(base + n, c) for n, c in r.mentioned]
        countries += [(base + n, c, s) for n, c, s in r.countries]
        issues += [(base + n, f, raw, why) for n, f, raw, why in r.issues]
        rejects += [(report_id, r.file_name, ref, raw, why) for ref, raw, why in r.rejects]
    report_cols = ["report_id", "file_name", "sha256", "format", "template", "title", "period_start", "period_end",
                   "period_kind", "home_region_code", "loaded_at", "rows_source", "rows_event", "rows_heading",
                   "rows_header", "rows_total", "rows_blank", "rows_reject"]
    _insert(conn, "reports", report_cols, rep_rows, {"period_start": pa.date32(), "period_end": pa.date32(),
                                                     "loaded_at": pa.timestamp("s")})
    _insert(conn, "events", ["event_id", "report_id", "event_key", *EVENT_COLUMNS], events, _EVENT_TYPES,
            derived={"partner_list": PARTNER_LIST_SQL})
    _insert(conn, "event_partners", ["event_id", "region_code", "region_name"], partners)
    _insert(conn, "event_mentioned_regions", ["event_id", "region_code"], mentioned)
    _insert(conn, "event_countries", ["event_id", "country", "source"], countries)
    _insert(conn, "parse_issues", ["event_id", "field", "raw_text", "reason"], issues, {"raw_text": pa.string()})
    _insert(conn, "rejects", ["report_id", "file_name", "source_ref", "raw_text", "reason"], rejects)
    _insert(conn, "report_columns", ["report_id", "col_no", "header_text", "field", "basis", "confidence", "reason"],
            columns, {"field": pa.string()})
    _insert(conn, "report_health", HEALTH_COLUMNS, health, {
        "columns_missing": pa.list_(pa.string()), "problems": pa.list_(pa.string()), "warning": pa.string(),
        "layout_confidence": pa.float64()})


HEALTH_COLUMNS = ["report_id", "events", "with_partner", "with_date", "with_place", "template_known",
                  "columns_missing", "layout_confidence", "problems", "warning"]


def write_report(conn: duckdb.DuckDBPyConnection, report: ParsedReport | ReportRows) -> WriteResult:
    """Insert one report, replacing any earlier version of it. Caller owns the transaction."""
    return write_reports(conn, [report])[0]
