"""Parse the free-text "Сроки проведения" cell into a date range (stdlib regex, no dateparser).

Pipeline: normalize -> tokens (numbers, month words, quarter/half words, years, connectors) -> atoms
("22 апреля", "IV квартал 2021", bare "22") -> entries (single atom or "a - b" range) -> bare numbers borrow the
unit/month of their neighbour -> missing years from neighbours, then from the report period -> one span.
Follows the project's field conventions ("Dates" and "Quarter"). Issues are Russian (analysts read them); an issue
starting with "даты вне отчетного периода" is a warning that comes WITH dates, every other issue comes with nulls.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loaders.fields.calendar_words import (
    Period,
    half_bounds,
    month_bounds,
    month_number,
    normalize,
    ordinal_number,
    quarter_bounds,
    roman_number,
    year_bounds,
)
from loaders.fields.cap import clip


@dataclass(frozen=True)
class DateInfo:
    date_start: date | None
    date_end: date | None
    precision: str | None  # 'day'|'month'|'quarter'|'half'|'year'|'period'
    ongoing: bool
    issue: str | None = None


class _Problem(Exception):
    """Internal: the text has date-like content that cannot be turned into a valid range."""


_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4, "period": 5}
_ONGOING_RE = re.compile(
    r"в\s+течени[еия]\s+(?:всего\s+)?(?:отчетного\s+)?(?:период|года\b|квартала\b|полугодия\b|месяца\b)"
    r"|на\s+протяжении\s+(?:всего\s+)?(?:отчетного\s+)?(?:период|года\b)|(?:весь|всего|отчетн\w+)\s+период"
    r"|\b(?:постоянно|ежедневно|еженедельно|ежемесячно|ежеквартально|регулярно|систематически|круглогодично)\b"
    r"|на\s+(?:постоянной|регулярной|ежемесячной|систематической)\s+основе|в\s+постоянном\s+режиме"
    r"|круглый\s+год|\bвесь\s+год\b|по\s+мере\s+(?:необходимост|поступлен|потребност)"
    r"|\bраз\w*\s+в\s+(?:недел|месяц|квартал|полугоди|год)|в\s+рабочем\s+порядке|текущ\w+\s+период")
_RECURRING_RE = re.compile(r"ежегодн")  # ongoing only when the cell has no explicit date
_NOW = "nowsentinel"
_NOW_RE = re.compile(r"по\s+(?:настоящее\s+время|н\.\s*в\.?|нв\b|сегодняшний\s+день|текущий\s+момент)")
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?")
_TOKEN_RE = re.compile(
    r"(?P<iso>(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d))"
    r"|(?P<dmy>(?<!\d)\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\d]))"
    r"|(?P<dm>(?<!\d)\d{1,2}\.\d{1,2}(?!\.?\d))"
    r"|(?P<num>\d+)|(?P<word>[a-zа-я]+\.?)|(?P<dash>[-/])|(?P<list>[,;+&])|(?P<other>\S)")
_IGNORE = {"г", "гг", "год", "года", "году", "годы", "годов", "годах", "в", "во", "течение", "течении", "течения",
           "протяжении", "на", "за", "период", "периода", "периоде", "число", "числа", "чисел", "включительно",
           "от", "конец", "конца", "конце", "начало", "начала", "начале", "середина", "середины", "середине", "года.",
           "весь", "всего"}
_WORD_KINDS = {"с": "start", "c": "start", "со": "start", "начиная": "start", "по": "range", "до": "range",
               "и": "list", "или": "list", _NOW: "now"}


def _word_token(word: str) -> tuple[str, int] | None:
    bare = word.rstrip(".")
    if bare in _IGNORE:
        return None
    if bare in _WORD_KINDS:
        return _WORD_KINDS[bare], 0
    if bare.startswith("квартал") or bare == "кв":
        return "qword", 0
    if bare.startswith("полугод"):
        return "hword", 0
    if bare.startswith("месяц") or bare == "мес":
        return "mword", 0
    for kind, fn in (("roman", roman_number), ("ord", ordinal_number), ("month", month_number)):
        n = fn(bare)
        if n:
            return kind, n
    return "break", 0


def _tokenize(t: str) -> list[tuple[str, object]]:
    toks: list[tuple[str, object]] = []
    for m in _TOKEN_RE.finditer(t):
        kind, s = m.lastgroup, m.group()
        if kind == "iso":
            y, mo, d = (int(x) for x in s.split("-"))
            toks.append(("date", (d, mo, y)))
        elif kind == "dmy":
            d, mo, y = (int(x) for x in re.split(r"[./]", s))
            toks.append(("date", (d, mo, y + 2000 if y < 100 else y)))
        elif kind == "dm":
            d, mo = (int(x) for x in s.split("."))
            toks.append(("date", (d, mo, None)) if 1 <= mo <= 12 and 1 <= d <= 31 else ("break", 0))
        elif kind == "num":
            n = int(s) if len(s) <= 4 else -1
            toks.append(("year", n) if 1900 <= n <= 2099 else ("num", n) if len(s) <= 2 else ("break", 0))
        elif kind == "word":
            tok = _word_token(s)
            if tok:
                toks.append(tok)
        elif kind == "dash":
            toks.append(("range", 0))
        elif kind == "list":
            toks.append(("list", 0))
        elif s not in ".":
            toks.append(("break", 0))
    return toks


@dataclass
class _Atom:
    unit: str  # day|month|quarter|half|months|year|now|bare
    n: int = 0  # day of month, quarter/half/months number, or the bare number
    month: int | None = None
    year: int | None = None
    year_src: str = ""  # 'explicit'|'partner'|'neighbour'|'period'
    bare_kind: str = ""  # num|roman|ord (unit == 'bare')


_UNIT_AFTER_NUMBER = {"qword": "quarter", "hword": "half", "mword": "months"}


def _items(toks: list[tuple[str, object]]) -> list[_Atom | str]:
    """Tokens -> atoms interleaved with connector strings ('range'|'list'|'start'|'break')."""
    items: list[_Atom | str] = []
    i = 0
    while i < len(toks):
        kind, val = toks[i]
        nxt = toks[i + 1][0] if i + 1 < len(toks) else None
        atom = None
        if kind == "date":
            d, mo, y = val  # type: ignore[misc]
            atom = _Atom("day", d, mo, y, "explicit" if y else "")
        elif kind in ("num", "roman", "ord") and nxt in _UNIT_AFTER_NUMBER:
            atom, i = _Atom(_UNIT_AFTER_NUMBER[nxt], int(val)), i + 1  # type: ignore[arg-type]
        elif kind == "num" and nxt == "month":
            atom, i = _Atom("day", int(val), int(toks[i + 1][1])), i + 1  # type: ignore[arg-type]
        elif kind in ("num", "roman", "ord"):
            atom = _Atom("bare", int(val), bare_kind=kind)  # type: ignore[arg-type]
        elif kind == "month":
            atom = _Atom("month", 0, int(val))  # type: ignore[arg-type]
        elif kind == "year":
            atom = _Atom("year", year=int(val), year_src="explicit")  # type: ignore[arg-type]
        elif kind == "now":
            atom = _Atom("now")
        elif kind in ("range", "list", "start"):
            items.append(kind)
        else:
            items.append("break")
        if atom is not None:
            if atom.unit not in ("year", "now", "bare") and atom.year is None and i + 1 < len(toks) \
                    and toks[i + 1][0] == "year":
                atom.year, atom.year_src, i = int(toks[i + 1][1]), "explicit", i + 1  # type: ignore[arg-type]
            if atom.unit == "months" and atom.year is None:
                atom = None  # "2 месяца" without a year is a duration, not a date
                items.append("break")
            else:
                items.append(atom)
        i += 1
    for k in range(len(items) - 1):  # "2 этапа", "76 годовщина": a bare number before an unknown word is no date
        if isinstance(items[k], _Atom) and items[k].unit == "bare" and items[k + 1] == "break":  # type: ignore[union-attr]
            items[k] = "break"
    return items


@dataclass
class _Entry:
    left: _Atom
    right: _Atom | None  # set for "a - b" / "с a по b"
    sep: str  # what separates it from the previous entry: 'list' or 'break'
    open_start: bool = False  # "с 1 марта" with no end


def _entries(items: list[_Atom | str]) -> list[_Entry]:
    entries: list[_Entry] = []
    sep, start, i = "break", False, 0
    while i < len(items):
        it = items[i]
        if isinstance(it, str):
            start = True if it == "start" else (False if it == "break" else start)
            sep = "break" if it == "break" else sep
            i += 1
            continue
        if i + 2 < len(items) and items[i + 1] == "range" and isinstance(items[i + 2], _Atom):
            entries.append(_Entry(it, items[i + 2], sep))  # type: ignore[arg-type]
            i += 3
        else:
            entries.append(_Entry(it, None, sep, open_start=start))
            i += 1
        sep, start = "list", False
    return entries


def _resolve_bare(b: _Atom, p: _Atom, in_range: bool) -> _Atom | None:
    """A bare number takes the unit (and month) of its partner: "22-23 апреля", "III-IV квартал"."""
    if p.unit == "day" and b.bare_kind == "num":
        return _Atom("day", b.n, p.month)
    if p.unit in ("quarter", "half") and 1 <= b.n <= (4 if p.unit == "quarter" else 2):
        return _Atom(p.unit, b.n)
    if p.unit == "year" and in_range and b.bare_kind == "num" and p.year:
        return _Atom("year", year=p.year // 100 * 100 + b.n, year_src="explicit")  # "2020-24 годы"
    return None


def _resolve_entries(entries: list[_Entry]) -> list[_Entry]:
    # ahead[j]: the first entry from j on, in the run of list-separated entries starting at j, that is not
    # a bare number (computed once from the right: a long list of bare numbers stays linear)
    ahead: list[_Atom | None] = [None] * (len(entries) + 1)
    for j in range(len(entries) - 1, -1, -1):
        if entries[j].sep == "list":
            ahead[j] = entries[j].left if entries[j].left.unit != "bare" else ahead[j + 1]

    def neighbour(k: int) -> _Atom | None:
        if ahead[k + 1] is not None:  # "15, 16 и 20 апреля": look right first
            return ahead[k + 1]
        if entries[k].sep == "list" and k > 0:
            prev = entries[k - 1]
            cand = prev.right if prev.right is not None and prev.right.unit != "bare" else prev.left
            return cand if cand.unit != "bare" else None
        return None

    out: list[_Entry] = []
    for k, e in enumerate(entries):
        left, right = e.left, e.right
        if right is not None:
            if left.unit == "bare" and right.unit != "bare":
                left = _resolve_bare(left, right, True)
            elif right.unit == "bare" and left.unit != "bare":
                right = _resolve_bare(right, left, True)
        for side in ("l", "r"):
            atom = left if side == "l" else right
            if atom is not None and atom.unit == "bare":
                p = neighbour(k)
                atom = _resolve_bare(atom, p, False) if p else None
                left, right = (atom, right) if side == "l" else (left, atom)
        if left is None and right is None:
            continue
        out.append(_Entry(left or right, right if left else None, e.sep, e.open_start))  # type: ignore[arg-type]
    return out


def _fill_years(entries: list[_Entry]) -> list[_Atom]:
    """Years from the range partner, else the nearest atom with an explicit year (right first).

    A lone year next to year-less dates is a label, not a span: "2021 г., 5 мая" -> 5 May 2021. Mutates entries.
    """
    pos = {id(a): k for k, e in enumerate(entries) for a in (e.left, e.right) if a is not None}
    labels = [k for k, e in enumerate(entries) if e.right is None and e.left.unit == "year" and not e.open_start]
    yearless = [a for e in entries for a in (e.left, e.right) if a is not None and a.year is None and a.unit != "now"]
    if labels and yearless:
        for a in yearless:
            p = pos[id(a)]
            i = bisect_left(labels, p)  # the nearest label, the earlier one on a tie
            k = labels[i - 1] if i == len(labels) or i > 0 and p - labels[i - 1] <= labels[i] - p else labels[i]
            a.year, a.year_src = entries[k].left.year, "neighbour"
        entries[:] = [e for k, e in enumerate(entries) if k not in labels]
    flat = [a for e in entries for a in (e.left, e.right) if a is not None and a.unit != "now"]
    for e in entries:
        if e.right is not None:
            for a, p in ((e.left, e.right), (e.right, e.left)):
                if a.year is None and p.year is not None and p.year_src == "explicit":
                    a.year, a.year_src = p.year, "partner"
    explicit = [k for k, b in enumerate(flat) if b.year_src == "explicit"]
    for k, a in enumerate(flat):
        if a.year is None:
            i = bisect_right(explicit, k)  # the nearest atom with an explicit year, right first
            src = flat[explicit[i]] if i < len(explicit) else flat[explicit[i - 1]] if i else None
            if src is not None:
                a.year, a.year_src = src.year, "neighbour"
    return [a for a in flat if a.year is None]


def _bounds(a: _Atom, period: Period | None) -> tuple[date, date, str]:
    try:
        if a.unit == "now":
            if period is None:
                raise _Problem("отчетный период неизвестен")
            return period.end, period.end, "period"
        y = a.year or 0
        if not 1900 <= y <= 2100:
            raise _Problem("некорректный год")
        if a.unit == "day":
            d = date(y, a.month or 0, a.n)
            return d, d, "day"
        if a.unit == "month":
            return (*month_bounds(y, a.month or 0), "month")
        if a.unit == "quarter":
            return (*quarter_bounds(y, a.n), "quarter")
        if a.unit == "half":
            return (*half_bounds(y, a.n), "half")
        if a.unit == "months":
            return date(y, 1, 1), month_bounds(y, a.n)[1], "month"
        return (*year_bounds(y), "year")
    except (ValueError, OverflowError, TypeError) as exc:
        raise _Problem("некорректная дата") from exc


def _entry_span(e: _Entry, period: Period | None) -> tuple[date, date, str]:
    s1, e1, p1 = _bounds(e.left, period)
    if e.right is None:
        if e.open_start and period is not None and s1 <= period.end:  # "с 1 марта 2021 г." -> to the period end
            return s1, max(e1, period.end), "period"
        return s1, e1, p1
    s2, e2, p2 = _bounds(e.right, period)
    if s1 > e2 and s1.month >= 7 and e2.month <= 6:  # New-Year wrap, inferred year: "20 декабря - 10 января 2022"
        if e.left.year_src in ("partner", "neighbour") and e.left.year:
            e.left.year -= 1
        elif e.right.year_src in ("partner", "neighbour", "period") and e.right.year:
            e.right.year += 1
        (s1, _, p1), (_, e2, p2) = _bounds(e.left, period), _bounds(e.right, period)
    if s1 > e2:
        raise _Problem("обратный диапазон дат")
    return s1, e2, max(p1, p2, key=_PRECISION_RANK.__getitem__)


def _span(entries: list[_Entry], period: Period | None) -> tuple[date, date, str]:
    spans = [_entry_span(e, period) for e in entries]
    return min(s[0] for s in spans), max(s[1] for s in spans), max((s[2] for s in spans),
                                                                   key=_PRECISION_RANK.__getitem__)


def _overlaps(s: date, e: date, period: Period) -> bool:
    return s <= period.end and e >= period.start


def _dates_from_text(norm: str, period: Period | None) -> tuple[date, date, str] | None:
    entries = _resolve_entries(_entries(_items(_tokenize(norm))))
    if not entries:
        return None
    missing = _fill_years(entries)
    if not missing:
        return _span(entries, period)
    if period is None:
        raise _Problem("не указан год, отчетный период неизвестен")
    first: tuple[date, date, str] | None = None
    for y in dict.fromkeys((period.start.year, period.end.year, period.start.year - 1)):
        for a in missing:
            a.year, a.year_src = y, "period"
        try:
            span = _span(_copy_entries(entries), period)
        except _Problem:
            if y == period.start.year:
                raise
            continue
        if _overlaps(span[0], span[1], period):
            return span
        first = first or span
    return first


def _copy_entries(entries: list[_Entry]) -> list[_Entry]:
    def cp(a: _Atom | None) -> _Atom | None:
        return None if a is None else _Atom(a.unit, a.n, a.month, a.year, a.year_src, a.bare_kind)

    return [_Entry(cp(e.left), cp(e.right), e.sep, e.open_start) for e in entries]  # type: ignore[arg-type]


def _shown(text: str) -> str:
    s = re.sub(r"\s+", " ", text).strip()
    return s if len(s) <= 200 else s[:200] + "…"


def _finish(s: date, e: date, precision: str, ongoing: bool, period: Period | None) -> DateInfo:
    issue = None
    if period is not None:
        longer = (e - s) > (period.end - period.start)
        # the whole period of a report longer than a quarter («в течение 2024 года» in 2024's report) is
        # ongoing: the quarter of its start (Q1) would be a made-up quarter
        several_quarters = _quarter_label(period.start) != _quarter_label(period.end)
        if s <= period.start and e >= period.end and (longer or several_quarters):
            ongoing = True
        if not _overlaps(s, e, period):
            issue = f"даты вне отчетного периода ({period.start.isoformat()}..{period.end.isoformat()})"
    return DateInfo(s, e, precision, ongoing, issue)


def _from_number(x: float, period: Period | None) -> DateInfo:
    if math.isfinite(x) and float(x).is_integer() and 1900 <= x <= 2100:
        return _finish(*year_bounds(int(x)), "year", False, period)
    if math.isfinite(x) and 20000 <= x <= 80000:  # Excel serial day number
        d = date(1899, 12, 30) + timedelta(days=int(x))
        return _finish(d, d, "day", False, period)
    return DateInfo(None, None, None, False, f"не удалось распознать дату: '{x}'")


def _parse(text: object, period: Period | None) -> DateInfo:
    if isinstance(text, datetime):
        return _finish(text.date(), text.date(), "day", False, period)
    if isinstance(text, date):
        return _finish(text, text, "day", False, period)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if isinstance(text, float) and math.isnan(text):
            return DateInfo(None, None, None, False, "дата не указана")
        return _from_number(float(text), period)
    raw = "" if text is None else str(text)
    norm = normalize(raw)
    if not re.search(r"[0-9a-zа-я]", norm):
        return DateInfo(None, None, None, False, "дата не указана")
    if re.fullmatch(r"\d{5}(?:\.0+)?", norm):
        return _from_number(float(norm), period)
    norm = _TIME_RE.sub(" ", _NOW_RE.sub(f" по {_NOW} ", norm))
    ongoing_word = bool(_ONGOING_RE.search(norm)) or _NOW in norm
    try:
        span = _dates_from_text(norm, period)
    except _Problem as exc:
        return DateInfo(None, None, None, False, f"{exc}: '{_shown(raw)}'")
    if span is None:
        if ongoing_word or _RECURRING_RE.search(norm):
            if period is None:
                return DateInfo(None, None, "period", True, f"отчетный период неизвестен: '{_shown(raw)}'")
            return DateInfo(period.start, period.end, "period", True, None)
        return DateInfo(None, None, None, False, f"не удалось распознать дату: '{_shown(raw)}'")
    return _finish(*span, ongoing_word, period)


def parse_dates(text: str | date | datetime | None, period: Period | None = None) -> DateInfo:
    """Parse a "Сроки проведения" cell (or an Excel date cell), any input; start <= end when both set."""
    info = _parse(clip(text), period if isinstance(period, Period) else None)
    if info.date_start and info.date_end and info.date_start > info.date_end:
        return DateInfo(None, None, None, False, "обратный диапазон дат")
    return info


def _quarter_label(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def quarter_of(info: DateInfo, period: Period | None) -> str | None:
    """'YYYY-Qn' of date_start; the report's start quarter for an event that began before the period and overlaps it;
    for an ongoing event the report's quarter in a quarterly (or shorter) report, else None; None without dates."""
    if info.ongoing:
        if period is not None and _quarter_label(period.start) == _quarter_label(period.end):
            return _quarter_label(period.start)
        return None
    if info.date_start is None:
        return None
    if period is not None and info.date_start < period.start and info.date_end is not None \
            and info.date_end >= period.start:
        return _quarter_label(period.start)
    return _quarter_label(info.date_start)
