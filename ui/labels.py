"""Display text for the codes the queries return (pure functions, no Streamlit): quarters, periods,
departments, partner regions, event types, formats and numbers.

Queries return codes ("2021-Q2"; quarter NULL with `ongoing` true or false; a department's full name;
NULL for a missing department or event type); the UI shows them through these functions, so a value
reads the same in a selector, on an axis, in a table and in a chip, in either language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from analytics.department_names import short_names
from loaders.fields.event_type import EVENT_TYPE_EN
from ui.i18n import t

QUARTER_CODE = re.compile(r"^(\d{4})-Q([1-4])$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# the keys of the two rows without a quarter (chart bars, table columns): codes, not text
ONGOING = "ongoing"  # quarter NULL, ongoing: runs the whole period
UNDATED = "undated"  # quarter NULL, not ongoing: no date given
NO_QUARTER = {ONGOING: "quarter.whole", UNDATED: "quarter.unknown"}  # their labels (ui/i18n.py)
NO_VALUE = "—"  # a missing value in a cell or on a bar (a department, a count, a date)
OTHER_TYPE = "прочее"  # the event-type code of an event of no recognised type (the loader's code)


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (what a NULL of DuckDB becomes in a DataFrame)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: a value
        return False


def quarter_key(quarter: object, ongoing: object = None) -> str:
    """The key of a quarter row: the quarter code ("2021-Q2"), or for a row without a quarter
    "ongoing" (it runs the whole period) / "undated" (no date given)."""
    if not _missing(quarter) and str(quarter):
        return str(quarter)
    return ONGOING if (not _missing(ongoing) and bool(ongoing)) else UNDATED


def quarter_keys(quarters: Iterable[object], ongoing: Iterable[object]) -> list[str]:
    return [quarter_key(q, o) for q, o in zip(quarters, ongoing)]


def quarter_order(key: str) -> tuple[int, str]:
    """Sort key: quarters in time order, then the whole-period row, then the undated one."""
    return (0, key) if QUARTER_CODE.match(key) else (1 if key == ONGOING else 2, key)


def quarter_label(quarter: object, lang: str = "ru", ongoing: object = None) -> str:
    """'2021-Q2' → «II кв. 2021» (ru) / «Q2 2021» (en); a key "ongoing" / "undated" (or quarter None with
    `ongoing` given) → «весь период» / «дата не указана»; None alone → ""; anything else as given, never an
    exception."""
    if _missing(quarter):
        if _missing(ongoing):
            return ""
        quarter = quarter_key(None, ongoing)
    text = str(quarter)
    m = QUARTER_CODE.match(text)
    if m:
        year, q = m.group(1), int(m.group(2))
        return f"{ROMAN[q]} кв. {year}" if lang != "en" else f"Q{q} {year}"
    if text in NO_QUARTER:
        return t(NO_QUARTER[text], lang)
    return text


def quarter_labels(quarters: Iterable[object], lang: str = "ru") -> list[str]:
    return [quarter_label(q, lang) for q in quarters]


def period_label(quarter_from: str | None, quarter_to: str | None, lang: str = "ru") -> str:
    """The chosen period in words: «II кв. 2021», «I кв. 2021 – III кв. 2021», «с II кв. 2021», «по IV кв. 2021»;
    "" when no period is chosen."""
    a, b = quarter_label(quarter_from, lang), quarter_label(quarter_to, lang)
    if a and b:
        return a if a == b else f"{a} – {b}"
    if a:
        return f"с {a}" if lang != "en" else f"from {a}"
    if b:
        return f"по {b}" if lang != "en" else f"until {b}"
    return ""


def fmt_int(n: int | float | None) -> str:
    """The one number style: thousands separated by a narrow no-break space (12 345); «—» for no number."""
    if _missing(n):
        return NO_VALUE
    return f"{int(n):,}".replace(",", "\u202f")  # type: ignore[arg-type]


def count_texts(values: Iterable[int | float | None]) -> list[str]:
    """Bar labels of participant counts: «—» where no report gives a count (0 or none), never a blank bar."""
    return [fmt_int(v) if not _missing(v) and v else NO_VALUE for v in values]


def headcount(total: object, qualifier: object, lang: str = "ru") -> str:
    """A headcount as reported: «≈ 400», «не менее 1 200», «350»; «—» for an unknown count."""
    if _missing(total):
        return NO_VALUE
    prefix = t(f"qualifier.{qualifier}", lang) if qualifier in ("approx", "at_least") else ""
    return f"{prefix} {fmt_int(total)}".strip()  # type: ignore[arg-type]


def percent(n: object, total: object) -> str:
    """«42 %» (a narrow no-break space before the sign, as the numbers' separator) of n in total; «—» when
    either is unknown or the total is 0."""
    if _missing(n) or _missing(total) or not total:
        return NO_VALUE
    return f"{round(100 * int(n) / int(total))}\u202f%"  # type: ignore[call-overload]


def ddmmyyyy(value: object, with_time: bool = False) -> str:
    """A date (or a timestamp, `with_time`) as ДД.ММ.ГГГГ [ЧЧ:ММ]; «—» for none; a text as it is."""
    if _missing(value):
        return NO_VALUE
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")
    return str(value)


def ddmmyyyy_column(values: pd.Series, with_time: bool = False) -> list[str]:
    """ddmmyyyy of every value of a column, formatted by the column at once (thousands of rows)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        text = values.dt.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")
        return text.where(values.notna(), NO_VALUE).tolist()
    return [ddmmyyyy(v, with_time) for v in values]


def text_or_dash(value: object) -> str:
    """A value as plain text; «—» for none or an empty text."""
    if _missing(value) or value == "":
        return NO_VALUE
    return str(value)


def event_type_label(value: object, lang: str = "ru") -> str:
    """An event-type code (the loader's Russian word; NULL = of no recognised type) in the UI language."""
    code = OTHER_TYPE if _missing(value) else str(value)
    return EVENT_TYPE_EN.get(code, code) if lang == "en" else code


def region_name(code: object, names: Mapping[str, str]) -> str:
    """A partner region's name from its code (`names`: code → name in the UI language); the code itself
    when the name is unknown."""
    if _missing(code):
        return NO_VALUE
    return names.get(str(code)) or str(code)


def region_names(codes: Iterable[str] | None, names: Mapping[str, str]) -> str | None:
    """Partner region codes → their names, sorted and comma-separated; None when there are none."""
    out = sorted(region_name(c, names) for c in (list(codes) if codes is not None else []))
    return ", ".join(out) or None


# Department names: the one hook every chart, chip and selector goes through. Today it returns the full
# name; the short-name work replaces `department_label` (keep the signature: full name, lang → text).
def department_label(name: object, lang: str = "ru", known: Iterable[str] | None = None) -> str:
    """The short name that tells `name` apart among `known` (every department in the data); the full name
    when `known` is not given; «—» for a row without a department."""
    if _missing(name):
        return NO_VALUE
    if known is None:
        return str(name)
    return _short(tuple(known)).get(str(name), str(name))


@functools.lru_cache(maxsize=16)
def _short(known: tuple[str, ...]) -> dict[str, str]:
    return short_names(known)


def department_formatter(lang: str = "ru", known: Iterable[str] | None = None) -> Callable[[str], str]:
    """A format_func for widgets (st.multiselect(format_func=…))."""
    names = tuple(known) if known is not None else None
    return lambda name: department_label(name, lang, names)
