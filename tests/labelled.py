"""Compare the database built from the samples with the hand-labelled expectations, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "labelled_events.json"
FIELDS = ["partners", "date_start", "date_end", "date_precision", "ongoing", "quarter", "participants_total",
          "participants_qualifier", "regions_count", "delegation_size", "mentioned_regions", "city", "place_region",
          "format", "event_type", "department"]


def actual_rows(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], dict]:
    cur = conn.execute("""
        SELECT r.template, e.row_no, e.department,
               (SELECT list(region_code ORDER BY region_code) FROM event_partners p WHERE p.event_id = e.event_id),
               strftime(e.date_start, '%Y-%m-%d'), strftime(e.date_end, '%Y-%m-%d'), e.date_precision, e.ongoing,
               e.quarter, e.participants_total, e.participants_qualifier, e.regions_count, e.delegation_size,
               (SELECT list(region_code ORDER BY region_code) FROM event_mentioned_regions m
                 WHERE m.event_id = e.event_id),
               e.city, e.place_region_code, e.format, e.event_type
        FROM events e JOIN reports r USING (report_id)""")
    out = {}
    for row in cur.fetchall():
        (template, row_no, dept, partners, ds, de, prec, ongoing, quarter, total, qual, rc, dele, mentioned,
         city, preg, fmt, etype) = row
        out[(template, row_no)] = {
            "department": dept, "partners": partners or [], "date_start": ds, "date_end": de,
            "date_precision": prec, "ongoing": ongoing, "quarter": quarter, "participants_total": total,
            "participants_qualifier": qual, "regions_count": rc, "delegation_size": dele,
            "mentioned_regions": mentioned or [], "city": city, "place_region": preg, "format": fmt,
            "event_type": etype,
        }
    return out


def compare(conn: duckdb.DuckDBPyConnection) -> tuple[dict[str, float], list[str]]:
    labels = json.loads(FIXTURE.read_text(encoding="utf-8"))
    actual = actual_rows(conn)
    right = {f: 0 for f in FIELDS}
    misses: list[str] = []
    for lab in labels:
        got = actual.get((lab["report"], lab["row_no"]), {})
        for f in FIELDS:
            if got.get(f) == lab[f]:
                right[f] += 1
            else:
                misses.append(f"{lab['report']} #{lab['row_no']} {f}: expected {lab[f]!r}, got {got.get(f)!r}")
    return {f: right[f] / len(labels) for f in FIELDS}, misses


def accuracy_table(acc: dict[str, float]) -> str:
    lines = ["| field | accuracy |", "|---|---|"]
    lines += [f"| {f} | {100 * a:.1f}% |" for f, a in acc.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    with duckdb.connect(sys.argv[1], read_only=True) as c:
        acc, miss = compare(c)
    print(accuracy_table(acc))
    print("\n".join(miss))
