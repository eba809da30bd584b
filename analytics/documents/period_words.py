"""A reporting period in the words a report title uses (and the loader reads back)."""

from __future__ import annotations

from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def period_phrase(start: date | None, end: date | None) -> str:
    """«во II квартале 2021 года», «в I полугодии 2021 года», «в 2021 году», «в период с … по …»; '' if unknown."""
    if start is None or end is None:
        return ""
    same_year = start.year == end.year
    if same_year and start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return f"в {start.year} году"
    q_start, q_end = _quarter_of(start), _quarter_of(end)
    quarter_aligned = start.day == 1 and start.month == 3 * q_start - 2 and _is_quarter_end(end)
    if same_year and quarter_aligned:
        if q_start == q_end:
            prep = "во" if q_start == 2 else "в"
            return f"{prep} {ROMAN[q_start]} квартале {start.year} года"
        if (q_start, q_end) in ((1, 2), (3, 4)):
            return f"в {ROMAN[1 if q_start == 1 else 2]} полугодии {start.year} года"
    return f"в период с {start:%d.%m.%Y} по {end:%d.%m.%Y}"


def _is_quarter_end(d: date) -> bool:
    return (d.month, d.day) in ((3, 31), (6, 30), (9, 30), (12, 31))
