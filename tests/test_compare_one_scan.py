"""compare() and headline() as one scan give exactly the answers of the implementation they replaced.

The reference below is analytics/compare.py and queries.headline as they were before the one-scan rewrite
(commit 405a7af), copied verbatim: three headline calls and six DISTINCT queries per compare. Both run on the
samples, on the compare test's quarters and on a synthetic 20,000-event database (bench/fill_db.py), for many
filter combinations, with the search as a semi-join and as the shared bit test (analytics.search.shared).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from analytics import queries, search
from analytics.compare import (
    Comparison,
    Side,
    Span,
    compare,
    covered_quarters,
    current_span,
    quarters_between,
    shift_quarter,
)
from analytics.filters import Filters

# ---------------------------------------------------------------- the reference: the code before the rewrite


def old_headline(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, object]:
    """queries.headline before it was one scan (verbatim, less its docstring and stored answer, and with the tie
    rule of the qualifier added later)."""
    where, params = f.where("e")
    row = conn.execute(
        f"""WITH fe AS (
                SELECT coalesce(duplicate_of, event_id) AS grp, department, report_id, participants_total,
                       participants_qualifier, len(partner_codes) > 1 AS shared
                FROM events e WHERE {where}),
            uniq AS (
                SELECT grp, max(participants_total) AS participants,
                       -- a tie between two reports' largest counts: the most definite qualifier (queries.COUNT_RANK)
                       arg_max(participants_qualifier, CAST(participants_total AS BIGINT) * 4 + CASE participants_qualifier
                               WHEN 'exact' THEN 3 WHEN 'at_least' THEN 2 WHEN 'approx' THEN 1 ELSE 0 END) AS qualifier
                FROM fe GROUP BY grp)
        SELECT (SELECT count(*) FROM fe) AS events,
               (SELECT count(*) FROM uniq) AS unique_events,
               (SELECT count(DISTINCT department) FROM fe) AS departments,
               (SELECT sum(participants) FROM uniq) AS participants,
               (SELECT count(participants) FROM uniq) AS with_count,
               (SELECT count(*) FILTER (WHERE qualifier = 'approx') FROM uniq) AS approx,
               (SELECT count(*) FILTER (WHERE qualifier = 'at_least') FROM uniq) AS at_least,
               (SELECT count(DISTINCT report_id) FROM fe) AS reports,
               (SELECT count(*) FILTER (WHERE shared) FROM fe) AS multi_partner""",
        params,
    ).fetchall()[0]
    keys = ["events", "unique_events", "departments", "participants", "with_count", "approx", "at_least", "reports",
            "multi_partner"]
    out = dict(zip(keys, row))
    partners_sql = (  # unfiltered: the narrow link table is far cheaper to read than unnesting every list
        "SELECT count(DISTINCT region_code) FROM event_partners" if f.is_empty() else
        f"SELECT count(DISTINCT code) FROM (SELECT unnest(e.partner_codes) AS code FROM events e WHERE {where})")
    out["partner_regions"] = conn.execute(partners_sql, params).fetchall()[0][0]
    out["participants"] = int(out["participants"] or 0)
    return out


def _distinct(conn: duckdb.DuckDBPyConnection, f: Filters, expr: str) -> set[str]:
    """The distinct non-NULL values of `expr` over the filtered events (`r` = the event's report)."""
    where, params = f.where("e")
    rows = conn.execute(f"SELECT DISTINCT {expr} AS v FROM events e JOIN reports r USING (report_id) WHERE {where}",
                        params).fetchall()
    return {v for (v,) in rows if v is not None}


def _templates(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "r.template")


def _with_span(f: Filters, span: Span) -> Filters:
    return replace(f, quarter_from=span.first, quarter_to=span.last)


def _partners(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "unnest(e.partner_codes)")


def _departments(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "e.department")


def old_compare(conn: duckdb.DuckDBPyConnection, f: Filters) -> Comparison | None:
    """None when no quarter is known at all (an empty database)."""
    found = current_span(conn, f)
    if found is None:
        return None
    span, chosen = found
    covered = covered_quarters(conn)
    now = _with_span(f, span)
    kinds = _templates(conn, now) or {t for t, qs in covered.items() if span.first in qs}

    def side(other: Span) -> Side:
        wanted = quarters_between(other.first, other.last) + quarters_between(span.first, span.last)
        both = kinds | _templates(conn, _with_span(f, other))
        in_data = bool(both) and all(q in covered.get(t, set()) for t in both for q in wanted)
        return Side(other, old_headline(conn, _with_span(f, other)) if in_data else None)

    previous = side(span.shifted(-span.length))
    year_ago = side(span.shifted(-4))
    new_partners = quiet = None
    if previous.numbers is not None:
        before = _with_span(f, previous.span)
        new_partners = sorted(_partners(conn, now) - _partners(conn, before))
        quiet = sorted(_departments(conn, before) - _departments(conn, now))
    return Comparison(current=span, numbers=old_headline(conn, now), chosen=chosen, previous=previous,
                      year_ago=year_ago, new_partners=new_partners, quiet_departments=quiet)


# ---------------------------------------------------------------- the comparison


SEARCHES = ("конференц", "выставка", "форум ", "культур", "50%", "сотрудничеств спорт")


def combinations(conn: duckdb.DuckDBPyConnection) -> list[Filters]:
    """Filters leaders use, built from the values the database holds: periods of 1, 2, 4 and 5 quarters and
    open ranges, regions, departments, types, formats, reports, searches, and their combinations."""
    options = queries.filter_options(conn)
    quarters = sorted(options["quarters"])
    regions = [r for r in conn.execute(
        "SELECT region_code FROM event_partners GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3").fetchall()]
    regions = [r for (r,) in regions]
    departments = [d for (d,) in conn.execute(
        "SELECT department FROM events WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2")
        .fetchall()]
    types = [t for (t,) in conn.execute(
        "SELECT event_type FROM events WHERE event_type IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        .fetchall()]
    reports = [r for (r,) in conn.execute("SELECT report_id FROM reports ORDER BY 1 LIMIT 2").fetchall()]
    periods: list[dict[str, str | None]] = [{}]
    for last in quarters[-3:]:
        for length in (1, 2, 4, 5):
            periods.append({"quarter_from": shift_quarter(last, 1 - length), "quarter_to": last})
    if quarters:
        periods += [{"quarter_from": quarters[-2 if len(quarters) > 1 else -1]}, {"quarter_to": quarters[-1]},
                    {"quarter_from": quarters[-1], "quarter_to": shift_quarter(quarters[-1], -2)}]  # reversed
    others: list[dict[str, object]] = [{}]
    others += [{"regions": (r,)} for r in regions] + [{"regions": tuple(regions[:2])}]
    others += [{"departments": (d,)} for d in departments]
    others += [{"event_types": tuple(types)}, {"formats": ("offline", "unknown")}, {"reports": tuple(reports)}]
    others += [{"search": s} for s in SEARCHES]
    if regions:
        others += [{"search": "конференц", "regions": (regions[0],)}]
    if departments and regions:
        others += [{"departments": (departments[0],), "regions": (regions[-1],)}]
    return [Filters(**p, **o) for p, o in itertools.product(periods, others)]  # type: ignore[arg-type]


def check_same(conn: duckdb.DuckDBPyConnection, shared: bool) -> int:
    """old and new compare() (and headline) agree on every combination; the number of combinations."""
    cache: dict[str, search.MatchedRows | None] = {}

    def lookup(text: str) -> search.MatchedRows | None:
        if text not in cache:
            cache[text] = search.matched_rows(conn, text)
        return cache[text]

    checked = 0
    for f in combinations(conn):
        if shared:
            with search.shared(conn, lookup):
                new, old = compare(conn, f), old_compare(conn, f)
                new_h, old_h = queries.headline(conn, f), old_headline(conn, f)
        else:
            new, old = compare(conn, f), old_compare(conn, f)
            new_h, old_h = queries.headline(conn, f), old_headline(conn, f)
        assert new == old, f
        assert new_h == old_h, f
        assert [type(v) for v in new_h.values()] == [type(v) for v in old_h.values()], f
        checked += 1
    return checked


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.fill_db import fill

    db = tmp_path_factory.mktemp("synthetic") / "synthetic-20k.duckdb"
    fill(db, 20_000)
    return db


@pytest.mark.parametrize("shared", [False, True], ids=["semi-join", "shared bits"])
def test_same_answers_on_the_samples(sample_conn: duckdb.DuckDBPyConnection, shared: bool) -> None:
    assert check_same(sample_conn, shared) > 100
    some = compare(sample_conn, Filters(quarter_from="2021-Q1", quarter_to="2021-Q2"))
    assert some is not None and some.numbers["events"] > 0  # the samples' comparison is not empty


@pytest.mark.parametrize("shared", [False, True], ids=["semi-join", "shared bits"])
def test_same_answers_on_a_synthetic_database(synthetic_db: Path, shared: bool) -> None:
    with duckdb.connect(str(synthetic_db), read_only=True) as conn:
        assert check_same(conn, shared) > 100
        # the synthetic data has earlier periods in the data: the comparison is exercised, not just None
        sides = [compare(conn, f) for f in combinations(conn)[:30]]
        assert any(c is not None and c.previous.numbers is not None and c.new_partners is not None for c in sides)
        assert any(c is not None and c.year_ago.numbers is not None and c.year_ago.numbers["events"] for c in sides)


def test_same_answers_on_the_compare_quarters(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.test_compare import quarters_db

    db = quarters_db.__wrapped__(tmp_path_factory)  # type: ignore[attr-defined]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert check_same(conn, False) > 50


def test_empty_database(empty_db: Path) -> None:
    with duckdb.connect(str(empty_db), read_only=True) as conn:
        assert compare(conn, Filters()) is None and old_compare(conn, Filters()) is None
        assert queries.headline(conn, Filters(regions=("KOS",))) == old_headline(conn, Filters(regions=("KOS",)))
