"""The query layer's shortcuts give exactly what the plain SQL gives, for every filter of the samples."""

from __future__ import annotations

import itertools
import shutil

import duckdb
import pandas as pd
import pytest

from analytics import queries as Q
from analytics.filters import Filters
from analytics.stored_answers import STORED
from loaders.build import build
from loaders.db.store import write_reports
from loaders.parse import parse_file
from tests.conftest import ROOT

REPORTS = ROOT / "data" / "reports"


def _filters(conn) -> list[Filters]:
    """Every single-value filter the sidebar can set on the samples, and a few combinations."""
    opts = Q.filter_options(conn)
    out = [Filters()]
    out += [Filters(regions=(code,)) for code, _, _ in opts["regions"]]
    out += [Filters(departments=(d,)) for d in opts["departments"]]
    out += [Filters(reports=(rid,)) for rid, _, _ in opts["reports"]]
    out += [Filters(quarter_from=q, quarter_to=q) for q in opts["quarters"]]
    out += [Filters(event_types=(t,)) for t in opts["event_types"]]
    out += [Filters(formats=(f,)) for f in opts["formats"]]
    out += [Filters(regions=(a, b)) for (a, _, _), (b, _, _) in itertools.combinations(opts["regions"][:4], 2)]
    out += [Filters(search="забег"), Filters(search="конференц"), Filters(regions=("SPE",), reports=(1,))]
    return out


def test_headline_unique_events_equal_a_distinct_count_of_event_keys(sample_conn):
    checked_orphans = 0
    for f in _filters(sample_conn):
        where, params = f.where("e")
        expected = sample_conn.execute(
            f"SELECT count(*), count(DISTINCT event_key) FROM events e WHERE {where}", params).fetchall()[0]
        got = Q.headline(sample_conn, f)
        assert (got["events"], got["unique_events"]) == expected, f
        twins_without_root = sample_conn.execute(
            f"""SELECT count(*) FROM events e WHERE {where} AND e.duplicate_of IS NOT NULL
                AND e.duplicate_of NOT IN (SELECT e.event_id FROM events e WHERE {where})""", params).fetchall()[0][0]
        checked_orphans += twins_without_root
    assert checked_orphans > 0  # some filter keeps a later twin but not its root: that path is exercised


def test_region_filter_is_the_event_partners_link(sample_conn):
    for code in ("SPE", "MOW", "BRY", "KLU"):
        f = Filters(regions=(code,))
        where, params = f.where("e")
        via_list = sample_conn.execute(f"SELECT list(event_id ORDER BY event_id) FROM events e WHERE {where}",
                                       params).fetchall()[0][0]
        via_link = sample_conn.execute(
            "SELECT list(DISTINCT event_id ORDER BY event_id) FROM event_partners WHERE region_code = ?",
            [code]).fetchall()[0][0]
        assert via_list == via_link


@pytest.mark.parametrize("code, events, unique", [("SPE", 57, 55)])
def test_headline_for_one_region(sample_conn, code, events, unique):
    got = Q.headline(sample_conn, Filters(regions=(code,)))
    assert (got["events"], got["unique_events"]) == (events, unique)


# --- stored "no filter" answers (analytics.summaries) -----------------------------------------------

def test_every_summarised_query_is_stored_and_equals_the_live_answer(sample_conn):
    assert {spec.name for spec in STORED} == {"headline", "by_region", "by_department", "by_quarter", "by_format",
                                 "by_event_type", "department_region_matrix", "department_quarter",
                                 "agreements_by_quarter", "agreement_activity", "filter_options", "reports_table", "rejects_table",
                                 "parse_issues_table", "compared"}
    for spec in STORED:
        name, fresh = spec.name, spec.live(sample_conn)
        assert spec.kind == ("record" if isinstance(fresh, dict) else "table"), name
        if isinstance(fresh, dict):
            stored = spec.read(sample_conn)
            assert stored is not None, name
            normal = {k: [list(x) if isinstance(x, tuple) else x for x in v] if isinstance(v, list) else v
                      for k, v in fresh.items()}
            assert stored == normal, name
        else:
            stored = spec.read(sample_conn)
            assert isinstance(stored, pd.DataFrame), name
            assert stored.astype(str).values.tolist() == fresh.astype(str).values.tolist(), name
            assert list(stored.columns) == list(fresh.columns), name
    # the query functions answer "no filter" from the store, and the same as before for a filter
    assert Q.headline(sample_conn, Filters())["events"] == 86
    assert Q.by_region(sample_conn, Filters(regions=("SPE",)))["events"].iloc[0] == 57


def test_a_write_drops_the_stored_answers_and_a_build_stores_new_ones(sample_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    conn = duckdb.connect(str(db))
    write_reports(conn, [parse_file(REPORTS / "smolensk-agreements-2021-q2.xlsx")])  # replaces itself
    assert STORED["headline"].read(conn) is None and STORED["by_region"].read(conn) is None
    assert Q.headline(conn, Filters())["events"] == 86  # answered live
    conn.close()
    assert all(r.ok for r in build([REPORTS / "smolensk-spb-roadmap-2021.docx"], db, stored=STORED))
    conn = duckdb.connect(str(db), read_only=True)
    assert STORED["headline"].read(conn)["events"] == 86
    live = STORED["by_region"].live(conn)
    assert STORED["by_region"].read(conn)["events"].tolist() == live["events"].tolist()
    conn.close()


def test_answers_stored_by_an_older_version_are_ignored_until_migrate(sample_db, tmp_path):
    """Stored answers of older queries (participants counted per row) are never shown: live until migrate."""
    from loaders.build import is_current, migrate

    db = tmp_path / "older.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE stored_answers SET fingerprint = 'older' WHERE name = 'headline'")
        conn.execute("UPDATE summaries SET value = json_object('events', 1) WHERE name = 'headline'")
        assert STORED["headline"].read(conn) is None
        assert Q.headline(conn, Filters())["participants"] == 13_872  # live, each unique event once
    assert not is_current(db, STORED)
    assert migrate(db, STORED)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert STORED["headline"].read(conn)["participants"] == 13_872


# ------------------------------------------------------------------ answers hold codes, never display text
DISPLAY_TEXT = {"весь период", "дата не указана", "прочее", "—", "whole period", "date not stated"}
FRAMES = ["by_region", "by_department", "by_quarter", "by_format", "by_event_type", "agreements_by_quarter",
          "agreement_activity", "department_region_matrix", "department_quarter"]


@pytest.fixture(scope="module")
def gaps_db(sample_db, tmp_path_factory):
    """The samples with one event of no date, department, type or format, and one ongoing without a quarter."""
    db = tmp_path_factory.mktemp("gaps") / "gaps.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        undated, ongoing = [r[0] for r in conn.execute(
            "SELECT event_id FROM events WHERE quarter IS NOT NULL AND NOT ongoing ORDER BY event_id LIMIT 2").fetchall()]
        conn.execute("UPDATE events SET quarter = NULL, ongoing = false, date_start = NULL, date_end = NULL, "
                     "department = NULL, event_type = NULL, format = NULL WHERE event_id = ?", [undated])
        conn.execute("UPDATE events SET quarter = NULL, ongoing = true WHERE event_id = ?", [ongoing])
        STORED.refresh(conn)
    return db


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "live"])
def test_answers_hold_codes_not_display_text(gaps_db, stored):
    with duckdb.connect(str(gaps_db), read_only=True) as conn:
        for name in FRAMES:
            fn = getattr(Q, name)
            df = (fn if stored else getattr(fn, "__wrapped__", fn))(conn, Filters())
            values = {v for c in df.columns if df[c].dtype == object for v in df[c] if isinstance(v, str)}
            assert not values & DISPLAY_TEXT, (name, values & DISPLAY_TEXT)
        qrt = Q.by_quarter(conn, Filters())
        tail = qrt[qrt["quarter"].isna()]
        # the two rows without a quarter: ongoing (the sample's 4 + 1) first, then the undated one
        assert list(tail["ongoing"]) == [True, False] and list(tail["events"]) == [5, 1]
        assert qrt["quarter"].dropna().is_monotonic_increasing and not qrt["ongoing"][qrt["quarter"].notna()].any()
        assert int(qrt["events"].sum()) == 86
        trend = Q.department_quarter(conn, Filters())
        undated = trend[trend["quarter"].isna() & ~trend["ongoing"]]
        assert undated["department"].isna().all() and int(undated["events"].sum()) == 1
        by_format = Q.by_format(conn, Filters())
        assert "unknown" in set(by_format["format"])
        types = Q.by_event_type(conn, Filters())
        assert types["event_type"].isna().sum() == 1 and int(types["events"].sum()) == 86
