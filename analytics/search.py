"""Text search: a leader's words → the SQL condition over events, the matched words of a text, a time limit.

A query is read the way the index was built (loaders/derive/search_index.py): words of letters and digits,
lower case, ё → е, each by its pymorphy3 lemmas. Every word must match (AND); a word matches an event
when one of its lemmas is among the event's terms; the last word, unless the query ends with a space,
is still being typed and also matches every term it starts («конференц» → конференция).

Characters that are not letters, digits or ordinary punctuation (`%`, `_`, `№`, `+` …) are searched
literally as well: the typed text must occur in one of the cells (ILIKE with an escape character, so
`50%` finds «50%» and nothing else). A query with no searchable word at all («%», «в») is only that
literal search.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb
import pandas as pd

from loaders.derive.search_index import TEXT_COLUMNS, WORD_RE, fold, indexable, lemmas

ORDINARY = set(" \t\n.,;:!?-–—«»\"'()[]/")  # separators a literal search need not insist on
DEFAULT_TIME_LIMIT_S = 1.0  # as Datasette's sql_time_limit_ms


@dataclass(frozen=True)
class Word:
    form: str  # as typed, folded
    lemmas: tuple[str, ...]
    prefix: bool  # the last word, still being typed

    def matches(self, token: str) -> bool:
        """Does a folded word of a text match this query word?"""
        if token == self.form or set(lemmas(token)) & set(self.lemmas):
            return True
        return self.prefix and (token.startswith(self.form) or any(x.startswith(self.form) for x in lemmas(token)))


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[Word, ...]
    literal: str | None  # the text to find as written (None: the words are enough)

    def __bool__(self) -> bool:
        return bool(self.words) or bool(self.literal)


def parse(text: str) -> SearchQuery:
    """Read a typed search."""
    stripped = text.strip()
    forms = [w for w in WORD_RE.findall(fold(stripped)) if indexable(w)]
    prefix_last = bool(stripped) and text == text.rstrip() and stripped[-1].isalnum()
    words = tuple(Word(f, lemmas(f), prefix_last and i == len(forms) - 1) for i, f in enumerate(forms))
    unusual = any(not (ch.isalnum() or ch in ORDINARY) for ch in stripped)
    literal = stripped if stripped and (unusual or not words) else None
    return SearchQuery(words, literal)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _successor(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _word_ids(q: SearchQuery) -> tuple[str, dict[str, object]]:
    """SQL of the DISTINCT event ids every word of `q` matches, and its parameters ('' when `q` has no words).

    Each word is a range scan of `event_terms` (sorted by term: zone maps skip the rest); the words'
    event sets are intersected."""
    params: dict[str, object] = {}
    word_sets: list[str] = []
    for i, word in enumerate(q.words):
        branches = []
        for j, lemma in enumerate(word.lemmas):
            params[f"sw_{i}_{j}"] = lemma
            branches.append(f"SELECT event_id FROM event_terms WHERE term = $sw_{i}_{j}")
        if word.prefix:
            params[f"sp_{i}"], params[f"sq_{i}"] = word.form, _successor(word.form)
            branches.append(f"SELECT event_id FROM event_terms WHERE term >= $sp_{i} AND term < $sq_{i}")
        word_sets.append(" UNION ALL ".join(branches))
    if not word_sets:
        return "", params
    ids = word_sets[0] if len(word_sets) == 1 else " INTERSECT ".join(f"({s})" for s in word_sets)
    return f"SELECT DISTINCT event_id FROM ({ids})", params


@dataclass(frozen=True)
class MatchedRows:
    """The events a search's words match in one database version, as a bit per `events` row: bit i is set
    when the row with rowid i matches ('0110…'; None: no event matches). A rowid names a row only within one
    version of the file, so this is shared only under a key holding the file's version (ui/data.py)."""

    bits: str | None


def matched_rows(conn: duckdb.DuckDBPyConnection, text: str) -> MatchedRows | None:
    """The events the words of a typed search match (None when it has no searchable word: a literal search
    only). One semi-join of `events` on the matched ids; every query of a page then tests one bit per row
    (`clause(…, shared=…)`) instead of running that join again (at 1M events, «конференц»: the join 160–280 ms
    per query, the bit test 15–25 ms)."""
    q = parse(text)
    ids, params = _word_ids(q)
    if not ids:
        return None
    top = conn.execute("SELECT max(rowid) FROM events").fetchall()[0][0]
    if top is None:
        return MatchedRows(None)
    bits = conn.execute(f"SELECT CAST(bitstring_agg(e.rowid, 0, {int(top)}) AS VARCHAR) FROM events e "
                        f"WHERE e.event_id IN ({ids})", params).fetchall()[0][0]
    return MatchedRows(bits)


# The matched rows of the search being run, when the caller shares them (ui/data.py): text → MatchedRows.
_SHARED: contextvars.ContextVar[Callable[[str], MatchedRows | None] | None] = contextvars.ContextVar(
    "search_shared", default=None)


@contextlib.contextmanager
def shared(conn: duckdb.DuckDBPyConnection, lookup: Callable[[str], MatchedRows | None]) -> Iterator[None]:
    """Inside the block, `clause` takes a search's matched rows from `lookup(text)` (which computes them once,
    with `matched_rows`, and keeps them for the database version) instead of joining the index again; the
    queries run on `conn`.

    DuckDB 2.0.0 fails with an internal error («Attempted to access index -1») on a Top-N query (ORDER BY …
    LIMIT ≤ 50) whose WHERE names `rowid`, in its late-materialization rewrite: it is turned off on `conn`
    for the block (it only helps Top-N queries fetching wide rows; the events page fetches its ids first)."""
    conn.execute("SET late_materialization_max_rows = 0")
    token = _SHARED.set(lookup)
    try:
        yield
    finally:
        _SHARED.reset(token)
        with contextlib.suppress(duckdb.Error):
            conn.execute("RESET late_materialization_max_rows")


def clause(text: str, alias: str = "e") -> tuple[str, dict[str, object]]:
    """SQL condition over `events` (aliased) for a typed search, and its named parameters ('TRUE' for none).

    Inside `shared(…)`: one bit test per row on the search's shared matched rows. Otherwise: a semi-join of
    the events on the DISTINCT matched ids (the DISTINCT makes the optimizer build the join's hash table on
    the small id set, not on the million events)."""
    q = parse(text)
    parts: list[str] = []
    params: dict[str, object] = {}
    ids, id_params = _word_ids(q)
    if ids:
        lookup = _SHARED.get()
        rows = lookup(text) if lookup is not None else None
        if rows is None:
            parts.append(f"{alias}.event_id IN ({ids})")
            params.update(id_params)
        elif rows.bits is None:
            parts.append("FALSE")
        else:
            parts.append(f"get_bit(CAST($s_rows AS BIT), CAST({alias}.rowid AS INTEGER)) = 1")
            params["s_rows"] = rows.bits
    if q.literal:
        cells = ", ".join(f"{alias}.{c}" for c in TEXT_COLUMNS)
        parts.append(f"concat_ws(' ', {cells}) ILIKE $s_literal ESCAPE '\\'")
        params["s_literal"] = _like_pattern(q.literal)
    return (" AND ".join(parts) or "TRUE"), params


def highlight(text: str | None, query: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, matched) spans: the words a search for `query` matched, and the rest.
    A literal search marks each occurrence of its text."""
    if not text:
        return []
    q = parse(query)
    marks: list[tuple[int, int]] = []
    if q.words:
        for m in WORD_RE.finditer(text):
            token = fold(m.group())
            if indexable(token) and any(w.matches(token) for w in q.words):
                marks.append(m.span())
    if q.literal:
        low, needle, start = text.lower(), q.literal.lower(), 0
        while (at := low.find(needle, start)) >= 0:
            marks.append((at, at + len(needle)))
            start = at + len(needle)
    merged: list[list[int]] = []
    for a, b in sorted(marks):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    spans: list[tuple[str, bool]] = []
    pos = 0
    for a, b in merged:
        if a > pos:
            spans.append((text[pos:a], False))
        spans.append((text[a:b], True))
        pos = b
    if pos < len(text):
        spans.append((text[pos:], False))
    return spans


def matched_words(text: str | None, query: str) -> list[str]:
    """The distinct pieces of `text` a search for `query` matched, in order (for a results list)."""
    seen: dict[str, None] = {}
    for piece, hit in highlight(text, query):
        if hit:
            seen.setdefault(piece, None)
    return list(seen)


class SearchTimeout(Exception):
    """A query ran over its time limit and was stopped."""


@contextlib.contextmanager
def time_limit(conn: duckdb.DuckDBPyConnection, seconds: float | None) -> Iterator[None]:
    """Stop the queries run on `conn` inside the block after `seconds` (DuckDB's interrupt): the block
    raises SearchTimeout. None or 0: no limit."""
    if not seconds:
        yield
        return
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        conn.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException as exc:
        raise SearchTimeout(f"query stopped after {seconds:g} s") from exc
    except duckdb.Error:
        if fired.is_set():
            raise SearchTimeout(f"query stopped after {seconds:g} s") from None
        raise
    finally:
        timer.cancel()


def found_column(rows: pd.DataFrame, query: str) -> list[str]:
    """For each row of an events page: the words of its texts a search for `query` matched, as written
    («конференции, Смоленске»), for the results list."""
    out = []
    texts = rows[[c for c in TEXT_COLUMNS if c in rows.columns]].itertuples(index=False)
    for cells in texts:
        found: dict[str, None] = {}
        for cell in cells:
            if isinstance(cell, str):
                found.update(dict.fromkeys(matched_words(cell, query)))
        out.append(", ".join(found))
    return out
