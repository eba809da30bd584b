"""The text-search index: every word of an event's texts by its dictionary form (lemma).

Leaders type any word form («конференции», «волонтёрства»); the cells say «конференция»,
«волонтерства». So the index holds, for each event, the pymorphy3 lemmas of every word of its name,
place, participants, result and agreement cells, ё folded to е, and a search is lemmatised the same way
(`analytics/search.py`). Tables (docs/schema.md, "Text search"):

- `search_lemmas(word, lemma)`: each distinct word seen, with every lemma pymorphy3 gives it (a word
  with two readings, «стали» → сталь, стать, has two rows). A cache: a build lemmatises only the words
  it has not seen before; texts repeat, so words do.
- `event_terms(term, event_id)`: the postings, one row per distinct (lemma, event), written sorted by
  term, so that DuckDB's min/max zone maps skip all but the few row groups a search term falls in.
- `search_indexed(report_id)`: the reports whose events are in `event_terms`.

`update(conn)` keeps them in step with `events` after any write (every build, migrate and replacement
calls it): postings of reports no longer loaded are deleted, reports not yet indexed are indexed.
Tokenising, the word → lemma join and the sort run in DuckDB; only new words pass through Python.
"""

from __future__ import annotations

import functools
import re

import duckdb
import pandas as pd

from loaders.fields.morph import morph

# the cells a search looks in (the same list feeds the literal search in analytics/search.py)
TEXT_COLUMNS = ("name", "place_text", "participants_text", "result_text", "agreement_text")
# words that carry no meaning for a search: not indexed, and dropped from a query (1-letter words too)
STOP_WORDS = frozenset("""на по со во за из до от об не для при под над без или как что это его
    ее их все так же ли бы""".split())
MIN_LENGTH = 2

# one token rule for SQL (index) and Python (query, highlight): runs of letters and digits
SQL_WORDS = r"regexp_extract_all(replace(lower({col}), 'ё', 'е'), '[\p{{L}}\p{{N}}]+')"
WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, ё → е (the index's spelling of every word)."""
    return text.lower().replace("ё", "е")


def indexable(word: str) -> bool:
    return len(word) >= MIN_LENGTH and word not in STOP_WORDS


def words(text: str) -> list[str]:
    """The indexable words of a text, folded, in order."""
    return [w for w in WORD_RE.findall(fold(text)) if indexable(w)]


@functools.lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary form of a folded word (ё → е), sorted; the word itself for a number."""
    if not word.isalpha():
        return (word,)
    return tuple(sorted({fold(p.normal_form) for p in morph().parse(word)}))


_STOP_SQL = ", ".join(f"'{w}'" for w in sorted(STOP_WORDS))


def _missing_lemmas(conn: duckdb.DuckDBPyConnection) -> None:
    """Lemmatise the words of `_search_words` that `search_lemmas` does not hold yet."""
    new = [r[0] for r in conn.execute(
        "SELECT DISTINCT word FROM _search_words WHERE word NOT IN (SELECT word FROM search_lemmas)").fetchall()]
    if not new:
        return
    pairs = [(w, lemma) for w in new for lemma in lemmas(w)]
    conn.register("_new_lemmas", pd.DataFrame(pairs, columns=["word", "lemma"]))
    try:
        conn.execute("INSERT INTO search_lemmas SELECT word, lemma FROM _new_lemmas")
    finally:
        conn.unregister("_new_lemmas")


def update(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Bring the index in step with `events` (caller owns the transaction). Returns what it did.

    Works on distinct texts, not events (a department's agreement cell, a place, a participants phrase
    repeat across hundreds of rows): each distinct text is tokenised and lemmatised once, then the events
    are joined to their texts' terms. A term found in two cells of one event is two postings (searches
    take DISTINCT ids): cheaper than a DISTINCT over every posting at build time."""
    gone = [r[0] for r in conn.execute(
        "SELECT report_id FROM search_indexed WHERE report_id NOT IN (SELECT report_id FROM reports)").fetchall()]
    if gone:
        # postings of events no longer loaded: an anti-join over the postings (replacements are rare)
        conn.execute("DELETE FROM event_terms WHERE event_id NOT IN (SELECT event_id FROM events)")
        conn.execute("DELETE FROM search_indexed WHERE report_id IN (SELECT unnest(?))", [gone])
    new = [r[0] for r in conn.execute(
        "SELECT report_id FROM reports WHERE report_id NOT IN (SELECT report_id FROM search_indexed) "
        "ORDER BY report_id").fetchall()]
    if not new:
        return {"removed_reports": len(gone), "indexed_reports": 0, "postings": 0}
    params = {"new": new}
    scope = "report_id IN (SELECT unnest($new))"
    texts = " UNION ".join(f"SELECT {col} AS text FROM events WHERE {scope} AND {col} IS NOT NULL"
                           for col in TEXT_COLUMNS)
    conn.execute(f"""CREATE OR REPLACE TEMP TABLE _search_texts AS
        SELECT text, unnest({SQL_WORDS.format(col="text")}) AS word FROM ({texts})""", params)
    try:
        conn.execute(f"""CREATE OR REPLACE TEMP TABLE _search_words AS
            SELECT DISTINCT text, word FROM _search_texts WHERE length(word) >= {MIN_LENGTH} AND word NOT IN ({_STOP_SQL})""")
        _missing_lemmas(conn)
        conn.execute("""CREATE OR REPLACE TEMP TABLE _search_text_terms AS
            SELECT w.text, list(DISTINCT l.lemma) AS terms FROM _search_words w JOIN search_lemmas l USING (word)
            GROUP BY w.text""")
        postings = " UNION ALL ".join(
            f"SELECT unnest(t.terms) AS term, e.event_id FROM events e JOIN _search_text_terms t ON t.text = e.{col} "
            f"WHERE e.{scope}" for col in TEXT_COLUMNS)
        before = conn.execute("SELECT count(*) FROM event_terms").fetchall()[0][0]
        conn.execute(f"INSERT INTO event_terms SELECT term, event_id FROM ({postings}) ORDER BY term, event_id", params)
        after = conn.execute("SELECT count(*) FROM event_terms").fetchall()[0][0]
    finally:
        for table in ("_search_texts", "_search_words", "_search_text_terms"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute("INSERT INTO search_indexed SELECT unnest(CAST(? AS INTEGER[]))", [new])
    return {"removed_reports": len(gone), "indexed_reports": len(new), "postings": after - before}
