"""Reporting period of a report, parsed from its title.

"Отчет ... во II квартале 2021 года" -> 2021-04-01..2021-06-30 ('quarter');
"Отчет об исполнении в 2021 году Плана ... на 2021-2023 годы" -> 2021 ('year'; the plan span is not the period).
"""

from __future__ import annotations

import re
from datetime import date

from loaders.fields import calendar_words as cal
from loaders.fields.calendar_words import Period, normalize
from loaders.fields.cap import clip
from loaders.fields.dates import parse_dates

__all__ = ["Period", "parse_period"]  # Period is defined in calendar_words; loaders/parse.py imports it from here


# ---------------------------------------------------------------- title parsing
_YEAR = r"((?:19|20)\d{2})(?!\d)"
_N4 = r"(iv|i{1,3}|[1-4]|перв\w*|втор\w*|трет\w*|четверт\w*)"
_QUARTER_RE = re.compile(rf"\b{_N4}(?:\s*(?:-|и)\s*{_N4})?\s*(?:квартал\w*|кв\b\.?)\s*{_YEAR}")
_HALF_RE = re.compile(rf"\b(?:{_N4}\s*)?полугод\w*\.?\s*{_YEAR}")
_MONTHS_RE = re.compile(rf"\b(\d{{1,2}}|три|шест\w*|девят\w*|двенадцат\w*)\s*месяц\w*\s*{_YEAR}")
_MONTH_RANGE_RE = re.compile(rf"\b([а-я]+)\.?\s*(?:-|по)\s*([а-я]+)\.?\s*{_YEAR}")
_ONE_MONTH_RE = re.compile(rf"\b(?:за|в|во)\s+([а-я]+)\.?\s*{_YEAR}")
_DAY_RANGE_RE = re.compile(r"\bс\s+(\d{1,2}(?:\.\d{1,2}\.\d{2,4}|\s+[а-я]+\.?(?:\s+\d{4})?))(?:\s+г\.?|\s+года)?"
                           r"\s+по\s+(\d{1,2}(?:\.\d{1,2}\.\d{2,4}|\s+[а-я]+\.?\s+\d{4}))"
                           r"|(\d{1,2}\.\d{1,2}\.\d{2,4})\s*-\s*(\d{1,2}\.\d{1,2}\.\d{2,4})")
_YEAR_PREP_RE = re.compile(rf"\b(?:в|во|за|итогам|течение|течении)\s+{_YEAR}(?:\s*(?:-|/)\s*{_YEAR})?")
_ANY_YEAR_RE = re.compile(rf"(?<![\d-])(?<!- ){_YEAR}(?!\s*-\s*\d)")
_WORD_NUMBERS = {"три": 3, "шест": 6, "девят": 9, "двенадцат": 12}


def _small_number(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    return cal.roman_number(tok) or cal.ordinal_number(tok)


def _from_title(t: str) -> Period | None:
    m = _QUARTER_RE.search(t)
    if m:
        q1, q2, y = _small_number(m[1]), _small_number(m[2]) if m[2] else None, int(m[3])
        if q1 and 1 <= q1 <= 4:
            if q2 and q1 < q2 <= 4:
                return Period(cal.quarter_bounds(y, q1)[0], cal.quarter_bounds(y, q2)[1], "range")
            return Period(*cal.quarter_bounds(y, q1), "quarter")
    m = _HALF_RE.search(t)
    if m:
        h = _small_number(m[1]) if m[1] else 1
        if h in (1, 2):
            return Period(*cal.half_bounds(int(m[2]), h), "half")
    m = _MONTHS_RE.search(t)
    if m:
        n = int(m[1]) if m[1].isdigit() else next(v for k, v in _WORD_NUMBERS.items() if m[1].startswith(k))
        if 1 <= n <= 12:
            y = int(m[2])
            return Period(date(y, 1, 1), cal.month_bounds(y, n)[1], "months")
    for m in _MONTH_RANGE_RE.finditer(t):
        a, b = cal.month_number(m[1]), cal.month_number(m[2])
        if a and b and a <= b:
            y = int(m[3])
            return Period(cal.month_bounds(y, a)[0], cal.month_bounds(y, b)[1], "months")
    for m in _ONE_MONTH_RE.finditer(t):
        a = cal.month_number(m[1])
        if a:
            return Period(*cal.month_bounds(int(m[2]), a), "months")
    m = _DAY_RANGE_RE.search(t)
    if m:
        a, b = (m[1], m[2]) if m[1] else (m[3], m[4])
        info = parse_dates(f"{a} - {b}", None)
        if info.precision == "day" and info.date_start and info.date_end and info.date_start < info.date_end:
            return Period(info.date_start, info.date_end, "range")
    m = _YEAR_PREP_RE.search(t)
    if m:
        y1, y2 = int(m[1]), int(m[2]) if m[2] else None
        if y2 and y1 < y2:
            return Period(cal.year_bounds(y1)[0], cal.year_bounds(y2)[1], "range")
        return Period(*cal.year_bounds(y1), "year")
    years = {int(y) for y in _ANY_YEAR_RE.findall(t)}
    if len(years) == 1:
        return Period(*cal.year_bounds(years.pop()), "year")
    return None


def parse_period(title: str) -> Period | None:
    """Reporting period from a report title (possibly multi-line); None when no period is found."""
    if not isinstance(title, str):
        return None
    return _from_title(normalize(clip(title)))
