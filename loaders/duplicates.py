"""Link the same event reported in two reports, so unique-event counts don't double count.

Two events are twins when they come from different reports, share a partner region, overlap on a day
(day-precise dates only), and their names, normalised, have at least MIN_WORDS significant words and a
token_set_ratio of at least SAME_NAME.

At a million events a pairwise join is far too big, so the work is blocked: every dated event is spread
over its (partner region, day) cells in SQL, only cells holding names from two or more reports come back,
and only names within a cell are compared (each pair of names once).

When a build only adds reports (none replaced), the links among the events already loaded still hold:
only the cells the new events touch are read, only pairs with a new event are compared, and only rows
whose group changed are updated (adding one report to a million events: seconds, not a full relink).
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


_LINKABLE = "NOT ongoing AND date_start IS NOT NULL AND date_precision = 'day' AND date_end >= date_start"


def _cells(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None
           ) -> list[tuple[list[int], list[int], list[str]]]:
    """(event ids, report ids, normalised names) of each (partner region, day) cell shared by two reports;
    with `new_reports`, only the cells holding an event of those reports, and only events whose partner
    regions and dates can meet one of them."""
    scope = "TRUE"
    params: dict[str, object] = {}
    if new_reports is not None:
        scope = """list_has_any(partner_codes, (SELECT list(DISTINCT c) FROM (
                       SELECT unnest(partner_codes) AS c FROM events WHERE report_id IN (SELECT unnest($new)))))
                   AND date_end >= (SELECT min(date_start) FROM events WHERE report_id IN (SELECT unnest($new)))
                   AND date_start <= (SELECT max(date_end) FROM events WHERE report_id IN (SELECT unnest($new)))"""
        params["new"] = list(new_reports)
    touched = "AND bool_or(report_id IN (SELECT unnest($new)))" if new_reports is not None else ""
    return conn.execute(
        f"""
        WITH named AS MATERIALIZED (
            SELECT event_id, report_id, partner_codes, date_start, date_end, {_NORMALISED_NAME} AS norm
            FROM events WHERE {_LINKABLE} AND {scope}
        ), dated AS (
            SELECT event_id, report_id, unnest(partner_codes) AS region, date_start, date_end, norm
            FROM named WHERE len(string_split(norm, ' ')) >= {MIN_WORDS}
        ), cells AS (
            SELECT event_id, report_id, region, norm,
                   unnest(generate_series(date_start, date_end, INTERVAL 1 DAY)) AS day
            FROM dated
        )
        SELECT list(event_id), list(report_id), list(norm)
        FROM cells GROUP BY region, day HAVING min(report_id) <> max(report_id) {touched}
        """, params
    ).fetchall()


def twin_pairs(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None) -> set[tuple[int, int]]:
    """(smaller event_id, larger event_id) of every twin pair; with `new_reports`, of every pair with an
    event of those reports."""
    pairs: set[tuple[int, int]] = set()
    same: dict[tuple[str, str], bool] = {}  # names recur across cells (a multi-day event, a repeated name)
    new = set(new_reports) if new_reports is not None else None
    for ids, reports, names in _cells(conn, new_reports):
        n = len(ids)
        for i in range(n - 1):
            report_i, name_i, id_i = reports[i], names[i], ids[i]
            old_i = new is not None and report_i not in new
            for j in range(i + 1, n):
                if reports[j] == report_i or (old_i and reports[j] not in new):
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


def link_duplicates(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None) -> int:
    """Set `event_key` (shared by twins) and `duplicate_of` (the earliest twin). Returns the pairs linked.

    `new_reports`: the reports this build added when it replaced none; the links among the other events
    are kept and only the new events' pairs are looked for. None: link everything again."""
    if new_reports is not None:
        return _link_new(conn, new_reports)
    parent: dict[int, int] = {}
    pairs = twin_pairs(conn)
    _union(parent, pairs)
    # reset only the rows linked before (every other row already has its own id as key)
    conn.execute("UPDATE events SET event_key = CAST(event_id AS VARCHAR), duplicate_of = NULL "
                 "WHERE duplicate_of IS NOT NULL OR event_key <> CAST(event_id AS VARCHAR)")
    _set_roots(conn, {e: _find(parent, e) for e in parent})
    return len(pairs)


def _find(parent: dict[int, int], x: int) -> int:
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])  # path halving
        x = parent[x]
    return x


def _union(parent: dict[int, int], pairs: set[tuple[int, int]]) -> None:
    """Join the groups of each pair; a group's root is its smallest (earliest loaded) event_id."""
    for a, b in pairs:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)


def _set_roots(conn: duckdb.DuckDBPyConnection, roots: dict[int, int]) -> None:
    """Point each event at its group's root (a root points at nobody)."""
    if not roots:
        return
    frame = pd.DataFrame(list(roots.items()), columns=["event_id", "root"])
    conn.register("_twins", frame)
    conn.execute(
        """UPDATE events SET event_key = CAST(t.root AS VARCHAR),
                             duplicate_of = CASE WHEN t.root = events.event_id THEN NULL ELSE t.root END
           FROM _twins t WHERE events.event_id = t.event_id""")
    conn.unregister("_twins")


def _link_new(conn: duckdb.DuckDBPyConnection, new_reports: list[int]) -> int:
    """Add the new reports' twin pairs to the existing groups (see link_duplicates)."""
    pairs = twin_pairs(conn, new_reports)
    if not pairs:
        return 0
    # the existing groups of every event in a new pair: each member points at its root
    involved = sorted({e for pair in pairs for e in pair})
    groups = conn.execute(
        """WITH r AS (SELECT DISTINCT coalesce(duplicate_of, event_id) AS root FROM events
                      WHERE event_id IN (SELECT unnest($ids)))
           SELECT e.event_id, coalesce(e.duplicate_of, e.event_id) FROM events e
           WHERE coalesce(e.duplicate_of, e.event_id) IN (SELECT root FROM r)""", {"ids": involved}).fetchall()
    parent = {event_id: root for event_id, root in groups}
    before = dict(parent)
    _union(parent, pairs)
    changed = {e: root for e in parent if (root := _find(parent, e)) != before.get(e, e)}
    _set_roots(conn, changed)
    return len(pairs)
