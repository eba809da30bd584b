"""Period-over-period comparison of the headline numbers (codes and numbers only; labels live in ui/).

The current period is the filters' quarter range. With no period chosen, the last quarter the loaded reports
cover is compared with the one before. An earlier period counts as "in the data" only when it is covered like
the current one: for every kind of report (template) that gives either period its events, loaded reports of
that kind cover every quarter of both periods. Otherwise its numbers are None, never a fake zero (a
quarterly report compared with a quarter that only an annual plan covers would read as a rise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from analytics import queries
from analytics.filters import Filters


def shift_quarter(quarter: str, by: int) -> str:
    """'2021-Q2' shifted by -1 → '2021-Q1'; by -4 → '2020-Q2'."""
    index = int(quarter[:4]) * 4 + int(quarter[-1]) - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    out, q = [], first
    while q <= last:
        out.append(q)
        q = shift_quarter(q, 1)
    return out


def covered_quarters(conn: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Per report template, the quarters lying wholly inside some loaded report's period."""
    rows = conn.execute(
        """SELECT DISTINCT r.template, strftime(q, '%Y') || '-Q' || CAST(quarter(q) AS VARCHAR)
           FROM reports r, generate_series(date_trunc('quarter', r.period_start)::DATE, r.period_end,
                                           INTERVAL 3 MONTH) AS t(q)
           WHERE r.period_start IS NOT NULL AND r.period_end IS NOT NULL
             AND q >= r.period_start AND (q + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE <= r.period_end"""
    ).fetchall()
    out: dict[str, set[str]] = {}
    for template, q in rows:
        out.setdefault(template, set()).add(q)
    return out


def _distinct(conn: duckdb.DuckDBPyConnection, f: Filters, expr: str) -> set[str]:
    """The distinct non-NULL values of `expr` over the filtered events (`r` = the event's report)."""
    where, params = f.where("e")
    rows = conn.execute(f"SELECT DISTINCT {expr} AS v FROM events e JOIN reports r USING (report_id) WHERE {where}",
                        params).fetchall()
    return {v for (v,) in rows if v is not None}


def _templates(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "r.template")


@dataclass(frozen=True)
class Span:
    first: str  # 'YYYY-Qn'
    last: str

    def shifted(self, by: int) -> Span:
        return Span(shift_quarter(self.first, by), shift_quarter(self.last, by))

    @property
    def length(self) -> int:
        return len(quarters_between(self.first, self.last))


@dataclass(frozen=True)
class Side:
    """One earlier period: its span, and its headline numbers (None = not in the data)."""

    span: Span
    numbers: dict[str, object] | None


@dataclass(frozen=True)
class Comparison:
    current: Span
    numbers: dict[str, object]
    chosen: bool  # False: no period in the filters, the last loaded quarter stands for "now"
    previous: Side
    year_ago: Side
    new_partners: list[str] | None  # region codes with events now and none in the previous period
    quiet_departments: list[str] | None  # departments with events in the previous period and none now


def current_span(conn: duckdb.DuckDBPyConnection, f: Filters) -> tuple[Span, bool] | None:
    covered = sorted(set().union(*covered_quarters(conn).values(), queries.filter_options(conn)["quarters"]))
    if not covered:
        return None
    if f.quarter_from or f.quarter_to:
        first, last = f.quarter_from or covered[0], f.quarter_to or covered[-1]
        if first > last:
            first, last = last, first
        return Span(first, last), True
    return Span(covered[-1], covered[-1]), False


def _with_span(f: Filters, span: Span) -> Filters:
    return replace(f, quarter_from=span.first, quarter_to=span.last)


def _partners(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "unnest(e.partner_codes)")


def _departments(conn: duckdb.DuckDBPyConnection, f: Filters) -> set[str]:
    return _distinct(conn, f, "e.department")


def compare(conn: duckdb.DuckDBPyConnection, f: Filters) -> Comparison | None:
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
        return Side(other, queries.headline(conn, _with_span(f, other)) if in_data else None)

    previous = side(span.shifted(-span.length))
    year_ago = side(span.shifted(-4))
    new_partners = quiet = None
    if previous.numbers is not None:
        before = _with_span(f, previous.span)
        new_partners = sorted(_partners(conn, now) - _partners(conn, before))
        quiet = sorted(_departments(conn, before) - _departments(conn, now))
    return Comparison(current=span, numbers=queries.headline(conn, now), chosen=chosen, previous=previous,
                      year_ago=year_ago, new_partners=new_partners, quiet_departments=quiet)
