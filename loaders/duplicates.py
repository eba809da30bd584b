"""Link the same event reported in two reports, so unique-event counts don't double count."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
from rapidfuzz import fuzz

SAME_NAME = 85  # token_set_ratio of normalised names
MIN_WORDS = 3  # names with fewer significant words are too generic to link ("Обмен опытом")
_WORD = re.compile(r"[а-яёa-z0-9]+")


def normalise_name(name: str) -> str:
    words = _WORD.findall(name.lower().replace("ё", "е"))
    return " ".join(w for w in words if len(w) > 2)


def _candidates(conn: duckdb.DuckDBPyConnection) -> list[tuple[int, int, str, str]]:
    """Pairs from different reports with overlapping day-precise dates and a shared partner region."""
    return conn.execute(
        """
        WITH dated AS (
            SELECT event_id, report_id, name, date_start, date_end FROM events
            WHERE NOT ongoing AND date_start IS NOT NULL AND date_precision = 'day'
        )
        SELECT a.event_id, b.event_id, a.name, b.name
        FROM dated a JOIN dated b
          ON a.report_id <> b.report_id AND a.event_id < b.event_id
         AND a.date_start <= b.date_end AND b.date_start <= a.date_end
        WHERE EXISTS (
            SELECT 1 FROM event_partners pa JOIN event_partners pb USING (region_code)
            WHERE pa.event_id = a.event_id AND pb.event_id = b.event_id)
        """
    ).fetchall()


def link_duplicates(conn: duckdb.DuckDBPyConnection) -> int:
    """Set `event_key` (shared by twins) and `duplicate_of` (the earliest twin). Returns linked pairs."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    pairs = 0
    for a, b, name_a, name_b in _candidates(conn):
        na, nb = normalise_name(name_a), normalise_name(name_b)
        if min(len(na.split()), len(nb.split())) < MIN_WORDS:
            continue
        if fuzz.token_set_ratio(na, nb) < SAME_NAME:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        pairs += 1
    conn.execute("UPDATE events SET event_key = CAST(event_id AS VARCHAR), duplicate_of = NULL")
    if parent:
        frame = pd.DataFrame([(e, find(e)) for e in parent], columns=["event_id", "root"])
        conn.register("_twins", frame)
        conn.execute(
            """UPDATE events SET event_key = CAST(t.root AS VARCHAR), duplicate_of = t.root
               FROM _twins t WHERE events.event_id = t.event_id"""
        )
        conn.unregister("_twins")
    return pairs
