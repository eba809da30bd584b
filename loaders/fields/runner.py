"""One interface for the field parsers of an event row, and the one runner that applies them.

Modelled on datasette's facets: every field parser is a small class that declares the `events` columns
it fills and answers `parse(row, ctx) -> FieldResult(values, issues)`. The runner (`run_parsers`) is the
only place that

- caches: a parser's answer depends only on its `key(row, ctx)` (the texts it reads and the report
  facts it uses), and a report repeats its texts a lot (an agreement cell for each of its events,
  «в течение всего периода», the same place), so each distinct key is parsed once per process;
- guards: an exception a parser did not mean to raise (a bug: TypeError, ZeroDivisionError …) becomes
  the parse issue «ошибка разбора (TypeError)» on the parser's field, its columns stay empty and the
  event still loads. In strict mode (`COOP_STRICT_PARSERS=1`, set for the whole test run by
  tests/conftest.py) the exception is raised instead, so a parser bug fails the tests.

Parsers themselves catch nothing they do not expect: a bug is never turned into a silent [] / None.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from loaders.fields.calendar_words import Period
from loaders.fields.cap import SHOWN_CHARS
from loaders.read.model import EXCEL_ERROR
from loaders.table.classify import TableRow

STRICT_ENV = "COOP_STRICT_PARSERS"
CACHE_SIZE = 1 << 16  # distinct keys kept per parser (then its cache starts afresh)
Issue = tuple[str, str, str]  # (field, raw_text, reason): a row of parse_issues without its event


def bug_reason(exc: BaseException) -> str:
    """The parse issue a user sees for a parser bug."""
    return f"ошибка разбора ({type(exc).__name__})"


def strict() -> bool:
    """Strict mode: a parser bug raises instead of becoming a parse issue (on for the test run)."""
    return os.environ.get(STRICT_ENV) == "1"


@dataclass(frozen=True)
class FieldContext:
    """What a report tells the parsers of each of its rows (hashable: part of the cache keys)."""

    template: str
    period: Period | None
    home: str | None
    title_partners: tuple[str, ...] = ()
    regions: frozenset[str] = frozenset()  # document_regions(): settles ambiguous abbreviations
    home_words: tuple[str, ...] = ()  # stems of the reporting region's name (participants)


@dataclass(frozen=True)
class FieldResult:
    values: Mapping[str, object] = field(default_factory=dict)  # column -> value, for the declared columns
    issues: tuple[Issue, ...] = ()


class FieldParser(Protocol):
    @property
    def name(self) -> str:
        """The parse_issues field a bug is reported on."""
        ...

    @property
    def columns(self) -> tuple[str, ...]:
        """The EventFields / events columns it fills ((): it only reports issues)."""
        ...

    @property
    def cached(self) -> bool:
        """False for parsers cheaper than their key."""
        ...

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        """Everything parse() reads: equal keys give equal results."""
        ...

    def text(self, row: TableRow) -> str:
        """The cell a parse issue quotes."""
        ...

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult: ...


@dataclass
class Outcome:
    values: dict[str, object] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # parsers whose guard fired (their columns left empty)


_caches: dict[int, dict[Hashable, FieldResult]] = {}  # id(parser) -> its answers


def clear_caches() -> None:
    _caches.clear()


def run_one(parser: FieldParser, row: TableRow, ctx: FieldContext) -> FieldResult | Exception:
    """The parser's result (cached by its key), or the exception it raised (strict mode: raised)."""
    try:
        if not parser.cached:
            return parser.parse(row, ctx)
        cache = _caches.get(id(parser))
        if cache is None:
            cache = _caches[id(parser)] = {}
        key = parser.key(row, ctx)
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            hit = cache[key] = parser.parse(row, ctx)
        return hit
    except Exception as exc:  # the guard: see the module docstring
        if strict():
            exc.add_note(f"field parser {parser.name!r} (strict mode: {STRICT_ENV}=1)")
            raise
        return exc


def run_parsers(parsers: Sequence[FieldParser], row: TableRow, ctx: FieldContext) -> Outcome:
    """Apply every parser to one row; a parser that raised leaves its columns out and reports a parse issue."""
    out = Outcome()
    for parser in parsers:
        cell = _safe_text(parser, row).strip()
        if EXCEL_ERROR.fullmatch(cell):  # a formula's error value: nothing to parse, never a silent empty
            issue = (parser.name, cell, f"в ячейке ошибка формулы Excel ({cell}): значения нет")
            if issue not in out.issues:  # two parsers reading the same cell report it once
                out.issues.append(issue)
            continue
        result = run_one(parser, row, ctx)
        if isinstance(result, Exception):
            out.failed.append(parser.name)
            out.issues.append((parser.name, _safe_text(parser, row)[:SHOWN_CHARS], bug_reason(result)))
            continue
        out.values.update(result.values)
        out.issues.extend(result.issues)
    return out


def _safe_text(parser: FieldParser, row: TableRow) -> str:
    try:
        text = parser.text(row)
    except Exception:  # noqa: BLE001 - the guard's own message must not fail
        return ""
    return text if isinstance(text, str) else str(text)
