"""Apply the field parsers to one event row: the parsed columns of `events` and its links."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.fields.cap import too_long_issues
from loaders.fields.dates import parse_dates, quarter_of
from loaders.fields.departments import normalise_department
from loaders.fields.event_format import parse_format
from loaders.fields.event_type import classify_event
from loaders.fields.participants import parse_participants
from loaders.fields.period import Period
from loaders.fields.place import parse_place
from loaders.fields.regions import ambiguity_issues, find_countries, find_regions, region_names
from loaders.table.classify import TableRow
from loaders.table.columns import Col, collapse

# A new agreement starts at a line that opens with one of these words.
AGREEMENT_START = re.compile(
    r"(?im)^\s*(?=(?:трехсторонн\w*|трёхсторонн\w*|двухсторонн\w*|многосторонн\w*)?\s*"
    r"(?:соглашени|договор|меморандум|протокол|план\s+мероприяти|дорожн))"
)
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


def split_agreements(text: str) -> list[str]:
    """One agreement cell can hold several agreements, one after another."""
    text = text.replace("\r", "")
    starts = [m.start() for m in AGREEMENT_START.finditer(text)]
    if not starts or starts[0] > 0 and text[: starts[0]].strip():
        starts = [0] + starts
    parts = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return [collapse(p) for p in parts if collapse(p)]


def home_words(home: str | None) -> tuple[str, ...]:
    if not home:
        return ()
    name = region_names().get(home, "")
    first = name.split()[0].lower() if name else ""
    stem = re.sub(r"(ская|ский|ской|ая|ий|ой|а|ь)$", "", first)
    return (stem,) if len(stem) >= 4 else ()


def partners_of(text: str, home: str | None) -> list[str]:
    return list(_partners_of(text, home))


# Memoised field parsers. Every parser is a pure function of its texts (and the report period / home
# region), and a report repeats its texts a lot (an agreement cell for each of its events, "в течение
# всего периода", "Дистанционный формат", department headings, the same place), so each distinct text
# is parsed once per process. The results are frozen dataclasses / tuples, safe to share.
CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=CACHE_SIZE)
def _partners_of(text: str, home: str | None, context: frozenset[str] = frozenset()) -> tuple[str, ...]:
    seen: list[str] = []
    for m in find_regions(text, context):
        if m.code != home and m.code not in seen:
            seen.append(m.code)
    return tuple(seen)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _agreement_partners(text: str, home: str | None, context: frozenset[str] = frozenset()) -> tuple[str, ...]:
    out: list[str] = []
    for part in split_agreements(text):
        out += [c for c in _partners_of(part, home, context) if c not in out]
    return tuple(out)


Parts = tuple[tuple[str, tuple[str, ...]], ...]  # an agreement cell's agreements and their partner codes


@functools.lru_cache(maxsize=CACHE_SIZE)
def agreement_parts(text: str, home: str | None) -> Parts:
    """The agreements one cell names (a cell can hold several), each with its sorted partner codes."""
    return tuple((p, tuple(sorted(_partners_of(p, home)))) for p in split_agreements(text))


_department = functools.lru_cache(maxsize=CACHE_SIZE)(normalise_department)
_participants = functools.lru_cache(maxsize=CACHE_SIZE)(parse_participants)
_place = functools.lru_cache(maxsize=CACHE_SIZE)(parse_place)
_event_type = functools.lru_cache(maxsize=CACHE_SIZE)(classify_event)
_countries = functools.lru_cache(maxsize=CACHE_SIZE)(find_countries)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _dates(text: str, period: Period | None) -> tuple[object, str | None]:
    info = parse_dates(text, period)
    return info, quarter_of(info, period)


@functools.lru_cache(maxsize=256)
def _home_words(home: str | None) -> tuple[str, ...]:
    return home_words(home)


def enrich_event(
    row: TableRow, *, template: str, period: Period | None, home: str | None, title_partners: list[str],
    context: frozenset[str] = frozenset(),
) -> EventFields:
    """`context`: document_regions() of the report (settles ambiguous region abbreviations)."""
    v = row.values
    name = v.get(Col.NAME, "")
    out = EventFields(department=_department(row.department) if row.department else None)
    if not row.department:
        out.issues.append(("department", "", "строка идёт до первого заголовка департамента"))

    dates_text = v.get(Col.DATES, "")
    info, out.quarter = _dates(dates_text, period)
    out.date_start, out.date_end, out.date_precision, out.ongoing = (
        info.date_start, info.date_end, info.precision, info.ongoing)
    if info.issue:
        out.issues.append(("dates", dates_text, info.issue))

    participants_text = v.get(Col.PARTICIPANTS, "")
    p = _participants(participants_text, v.get(Col.RESULT, ""), _home_words(home))
    out.participants_total, out.participants_qualifier = p.total, p.qualifier
    out.regions_count, out.delegation_size = p.regions_count, p.delegation_size
    if p.issue:
        out.issues.append(("participants", participants_text, p.issue))
    out.mentioned_regions = list(_partners_of(participants_text, home, context))

    place_text = v.get(Col.PLACE, "")
    place = _place(place_text)
    out.city, out.place_region_code = place.city, place.place_region_code
    if place.issue:
        out.issues.append(("place", place_text, place.issue))
    out.format = parse_format(place_text, participants_text, name, dates_text)
    out.event_type = _event_type(name)

    _direct_counts(row, out)

    agreement_text = v.get(Col.AGREEMENT, "")
    for source, text in (("agreement", agreement_text), ("participants", participants_text), ("place", place_text)):
        out.countries += [(country, source) for country in _countries(text)]
    partner_text = row.aux.get("partner", "")
    if partner_text.strip():  # a partner-region column: it names the partners
        out.partners = list(_partners_of(partner_text, home, context))
        if not out.partners:
            out.issues.append(("partners", partner_text, "в колонке региона-партнёра не найден субъект РФ"))
    elif template == "agreements" or agreement_text.strip():
        out.partners = list(_agreement_partners(agreement_text, home, context))
        if not out.partners:
            reason = "не указано соглашение" if not agreement_text.strip() else "в соглашении не найден регион-партнёр"
            out.issues.append(("partners", agreement_text, reason))
    else:
        out.partners = list(title_partners)
        if not out.partners:
            out.issues.append(("partners", "", "в заголовке отчёта не найден регион-партнёр"))
    # fields/ parsers read at most MAX_PARSE_CHARS of a cell (loaders/fields/cap.py): say so for longer ones
    out.issues += too_long_issues({"department": row.department or "", "dates": dates_text,
                                   "participants": participants_text, "result": v.get(Col.RESULT, ""),
                                   "place": place_text, "name": name, "partners": agreement_text})
    # region abbreviations the document does not settle ("РБ", "МО"): no region, and a parse issue
    out.issues += ambiguity_issues({"partners": partner_text or agreement_text, "participants": participants_text},
                                   context)
    return out


COUNT_RE = re.compile(r"^\s*(около|порядка|приблизительно|более|свыше|не менее|до)?\s*(\d[\d\s]*?)\s*"
                      r"(чел\.?|человек\w*|участник\w*)?\s*$", re.IGNORECASE)
QUALIFIERS = {"около": "approx", "порядка": "approx", "приблизительно": "approx", "более": "at_least",
              "свыше": "at_least", "не менее": "at_least"}


def direct_count(text: str) -> tuple[int, str] | None:
    """A numeric sub-column's cell («25», «около 40», «12 чел.») → (number, qualifier)."""
    m = COUNT_RE.match(text or "")
    if not m:
        return None
    return int(re.sub(r"\s", "", m.group(2))), QUALIFIERS.get((m.group(1) or "").lower(), "exact")


def _direct_counts(row: TableRow, out: EventFields) -> None:
    """Numeric participants columns («Участники: всего / в т.ч. от …») feed the counts directly."""
    total = row.aux.get("participants_total")
    if total is not None and total.strip():
        got = direct_count(total)
        if got:
            out.participants_total, out.participants_qualifier = got
            out.issues = [i for i in out.issues if i[0] != "participants"]
    delegation = row.aux.get("delegation_size")
    if delegation is not None and delegation.strip():
        got = direct_count(delegation)
        if got:
            out.delegation_size = got[0]
        else:
            out.issues.append(("participants", delegation, "в колонке делегации не найдено число людей"))


def roadmap_title(report_title: str) -> str:
    m = ROADMAP_TITLE.search(report_title)
    return collapse(m.group(0)) if m else collapse(report_title)
