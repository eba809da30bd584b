"""Calendar vocabulary shared by the dates of event rows (dates.py) and the period of a report title
(period.py): the Period record, the text normaliser for dates, month / roman / ordinal words, and the
bounds of a month, quarter, half-year and year. Imports go one way: calendar_words ← dates ← period.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from loaders.fields.text import calendar_fold


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # 'quarter' | 'half' | 'months' | 'year' | 'range'


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
    t = calendar_fold(unicodedata.normalize("NFKC", text))
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
