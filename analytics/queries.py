"""Every SQL query the dashboard runs. Pages call these; no SQL lives in pages.

Each function takes a read-only DuckDB connection and a Filters value and returns a
small pandas DataFrame (an aggregate or one page of rows): filtering and grouping
happen in DuckDB, never in pandas.

Answers hold data and codes, never display text (ui/labels.py turns codes into words): a missing
department or event type is NULL, a missing format is 'unknown', and a row without a quarter has
quarter NULL with `ongoing` telling an event that runs the whole period (true) from an undated one.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.filters import Filters
from analytics.summaries import summarised


def _df(conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    return conn.execute(sql, params or {}).df()


# The columns aggregates need: the filtered set stays narrow (no cell texts) however often a query reads it.
NARROW = """e.event_id, e.report_id, e.row_no, e.department, e.quarter, e.ongoing, e.date_start, e.date_end,
    e.participants_total, e.participants_qualifier, e.format, e.event_type, e.event_key, e.duplicate_of,
    e.partner_codes"""


# `ongoing` of a row grouped by quarter: only a row without a quarter is told apart by it
_ONGOING = "(quarter IS NULL AND coalesce(ongoing, false))"


def _filtered(f: Filters) -> tuple[str, dict[str, object]]:
    """A CTE `fe` holding the filtered events (narrow columns; join `events` for the texts)."""
    where, params = f.where("e")
    return f"WITH fe AS (SELECT {NARROW} FROM events e WHERE {where})", params


# The roots of the twin groups with a later twin among the filtered rows `fe`: with them, a filtered row is
# "twinned" (`duplicate_of IS NOT NULL OR event_id IN (SELECT id FROM tw)`) when another filtered row may be
# the same event, and every other filtered row is the only row of its event. Only the twinned rows need a
# group per event; the rest (at a million bench events 96 % of them) are summed as they are.
_TWIN_ROOTS = "tw AS (SELECT DISTINCT duplicate_of AS id FROM fe WHERE duplicate_of IS NOT NULL)"
_TWINNED = "(duplicate_of IS NOT NULL OR event_id IN (SELECT id FROM tw))"
_SINGLE = "(duplicate_of IS NULL AND event_id NOT IN (SELECT id FROM tw))"


def _per_event(keys: list[str], rows: str = "fe") -> str:
    """CTEs `tw` and `per_event`: for the `keys` (columns or `expression AS name`) of `rows` (`fe`, or a CTE over it that keeps
    event_id, duplicate_of and participants_total), `rows` = the number of rows and `participants` = the
    headcount with the twins of one event counted once (the largest of their counts). Each twin group is
    one row of `per_event`; the rows of events reported once are summed per key without a group per event
    (the same sums: an event's only row is its own largest count)."""
    cols, n = ", ".join(keys), ", ".join(str(i + 1) for i in range(len(keys)))
    return f"""{_TWIN_ROOTS},
        per_event AS (
            SELECT {cols}, count(*) AS rows, max(participants_total) AS participants
            FROM {rows} WHERE {_TWINNED} GROUP BY {n}, coalesce(duplicate_of, event_id)
            UNION ALL
            SELECT {cols}, count(*) AS rows, sum(participants_total) AS participants
            FROM {rows} WHERE {_SINGLE} GROUP BY {n})"""


@dataclass(frozen=True)
class HeadlineSide:
    """headline's numbers over one subset of the rows, and the sets behind three of them (for compare)."""

    numbers: dict[str, object]
    departments: frozenset[str]  # distinct non-NULL departments
    report_ids: frozenset[int]
    partners: frozenset[str]  # distinct partner region codes


# The qualifier of an event reported by several offices is that of its largest headcount; when two reports
# give that count with different qualifiers, the most definite wins (exact, then at least, then about), so
# the answer does not depend on the order DuckDB meets the rows in.
COUNT_RANK = ("CAST(pt AS BIGINT) * 4 + CASE pq WHEN 'exact' THEN 3 WHEN 'at_least' THEN 2 "
              "WHEN 'approx' THEN 1 ELSE 0 END")

_HEADLINE_KEYS = ("events", "unique_events", "departments", "participants", "with_count", "approx", "at_least",
                  "reports", "multi_partner", "partner_regions")


def headline_sides(conn: duckdb.DuckDBPyConnection, where: str, params: dict[str, object],
                   sides: list[str]) -> list[HeadlineSide]:
    """headline's numbers for several subsets of the rows `where` selects (side i: the rows where the
    condition `sides[i]` over `e` also holds; subsets may overlap), in one scan of `events`: conditional
    aggregation (`FILTER (WHERE s_i)`) over the rows, over their twin groups and over their partner codes.
    Each side's numbers are what headline gives for the filter `where AND sides[i]`."""
    n = range(len(sides))
    flags = ", ".join(f"coalesce({cond}, false) AS s{i}" for i, cond in enumerate(sides))
    any_side = " OR ".join(f"({cond})" for cond in sides)
    row_aggs = ", ".join(
        f"count(*) FILTER (WHERE s{i}) AS events_{i}, count(*) FILTER (WHERE s{i} AND shared) AS multi_{i}, "
        f"list(DISTINCT department) FILTER (WHERE s{i} AND department IS NOT NULL) AS depts_{i}, "
        f"list(DISTINCT report_id) FILTER (WHERE s{i} AND report_id IS NOT NULL) AS reports_{i}" for i in n)
    group_aggs = ", ".join(
        f"bool_or(s{i}) AS s{i}, max(pt) FILTER (WHERE s{i}) AS p{i}, arg_max(pq, {COUNT_RANK}) FILTER (WHERE s{i}) AS q{i}"
        for i in n)
    # an event's only row is its own group: the same values without a group (arg_max skips a NULL count)
    single_cols = ", ".join(f"s{i}, CASE WHEN s{i} THEN pt END AS p{i}, CASE WHEN s{i} AND pt IS NOT NULL THEN pq END AS q{i}"
                            for i in n)
    uniq_aggs = ", ".join(
        f"count(*) FILTER (WHERE s{i}) AS unique_{i}, sum(p{i}) AS participants_{i}, count(p{i}) AS with_count_{i}, "
        f"count(*) FILTER (WHERE q{i} = 'approx') AS approx_{i}, count(*) FILTER (WHERE q{i} = 'at_least') AS at_least_{i}"
        for i in n)
    partner_aggs = ", ".join(f"list(DISTINCT code) FILTER (WHERE s{i} AND code IS NOT NULL) AS partners_{i}" for i in n)
    s_cols = ", ".join(f"s{i}" for i in n)
    rows = conn.execute(
        f"""WITH fe AS MATERIALIZED (
                SELECT event_id, duplicate_of, coalesce(duplicate_of, event_id) AS grp, department, report_id,
                       participants_total AS pt, participants_qualifier AS pq, partner_codes,
                       len(partner_codes) > 1 AS shared, {flags}
                FROM events e WHERE ({where}) AND ({any_side})),
            {_TWIN_ROOTS},
            by_row AS (SELECT {row_aggs} FROM fe),
            uniq AS (SELECT grp, {group_aggs} FROM fe WHERE {_TWINNED} GROUP BY grp
                     UNION ALL SELECT grp, {single_cols} FROM fe WHERE {_SINGLE}),
            by_group AS (SELECT {uniq_aggs} FROM uniq),
            by_partner AS (SELECT {partner_aggs} FROM (SELECT unnest(partner_codes) AS code, {s_cols} FROM fe))
        SELECT * FROM by_row, by_group, by_partner""",
        params,
    ).fetchall()[0]
    width = len(sides)
    out = []
    for i in n:
        events, multi, depts, reports = rows[4 * i: 4 * i + 4]
        unique, participants, with_count, approx, at_least = rows[4 * width + 5 * i: 4 * width + 5 * i + 5]
        partners = rows[9 * width + i]
        departments, report_ids, codes = frozenset(depts or ()), frozenset(reports or ()), frozenset(partners or ())
        values = (events, unique, len(departments), int(participants or 0), with_count, approx, at_least,
                  len(report_ids), multi, len(codes))
        out.append(HeadlineSide(dict(zip(_HEADLINE_KEYS, values)), departments, report_ids, codes))
    return out


@summarised("record")
def headline(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, object]:
    """The overview's numbers: one scan of the filtered rows (headline_sides with one side).

    Unique events (= count(DISTINCT event_key)): a later twin's `duplicate_of` is the event_id of its
    group's earliest event, so the groups with a filtered row are the distinct coalesce(duplicate_of,
    event_id): a distinct over integers, not over the key strings.

    Participants count each unique event once: an event reported by two offices is one event with one
    headcount (the larger one when the reports differ). `with_count`, `approx` and `at_least` count unique
    events too; `multi_partner` counts the filtered rows with more than one partner region (charts by
    partner region give those rows to every partner)."""
    where, params = f.where("e")
    out = headline_sides(conn, where, params, ["TRUE"])[0].numbers
    if f.is_empty():  # unfiltered: as ever, the partner regions of the link table
        out["partner_regions"] = conn.execute("SELECT count(DISTINCT region_code) FROM event_partners").fetchall()[0][0]
    return out


@summarised("table")
def by_region(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        , fr AS (SELECT unnest(partner_codes) AS region_code, event_id, duplicate_of, participants_total FROM fe)
        , {_per_event(["region_code"], "fr")}  -- twins of one event count once towards a region's participants
        , agg AS (
            SELECT region_code, CAST(sum(rows) AS BIGINT) AS events,
                   CAST(coalesce(sum(participants), 0) AS BIGINT) AS participants
            FROM per_event GROUP BY 1)
        SELECT agg.region_code, r.name_ru, r.name_en, r.federal_district, r.lat, r.lon, agg.events, agg.participants
        FROM agg LEFT JOIN regions r USING (region_code)
        ORDER BY agg.events DESC, r.name_ru, agg.region_code""", params)


@summarised("table")
def by_department(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        , {_per_event(["department"])}  -- twins of one event count once towards a department's participants
        SELECT department, CAST(sum(rows) AS BIGINT) AS events,
               CAST(coalesce(sum(participants), 0) AS BIGINT) AS participants
        FROM per_event GROUP BY 1 ORDER BY events DESC, department NULLS LAST""", params)


@summarised("table")
def by_quarter(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Events and participants per quarter, in order; the events without a quarter come last, in two rows:
    quarter NULL with `ongoing` true (they run the whole period), then `ongoing` false (no date given)."""
    cte, params = _filtered(f)
    # twins of one event count once towards a bar's participants: a bar is (quarter, ongoing as shown), so twins
    # in one quarter whose stored `ongoing` differ are still one event there
    return _df(conn, f"""{cte}
        , {_per_event(["quarter", f"{_ONGOING} AS ongoing"])}
        SELECT quarter, ongoing,
               CAST(sum(rows) AS BIGINT) AS events, CAST(coalesce(sum(participants), 0) AS BIGINT) AS participants
        FROM per_event GROUP BY 1, 2 ORDER BY quarter NULLS LAST, ongoing DESC""", params)


def by_report(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        SELECT r.report_id, r.title, r.file_name, count(fe.event_id) AS events
        FROM fe JOIN reports r USING (report_id)
        GROUP BY ALL ORDER BY events DESC, r.report_id""", params)


@summarised("table")
def by_format(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        SELECT coalesce(format, 'unknown') AS format, count(*) AS events
        FROM fe GROUP BY 1 ORDER BY events DESC, format""", params)


@summarised("table")
def by_event_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        SELECT event_type, count(*) AS events
        FROM fe GROUP BY 1 ORDER BY events DESC, event_type NULLS LAST""", params)


EVENT_COLUMNS = """e.event_id, e.report_id, e.row_no, e.item_no, e.department, e.name,
    e.dates_text, e.date_start, e.date_end, e.ongoing, e.quarter, e.place_text, e.city, e.format,
    e.event_type, e.participants_total, e.participants_qualifier, e.participants_text, e.result_text,
    e.agreement_text, e.source_ref, e.event_key, e.duplicate_of,
    CASE WHEN len(e.partner_codes) > 0 THEN array_to_string(
        list_sort(list_transform(e.partner_codes, lambda c: coalesce(names.m[c], c))), ', ') END AS partners,
    e.partner_codes, r.file_name"""
# the partner names of a row from its partner_codes (= its event_partners rows' names, sorted)
REGION_NAMES = "names AS (SELECT map(list(region_code), list(name_ru)) AS m FROM regions)"


def count_events(conn: duckdb.DuckDBPyConnection, f: Filters) -> int:
    where, params = f.where("e")
    return conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]  # type: ignore[index]


PAGE_ORDER = "date_start NULLS LAST, report_id, row_no"
SMALL_PAGE = 10_000  # up to this many rows a page fetches its rows by id (export takes the one-query path)


def events_page(conn: duckdb.DuckDBPyConnection, f: Filters, limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """One page of the filtered events, in report order."""
    where, params = f.where("e")
    params = {**params, "limit": int(limit), "offset": int(offset)}
    page = f"SELECT e.event_id FROM events e WHERE {where} ORDER BY {PAGE_ORDER} LIMIT $limit OFFSET $offset"
    select = f"""SELECT {EVENT_COLUMNS}
        FROM events e JOIN reports r USING (report_id), names
        WHERE e.event_id IN (SELECT event_id FROM page)
        ORDER BY e.date_start NULLS LAST, e.report_id, e.row_no"""
    if limit <= SMALL_PAGE:
        # order and cut the narrow rows first; then read the page's texts by id (an index lookup, not a scan)
        ids = [r[0] for r in conn.execute(page, params).fetchall()]
        return _df(conn, f"WITH page AS (SELECT unnest(CAST($ids AS BIGINT[])) AS event_id), {REGION_NAMES} {select}",
                   {"ids": ids})
    return _df(conn, f"WITH page AS ({page}), {REGION_NAMES} {select}", params)


def events_for_export(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every filtered event (export is the one place all rows leave the database)."""
    return events_page(conn, f, limit=10_000_000, offset=0)


def event_detail(conn: duckdb.DuckDBPyConnection, event_id: int) -> dict[str, object] | None:
    cur = conn.execute(
        """SELECT e.*, r.file_name, r.title AS report_title, r.template, r.period_start, r.period_end,
                  (SELECT string_agg(p.region_name, ', ' ORDER BY p.region_name) FROM event_partners p
                    WHERE p.event_id = e.event_id) AS partners,
                  (SELECT string_agg(g.name_ru, ', ' ORDER BY g.name_ru) FROM event_mentioned_regions m
                    JOIN regions g USING (region_code) WHERE m.event_id = e.event_id) AS mentioned_regions,
                  (SELECT list(m.region_code ORDER BY m.region_code) FROM event_mentioned_regions m
                    WHERE m.event_id = e.event_id) AS mentioned_codes,
                  (SELECT name_ru FROM regions g WHERE g.region_code = e.place_region_code) AS place_region
           FROM events e JOIN reports r USING (report_id) WHERE e.event_id = $id""",
        {"id": int(event_id)},
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row))


def event_twins(conn: duckdb.DuckDBPyConnection, event_id: int) -> pd.DataFrame:
    """The same event as reported elsewhere (same event_key, other rows)."""
    return _df(conn, """SELECT e.event_id, e.name, e.dates_text, r.file_name, e.source_ref
        FROM events e JOIN reports r USING (report_id)
        WHERE e.event_key = (SELECT event_key FROM events WHERE event_id = $id) AND e.event_id <> $id
        ORDER BY e.event_id""",
               {"id": int(event_id)})


def event_issues(conn: duckdb.DuckDBPyConnection, event_id: int) -> pd.DataFrame:
    """The fields of one event that could not be parsed."""
    return _df(conn, "SELECT field, raw_text, reason FROM parse_issues WHERE event_id = $id ORDER BY field",
               {"id": int(event_id)})


def region_names(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Code → Russian and English names of every federal subject."""
    return _df(conn, "SELECT region_code, name_ru, name_en FROM regions ORDER BY region_code")


@summarised("record")
def filter_options(conn: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Values the sidebar offers (everything present in the database): one scan of `events`."""
    quarters, departments, types, formats = conn.execute(
        """SELECT list(DISTINCT quarter ORDER BY quarter) FILTER (WHERE quarter IS NOT NULL),
                  list(DISTINCT department ORDER BY department) FILTER (WHERE department IS NOT NULL),
                  list(DISTINCT event_type ORDER BY event_type) FILTER (WHERE event_type IS NOT NULL),
                  list(DISTINCT coalesce(format, 'unknown') ORDER BY coalesce(format, 'unknown'))
           FROM events""").fetchall()[0]
    return {
        "quarters": quarters or [],
        "regions": conn.execute(
            """SELECT p.region_code, r.name_ru, r.name_en FROM (SELECT DISTINCT region_code FROM event_partners) p
               LEFT JOIN regions r USING (region_code) ORDER BY r.name_ru""").fetchall(),
        "departments": departments or [],
        "event_types": types or [],
        "formats": formats or [],
        "reports": conn.execute("SELECT report_id, title, file_name FROM reports ORDER BY report_id").fetchall(),
    }


@summarised("table")
def reports_table(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(conn, """SELECT r.report_id, r.file_name, r.title, r.template, r.format, r.period_start,
               r.period_end, r.loaded_at, r.rows_source, r.rows_event, r.rows_heading, r.rows_header,
               r.rows_total, r.rows_blank, r.rows_reject,
               (SELECT count(*) FROM parse_issues i JOIN events e USING (event_id)
                 WHERE e.report_id = r.report_id) AS parse_issues
        FROM reports r ORDER BY r.report_id""")


def report_health_table(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per report: its health figures and problem codes (reports loaded before schema 3 are backfilled)."""
    return _df(conn, """SELECT r.report_id, r.file_name, h.events, h.with_partner, h.with_date, h.with_place,
               h.template_known, h.columns_missing, h.layout_confidence, h.problems, h.warning
        FROM reports r LEFT JOIN report_health h USING (report_id) ORDER BY r.report_id""")


def report_columns_table(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What the loader detected in each report's table, column by column."""
    return _df(conn, """SELECT r.report_id, r.file_name, c.col_no, c.header_text, c.field, c.basis, c.confidence,
               c.reason
        FROM report_columns c JOIN reports r USING (report_id) ORDER BY r.report_id, c.col_no""")


@summarised("table")
def rejects_table(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(conn, "SELECT file_name, source_ref, reason, raw_text FROM rejects ORDER BY file_name, source_ref")


@summarised("table")
def parse_issues_table(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(conn, """SELECT r.file_name, e.source_ref, e.name, i.field, i.raw_text, i.reason
        FROM parse_issues i JOIN events e USING (event_id) JOIN reports r USING (report_id)
        ORDER BY r.file_name, e.row_no, i.field""")


@summarised("table")
def agreements_by_quarter(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every agreement with its number of filtered events per quarter (0 rows → dormant)."""
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        , agg AS (
            SELECT ea.agreement_id, fe.quarter, {_ONGOING} AS ongoing, count(*) AS events
            FROM fe JOIN event_agreements ea USING (event_id) GROUP BY 1, 2, 3)
        SELECT a.agreement_id, a.kind, a.title, a.partner_codes, agg.quarter, agg.ongoing,
               coalesce(agg.events, 0) AS events
        FROM agreements a LEFT JOIN agg USING (agreement_id)
        ORDER BY a.agreement_id, agg.quarter NULLS LAST, agg.ongoing DESC""", params)


@summarised("table")
def agreement_activity(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The agreements the filters apply to, each with its number of events under those filters (0 → dormant).

    Only the period and the partner regions apply to an agreement: with partner regions chosen, only the
    agreements with one of them as a party are listed, and they count the events with one of those regions
    in the period. The other filters (department, type, format, report, search) narrow events, not
    agreements: an agreement is not dormant because another department carried it out."""
    applying = Filters(quarter_from=f.quarter_from, quarter_to=f.quarter_to, regions=f.regions)
    if applying != f:  # the same answer as under the applying filters alone (stored when there are none)
        return agreement_activity(conn, applying)
    cte, params = _filtered(applying)
    parties = "list_has_any(a.partner_codes, CAST($parties AS VARCHAR[]))" if f.regions else "TRUE"
    return _df(conn, f"""{cte}
        SELECT a.agreement_id, a.kind, a.title, a.partner_codes, count(fe.event_id) AS events
        FROM agreements a
        LEFT JOIN event_agreements ea USING (agreement_id)
        LEFT JOIN fe ON fe.event_id = ea.event_id
        WHERE {parties}
        GROUP BY ALL ORDER BY a.agreement_id""", {**params, **({"parties": list(f.regions)} if f.regions else {})})


@summarised("table")
def department_region_matrix(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        , agg AS (
            SELECT department, region_code, count(*) AS events
            FROM (SELECT department, unnest(partner_codes) AS region_code FROM fe) GROUP BY 1, 2)
        SELECT agg.department, r.name_ru AS region, agg.region_code, agg.events
        FROM agg LEFT JOIN regions r USING (region_code)
        ORDER BY agg.events DESC, agg.department NULLS LAST, region, agg.region_code""", params)


@summarised("table")
def department_quarter(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        SELECT department, quarter, {_ONGOING} AS ongoing, count(*) AS events
        FROM fe GROUP BY 1, 2, 3 ORDER BY quarter NULLS LAST, ongoing DESC, department NULLS LAST""", params)


def region_agreements(conn: duckdb.DuckDBPyConnection, f: Filters, region_code: str) -> pd.DataFrame:
    """Agreements and road maps with one partner region, with their number of filtered events (0 kept)."""
    cte, params = _filtered(f)
    return _df(conn, f"""{cte}
        SELECT a.agreement_id, a.kind, a.title, count(fe.event_id) AS events
        FROM agreements a
        LEFT JOIN event_agreements ea USING (agreement_id)
        LEFT JOIN fe ON fe.event_id = ea.event_id
        WHERE list_contains(a.partner_codes, $region_code)
        GROUP BY ALL ORDER BY events DESC, a.kind, a.title, a.agreement_id""", {**params, "region_code": region_code})


def home_regions(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The reporting region(s) of the loaded reports, with the admin centre's coordinates (for the map)."""
    return _df(conn, """SELECT DISTINCT g.region_code, g.name_ru, g.name_en, g.lat, g.lon
        FROM reports r JOIN regions g ON g.region_code = r.home_region_code ORDER BY 1""")


def department_short_names(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every department's full name → its short name, unique over the departments in the database."""
    from analytics.department_names import short_names

    return short_names(filter_options(conn)["departments"])


def region_name_map(conn: duckdb.DuckDBPyConnection, lang: str) -> dict[str, str]:
    """Region code → its name in `lang` ('en': the English name where there is one, else the Russian)."""
    names = region_names(conn)
    column = "name_en" if lang == "en" else "name_ru"
    return {code: (en if isinstance(en, str) and en else ru) for code, ru, en in
            zip(names["region_code"], names["name_ru"], names[column])}
