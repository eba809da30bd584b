"""A search's matched rows computed once and shared by a page's queries (analytics.search.matched_rows,
ui.data): the same answers as the per-query semi-join, one computation per search and database version,
a new one when the file changes."""

from __future__ import annotations

import os
import shutil

import duckdb
import pandas as pd
import pytest

from analytics import compare as C
from analytics import queries as Q
from analytics import search
from analytics.filters import Filters
from loaders.build import build
from loaders.db.readonly import connect_readonly, cursor
from tests.conftest import ROOT

SEARCHES = ["конференция", "конференц", "Конференциях", "волонтёрства", "конференция смоленск", "полумараф",
            "конференция полумарафон", "50%", "zzzzz", "в"]


def answers(conn, f: Filters) -> list[object]:
    """Every filtered query of the pages, on `f`."""
    out: list[object] = [Q.count_events(conn, f), Q.headline(conn, f)]
    for fn in (Q.by_region, Q.by_department, Q.by_quarter, Q.by_format, Q.by_event_type, Q.by_report,
               Q.department_region_matrix, Q.department_quarter, Q.agreements_by_quarter, Q.agreement_activity):
        out.append(fn(conn, f))
    out += [Q.events_page(conn, f, 10), Q.events_page(conn, f, 50), Q.events_page(conn, f, 100, 5),
            Q.region_agreements(conn, f, "SPE"), C.compare(conn, f)]
    return out


def same(a: list[object], b: list[object]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y)
        else:
            assert x == y


def shared_answers(conn, f: Filters) -> tuple[list[object], int]:
    computed: list[str] = []

    def lookup(text: str) -> search.MatchedRows | None:
        computed.append(text)
        return search.matched_rows(conn, text)

    with search.shared(conn, lookup):
        return answers(conn, f), len(computed)


@pytest.fixture()
def with_gaps(sample_db, tmp_path):
    """The samples with some events deleted (rowids with gaps; postings of deleted events left behind)."""
    db = tmp_path / "gaps.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("DELETE FROM event_partners WHERE event_id IN (SELECT event_id FROM events WHERE row_no % 3 = 0)")
        conn.execute("DELETE FROM event_agreements WHERE event_id IN (SELECT event_id FROM events WHERE row_no % 3 = 0)")
        conn.execute("DELETE FROM parse_issues WHERE event_id IN (SELECT event_id FROM events WHERE row_no % 3 = 0)")
        conn.execute("DELETE FROM event_mentioned_regions WHERE event_id IN "
                     "(SELECT event_id FROM events WHERE row_no % 3 = 0)")
        conn.execute("UPDATE events SET duplicate_of = NULL")
        conn.execute("DELETE FROM events WHERE row_no % 3 = 0")
        conn.execute("DELETE FROM summaries")
    return db


@pytest.mark.parametrize("which", ["samples", "with gaps"])
def test_shared_matched_rows_give_the_same_answers_as_the_semi_join(sample_db, with_gaps, which):
    base = connect_readonly(sample_db if which == "samples" else with_gaps)
    conn = cursor(base)
    try:
        for text in SEARCHES:
            for f in (Filters(search=text), Filters(search=text, regions=("SPE",)),
                      Filters(search=text, quarter_from="2021-Q1", quarter_to="2021-Q4")):
                plain = answers(conn, f)
                got, computed = shared_answers(conn, f)
                same(plain, got)
                assert computed >= 1 if search.parse(text).words else computed == 0
        # the check is not empty: a search matches some but not all events here
        assert 0 < Q.count_events(conn, Filters(search="конференция")) < Q.count_events(conn, Filters())
    finally:
        conn.close()
        base.close()


def test_inside_shared_a_search_is_a_bit_test_not_a_join():
    rows = search.MatchedRows("0110")
    with search.shared(duckdb.connect(), lambda text: rows):
        sql, params = search.clause("конференция")
    assert "get_bit" in sql and "event_terms" not in sql and params == {"s_rows": "0110"}
    with search.shared(duckdb.connect(), lambda text: search.MatchedRows(None)):
        assert search.clause("конференция")[0] == "FALSE"  # nothing matches
    assert "event_terms" in search.clause("конференция")[0]  # outside: the semi-join


@pytest.fixture()
def app_db(tmp_path, monkeypatch, sample_db):
    from ui import data

    db = tmp_path / "app.duckdb"
    shutil.copy(sample_db, db)
    monkeypatch.setenv("COOP_DB", str(db))
    data._cached.clear()
    data._matches.clear()
    yield db
    data._cached.clear()
    data._matches.clear()


def test_the_queries_of_a_page_share_one_computation(app_db, monkeypatch):
    from ui import data

    calls: list[str] = []
    real = data.matched_rows

    def counting(conn, text):
        calls.append(text)
        return real(conn, text)

    monkeypatch.setattr(data, "matched_rows", counting)
    f = Filters(search="конференции")
    n = data.query(Q.count_events, f)
    by_region = data.query(Q.by_region, f)
    page = data.query(Q.events_page, f, 50, 0)
    data.query(Q.count_events, Filters(search="конференции", regions=("SPE",)))  # a region on top: same rows
    assert calls == ["конференции"]
    with duckdb.connect(str(app_db), read_only=True) as conn:
        assert n == Q.count_events(conn, f) == 22
        pd.testing.assert_frame_equal(by_region, Q.by_region(conn, f))
        pd.testing.assert_frame_equal(page, Q.events_page(conn, f, 50, 0))
    data.query(Q.count_events, Filters(search="смоленск"))
    assert calls == ["конференции", "смоленск"]


def test_a_new_database_file_computes_the_rows_again(app_db, tmp_path, monkeypatch):
    from ui import data

    calls: list[str] = []
    real = data.matched_rows
    monkeypatch.setattr(data, "matched_rows", lambda conn, text: calls.append(text) or real(conn, text))
    f = Filters(search="конференция")
    assert data.query(Q.count_events, f) == 22
    one = tmp_path / "one.duckdb"  # one of the two sample reports: other events, other rowids
    build([next(p for p in sorted((ROOT / "data" / "reports").iterdir()) if p.suffix == ".docx")], one)
    with duckdb.connect(str(one), read_only=True) as conn:
        expected = Q.count_events(conn, f), Q.by_department(conn, f)
    assert expected[0] != 22
    os.replace(one, app_db)
    assert data.query(Q.count_events, f) == expected[0]
    pd.testing.assert_frame_equal(data.query(Q.by_department, f), expected[1])
    assert calls == ["конференция", "конференция"]


def test_the_dashboard_connection_caps_duckdb_memory_and_spills_above_it(app_db, monkeypatch, tmp_path):
    """ui.data caps DuckDB's memory (COOP_DUCKDB_MEMORY_LIMIT); a query needing more spills, never fails."""
    from ui import data

    monkeypatch.setenv("COOP_DUCKDB_MEMORY_LIMIT", "24MB")
    monkeypatch.setattr(data.tempfile, "gettempdir", lambda: str(tmp_path))
    conn, _ = data._open_versioned(str(app_db), "v")
    try:
        assert conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0].startswith("22.8 MiB")
        big = conn.execute("SELECT count(*) FROM (SELECT range % 3000000 AS k, list(range) AS l FROM range(6000000) "
                           "GROUP BY k)").fetchall()[0][0]
        assert big == 3_000_000
    finally:
        conn.close()


def test_the_dashboard_connection_runs_a_query_on_one_thread_unless_told(app_db, monkeypatch, caplog):
    """ui.data sets DuckDB's threads to 1 (COOP_DUCKDB_THREADS): sessions' queries run side by side."""
    import logging

    from ui import data

    def threads(env: str | None) -> int:
        if env is None:
            monkeypatch.delenv("COOP_DUCKDB_THREADS", raising=False)
        else:
            monkeypatch.setenv("COOP_DUCKDB_THREADS", env)
        conn, _ = data._open_versioned(str(app_db), "v")
        try:
            return conn.execute("SELECT current_setting('threads')").fetchall()[0][0]
        finally:
            conn.close()

    assert threads(None) == 1
    assert threads("2") == 2
    with caplog.at_level(logging.WARNING, logger="ui.data"):
        threads("many")  # not understood: said in the log, the connection still opens
    assert any("COOP_DUCKDB_THREADS='many' not understood" in r.getMessage() for r in caplog.records)
