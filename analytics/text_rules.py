"""What cell text may leave the dashboard in a file: the two rules every export applies, in this order.

1. Control characters a worksheet cannot hold (Word text carries \\x07, \\x0b) are dropped.
2. Then, and only then (nothing after it may change the text), text a spreadsheet would read as a formula
   gets a leading apostrophe: text starting with = + - @ (also the full-width ＝ ＋ － ＠ and the small
   forms ﹦ ﹢ ﹣ ﹫), also after leading spaces, line breaks, tabs or other blank characters, and text
   starting with a tab or a line break at all (OWASP's CSV-injection list).

The patterns are written once and used both by Python's `re` (small tables) and by DuckDB's RE2 (the
events export in SQL, analytics/export_sql.py): only syntax both engines read alike (escapes \\xHH and
\\t \\r \\n, literal characters, ranges).
"""

from __future__ import annotations

import re

CONTROL_CHARS = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\ufffe\uffff]"
BLANK_CHARS = " \\t\\n\\r\\x85\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
FORMULA_CHARS = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
FORMULA_START = f"^(?:[\\t\\r\\n]|[{BLANK_CHARS}]*[{FORMULA_CHARS}])"
# the characters a formula start can begin with (a text starting with none of them is no formula)
FORMULA_LEAD = f"[{BLANK_CHARS}{FORMULA_CHARS}]"

_CONTROL_RE = re.compile(CONTROL_CHARS)
_FORMULA_RE = re.compile(FORMULA_START)


def drop_control(text: str) -> str:
    return _CONTROL_RE.sub("", text)


def neutralise(value: object) -> object:
    """A leading apostrophe on text a spreadsheet would run as a formula; other values unchanged.

    The test looks through control characters, so the result stays inert whatever strips them later."""
    if isinstance(value, str) and _FORMULA_RE.match(drop_control(value)):
        return "'" + value
    return value


def safe_text(value: str) -> str:
    """Both rules, in order: what a cell of an export holds for this text."""
    text = drop_control(value)
    return "'" + text if _FORMULA_RE.match(text) else text
