"""Stored answers in the database: where they live, and the hook through which a build stores them.

The loader knows only where stored answers are kept (so that a write of events can drop them) and, at the
end of a build or a migrate, calls the `StoredAnswers` hook its caller gives it. What the answers are, and
whether the ones in a database were made by the queries as they are now, is the query layer's business
(`analytics.summaries`); the loader imports nothing from it. `python -m loaders` gets the dashboard's hook in
one place, `loaders/__main__.py`; the upload page and the dashboard pass it themselves.

Tables (docs/schema.md, "Stored answers"): `summary_<query>` (a table answer), `summaries(name, value)` (the
other answers, as JSON) and `stored_answers(name, kind, fingerprint)` (which query made each answer).
"""

from __future__ import annotations

from typing import Protocol

import duckdb

RECORDS = "summaries"  # name → JSON of an answer that is not a table
PREFIX = "summary_"  # summary_<query>: a table answer
FINGERPRINTS = "stored_answers"  # name → kind and fingerprint of the query that stored it


class StoredAnswers(Protocol):
    """What a build is given to store the answers its database should carry (the dashboard's, for one)."""

    def refresh(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Drop the stored answers and store every one anew; the caller owns the transaction."""

    def current(self, conn: duckdb.DuckDBPyConnection) -> bool:
        """Every answer is stored, each one made by the query that would answer it now."""


def table_name(name: str) -> str:
    return PREFIX + name


def clear(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop every stored answer and its fingerprint (call before the events change)."""
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND (table_name IN (?, ?) OR starts_with(table_name, ?))", [RECORDS, FINGERPRINTS, PREFIX]).fetchall()]
    for table in tables:
        conn.execute(f'DROP TABLE "{table}"')
