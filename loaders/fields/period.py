"""Reporting period of a report, parsed from its title, plus the calendar vocabulary shared with dates.py.

"Отчет ... во II квартале 2021 года" -> 2021-04-01..2021-06-30 ('quarter');
"Отчет об исполнении в 2021 году Плана ... на 2021-2023 годы" -> 2021 ('year'; the plan span is not the period).
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from loaders.fields.cap import clip


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # 'quarter' | 'half' | 'months' | 'year' | 'range'


# ---------------------------------------------------------------- shared vocabulary
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"), "-")
_ORD_SUFFIX_RE = re.compile(r"(\d)(?:-|\s)?(?:ый|ой|ий|ая|ое|ее|ого|его|ом|ем|й|го|м|е|я)(?![а-яa-z0-9])")
_DIGIT_LETTER_RE = re.compile(r"(?<=\d)(?=[а-яa-z])|(?<=[а-яa-z])(?=\d)")


_LATIN_TO_CYR = str.maketrans("aeopcxykmthb", "аеорсхукмтнв")
# A word of Latin and Cyrillic letters, found by its maximal letter run (linear: the former pattern
# "[a-zа-я]*(?:[a-z][а-я]|[а-я][a-z])[a-zа-я]*" backtracked quadratically, 12 s on 40,000 letters).
_LETTER_RUN_RE = re.compile(r"[a-zа-я]+")
_LATIN_RE = re.compile(r"[a-z]")
_CYR_RE = re.compile(r"[а-я]")


def _fix_mixed_word(m: re.Match[str]) -> str:
    w = m.group()
    return w.translate(_LATIN_TO_CYR) if _LATIN_RE.search(w) and _CYR_RE.search(w) else w


def normalize(text: str) -> str:
    """Lower-case, unify spaces/dashes/ё, drop ordinal suffixes ("1-й" -> "1"), split glued "31мая"."""
    t = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_DASHES)
    t = t.lower().replace("ё", "е").replace("і", "i")
    if _LATIN_RE.search(t) and _CYR_RE.search(t):
        t = _LETTER_RUN_RE.sub(_fix_mixed_word, t)  # "мaя" typed with a Latin "a"
    t = _ORD_SUFFIX_RE.sub(r"\1", t)
    t = _DIGIT_LETTER_RE.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip()


_MAY = {"май", "мая", "мае", "маю", "маем"}
_MONTH_STEMS = (("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("июн", 6), ("июл", 7),
                ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12))
_MONTH_ABBR = {"янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
               "сент": 9, "сентяб": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12, "декаб": 12}
_MONTH_FORMS = [(w, i // 2 + 1) for i, w in enumerate(
    "январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август августа "
    "сентябрь сентября октябрь октября ноябрь ноября декабрь декабря".split())]


def month_number(word: str) -> int | None:
    """Month number of a Russian month word in any case, abbreviation or small typo ("сентяря")."""
    w = word.rstrip(".")
    if w in _MAY:
        return 5
    if w in _MONTH_ABBR:
        return _MONTH_ABBR[w]
    for stem, n in _MONTH_STEMS:
        if w.startswith(stem) and len(w) <= len(stem) + 3:
            return n
    if len(w) >= 5 and w.isalpha():
        best = max(((difflib.SequenceMatcher(None, w, form).ratio(), n) for form, n in _MONTH_FORMS
                    if form[0] == w[0]), default=(0.0, None))
        if best[0] >= 0.85:
            return best[1]
    return None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12}
_ORDINAL_RE = re.compile(r"(?:(перв|втор)(?:ый|ой|ая|ое|ого|ом|ому|ую|ые|ых|ым)"
                         r"|(трет)(?:ий|ья|ье|ьего|ьем|ьему|ью|ьи|ьих)"
                         r"|(четверт)(?:ый|ая|ое|ого|ом|ому|ую|ые|ых))")
_ORDINAL_STEMS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}


def roman_number(word: str) -> int | None:
    return _ROMAN.get(word.rstrip("."))


def ordinal_number(word: str) -> int | None:
    """"первое" -> 1, "третьего" -> 3, "четвертом" -> 4 (only 1..4: quarters and halves)."""
    m = _ORDINAL_RE.fullmatch(word)
    return _ORDINAL_STEMS[next(g for g in m.groups() if g)] if m else None


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q}")
    return month_bounds(year, 3 * q - 2)[0], month_bounds(year, 3 * q)[1]


def half_bounds(year: int, h: int) -> tuple[date, date]:
    if not 1 <= h <= 2:
        raise ValueError(f"half {h}")
    return month_bounds(year, 6 * h - 5)[0], month_bounds(year, 6 * h)[1]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


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
    return roman_number(tok) or ordinal_number(tok)


def _from_title(t: str) -> Period | None:
    m = _QUARTER_RE.search(t)
    if m:
        q1, q2, y = _small_number(m[1]), _small_number(m[2]) if m[2] else None, int(m[3])
        if q1 and 1 <= q1 <= 4:
            if q2 and q1 < q2 <= 4:
                return Period(quarter_bounds(y, q1)[0], quarter_bounds(y, q2)[1], "range")
            return Period(*quarter_bounds(y, q1), "quarter")
    m = _HALF_RE.search(t)
    if m:
        h = _small_number(m[1]) if m[1] else 1
        if h in (1, 2):
            return Period(*half_bounds(int(m[2]), h), "half")
    m = _MONTHS_RE.search(t)
    if m:
        n = int(m[1]) if m[1].isdigit() else next(v for k, v in _WORD_NUMBERS.items() if m[1].startswith(k))
        if 1 <= n <= 12:
            y = int(m[2])
            return Period(date(y, 1, 1), month_bounds(y, n)[1], "months")
    for m in _MONTH_RANGE_RE.finditer(t):
        a, b = month_number(m[1]), month_number(m[2])
        if a and b and a <= b:
            y = int(m[3])
            return Period(month_bounds(y, a)[0], month_bounds(y, b)[1], "months")
    for m in _ONE_MONTH_RE.finditer(t):
        a = month_number(m[1])
        if a:
            return Period(*month_bounds(int(m[2]), a), "months")
    m = _DAY_RANGE_RE.search(t)
    if m:
        from loaders.fields.dates import parse_dates  # local import: dates.py imports this module

        a, b = (m[1], m[2]) if m[1] else (m[3], m[4])
        info = parse_dates(f"{a} - {b}", None)
        if info.precision == "day" and info.date_start and info.date_end and info.date_start < info.date_end:
            return Period(info.date_start, info.date_end, "range")
    m = _YEAR_PREP_RE.search(t)
    if m:
        y1, y2 = int(m[1]), int(m[2]) if m[2] else None
        if y2 and y1 < y2:
            return Period(year_bounds(y1)[0], year_bounds(y2)[1], "range")
        return Period(*year_bounds(y1), "year")
    years = {int(y) for y in _ANY_YEAR_RE.findall(t)}
    if len(years) == 1:
        return Period(*year_bounds(years.pop()), "year")
    return None


def parse_period(title: str) -> Period | None:
    """Reporting period from a report title (possibly multi-line); None when no period is found."""
    if not isinstance(title, str):
        return None
    try:
        return _from_title(normalize(clip(title)))
    except Exception:  # noqa: BLE001 - a title we cannot read means "no period", never a crash
        return None
