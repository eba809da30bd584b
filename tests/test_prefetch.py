"""A page's queries started side by side (ui.prefetch, ui.data.prefetch): a page waits for a computation
under way instead of starting another, gets what it raised as its own error, never waits in the pool's
queue, and starts only calls it makes."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.filters import Filters
from tests.apptest import APP
from ui import data, prefetch

SESSION = "test-session"


@pytest.fixture
def session(monkeypatch):
    monkeypatch.setattr(prefetch, "_session", lambda: SESSION)
    yield SESSION
    prefetch.forget(SESSION)


def test_a_claim_waits_for_the_computation_under_way(session):
    runs = []

    def slow():
        runs.append(time.perf_counter())
        time.sleep(0.3)
        return "answer"

    assert prefetch.start({"k": slow}) == 1
    time.sleep(0.05)  # begun
    t = time.perf_counter()
    prefetch.claim("k")
    assert time.perf_counter() - t > 0.2  # waited for it to end
    assert len(runs) == 1
    assert prefetch.pending(session) == 0


def test_a_claim_raises_what_the_computation_raised(session):
    def broken():
        raise duckdb.CatalogException("no table")

    prefetch.start({"k": broken})
    time.sleep(0.05)
    with pytest.raises(duckdb.CatalogException, match="no table"):
        prefetch.claim("k")


def test_a_computation_not_begun_is_left_to_the_page(session):
    """Every worker busy: the claimed computation is cancelled at once, and never runs."""
    release = threading.Event()
    ran = []
    blockers = {f"busy{i}": release.wait for i in range(prefetch._pool._max_workers)}
    prefetch.start({**blockers, "mine": lambda: ran.append(1)})
    time.sleep(0.05)
    t = time.perf_counter()
    prefetch.claim("mine")
    assert time.perf_counter() - t < 0.1
    release.set()
    for key in blockers:
        prefetch.claim(key)
    time.sleep(0.05)
    assert ran == []


def test_a_new_run_drops_what_the_last_one_left(session):
    release = threading.Event()
    ran = []
    prefetch.start({**{f"busy{i}": release.wait for i in range(prefetch._pool._max_workers)}, "left": lambda: ran.append(1)})
    prefetch.new_run()
    assert prefetch.pending(session) == 0
    release.set()
    time.sleep(0.05)
    assert ran == []


def test_no_session_nothing_runs_ahead():
    assert prefetch.start({"k": lambda: 1 / 0}) == 0
    prefetch.claim("k")  # nothing to wait for


def test_query_shows_a_prefetched_database_error_as_its_own(sample_db, monkeypatch, session):
    """ui.data.query: a prefetched call that failed gives the plain message, not a traceback."""
    monkeypatch.setenv("COOP_DB", str(sample_db))
    calls = []

    def broken(conn, f):
        calls.append(1)
        raise duckdb.CatalogException("Table with name nowhere does not exist")

    shown = []

    class Stopped(Exception):
        pass

    monkeypatch.setattr(data.st, "error", lambda text: shown.append(text))
    monkeypatch.setattr(data.st, "stop", lambda: (_ for _ in ()).throw(Stopped()))
    assert data.prefetch((broken, Filters(), ())) == 1
    time.sleep(0.2)
    with pytest.raises(Stopped):
        data.query(broken, Filters())
    assert shown == ["Не удалось прочитать базу данных. Обратитесь к администратору."]
    assert calls == [1]  # the page did not run it again


def _key(fn, filters, args) -> tuple:
    return (f"{fn.__module__}:{fn.__qualname__}", repr(filters), tuple(args))


@pytest.mark.parametrize("params", [{}, {"region": "SPE"}, {"q": "конференции"}, {"region": "SPE", "qf": "2021-Q2",
                                                                                "qt": "2021-Q3"}])
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/regions.py", "pages/departments.py",
                                  "pages/agreements.py", "pages/sources.py"])
def test_a_page_prefetches_only_calls_it_makes(sample_db, monkeypatch, page, params):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    with data.recording() as made, data.recording_prefetch() as ahead:
        if page != "pages/overview.py":
            at.switch_page(page)
        at.run()
    assert not at.exception
    assert ahead  # the page does start its queries ahead
    made_keys = {_key(*call) for call in made}
    assert {_key(*call) for call in ahead} <= made_keys


def test_a_search_asked_at_once_is_computed_once(monkeypatch):
    """Two queries of one page wanting a search's matched rows at the same moment: one computes, one waits."""
    runs = []

    def slow(conn, text):
        runs.append(text)
        time.sleep(0.2)
        return data.MatchedRows("0110")

    monkeypatch.setattr(data, "matched_rows", slow)
    matches = data._Matches()
    got = []
    threads = [threading.Thread(target=lambda: got.append(matches.get(None, "db", "v1", "конференц")))
               for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert runs == ["конференц"]
    assert got == [data.MatchedRows("0110")] * 3
    assert matches.computed == 1


def test_no_workers_nothing_runs_ahead(session, monkeypatch):
    monkeypatch.setattr(prefetch, "WORKERS", 0)
    assert prefetch.start({"k": lambda: 1 / 0}) == 0
    assert prefetch.pending(session) == 0


def test_a_page_claims_everything_it_started_and_a_rerun_starts_nothing(sample_db, monkeypatch):
    """The keys a page starts ahead are the keys it asks for (none is left unclaimed), and a rerun with the
    same filters, answered by the cache, starts nothing."""
    monkeypatch.setenv("COOP_DB", str(sample_db))
    started = []
    real = prefetch.start
    monkeypatch.setattr(prefetch, "start", lambda jobs: started.append(len(jobs)) or real(jobs))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["region"] = "SPE"
    monkeypatch.setattr(data, "_answered", data._Answered())  # answers of other tests in this process
    data._cached.clear()
    prefetch._runs.clear()
    at.run()
    assert not at.exception
    assert started and started[0] == 8  # Обзор's eight queries
    assert prefetch._runs == {}  # every one claimed
    started.clear()
    at.run()
    assert started == [0]
