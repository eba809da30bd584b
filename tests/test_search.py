"""Text search by word form: the index kept in step with the events, queries, literal text, highlights,
the time limit."""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest

from analytics import queries as Q
from analytics import search
from analytics.filters import Filters
from loaders.build import build, migrate
from loaders.derive import search_index
from tests.conftest import ROOT, make_outdated

REPORTS = ROOT / "data" / "reports"


def ids(conn, text: str) -> list[int]:
    where, params = Filters(search=text).where("e")
    return [r[0] for r in conn.execute(f"SELECT event_id FROM events e WHERE {where} ORDER BY 1", params).fetchall()]


def substring_ids(conn, text: str) -> list[int]:
    cells = "concat_ws(' ', name, place_text, participants_text, result_text, agreement_text)"
    return [r[0] for r in conn.execute(f"SELECT event_id FROM events WHERE {cells} ILIKE ? ORDER BY 1",
                                       [f"%{text}%"]).fetchall()]


# --- word forms on the samples ----------------------------------------------------------------------

def test_any_form_of_a_word_finds_the_same_events(sample_conn):
    assert len(substring_ids(sample_conn, "конференция")) == 22 and len(substring_ids(sample_conn, "конференции")) == 4
    found = ids(sample_conn, "конференция")
    assert len(found) == 22
    assert ids(sample_conn, "конференции") == found
    assert ids(sample_conn, "Конференциях") == found
    assert ids(sample_conn, "КОНФЕРЕНЦИЯ ") == found


def test_yo_is_e(sample_conn):
    assert substring_ids(sample_conn, "волонтёрства") == []
    assert len(ids(sample_conn, "волонтерства")) == 1
    assert ids(sample_conn, "волонтёрства") == ids(sample_conn, "волонтерства") == ids(sample_conn, "волонтёрство")


def test_every_word_must_match(sample_conn):
    both = set(ids(sample_conn, "конференция смоленск"))
    assert both and both <= set(ids(sample_conn, "конференция")) & set(ids(sample_conn, "смоленск"))
    assert both == set(ids(sample_conn, "конференция")) & set(ids(sample_conn, "смоленск"))
    assert ids(sample_conn, "конференция полумарафон") == []


def test_the_last_word_matches_by_prefix_unless_a_space_follows(sample_conn):
    assert ids(sample_conn, "конференц") == ids(sample_conn, "конференция")
    assert ids(sample_conn, "конференц ") == []  # a finished word: «конференц» is no word's form
    assert ids(sample_conn, "полумараф") == ids(sample_conn, "полумарафон") != []


def test_every_filter_combines_with_a_search(sample_conn):
    f = Filters(regions=("SPE",), search="конференции")
    where, params = f.where("e")
    got = conn_ids = sample_conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchall()[0][0]
    assert got == Q.count_events(sample_conn, f) == len(
        set(ids(sample_conn, "конференция")) & {r[0] for r in sample_conn.execute(
            "SELECT event_id FROM event_partners WHERE region_code = 'SPE'").fetchall()})
    assert conn_ids > 0


# --- literal text (issue 12: ILIKE had no escape character) -----------------------------------------

@pytest.fixture()
def literal_conn(sample_db, tmp_path):
    db = tmp_path / "literal.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE events SET result_text = 'охват вырос на 50% за год' WHERE event_id = 1000001")
        conn.execute("UPDATE events SET result_text = 'файл отчет_итог выложен' WHERE event_id = 1000002")
        conn.execute("UPDATE events SET result_text = 'выросло на 50 процентов' WHERE event_id = 1000003")
        conn.execute("DELETE FROM event_terms; DELETE FROM search_indexed")  # index the changed texts
        search_index.update(conn)
    conn = duckdb.connect(str(db), read_only=True)
    yield conn
    conn.close()


def test_percent_and_underscore_match_literally(literal_conn):
    assert ids(literal_conn, "%") == [1000001]
    assert ids(literal_conn, "50%") == [1000001]  # not «50 процентов», not every row
    assert ids(literal_conn, "_") == [1000002]
    assert ids(literal_conn, "отчет_итог") == [1000002]
    assert 1000003 in ids(literal_conn, "50")


# --- the index is kept in step by builds, replacements and migrate -----------------------------------

def postings(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT term, event_id FROM event_terms ORDER BY ALL").fetchall()


def test_index_kept_in_step_by_build_replacement_and_migrate(sample_db, tmp_path):
    full = postings(sample_db)
    assert len(full) > 1000
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        assert {r[0] for r in conn.execute("SELECT DISTINCT event_id FROM event_terms").fetchall()} == \
            {r[0] for r in conn.execute("SELECT event_id FROM events").fetchall()}
    # one report after the other (the add-only path), then both again (every file replaces itself)
    db = tmp_path / "steps.duckdb"
    names = sorted(p.name for p in REPORTS.glob("*.*"))
    build([REPORTS / names[0]], db)
    build([REPORTS / names[1]], db)
    first = postings(db)
    build([REPORTS], db)
    again = postings(db)
    rows = lambda ps: sorted((t, e % 1_000_000) for t, e in ps)  # noqa: E731 - (term, row) whatever the report id
    assert len(first) == len(again) == len(full)
    with duckdb.connect(str(db), read_only=True) as conn:
        live = {r[0] for r in conn.execute("SELECT event_id FROM events").fetchall()}
        assert {e for _, e in again} == live  # no postings of replaced events
        assert conn.execute("SELECT count(*) FROM search_indexed").fetchall()[0][0] == 2
    assert rows(first) == rows(again) == rows(full)
    # an older database without the index gets it from migrate
    old = tmp_path / "old.duckdb"
    shutil.copy(sample_db, old)
    make_outdated(old)
    assert migrate(old)
    assert postings(old) == full


def test_update_does_nothing_when_in_step(sample_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:
        assert search_index.update(conn) == {"removed_reports": 0, "indexed_reports": 0, "postings": 0}


def test_lemmas():
    assert search_index.lemmas("конференции") == ("конференция",)
    assert search_index.lemmas("волонтёрства") == search_index.lemmas("волонтерства") == ("волонтерство",)
    assert search_index.lemmas("стали") == ("сталь", "стать")
    assert search_index.lemmas("2021") == ("2021",)
    assert search_index.words("В рамках Форума-2021 и «Ёлки»") == ["рамках", "форума", "2021", "елки"]


# --- highlighted words --------------------------------------------------------------------------------

def test_highlight_marks_the_matched_words_as_written():
    text = "Участие в Конференции «Цифровые регионы» и конференция-2021 в Смоленске"
    spans = search.highlight(text, "конференция смоленск")
    assert "".join(piece for piece, _ in spans) == text
    assert [piece for piece, hit in spans if hit] == ["Конференции", "конференция", "Смоленске"]
    assert search.highlight(text, "цифров") == [("Участие в Конференции «", False), ("Цифровые", True),
                                                (" регионы» и конференция-2021 в Смоленске", False)]
    assert search.highlight("рост на 50% за год", "50%") == [("рост на ", False), ("50%", True), (" за год", False)]
    assert search.highlight(None, "x") == []
    assert search.matched_words("Волонтёрство и волонтёрства", "волонтерство ") == ["Волонтёрство", "волонтёрства"]


# --- time limit (issue 12: like Datasette's 1 s) -------------------------------------------------------

def test_a_query_over_the_time_limit_stops_with_search_timeout():
    conn = duckdb.connect()
    t = time.perf_counter()
    with pytest.raises(search.SearchTimeout), search.time_limit(conn, 0.3):
        conn.execute("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").fetchall()
    assert time.perf_counter() - t < 3
    with search.time_limit(conn, 5):  # a quick query under a limit is untouched
        assert conn.execute("SELECT 42").fetchall() == [(42,)]


# --- in the dashboard ---------------------------------------------------------------------------------

def _events_shown(at) -> tuple[str, list[str]]:
    assert not at.exception
    table = at.dataframe[0].value
    return at.markdown[0].value if at.markdown else "", sorted(table["name"])


def test_events_page_finds_any_word_form_and_shows_the_matched_words(sample_db, monkeypatch):
    from tests.apptest import open_page as page

    base = page(sample_db, monkeypatch, "pages/events.py", q="конференция")
    names = sorted(base.dataframe[0].value["name"])
    assert len(names) == 22
    for form in ("конференции", "Конференциями"):
        at = page(sample_db, monkeypatch, "pages/events.py", q=form)
        assert not at.exception
        table = at.dataframe[0].value
        assert sorted(table["name"]) == names
        assert all(found for found in table["found"])  # every row says which of its words matched
        assert {w.lower() for cell in table["found"] for w in cell.split(", ")} >= {"конференции", "конференция"}
    yo = page(sample_db, monkeypatch, "pages/events.py", q="волонтёрства").dataframe[0].value
    e = page(sample_db, monkeypatch, "pages/events.py", q="волонтерства").dataframe[0].value
    assert len(yo) == len(e) == 1 and list(yo["event_id"] if "event_id" in yo else yo["name"]) == list(
        e["event_id"] if "event_id" in e else e["name"])


def test_a_search_over_the_time_limit_is_a_message(sample_db, monkeypatch):
    from tests.apptest import open_page as page

    def slow_count(conn, f):  # a search that takes minutes
        return conn.execute("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").fetchall()[0][0]

    monkeypatch.setattr(Q, "count_events", slow_count)
    monkeypatch.setenv("COOP_SEARCH_TIME_LIMIT_S", "0.3")
    t = time.perf_counter()
    at = page(sample_db, monkeypatch, "pages/events.py", q="медленный поиск")
    assert time.perf_counter() - t < 30
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Поиск «медленный поиск» занял больше 0.3 с и остановлен. Уточните запрос: добавьте слово или фильтр."]
