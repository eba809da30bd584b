"""The field parsers of an event row, one small class each (the interface: loaders/fields/runner.py).

Each declares the columns it fills and reads only what its `key` names; the parsing itself lives in the
modules named in each class (dates.py, participants.py, place.py …). PARSERS is the order they run in.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from loaders.fields.cap import too_long_issues
from loaders.fields.dates import parse_dates, quarter_of
from loaders.fields.departments import normalise_department
from loaders.fields.event_format import parse_format
from loaders.fields.event_type import classify_event
from loaders.fields.participants import parse_participants
from loaders.fields.partners import agreement_partners, partners_of
from loaders.fields.place import parse_place
from loaders.fields.regions import ambiguity_issues, find_countries
from loaders.fields.runner import FieldContext, FieldParser, FieldResult
from loaders.table.classify import TableRow
from loaders.table.columns import Col


def _cell(row: TableRow, col: Col) -> str:
    return row.values.get(col, "")


class Department:
    name, columns, cached = "department", ("department",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return row.department

    def text(self, row: TableRow) -> str:
        return row.department or ""

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        if not row.department:
            return FieldResult({"department": None}, (("department", "", "строка идёт до первого заголовка департамента"),))
        return FieldResult({"department": normalise_department(row.department)})


class Dates:
    name = "dates"
    columns = ("date_start", "date_end", "date_precision", "ongoing", "quarter")
    cached = True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return _cell(row, Col.DATES), ctx.period

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.DATES)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        text = _cell(row, Col.DATES)
        info = parse_dates(text, ctx.period)
        values = {"date_start": info.date_start, "date_end": info.date_end, "date_precision": info.precision,
                  "ongoing": info.ongoing, "quarter": quarter_of(info, ctx.period)}
        return FieldResult(values, (("dates", text, info.issue),) if info.issue else ())


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


class Participants:
    """The participants cell (the result cell as fallback); numeric sub-columns («Участники: всего / в т.ч.
    от …») feed the counts directly."""

    name = "participants"
    columns = ("participants_total", "participants_qualifier", "regions_count", "delegation_size")
    cached = True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return (_cell(row, Col.PARTICIPANTS), _cell(row, Col.RESULT), ctx.home_words,
                row.aux.get("participants_total"), row.aux.get("delegation_size"))

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.PARTICIPANTS)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        text = _cell(row, Col.PARTICIPANTS)
        p = parse_participants(text, _cell(row, Col.RESULT), ctx.home_words)
        total, qualifier, delegation = p.total, p.qualifier, p.delegation_size
        issues = [("participants", text, p.issue)] if p.issue else []
        direct_total = row.aux.get("participants_total")
        if direct_total is not None and direct_total.strip() and (got := direct_count(direct_total)):
            (total, qualifier), issues = got, []
        direct_delegation = row.aux.get("delegation_size")
        if direct_delegation is not None and direct_delegation.strip():
            if got := direct_count(direct_delegation):
                delegation = got[0]
            else:
                issues.append(("participants", direct_delegation, "в колонке делегации не найдено число людей"))
        values = {"participants_total": total, "participants_qualifier": qualifier,
                  "regions_count": p.regions_count, "delegation_size": delegation}
        return FieldResult(values, tuple(issues))


class MentionedRegions:
    """Regions the participants cell names (other than the reporting one)."""

    name, columns, cached = "participants", ("mentioned_regions",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return _cell(row, Col.PARTICIPANTS), ctx.home, ctx.regions

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.PARTICIPANTS)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        return FieldResult({"mentioned_regions": tuple(partners_of(_cell(row, Col.PARTICIPANTS), ctx.home, ctx.regions))})


class Place:
    name, columns, cached = "place", ("city", "place_region_code"), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return _cell(row, Col.PLACE)

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.PLACE)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        text = _cell(row, Col.PLACE)
        place = parse_place(text)
        return FieldResult({"city": place.city, "place_region_code": place.place_region_code},
                           (("place", text, place.issue),) if place.issue else ())


class Format:
    name, columns, cached = "format", ("format",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        v = row.values
        return v.get(Col.PLACE, ""), v.get(Col.PARTICIPANTS, ""), v.get(Col.NAME, ""), v.get(Col.DATES, "")

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.PLACE)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        place, participants, name, dates = (_cell(row, c) for c in (Col.PLACE, Col.PARTICIPANTS, Col.NAME, Col.DATES))
        return FieldResult({"format": parse_format(place, participants, name, dates)})


class EventType:
    name, columns, cached = "event_type", ("event_type",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return _cell(row, Col.NAME)

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.NAME)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        return FieldResult({"event_type": classify_event(_cell(row, Col.NAME))})


COUNTRY_SOURCES = (("agreement", Col.AGREEMENT), ("participants", Col.PARTICIPANTS), ("place", Col.PLACE))


class Countries:
    """Foreign countries named by the agreement, participants and place cells (with the cell's field)."""

    name, columns, cached = "countries", ("countries",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        v = row.values
        return v.get(Col.AGREEMENT, ""), v.get(Col.PARTICIPANTS, ""), v.get(Col.PLACE, "")

    def text(self, row: TableRow) -> str:
        return _cell(row, Col.AGREEMENT)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        return FieldResult({"countries": tuple((country, source) for source, col in COUNTRY_SOURCES
                                               for country in find_countries(_cell(row, col)))})


class Partners:
    """The partner regions: a partner-region column names them; else the agreement cell; else the title."""

    name, columns, cached = "partners", ("partners",), True

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return (row.aux.get("partner", ""), _cell(row, Col.AGREEMENT), ctx.template, ctx.home, ctx.regions,
                ctx.title_partners)

    def text(self, row: TableRow) -> str:
        return row.aux.get("partner", "") or _cell(row, Col.AGREEMENT)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        partner_text, agreement_text = row.aux.get("partner", ""), _cell(row, Col.AGREEMENT)
        if partner_text.strip():  # a partner-region column: it names the partners
            found = tuple(partners_of(partner_text, ctx.home, ctx.regions))
            issue = (partner_text, "в колонке региона-партнёра не найден субъект РФ")
        elif ctx.template == "agreements" or agreement_text.strip():
            found = tuple(agreement_partners(agreement_text, ctx.home, ctx.regions))
            issue = (agreement_text, "не указано соглашение" if not agreement_text.strip()
                     else "в соглашении не найден регион-партнёр")
        else:
            found, issue = ctx.title_partners, ("", "в заголовке отчёта не найден регион-партнёр")
        return FieldResult({"partners": found}, () if found else (("partners", *issue),))


class TooLong:
    """Cells longer than the parsers read (loaders/fields/cap.py) get a parse issue each."""

    name, columns, cached = "row", (), False

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return None

    def text(self, row: TableRow) -> str:
        return ""

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        v = row.values
        return FieldResult({}, tuple(too_long_issues({
            "department": row.department or "", "dates": v.get(Col.DATES, ""),
            "participants": v.get(Col.PARTICIPANTS, ""), "result": v.get(Col.RESULT, ""),
            "place": v.get(Col.PLACE, ""), "name": v.get(Col.NAME, ""), "partners": v.get(Col.AGREEMENT, "")})))


class Ambiguities:
    """Region abbreviations the document does not settle («РБ», «МО»): no region, and a parse issue."""

    name, columns, cached = "partners", (), False

    def key(self, row: TableRow, ctx: FieldContext) -> Hashable:
        return None

    def text(self, row: TableRow) -> str:
        return row.aux.get("partner", "") or _cell(row, Col.AGREEMENT)

    def parse(self, row: TableRow, ctx: FieldContext) -> FieldResult:
        texts = {"partners": row.aux.get("partner", "") or _cell(row, Col.AGREEMENT),
                 "participants": _cell(row, Col.PARTICIPANTS)}
        return FieldResult({}, tuple(ambiguity_issues(texts, ctx.regions)))


PARSERS: tuple[FieldParser, ...] = (Department(), Dates(), Participants(), MentionedRegions(), Place(), Format(),
                                    EventType(), Countries(), Partners(), TooLong(), Ambiguities())
