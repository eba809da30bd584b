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
import threading
from collections.abc import Iterator
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


def clause(text: str, alias: str = "e") -> tuple[str, dict[str, object]]:
    """SQL condition over `events` (aliased) for a typed search, and its named parameters ('TRUE' for none).

    Each word is a range scan of `event_terms` (sorted by term: zone maps skip the rest); the words'
    event sets are intersected; the events table is then semi-joined to one DISTINCT id set."""
    q = parse(text)
    parts: list[str] = []
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
    if word_sets:
        # DISTINCT: the optimizer then builds the join's hash table on the (small) matched ids
        ids = word_sets[0] if len(word_sets) == 1 else " INTERSECT ".join(f"({s})" for s in word_sets)
        parts.append(f"{alias}.event_id IN (SELECT DISTINCT event_id FROM ({ids}))")
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
