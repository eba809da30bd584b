"""Link the same event reported in two reports, so unique-event counts don't double count.

Two events are twins when they come from different reports, share a partner region, overlap on a day
(day-precise dates only), and their names, normalised, have at least MIN_WORDS significant words and a
token_set_ratio of at least SAME_NAME.

At a million events a pairwise join is far too big, so the work is blocked: identical rows (the same
normalised name, dates and partners: an office's copy of last quarter's table) collapse into one variant in
SQL, every variant is spread over its (partner region, day) cells, only cells holding events of two or more
reports come back, and only variants within a cell are compared (each pair of variants, and of names, once).
A row reported forty times costs one variant, not 780 comparisons.

A build into a database that has events relinks only what it changed: the new events, and the events of
every twin group that lost a member with a replaced report (those are set back to single events first: the
lost member may have been the only bridge between the others). Only the cells those events touch are read,
only pairs with one of them are compared, and only rows whose group changed are updated (adding or replacing
one report among a million events: seconds, not a full relink). The result is the full relink's: an
untouched group kept every member, so its links still hold, and no untouched event can be a twin of a
touched one without having been in that touched event's group.
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
# Up to this many touched events, the scope of a relink is found by a range join of the touched events on
# every event (its cost grows with touched × events); above it, the variants of every event are computed
# (cost linear in events) and the touched ones picked from them, as the scope would. Measured
# (docs/performance.md, session 9): at 55,624 events the range join cost 0.6 s for 500 touched events and
# 9.9 s for 10,000 against 1.0 s for every event; at 1,000,000 events 5.4 s for 500 and 21 s for 2,000
# against 17 s. Rebuilding every file of a corpus touches every event: 58 s of a 98 s rebuild before.
SCOPED_MAX = 1_000


def _variants(conn: duckdb.DuckDBPyConnection, scoped: bool = False
              ) -> tuple[dict[int, tuple[list[int], list[int], str]], list[list[int]]]:
    """The linkable events collapsed into variants, and the (partner region, day) cells where variants meet.

    A variant is one distinct (normalised name, dates, partner regions): the forty copies of a row that an
    office re-reports quarter after quarter are one variant, compared once. Returns {variant: (event ids,
    their report ids, normalised name)} and, for every cell holding two or more variants and events of two
    or more reports, its variant numbers. `scoped`: only the events whose partner regions and dates can meet
    an event of the temp table `_twin_touched` (event_id), and only the cells holding one (with more than
    SCOPED_MAX touched events every event is read, and the same variants and cells are kept)."""
    scope = "TRUE"
    params: dict[str, object] = {}
    touched_ids = "SELECT event_id FROM _twin_touched"
    if scoped and conn.execute("SELECT count(*) FROM _twin_touched").fetchall()[0][0] <= SCOPED_MAX:
        # the events sharing a partner region and a day with a touched event (a range join on the few
        # touched events), so only those names are normalised; every copy of a variant in scope is in scope
        scope = f"""event_id IN (
            SELECT e.event_id FROM events e JOIN (SELECT partner_codes, date_start, date_end FROM events
                                                 WHERE event_id IN ({touched_ids}) AND {_LINKABLE}) t
              ON e.date_start <= t.date_end AND e.date_end >= t.date_start
            WHERE list_has_any(e.partner_codes, t.partner_codes))"""
    conn.execute(
        f"""CREATE OR REPLACE TEMP TABLE _twin_variants AS
        WITH scoped AS MATERIALIZED (  -- the rows first, then their names normalised (not every row's)
            SELECT event_id, report_id, partner_codes, date_start, date_end, name
                   {f", event_id IN ({touched_ids}) AS is_touched" if scoped else ""}
            FROM events WHERE {_LINKABLE} AND {scope}
        ), named AS (SELECT *, {_NORMALISED_NAME} AS norm FROM scoped)
        SELECT row_number() OVER (ORDER BY min(event_id)) AS v, norm, date_start, date_end, partner_codes,
               list(event_id ORDER BY event_id) AS ids, list(report_id ORDER BY event_id) AS reports,
               min(report_id) AS min_report, max(report_id) AS max_report
               {", bool_or(is_touched) AS touched" if scoped else ""}
        FROM named WHERE len(string_split(norm, ' ')) >= {MIN_WORDS}
        GROUP BY norm, date_start, date_end, partner_codes""", params)
    try:
        touched = "AND bool_or(touched)" if scoped else ""
        cells = [r[0] for r in conn.execute(
            f"""WITH regional AS (
                    SELECT v, unnest(partner_codes) AS region, date_start, date_end, min_report, max_report
                    {", touched" if scoped else ""} FROM _twin_variants
                ), daily AS (
                    SELECT *, unnest(generate_series(date_start, date_end, INTERVAL 1 DAY)) AS day FROM regional
                )
                SELECT list(v ORDER BY v) FROM daily GROUP BY region, day
                HAVING count(*) > 1 AND min(min_report) <> max(max_report) {touched}""").fetchall()]
        copies = "min_report <> max_report" + (" AND touched" if scoped else "")
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


def twin_pairs(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None,
               touched: list[int] | None = None) -> set[tuple[int, int]]:
    """(smaller event_id, larger event_id) edges whose union joins exactly the events that are twins
    (directly or through a chain), as comparing every pair of events would; with `new_reports` (report
    ids) or `touched` (event ids), the edges of every twin pair with an event of those (and perhaps some
    already-linked pairs).

    Copies collapse first: the events of one variant (same normalised name, dates and partners) from two
    or more reports are all twins of each other, without a comparison. Two variants meeting in a cell are
    compared once (their names once per distinct pair of names); when they match, each event is joined to
    the other variant when that one holds an event of another report."""
    edges: set[tuple[int, int]] = set()
    scoped = new_reports is not None or touched is not None
    if scoped:
        conn.execute("""CREATE OR REPLACE TEMP TABLE _twin_touched AS SELECT event_id FROM events
                        WHERE report_id IN (SELECT unnest($reports)) OR event_id IN (SELECT unnest($events))""",
                     {"reports": list(new_reports or []), "events": list(touched or [])})
    try:
        variants, cells = _variants(conn, scoped)
    finally:
        conn.execute("DROP TABLE IF EXISTS _twin_touched")
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


def link_duplicates(conn: duckdb.DuckDBPyConnection, new_reports: list[int] | None = None,
                    broken_roots: list[int] | None = None) -> int:
    """Set `event_key` (shared by twins) and `duplicate_of` (the earliest twin). Returns the pairs linked.

    `new_reports`: the reports this build wrote into a database that had events; `broken_roots`: the roots
    of the twin groups that lost events with the reports it replaced (see loaders.db.store). Only those
    events are linked again (see the module's docstring). None: link everything again."""
    if new_reports is not None:
        return _link_new(conn, new_reports, broken_roots or [])
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


def _link_new(conn: duckdb.DuckDBPyConnection, new_reports: list[int], broken_roots: list[int]) -> int:
    """Link the new reports' events and the members of the broken groups into the existing groups."""
    members = [r[0] for r in conn.execute(
        "SELECT event_id FROM events WHERE coalesce(duplicate_of, event_id) IN (SELECT unnest($roots))",
        {"roots": list(broken_roots)}).fetchall()] if broken_roots else []
    if members:  # single events again: what still joins them is found below
        conn.execute("""UPDATE events SET event_key = CAST(event_id AS VARCHAR), duplicate_of = NULL
                        WHERE event_id IN (SELECT unnest($ids))""", {"ids": members})
    pairs = twin_pairs(conn, new_reports, touched=members)
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
