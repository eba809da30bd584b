"""Link the same event reported in two reports, so unique-event counts don't double count.

Two events are twins when they come from different reports, share a partner region, overlap on a day
(day-precise dates only), and their names, normalised, have at least MIN_WORDS significant words and a
token_set_ratio of at least SAME_NAME.

At a million events a pairwise join is far too big, so the work is blocked: every dated event is spread
over its (partner region, day) cells in SQL, only cells holding names from two or more reports come back,
and only names within a cell are compared (each pair of names once).
"""

from __future__ import annotations

import duckdb
import pandas as pd
from rapidfuzz import fuzz

SAME_NAME = 85  # token_set_ratio of normalised names
MIN_WORDS = 3  # names with fewer significant words are too generic to link ("Обмен опытом")

# lower case, ё → е, words of letters and digits longer than two characters, joined by spaces
_NORMALISED_NAME = (
    "array_to_string(list_filter(regexp_extract_all(lower(replace(name, 'ё', 'е')), '[а-яa-z0-9]+'), "
    "lambda w: length(w) > 2), ' ')"
)


def _cells(conn: duckdb.DuckDBPyConnection) -> list[tuple[list[int], list[int], list[str]]]:
    """(event ids, report ids, normalised names) of each (partner region, day) cell shared by two reports."""
    return conn.execute(
        f"""
        WITH named AS MATERIALIZED (
            SELECT event_id, report_id, partner_codes, date_start, date_end, {_NORMALISED_NAME} AS norm
            FROM events
            WHERE NOT ongoing AND date_start IS NOT NULL AND date_precision = 'day' AND date_end >= date_start
        ), dated AS (
            SELECT event_id, report_id, unnest(partner_codes) AS region, date_start, date_end, norm
            FROM named WHERE len(string_split(norm, ' ')) >= {MIN_WORDS}
        ), cells AS (
            SELECT event_id, report_id, region, norm,
                   unnest(generate_series(date_start, date_end, INTERVAL 1 DAY)) AS day
            FROM dated
        )
        SELECT list(event_id), list(report_id), list(norm)
        FROM cells GROUP BY region, day HAVING min(report_id) <> max(report_id)
        """
    ).fetchall()


def twin_pairs(conn: duckdb.DuckDBPyConnection) -> set[tuple[int, int]]:
    """(smaller event_id, larger event_id) of every twin pair."""
    pairs: set[tuple[int, int]] = set()
    same: dict[tuple[str, str], bool] = {}  # names recur across cells (a multi-day event, a repeated name)
    for ids, reports, names in _cells(conn):
        n = len(ids)
        for i in range(n - 1):
            report_i, name_i, id_i = reports[i], names[i], ids[i]
            for j in range(i + 1, n):
                if reports[j] == report_i:
                    continue
                name_j = names[j]
                key = (name_i, name_j)
                hit = same.get(key)
                if hit is None:
                    hit = same[key] = name_i == name_j or \
                        fuzz.token_set_ratio(name_i, name_j, score_cutoff=SAME_NAME) >= SAME_NAME
                if hit:
                    pairs.add((id_i, ids[j]) if id_i < ids[j] else (ids[j], id_i))
    return pairs


def link_duplicates(conn: duckdb.DuckDBPyConnection) -> int:
    """Set `event_key` (shared by twins) and `duplicate_of` (the earliest twin). Returns linked pairs."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])  # path halving
            x = parent[x]
        return x

    pairs = twin_pairs(conn)
    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    # reset only the rows linked before (every other row already has its own id as key)
    conn.execute("UPDATE events SET event_key = CAST(event_id AS VARCHAR), duplicate_of = NULL "
                 "WHERE duplicate_of IS NOT NULL OR event_key <> CAST(event_id AS VARCHAR)")
    if parent:
        frame = pd.DataFrame([(e, find(e)) for e in parent], columns=["event_id", "root"])
        frame = frame[frame.event_id != frame.root]
        conn.register("_twins", frame)
        conn.execute(
            """UPDATE events SET event_key = CAST(t.root AS VARCHAR), duplicate_of = t.root
               FROM _twins t WHERE events.event_id = t.event_id"""
        )
        conn.unregister("_twins")
    return len(pairs)
