"""The rows a consolidated report is made of, read from the database for a set of filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from analytics.filters import Filters


@dataclass(frozen=True)
class ReportRow:
    """One event as the department wrote it (every text exactly as in the source cell)."""

    department: str
    agreement: str
    name: str
    dates_text: str
    place_text: str
    participants_text: str
    result_text: str


@dataclass(frozen=True)
class ConsolidatedData:
    rows: list[ReportRow]
    period_start: date | None
    period_end: date | None


def consolidated_rows(conn: duckdb.DuckDBPyConnection, f: Filters) -> ConsolidatedData:
    """The filtered events grouped for the agreements template.

    Departments come in the order they first appear (report, row); within a department the events of one
    agreement are consecutive (in the order the agreement first appears) so that its cell can be merged over
    them. A road-map event (no agreement cell) gets the road map it belongs to as its agreement. Twins
    (`duplicate_of`) whose earlier copy is also chosen are left out: the office sends each event once.
    """
    where, params = f.where("e")
    sql = f"""
        WITH chosen AS (SELECT e.event_id FROM events e WHERE {where}),
        picked AS (
            SELECT e.event_id, e.report_id, e.row_no, coalesce(e.department, '') AS department,
                   coalesce(e.agreement_text, (
                       SELECT min(a.title) FROM event_agreements ea JOIN agreements a USING (agreement_id)
                       WHERE ea.event_id = e.event_id AND a.kind = 'roadmap'), '') AS agreement,
                   e.name, coalesce(e.dates_text, '') AS dates_text, coalesce(e.place_text, '') AS place_text,
                   coalesce(e.participants_text, '') AS participants_text,
                   coalesce(e.result_text, '') AS result_text
            FROM events e
            WHERE e.event_id IN (SELECT event_id FROM chosen)
              AND (e.duplicate_of IS NULL OR e.duplicate_of NOT IN (SELECT event_id FROM chosen))
        ), ordered AS (
            SELECT *,
                   min(report_id * 100000000 + row_no) OVER (PARTITION BY department) AS dept_order,
                   -- events with no agreement first: after a filled agreement cell the loader would read an
                   -- empty one as "same agreement as above"
                   CASE WHEN agreement = '' THEN -1 ELSE
                   min(report_id * 100000000 + row_no) OVER (PARTITION BY department, agreement) END AS agr_order
            FROM picked
        )
        SELECT department, agreement, name, dates_text, place_text, participants_text, result_text
        FROM ordered ORDER BY dept_order, agr_order, report_id, row_no
    """
    rows = [ReportRow(*r) for r in conn.execute(sql, params).fetchall()]
    period = conn.execute(
        f"""SELECT min(r.period_start), max(r.period_end) FROM reports r
            WHERE r.report_id IN (SELECT DISTINCT e.report_id FROM events e WHERE {where})""",
        params,
    ).fetchone()
    start, end = (period or (None, None))
    return ConsolidatedData(rows=rows, period_start=start, period_end=end)
