"""Apply the field parsers to one event row: the parsed columns of `events` and its links.

The parsers are the classes in loaders/fields/parsers.py; loaders/fields/runner.py runs them (with the
one cache and the guard). This module keeps the report-level helpers and the EventFields record.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field, fields

from loaders.fields.calendar_words import Period
from loaders.fields.parsers import PARSERS, direct_count
from loaders.fields.partners import Parts, agreement_parts, partners_of, split_agreements
from loaders.fields.regions import find_regions, region_names
from loaders.fields.runner import FieldContext, run_parsers
from loaders.table.classify import TableRow
from loaders.table.columns import collapse

__all__ = ["EventFields", "Parts", "agreement_parts", "detect_home_region", "direct_count", "document_regions",
           "enrich_event", "home_words", "partners_of", "report_partners", "roadmap_title", "split_agreements"]

ROADMAP_TITLE = re.compile(r"(план\w*\s+мероприяти|«?\s*дорожн\w*\s+карт).*", re.IGNORECASE | re.DOTALL)


@dataclass
class EventFields:
    department: str | None = None
    date_start: object = None
    date_end: object = None
    date_precision: str | None = None
    ongoing: bool = False
    quarter: str | None = None
    participants_total: int | None = None
    participants_qualifier: str | None = None
    regions_count: int | None = None
    delegation_size: int | None = None
    city: str | None = None
    place_region_code: str | None = None
    format: str | None = None
    event_type: str | None = None
    partners: list[str] = field(default_factory=list)
    mentioned_regions: list[str] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)  # (foreign country, source cell)
    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (field, raw_text, reason)


def detect_home_region(title: str, departments: list[str], agreements: list[str]) -> str | None:
    """The reporting region: named by most department headings, else by most agreements."""
    for texts in (departments, agreements):
        counts: Counter[str] = Counter()
        for text in set(t for t in texts if t):
            for code in {m.code for m in find_regions(text)}:
                counts[code] += texts.count(text)
        if counts:
            (code, n), *rest = counts.most_common(2) + [(None, 0)]
            if n > rest[0][1]:
                return code
    return None


def document_regions(title: str, home: str | None, agreements: list[str]) -> frozenset[str]:
    """Regions the document names unambiguously (reporting region, title, agreements): the context that
    settles an ambiguous abbreviation such as "РБ" or "МО" (loaders/fields/region_abbr.py)."""
    codes = {home} if home else set()
    for text in {title, *agreements}:
        codes.update(m.code for m in find_regions(text))
    return frozenset(codes)


def report_partners(title: str, home: str | None) -> list[str]:
    """Regions named in the title other than the reporting one (the road map's partner)."""
    return [m.code for m in find_regions(title) if m.code != home]


@functools.lru_cache(maxsize=256)  # one per reporting region
def home_words(home: str | None) -> tuple[str, ...]:
    """Stems of the reporting region's name («смоленск»): the participants parser tells home from guests by them."""
    if not home:
        return ()
    name = region_names().get(home, "")
    first = name.split()[0].lower() if name else ""
    stem = re.sub(r"(ская|ский|ской|ая|ий|ой|а|ь)$", "", first)
    return (stem,) if len(stem) >= 4 else ()


_LIST_COLUMNS = frozenset(f.name for f in fields(EventFields) if str(f.type).startswith("list"))


def enrich_event(
    row: TableRow, *, template: str, period: Period | None, home: str | None, title_partners: list[str],
    context: frozenset[str] = frozenset(),
) -> EventFields:
    """`context`: document_regions() of the report (settles ambiguous region abbreviations).

    A parser that raised (a bug) leaves its columns empty and adds the parse issue «ошибка разбора (…)»,
    or, in strict mode, raises (loaders/fields/runner.py)."""
    ctx = FieldContext(template=template, period=period, home=home, title_partners=tuple(title_partners),
                       regions=context, home_words=home_words(home))
    outcome = run_parsers(PARSERS, row, ctx)
    out = EventFields(issues=outcome.issues)
    for column, value in outcome.values.items():
        setattr(out, column, list(value) if column in _LIST_COLUMNS else value)
    return out


def roadmap_title(report_title: str) -> str:
    m = ROADMAP_TITLE.search(report_title)
    return collapse(m.group(0)) if m else collapse(report_title)
