"""The one text normaliser of the field parsers: dashes, ё, invisible characters, quoted names.

Report cells are typed by hand in Word and Excel: a dash is any of half a dozen characters, «ё» comes
and goes, soft hyphens and zero-width spaces hide inside words, and organisations' names sit in quotes
whose words must not count («Конференция» as part of «АНО "Конференция"»). Every parser reads its text
through these functions; the character sets are defined here once.
"""

from __future__ import annotations

import re

HYPHENS = "\u2010\u2011\u2012\u2212"  # hyphen, non-breaking hyphen, figure dash, minus
DASHES = "\u2013\u2014"  # en and em dash
BAR = "\u2015"  # horizontal bar
RARE_DASHES = "\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"  # hyphen bullet, small and full-width forms, 2- and 3-em dash
INVISIBLE = "\u200b\ufeff\u00ad"  # zero-width space, BOM, soft hyphen
ZERO_WIDTH = INVISIBLE + "\u200c\u200d\u2060"  # … and zero-width (non-)joiners, word joiner
NARROW_SPACES = "\xa0\u2009\u202f\t"  # no-break, thin and narrow no-break space, tab

# Dashes to "-", ё to е, invisible characters to a space: how event names, places and participants are read.
_FOLD = str.maketrans({**dict.fromkeys(HYPHENS + DASHES + BAR, "-"), "ё": "е", "Ё": "Е",
                       **dict.fromkeys(INVISIBLE, " ")})
# One character for one (offsets in the result are offsets in the input): spaces and hyphens only; en and
# em dashes stay, region names read them as separators («Кемеровской области – Кузбасса»).
_SAME_WIDTH = str.maketrans({**dict.fromkeys(NARROW_SPACES, " "), **dict.fromkeys(HYPHENS, "-")})
# Dates and titles: every dash to "-", zero-width characters dropped (NFKC is applied before).
_CALENDAR = str.maketrans({**dict.fromkeys(HYPHENS + DASHES + BAR + RARE_DASHES, "-"),
                           **dict.fromkeys(ZERO_WIDTH, None)})
_SPACE_RUN = re.compile(r"\s+")


def fold(text: str) -> str:
    """Dashes to "-", ё to е, invisible characters to spaces; every whitespace run to one space."""
    return _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip()


def fold_lower(text: object) -> str:
    """fold() in lower case; "" for anything that is not a string."""
    return fold(text).lower() if isinstance(text, str) else ""


def lower_yo(text: str) -> str:
    """Lower case with ё as е: how a single word is compared with a vocabulary."""
    return text.lower().replace("ё", "е")


def same_width(text: str) -> str:
    """Unify spaces and hyphens one character for one: offsets stay valid."""
    return text.translate(_SAME_WIDTH)


def calendar_fold(text: str) -> str:
    """Every dash to "-", zero-width characters dropped (for dates and report titles)."""
    return text.translate(_CALENDAR)


_QUOTED = re.compile(r"«[^«»]*»|“[^“”„]{0,300}”|„[^“”„]{0,300}“|\"[^\"]{0,300}\"")


def blank_quotes(text: str, *, same_length: bool = False) -> str:
    """Quoted names («…», “…”, „…“, "…") blanked, innermost first: by one space each, or by as many
    spaces as they are long (`same_length`: positions in the text stay valid)."""
    blank = (lambda m: " " * len(m.group())) if same_length else " "
    while True:
        new = _QUOTED.sub(blank, text)
        if new == text:
            return text
        text = new
