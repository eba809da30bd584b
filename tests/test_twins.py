"""Twin linking on copied reports (each quarter repeats most of the last one's rows): the links equal
those of comparing every pair of events, on the first build, when reports are added one by one, and
when they are replaced; the copies of one row are compared once."""

from __future__ import annotations

import duckdb
import pytest
from rapidfuzz import fuzz

from bench.copied_reports import copied
from loaders.build import build
from loaders.derive import duplicates


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("copied")
    copied(6, out, seed=3, events=80, keep=0.85)
    return out


def brute_force_groups(conn) -> set[frozenset[int]]:
    """Every pair of events compared, as the rule in loaders/derive/duplicates.py reads: different reports, a
    shared partner region, overlapping days, ≥ MIN_WORDS words, token_set_ratio ≥ SAME_NAME."""
    rows = conn.execute(f"""SELECT event_id, report_id, partner_codes, date_start, date_end,
            {duplicates._NORMALISED_NAME} FROM events WHERE {duplicates._LINKABLE}""").fetchall()
    rows = [r for r in rows if len(r[5].split()) >= duplicates.MIN_WORDS]
    parent = {r[0]: r[0] for r in rows}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a[1] == b[1] or not set(a[2]) & set(b[2]) or a[4] < b[3] or b[4] < a[3]:
                continue
            if a[5] == b[5] or fuzz.token_set_ratio(a[5], b[5]) >= duplicates.SAME_NAME:
                parent[max(find(a[0]), find(b[0]))] = min(find(a[0]), find(b[0]))
    groups: dict[int, set[int]] = {}
    for e in parent:
        groups.setdefault(find(e), set()).add(e)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


def linked_groups(db) -> tuple[set[frozenset[int]], set[frozenset[int]]]:
    """(groups of twins as the database holds them, the brute-force groups of the same events)."""
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT event_key, list(event_id) FROM events GROUP BY 1 HAVING count(*) > 1").fetchall()
        roots_ok = conn.execute("""SELECT count(*) FROM events e WHERE duplicate_of IS NOT NULL AND duplicate_of <>
                (SELECT min(event_id) FROM events x WHERE x.event_key = e.event_key)""").fetchall()[0][0]
        assert roots_ok == 0  # every later twin points at its group's earliest event
        return {frozenset(ids) for _, ids in rows}, brute_force_groups(conn)


def test_first_build_links_as_comparing_every_pair(corpus, tmp_path):
    db = tmp_path / "all.duckdb"
    build([corpus], db)
    got, expected = linked_groups(db)
    assert len(expected) > 50 and max(len(g) for g in expected) >= 5  # a row copied into every quarter
    assert got == expected


# SCOPED_MAX 0: every relink reads every event (the path of a build that touches many events)
@pytest.mark.parametrize("scoped_max", [duplicates.SCOPED_MAX, 0])
def test_adding_reports_one_by_one_and_replacing_them_links_the_same(corpus, tmp_path, monkeypatch, scoped_max):
    monkeypatch.setattr(duplicates, "SCOPED_MAX", scoped_max)
    db = tmp_path / "steps.duckdb"
    files = sorted(corpus.glob("*.xlsx"))
    for path in files:
        build([path], db)  # the add-only path, one report at a time
    got, expected = linked_groups(db)
    assert got == expected
    build([files[2]], db)  # a replacement: every link recomputed
    got_again, expected_again = linked_groups(db)
    assert got_again == expected_again


@pytest.mark.parametrize("scoped_max", [duplicates.SCOPED_MAX, 0])
def test_rebuilding_every_report_links_the_same(corpus, tmp_path, monkeypatch, scoped_max):
    """Every file again: each replaces itself, every event is touched (the wide path with SCOPED_MAX 0)."""
    monkeypatch.setattr(duplicates, "SCOPED_MAX", scoped_max)
    db = tmp_path / "again.duckdb"
    build([corpus], db)
    first, _ = linked_groups(db)
    build([corpus], db)
    got, expected = linked_groups(db)
    assert got == expected
    assert len(got) == len(first) > 50


class _Recording:
    """A connection that keeps the SQL it is given."""

    def __init__(self, conn) -> None:
        self.conn, self.sql = conn, []

    def execute(self, query, *args):
        self.sql.append(query)
        return self.conn.execute(query, *args)


def test_a_relink_of_many_events_reads_every_event_once(corpus, tmp_path, monkeypatch):
    """Above SCOPED_MAX touched events no range join of the touched events on the others is run."""
    db = tmp_path / "wide.duckdb"
    build([corpus], db)
    with duckdb.connect(str(db)) as conn:
        ids = [r[0] for r in conn.execute("SELECT event_id FROM events").fetchall()]
        for limit, joined in ((len(ids), True), (len(ids) - 1, False)):
            monkeypatch.setattr(duplicates, "SCOPED_MAX", limit)
            spy = _Recording(conn)
            pairs = duplicates.twin_pairs(spy, touched=ids)
            assert any("t.date_end" in q for q in spy.sql) is joined
            assert pairs == duplicates.twin_pairs(conn)  # every event touched: every pair


def test_copies_of_a_row_are_compared_once(corpus, tmp_path, monkeypatch):
    db = tmp_path / "count.duckdb"
    build([corpus], db)
    calls = []
    real = duplicates.fuzz.token_set_ratio
    monkeypatch.setattr(duplicates.fuzz, "token_set_ratio", lambda a, b, **k: calls.append((a, b)) or real(a, b, **k))
    with duckdb.connect(str(db)) as conn:
        pairs = duplicates.twin_pairs(conn)
        events = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
    assert pairs
    assert len(calls) == len(set(calls))  # each pair of names once
    assert len(calls) < events  # linear in practice: not one comparison per pair of copies
