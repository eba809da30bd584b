"""Link the same event reported in two reports, so unique-event counts don't double count.

Two events are twins when they come from different reports, share a partner region, overlap on a day
(day-precise dates only), and their names, normalised, have at least MIN_WORDS significant words and a
token_set_ratio of at least SAME_NAME.

At a million events a pairwise join is far too big, so the work is blocked: identical rows (the same
normalised name, dates and partners: an office's copy of last quarter's table) collapse into one variant in
SQL, every variant is spread over its (partner region, day) cells, only cells holding events of two or more
reports come back, and only variants within a cell are compared (each pair of variants, and of names, once).
A row reported forty times costs one variant, not 780 comparisons.

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


def _variants(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None
              ) -> tuple[dict[int, tuple[list[int], list[int], str]], list[list[int]]]:
    """The linkable events collapsed into variants, and the (partner region, day) cells where variants meet.

    A variant is one distinct (normalised name, dates, partner regions): the forty copies of a row that an
    office re-reports quarter after quarter are one variant, compared once. Returns {variant: (event ids,
    their report ids, normalised name)} and, for every cell holding two or more variants and events of two
    or more reports, its variant numbers. With `new_reports`, only the events whose partner regions and
    dates can meet an event of those reports, and only the cells holding one."""
    scope = "TRUE"
    params: dict[str, object] = {}
    if new_reports is not None:
        scope = """list_has_any(partner_codes, (SELECT list(DISTINCT c) FROM (
                       SELECT unnest(partner_codes) AS c FROM events WHERE report_id IN (SELECT unnest($new)))))
                   AND date_end >= (SELECT min(date_start) FROM events WHERE report_id IN (SELECT unnest($new)))
                   AND date_start <= (SELECT max(date_end) FROM events WHERE report_id IN (SELECT unnest($new)))"""
        params["new"] = list(new_reports)
    conn.execute(
        f"""CREATE OR REPLACE TEMP TABLE _twin_variants AS
        WITH named AS (
            SELECT event_id, report_id, partner_codes, date_start, date_end, {_NORMALISED_NAME} AS norm
            FROM events WHERE {_LINKABLE} AND {scope}
        )
        SELECT row_number() OVER (ORDER BY min(event_id)) AS v, norm, date_start, date_end, partner_codes,
               list(event_id ORDER BY event_id) AS ids, list(report_id ORDER BY event_id) AS reports,
               min(report_id) AS min_report, max(report_id) AS max_report
               {", bool_or(report_id IN (SELECT unnest($new))) AS touched" if new_reports is not None else ""}
        FROM named WHERE len(string_split(norm, ' ')) >= {MIN_WORDS}
        GROUP BY norm, date_start, date_end, partner_codes""", params)
    try:
        touched = "AND bool_or(touched)" if new_reports is not None else ""
        cells = [r[0] for r in conn.execute(
            f"""WITH regional AS (
                    SELECT v, unnest(partner_codes) AS region, date_start, date_end, min_report, max_report
                    {", touched" if new_reports is not None else ""} FROM _twin_variants
                ), daily AS (
                    SELECT *, unnest(generate_series(date_start, date_end, INTERVAL 1 DAY)) AS day FROM regional
                )
                SELECT list(v ORDER BY v) FROM daily GROUP BY region, day
                HAVING count(*) > 1 AND min(min_report) <> max(max_report) {touched}""").fetchall()]
        copies = "min_report <> max_report" + (" AND touched" if new_reports is not None else "")
        variants = {v: (ids, reports, norm) for v, ids, reports, norm in conn.execute(
            f"SELECT v, ids, reports, norm FROM _twin_variants WHERE ({copies}) OR v IN (SELECT unnest(?))",
            [sorted({v for c in cells for v in c})]).fetchall()}
    finally:
        conn.execute("DROP TABLE IF EXISTS _twin_variants")
    return variants, cells


def _star(ids: list[int], out: set[tuple[int, int]]) -> None:
    """Edges joining `ids` into one group (a star from the smallest)."""
    first = ids[0]
    out.update((first, other) for other in ids[1:] if other != first)


def twin_pairs(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None) -> set[tuple[int, int]]:
    """(smaller event_id, larger event_id) edges whose union joins exactly the events that are twins
    (directly or through a chain), as comparing every pair of events would; with `new_reports`, the
    edges of every twin pair with an event of those reports (and perhaps some already-linked pairs).

    Copies collapse first: the events of one variant (same normalised name, dates and partners) from two
    or more reports are all twins of each other, without a comparison. Two variants meeting in a cell are
    compared once (their names once per distinct pair of names); when they match, each event is joined to
    the other variant when that one holds an event of another report."""
    edges: set[tuple[int, int]] = set()
    variants, cells = _variants(conn, new_reports)
    for ids, reports, _ in variants.values():
        if min(reports) != max(reports):
            _star(ids, edges)  # the same row from two or more reports
    same: dict[tuple[str, str], bool] = {}  # names recur across cells (a multi-day event, a repeated name)
    compared: set[tuple[int, int]] = set()
    for cell in cells:
        for i, a in enumerate(cell):
            for b in cell[i + 1:]:
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                ids_a, reports_a, name_a = variants[a]
                ids_b, reports_b, name_b = variants[b]
                if len(set(reports_a) | set(reports_b)) < 2:
                    continue  # one report only: never twins
                key = (name_a, name_b)
                hit = same.get(key)
                if hit is None:
                    hit = same[key] = name_a == name_b or \
                        fuzz.token_set_ratio(name_a, name_b, score_cutoff=SAME_NAME) >= SAME_NAME
                if hit:
                    _join(ids_a, reports_a, ids_b, reports_b, edges)
    return {(a, b) if a < b else (b, a) for a, b in edges}


def _join(ids_a: list[int], reports_a: list[int], ids_b: list[int], reports_b: list[int],
          edges: set[tuple[int, int]]) -> None:
    """Edges for two matching variants: an event pairs with an event of the other variant from another report."""
    linked: list[int] = []
    for ids, reports, other in ((ids_a, reports_a, set(reports_b)), (ids_b, reports_b, set(reports_a))):
        # with two or more reports on the other side every event has a partner there; with one, all but its own
        linked += [e for e, r in zip(ids, reports) if len(other) > 1 or r not in other]
    if len(linked) > 1:
        _star(sorted(linked), edges)


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
