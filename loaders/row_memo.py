"""Row-level memo of the field parsers: a row copied from report to report is parsed once per process.

Offices copy last quarter's table into this quarter's report and add to it, so one event row is
parsed again and again, each time under a new report's context. `enrich_row` returns exactly what
`enrich_event` returns, keyed on everything the parsed fields depend on:

- the row's cells as `enrich_event` reads them (every column but the item number, the department heading,
  the aux cells: partner column, numeric participants columns);
- the report's template, reporting (home) region and title partners;
- of the document's regions (`context`), only those that can settle an abbreviation the row's texts
  contain: the context is read for nothing else (loaders/fields/region_abbr.py), so a row with no
  region abbreviation is the same row in every report, and a row with «РБ» is parsed again when the
  document's regions that decide «РБ» differ;
- the report period, but only for the date fields: dates, their quarter and the «даты вне отчетного
  периода» kind of date issue are recomputed for a new period (through the same memoised date parser
  `enrich_event` uses); every other field comes from the memo.

`tests/test_row_memo.py` compares `enrich_row` with `enrich_event` row by row on the sample reports and on
copied reports under other periods, home regions and contexts: when `enrich_event` starts reading
something more, that test names it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.fields import enrich
from loaders.fields.enrich import EventFields, enrich_event
from loaders.fields.period import Period
from loaders.fields.region_abbr import _table as _abbreviations
from loaders.table.classify import TableRow
from loaders.table.columns import Col

MEMO_SIZE = 1 << 15  # distinct rows kept per process (oldest dropped first)
_COMPACT = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


@dataclass(frozen=True)
class _Entry:
    fields: EventFields
    period: Period | None  # the period `fields` was computed under


_memo: dict[tuple, _Entry] = {}


def clear() -> None:
    _memo.clear()


def _row_key(row: TableRow) -> tuple:
    values = tuple(sorted((c.value, v) for c, v in row.values.items() if c is not Col.ITEM))
    return values, row.department, tuple(sorted(row.aux.items()))


@lru_cache(maxsize=1)
def _abbreviations_rx() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One pattern finding any abbreviation (blanks and dashes removed) in compacted text; its codes."""
    table, _ = _abbreviations()
    codes = {key: frozenset(a.codes) for key, a in table.items() if a.codes}
    return re.compile("|".join(re.escape(k) for k in sorted(codes, key=len, reverse=True))), codes


@lru_cache(maxsize=1 << 14)
def _codes_in(text: str) -> frozenset[str]:
    """Region codes that an abbreviation in `text` could stand for: a superset of what the abbreviation
    finder can look up in the context (it matches the abbreviation with optional blanks and dashes)."""
    compact = _COMPACT.sub("", text)  # the finder reads the text as written (its normalize() maps blanks, dashes)
    rx, codes = _abbreviations_rx()
    out: set[str] = set()
    pos = 0
    while m := rx.search(compact, pos):  # overlapping matches too: «РСО» inside «РСОА»
        out |= codes[m.group()]
        pos = m.start() + 1
    return frozenset(out)


def _relevant(context: frozenset[str], row: TableRow) -> frozenset[str]:
    if not context:
        return frozenset()
    codes: set[str] = set()
    for text in (*row.values.values(), *row.aux.values(), row.department or ""):
        if text and isinstance(text, str):
            found = _codes_in(text)
            if found:
                codes |= found
    return context & codes if codes else frozenset()


def _copy(f: EventFields) -> EventFields:
    out = copy.copy(f)
    out.partners, out.mentioned_regions = list(f.partners), list(f.mentioned_regions)
    out.countries, out.issues = list(f.countries), list(f.issues)
    return out


def _under_period(row: TableRow, entry: _Entry, period: Period | None) -> EventFields | None:
    """The memo's fields with the date fields computed for `period`; None when the memo's issues do not
    have the shape `enrich_event` gives them (then the caller parses the row in full)."""
    text = row.values.get(Col.DATES, "")
    before, _ = enrich._dates(text, entry.period)
    info, quarter = enrich._dates(text, period)
    out = _copy(entry.fields)
    out.date_start, out.date_end, out.date_precision, out.ongoing = (
        info.date_start, info.date_end, info.precision, info.ongoing)
    out.quarter = quarter
    slot = 0 if row.department else 1  # enrich_event: the department issue, then the date issue
    if before.issue:
        if out.issues[slot:slot + 1] != [("dates", text, before.issue)]:
            return None
        del out.issues[slot]
    if info.issue:
        out.issues.insert(slot, ("dates", text, info.issue))
    return out


def enrich_row(
    row: TableRow, *, template: str, period: Period | None, home: str | None, title_partners: list[str],
    context: frozenset[str] = frozenset(),
) -> EventFields:
    """`enrich_event(row, …)`, memoised (see the module's docstring); the result is the caller's own."""
    key = (_row_key(row), template, home, tuple(title_partners), _relevant(context, row))
    entry = _memo.get(key)
    if entry is not None:
        if entry.period == period:
            return _copy(entry.fields)
        out = _under_period(row, entry, period)
        if out is not None:
            return out
    fields = enrich_event(row, template=template, period=period, home=home, title_partners=title_partners,
                          context=context)
    if len(_memo) >= MEMO_SIZE:
        del _memo[next(iter(_memo))]
    _memo[key] = _Entry(_copy(fields), period)
    return fields
