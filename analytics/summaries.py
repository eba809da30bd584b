"""Stored answers of the dashboard's queries for "no filter", the view every page opens with.

A query of analytics.queries marked `@summarised("table")` or `@summarised("record")` (the kind of answer is
declared: a DataFrame stored as table `summary_<query>`, or a dict stored as JSON in `summaries`) runs once
without filters at the end of every build and its answer is stored. Without filters the query then reads its
stored answer (a few small rows) instead of scanning every event: at a million events that is the difference
between ~100 ms and ~1 ms per query.

Every stored answer carries the fingerprint of the query that made it (`stored_answers`): a hash of the
query's source, of the helpers and constants of its module it uses (followed transitively), of its kind and
of an explicit `version` (raise that for a change the source does not show, e.g. in `Filters.where`). A
stored answer whose fingerprint is not the query's as it is now is never read (the query answers live), and
`Registry.current` is False until `python -m loaders migrate` (or the dashboard's first visit) stores it anew.

`Registry.of_module(analytics.queries)` collects the marked queries explicitly; analytics.stored_answers holds
the dashboard's registry, the hook the loader's build is given (loaders.db.stored.StoredAnswers). Any write
of events (loaders.db.store) drops the stored answers first.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, TypeVar

import duckdb
import pandas as pd

from analytics.filters import Filters
from loaders.db.stored import FINGERPRINTS, RECORDS, clear, table_name

Kind = Literal["table", "record"]
KINDS: tuple[Kind, ...] = ("table", "record")
# Part of every fingerprint: raise it to have every stored answer made anew (e.g. a change in the loader's
# columns that every query reads). 2: participants count each unique event once; headline.multi_partner.
# 3: answers hold codes: quarter NULL + ongoing (by_quarter, department_quarter, agreements_by_quarter), NULL
#    department and event type.
VERSION = "3"
VERSION_RECORD = "_version"  # summaries('_version'): VERSION, as databases of schema 2 and 3 have it
Q = TypeVar("Q", bound=Callable[..., object])


class Summarised:
    """One summarised query: its name, declared kind, the live query without filters and its fingerprint."""

    def __init__(self, fn: Callable[..., object], kind: Kind, version: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"@summarised({kind!r}) on {fn.__name__}: the kind is one of {KINDS}")
        self.name = fn.__name__
        self.kind = kind
        self.version = version
        self.fn = fn
        self.takes_filters = len(inspect.signature(fn).parameters) > 1

    def live(self, conn: duckdb.DuckDBPyConnection) -> object:
        """The answer without filters, computed now."""
        return self.fn(conn, Filters()) if self.takes_filters else self.fn(conn)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Computed on first use, when the module's helpers defined below the query exist too."""
        digest = hashlib.sha256(f"{VERSION}\0{self.kind}\0{self.version}".encode())
        for part in _source_parts(self.fn):
            digest.update(b"\0" + part.encode())
        return digest.hexdigest()[:16]

    def read(self, conn: duckdb.DuckDBPyConnection) -> object | None:
        """The stored answer, or None when there is none or another version of the query stored it."""
        try:
            rows = conn.execute(f"SELECT kind, fingerprint FROM {FINGERPRINTS} WHERE name = ?", [self.name]).fetchall()
            if rows != [(self.kind, self.fingerprint)]:
                return None
            if self.kind == "table":
                return conn.execute(f'SELECT * FROM "{table_name(self.name)}"').df()
            values = conn.execute(f"SELECT value FROM {RECORDS} WHERE name = ?", [self.name]).fetchall()
        except duckdb.CatalogException:
            return None
        return json.loads(values[0][0]) if values else None

    def store(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Run the query without filters and store its answer with its fingerprint (tables exist: refresh)."""
        answer = self.live(conn)
        if self.kind == "table":
            if not isinstance(answer, pd.DataFrame):
                raise TypeError(f"@summarised('table') {self.name} answered {type(answer).__name__}, not a DataFrame")
            conn.register("summary_df", answer)
            conn.execute(f'CREATE TABLE "{table_name(self.name)}" AS SELECT * FROM summary_df')
            conn.unregister("summary_df")
        else:
            if not isinstance(answer, dict):
                raise TypeError(f"@summarised('record') {self.name} answered {type(answer).__name__}, not a dict")
            conn.execute(f"INSERT INTO {RECORDS} VALUES (?, ?)", [self.name, json.dumps(answer, ensure_ascii=False)])
        conn.execute(f"INSERT INTO {FINGERPRINTS} VALUES (?, ?, ?)", [self.name, self.kind, self.fingerprint])


def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # lambdas, comprehensions, nested functions
            names |= _code_names(const)
    return names


def _source(fn: Callable[..., object]) -> str:
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):  # no source file (a frozen build): the compiled code stands for it
        code = fn.__code__
        return code.co_code.hex() + repr(code.co_consts)


def _package(name: str) -> str:
    return name.partition(".")[0]


def _source_parts(fn: Callable[..., object]) -> list[str]:
    """The query's source, then each helper function (source) and constant (value) it uses, transitively, in a
    fixed order: helpers of its own package (analytics), whether named directly or through their module
    (`queries.headline_sides` in analytics.compare), and the constants of the module of each. Code of other
    packages (loaders, pandas) and methods (Filters.where) are not followed: `version` covers them."""
    parts: list[str] = []
    seen: set[object] = set()
    package = _package(fn.__module__)
    todo = [inspect.unwrap(fn)]
    while todo:
        current = todo.pop(0)
        parts.append(_source(current))
        names = sorted(_code_names(current.__code__))
        for name in names:
            if name not in current.__globals__:
                continue
            value = current.__globals__[name]
            if inspect.ismodule(value) and _package(value.__name__) == package:
                for attr in names:  # the module's functions this code names (`queries.headline_sides`)
                    member = getattr(value, attr, None)
                    if inspect.isfunction(member) and member.__module__ == value.__name__ and member not in seen:
                        seen.add(member)
                        todo.append(inspect.unwrap(member))
            elif (current.__module__, name) in seen:
                continue
            elif inspect.isfunction(value) and _package(value.__module__) == package:
                seen.add((current.__module__, name))
                if value not in seen:
                    seen.add(value)
                    todo.append(inspect.unwrap(value))
            elif isinstance(value, str | int | float | bool | tuple | frozenset):
                seen.add((current.__module__, name))
                parts.append(f"{name} = {value!r}")
    return parts


def summarised(kind: Kind, *, version: str = "") -> Callable[[Q], Q]:
    """Mark a query of analytics.queries: without filters it answers from its stored answer (when that was
    made by this very query), with filters live. `kind`: "table" (answers a DataFrame) or "record" (a dict)."""

    def decorate(fn: Q) -> Q:
        spec = Summarised(fn, kind, version)

        @functools.wraps(fn)
        def answer(conn: duckdb.DuckDBPyConnection, *args: object) -> object:
            if not args or (len(args) == 1 and isinstance(args[0], Filters) and args[0].is_empty()):
                stored = spec.read(conn)
                if stored is not None:
                    return stored
            return fn(conn, *args)

        answer.summarised = spec  # type: ignore[attr-defined]
        return answer  # type: ignore[return-value]

    return decorate


def spec_of(fn: object) -> Summarised | None:
    """The Summarised behind a query marked @summarised (None for any other object)."""
    spec = getattr(fn, "summarised", None)
    return spec if isinstance(spec, Summarised) else None


class Registry:
    """The summarised queries a database stores answers of; the hook a build is given (StoredAnswers)."""

    def __init__(self, queries: Iterable[Summarised]) -> None:
        self.queries: dict[str, Summarised] = {}
        for spec in queries:
            if spec.name in self.queries:
                raise ValueError(f"two summarised queries are named {spec.name}")
            self.queries[spec.name] = spec

    @classmethod
    def of_module(cls, module: types.ModuleType) -> Registry:
        """Every @summarised query defined in `module`, in the module's order."""
        found = (spec_of(value) for value in vars(module).values())
        return cls(spec for spec in found if spec is not None and spec.fn.__module__ == module.__name__)

    def __iter__(self) -> Iterator[Summarised]:
        return iter(self.queries.values())

    def __getitem__(self, name: str) -> Summarised:
        return self.queries[name]

    def refresh(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Drop every stored answer and store each query's answer without filters. Caller owns the transaction."""
        clear(conn)
        conn.execute(f"CREATE TABLE {RECORDS} (name VARCHAR PRIMARY KEY, value JSON)")
        conn.execute(f"CREATE TABLE {FINGERPRINTS} (name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
                     "fingerprint VARCHAR NOT NULL)")
        conn.execute(f"INSERT INTO {RECORDS} VALUES (?, ?)", [VERSION_RECORD, json.dumps(VERSION)])
        for spec in self:
            spec.store(conn)

    def _stored(self, conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
        try:
            rows = conn.execute(f"SELECT name, kind, fingerprint FROM {FINGERPRINTS}").fetchall()
        except duckdb.CatalogException:  # none stored (or stored before fingerprints existed)
            return {}
        return {name: (kind, fp) for name, kind, fp in rows}

    def current(self, conn: duckdb.DuckDBPyConnection) -> bool:
        """Every query's answer is stored, each by the query as it is now (and no other answer is)."""
        return self._stored(conn) == {spec.name: (spec.kind, spec.fingerprint) for spec in self}

    def stale(self, conn: duckdb.DuckDBPyConnection) -> list[str]:
        """The queries whose stored answer is missing or was made by another version of them."""
        stored = self._stored(conn)
        return [spec.name for spec in self if stored.get(spec.name) != (spec.kind, spec.fingerprint)]
