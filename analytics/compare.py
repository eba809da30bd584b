"""Period-over-period comparison of the headline numbers (codes and numbers only; labels live in ui/).

The current period is the filters' quarter range. With no period chosen, the last quarter the loaded reports
cover is compared with the one before. An earlier period counts as "in the data" only when it is covered like
the current one: for every kind of report (template) that gives either period its events, loaded reports of
that kind cover every quarter of both periods. Otherwise its numbers are None, never a fake zero (a
quarterly report compared with a quarter that only an annual plan covers would read as a rise).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

import duckdb

from analytics import queries
from analytics.filters import Filters
from analytics.summaries import summarised


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
    return _current_span(conn, f, covered_quarters(conn))


def _current_span(conn: duckdb.DuckDBPyConnection, f: Filters,
                  by_template: dict[str, set[str]]) -> tuple[Span, bool] | None:
    covered = sorted(set().union(*by_template.values(), queries.filter_options(conn)["quarters"]))
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


def _renamed(sql: str, params: dict[str, object], suffix: str) -> tuple[str, dict[str, object]]:
    """`sql` and `params` with every parameter of `params` renamed `$name` → `$name{suffix}`."""
    sql = re.sub(r"\$(\w+)", lambda m: f"${m.group(1)}{suffix}" if m.group(1) in params else m.group(0), sql)
    return sql, {f"{k}{suffix}": v for k, v in params.items()}


def _period(span: Span, suffix: str) -> tuple[str, dict[str, object]]:
    """The condition the filters put on the events for the period `span` (as `Filters.where` writes it)."""
    return _renamed(*Filters(quarter_from=span.first, quarter_to=span.last).where("e"), suffix)


def compare(conn: duckdb.DuckDBPyConnection, f: Filters) -> Comparison | None:
    """None when no quarter is known at all (an empty database). Without filters (the view every visit
    opens with) the answer stored by the last build or migrate is read (`compared`)."""
    return _from_record(compared(conn, f)["comparison"])


@summarised("record")
def compared(conn: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, object]:
    """`compare`'s answer as a record: {"comparison": the Comparison as a dict, or None}."""
    found = _compare(conn, f)
    return {"comparison": None if found is None else asdict(found)}


def _from_record(d: object) -> Comparison | None:
    if not isinstance(d, dict):
        return None

    def span(x: dict) -> Span:
        return Span(x["first"], x["last"])

    def side(x: dict) -> Side:
        return Side(span(x["span"]), x["numbers"])

    return Comparison(current=span(d["current"]), numbers=d["numbers"], chosen=d["chosen"],
                      previous=side(d["previous"]), year_ago=side(d["year_ago"]),
                      new_partners=d["new_partners"], quiet_departments=d["quiet_departments"])


def _compare(conn: duckdb.DuckDBPyConnection, f: Filters) -> Comparison | None:
    """The three periods' numbers, and their departments, reports and partner regions, come from one scan of the
    events (queries.headline_sides): the filters without their period, each period a condition of its own."""
    covered = covered_quarters(conn)
    found = _current_span(conn, f, covered)
    if found is None:
        return None
    span, chosen = found
    spans = [span, span.shifted(-span.length), span.shifted(-4)]
    where, params = replace(f, quarter_from=None, quarter_to=None).where("e")
    conditions = []
    for i, s in enumerate(spans):
        condition, condition_params = _period(s, f"_side{i}")
        conditions.append(condition)
        params = {**params, **condition_params}
    now, before, year = queries.headline_sides(conn, where, params, conditions)
    template_of = dict(conn.execute("SELECT report_id, template FROM reports").fetchall())

    def templates(side: queries.HeadlineSide) -> set[str]:
        return {t for t in (template_of.get(r) for r in side.report_ids) if t is not None}

    kinds = templates(now) or {t for t, qs in covered.items() if span.first in qs}

    def side(other: Span, numbers: queries.HeadlineSide) -> Side:
        wanted = quarters_between(other.first, other.last) + quarters_between(span.first, span.last)
        both = kinds | templates(numbers)
        in_data = bool(both) and all(q in covered.get(t, set()) for t in both for q in wanted)
        return Side(other, numbers.numbers if in_data else None)

    previous = side(spans[1], before)
    year_ago = side(spans[2], year)
    new_partners = quiet = None
    if previous.numbers is not None:
        new_partners = sorted(now.partners - before.partners)
        quiet = sorted(before.departments - now.departments)
    return Comparison(current=span, numbers=now.numbers, chosen=chosen, previous=previous,
                      year_ago=year_ago, new_partners=new_partners, quiet_departments=quiet)
