"""Twins of one event count once: the per-region, per-department and per-quarter sums and the headline numbers
against a reference that forms one group per event in pandas, on a synthetic database with thousands of twins
(bench/fill_db.py) and under filters that keep a group whole, cut it, or keep only its later rows.

The queries (analytics.queries._per_event, headline_sides) group only the rows that may be twins and sum the
others as they are; the reference groups every row. A tie between two reports' largest counts takes the most
definite qualifier (queries.COUNT_RANK), whatever the order of the rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import queries
from analytics.filters import Filters

RANK = {"exact": 3, "at_least": 2, "approx": 1}


@pytest.fixture(scope="module")
def twin_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.fill_db import fill

    db = tmp_path_factory.mktemp("twins") / "twins-20k.duckdb"
    fill(db, 20_000)
    return db


def _rows(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    where, params = f.where("e")
    return conn.execute(f"""SELECT event_id, coalesce(duplicate_of, event_id) AS grp, department, quarter,
                                   {queries._ONGOING} AS ongoing, participants_total AS pt,
                                   participants_qualifier AS pq, partner_codes
                            FROM events e WHERE {where}""", params).df()


def _per_key(rows: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple[int, int]]:
    """key → (rows, participants), each event's largest count once per key."""
    per_event = rows.groupby([*keys, "grp"], dropna=False).agg(n=("event_id", "size"), p=("pt", "max")).reset_index()
    out = per_event.groupby(keys, dropna=False).agg(n=("n", "sum"), p=("p", "sum"))
    return {tuple(None if pd.isna(v) else v for v in (k if isinstance(k, tuple) else (k,))): (int(n), int(p))
            for k, (n, p) in zip(out.index, out.itertuples(index=False))}


def _answer(df: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple[int, int]]:
    return {tuple(None if pd.isna(v) else v for v in r[:len(keys)]): (int(r[-2]), int(r[-1]))
            for r in df[[*keys, "events", "participants"]].itertuples(index=False)}


def _headline(rows: pd.DataFrame) -> dict[str, int]:
    """The headline's event numbers with one group per event; a tie between the largest counts → the most
    definite qualifier."""
    counted = rows[rows["pt"].notna()].assign(rank=lambda d: d["pq"].map(RANK).fillna(0))
    chosen = counted.sort_values(["grp", "pt", "rank"]).groupby("grp").tail(1)
    return {"events": len(rows), "unique_events": int(rows["grp"].nunique()),
            "participants": int(chosen["pt"].sum()), "with_count": len(chosen),
            "approx": int((chosen["pq"] == "approx").sum()), "at_least": int((chosen["pq"] == "at_least").sum())}


def _filters(conn: duckdb.DuckDBPyConnection) -> list[Filters]:
    region = conn.execute("SELECT region_code FROM event_partners GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    dept = conn.execute("SELECT department FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    quarter = conn.execute("SELECT max(quarter) FROM events").fetchall()[0][0]
    # a report holding later twins whose earliest row is in another report: the group is cut
    later = conn.execute("""SELECT e.report_id FROM events e JOIN events r ON r.event_id = e.duplicate_of
                            WHERE r.report_id <> e.report_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""").fetchall()[0][0]
    return [Filters(), Filters(regions=(region,)), Filters(departments=(dept,)), Filters(quarter_from=quarter),
            Filters(reports=(later,)), Filters(search="конференц"), Filters(regions=(region,), quarter_from=quarter)]


def test_the_synthetic_database_has_twin_groups_whole_and_across_reports(twin_db: Path) -> None:
    with duckdb.connect(str(twin_db), read_only=True) as conn:
        twins, cut = conn.execute("""SELECT count(*), count(*) FILTER (WHERE r.report_id <> e.report_id)
                                     FROM events e JOIN events r ON r.event_id = e.duplicate_of""").fetchall()[0]
    assert twins > 300 and cut > 0


@pytest.mark.parametrize("name, keys", [("by_region", ["region_code"]), ("by_department", ["department"]),
                                        ("by_quarter", ["quarter", "ongoing"])])
def test_sums_per_key_count_each_event_once(twin_db: Path, name: str, keys: list[str]) -> None:
    with duckdb.connect(str(twin_db), read_only=True) as conn:
        for f in _filters(conn):
            rows = _rows(conn, f)
            if name == "by_region":
                rows = rows.explode("partner_codes").rename(columns={"partner_codes": "region_code"})
                rows = rows[rows["region_code"].notna()]
            expected = _per_key(rows, keys)
            got = _answer(getattr(queries, name).__wrapped__(conn, f), keys)
            assert got == expected, (name, f)


def test_headline_counts_each_event_once(twin_db: Path) -> None:
    with duckdb.connect(str(twin_db), read_only=True) as conn:
        for f in _filters(conn):
            got = queries.headline.__wrapped__(conn, f)
            assert {k: got[k] for k in ("events", "unique_events", "participants", "with_count", "approx",
                                        "at_least")} == _headline(_rows(conn, f)), f


@pytest.mark.parametrize("first, second, expected", [("approx", "exact", "exact"), ("exact", "approx", "exact"),
                                                      ("approx", "at_least", "at_least"),
                                                      ("at_least", "approx", "at_least")])
def test_a_tie_between_twins_takes_the_most_definite_qualifier(sample_db: Path, tmp_path: Path, first: str,
                                                               second: str, expected: str) -> None:
    db = tmp_path / "tie.duckdb"
    shutil.copyfile(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        later, root = conn.execute("SELECT event_id, duplicate_of FROM events WHERE duplicate_of IS NOT NULL "
                                   "ORDER BY event_id LIMIT 1").fetchall()[0]
        for event_id, qualifier in ((root, first), (later, second)):
            conn.execute("UPDATE events SET participants_total = 40, participants_qualifier = ? WHERE event_id = ?",
                         [qualifier, event_id])
        reports = tuple(r for (r,) in conn.execute("SELECT DISTINCT report_id FROM events WHERE event_id IN (?, ?)",
                                                   [root, later]).fetchall())
        f = Filters(reports=reports)
        got = queries.headline.__wrapped__(conn, f)
        others = _headline(_rows(conn, f)[lambda d: ~d["event_id"].isin([root, later])])
    assert got["with_count"] == others["with_count"] + 1
    assert got["participants"] == others["participants"] + 40
    for q in ("approx", "at_least"):
        assert got[q] == others[q] + (q == expected), q
