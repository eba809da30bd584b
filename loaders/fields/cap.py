"""How much of one cell the field parsers read.

A real report cell is at most a few hundred characters (the longest in the sample reports: 1,081); a
cell of hundreds of thousands (a crafted file, a pasted document) would make every parser slow for
nothing. So each parser reads only the first MAX_PARSE_CHARS characters of a text; the cell itself is
stored as written, and the loader records the parse issue TOO_LONG for the field (too_long_issues).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

MAX_PARSE_CHARS = 5_000
TOO_LONG = "текст слишком длинный для разбора"
SHOWN_CHARS = 200  # the issue's raw_text: the start of the cell (the whole text stays in events)

T = TypeVar("T")


def clip(text: T) -> T:
    """The part of a text a parser reads; anything that is not a string is returned unchanged."""
    if isinstance(text, str) and len(text) > MAX_PARSE_CHARS:
        return text[:MAX_PARSE_CHARS]  # type: ignore[return-value]
    return text


def too_long_issues(texts: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """(field, start of the text, TOO_LONG) for every field whose text is longer than the parsers read."""
    return [(f, t[:SHOWN_CHARS] + "…", TOO_LONG) for f, t in texts.items()
            if isinstance(t, str) and len(t) > MAX_PARSE_CHARS]
