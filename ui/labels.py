"""Display text for codes the queries return: quarters, periods, departments (pure functions, no Streamlit).

Queries return codes ("2021-Q2", "весь период", a department's full name); the UI shows them through
these functions, so a quarter reads the same in a selector, on an axis, in a table and in a chip.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from analytics.department_names import short_names

QUARTER_CODE = re.compile(r"^(\d{4})-Q([1-4])$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# the two non-quarter values the quarter queries return (stored in Russian, as in the database)
WHOLE_PERIOD = "весь период"
DATE_UNKNOWN = "дата не указана"
SPECIAL = {WHOLE_PERIOD: ("весь период", "whole period"), DATE_UNKNOWN: ("дата не указана", "date not stated")}


def quarter_label(quarter: str | None, lang: str = "ru") -> str:
    """'2021-Q2' → «II кв. 2021» (ru) / «Q2 2021» (en); «весь период» / «дата не указана» translated;
    anything else (None, a bad code) as given, never an exception."""
    if quarter is None:
        return ""
    text = str(quarter)
    m = QUARTER_CODE.match(text)
    if m:
        year, q = m.group(1), int(m.group(2))
        return f"{ROMAN[q]} кв. {year}" if lang != "en" else f"Q{q} {year}"
    if text in SPECIAL:
        return SPECIAL[text][1 if lang == "en" else 0]
    return text


def quarter_labels(quarters: list[str], lang: str = "ru") -> list[str]:
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


# Department names: the one hook every chart, chip and selector goes through. Today it returns the full
# name; the short-name work replaces `department_label` (keep the signature: full name, lang → text).
def department_label(name: str, lang: str = "ru", known: Iterable[str] | None = None) -> str:
    """The short name that tells `name` apart among `known` (every department in the data); the full name
    when `known` is not given."""
    if known is None:
        return str(name)
    return _short(tuple(known)).get(name, str(name))


@functools.lru_cache(maxsize=16)
def _short(known: tuple[str, ...]) -> dict[str, str]:
    return short_names(known)


def department_formatter(lang: str = "ru", known: Iterable[str] | None = None) -> Callable[[str], str]:
    """A format_func for widgets (st.multiselect(format_func=…))."""
    names = tuple(known) if known is not None else None
    return lambda name: department_label(name, lang, names)
