"""Upper-case abbreviations of federal subjects ("НАО", "РС(Я)", "РБ", "МО"), from data/region_abbreviations.csv.

Abbreviations that name one subject (`resolve` = always) are regions wherever they stand alone. The
others (`resolve` = context: РБ is Башкортостан or Бурятия or Беларусь, МО is Московская область or a
муниципальное образование) are a region only when the document settles them: of their candidates,
exactly one is among the regions the document names unambiguously (the caller's context, plus the other
regions of the same text). Otherwise they are no region, and `Ambiguity` says which readings were
possible: the loader records it as a parse issue, never a guess.

An abbreviation followed by a quoted name or by a municipal word is the legal form of an organisation or
a municipality («НАО "Северный завод"», «МО "Город Гагарин"», «МО МВД», «МО Смоленского района»): no region.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "region_abbreviations.csv"


@dataclass(frozen=True)
class Abbreviation:
    abbr: str
    codes: tuple[str, ...]
    needs_context: bool
    others: tuple[str, ...]  # readings that are not federal subjects


@dataclass(frozen=True)
class Ambiguity:
    abbr: str  # as written
    start: int
    end: int
    candidates: tuple[str, ...]  # region codes
    others: tuple[str, ...]


@dataclass(frozen=True)
class AbbrHit:
    start: int
    end: int
    text: str
    code: str | None  # None: ambiguous (see ambiguity)
    ambiguity: Ambiguity | None


def _pattern(abbr: str) -> str:
    # "РС(Я)" also as "РС (Я)"; "РСО-А" also as "РСО – А"
    return r"\s*".join(re.escape(ch) if ch not in "-–—" else "[-–—]" for ch in abbr.replace(" ", ""))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Abbreviation], re.Pattern[str]]:
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = {}
    for r in rows:
        a = Abbreviation(r["abbr"].strip(), tuple(c for c in r["region_codes"].split("|") if c),
                         r["resolve"].strip() == "context",
                         tuple(o.strip() for o in r["other_meanings"].split("|") if o.strip()))
        table[_key(a.abbr)] = a
    alts = "|".join(_pattern(a) for a in sorted(table, key=len, reverse=True))
    # not inside a word, a quoted name («РТ»), a hyphenated name ("РТ-Капитал") or a code ("РК-2021")
    return table, re.compile(rf"(?<![\w\-–«\"“„])(?:{alts})(?![\w]|[-–—]\w)")


def _key(abbr: str) -> str:
    return re.sub(r"[\s\-–—]", "", abbr)


# After the abbreviation: a quoted name, or a word that makes it an organisation's or municipality's form.
_NOT_A_REGION_AFTER = re.compile(
    r"\s*(?:[«\"“„']|(?:\w+(?:ого|его|ой|ей|ых|их)\s+)?(?:г\.|город\w*|сельск\w*|городск\w*|поселени\w*|район\w*|муниципальн\w*|мвд|рф|росси\w*|"
    r"област\w*|кра[яюе]\w*|республик\w*|округ\w*|ао|ооо|пао)(?![\w]))", re.IGNORECASE)


def find_abbreviations(norm: str, context: frozenset[str], same_text: frozenset[str]) -> list[AbbrHit]:
    """Abbreviations in normalised text, each resolved to a code or left ambiguous."""
    if not any(c.isupper() for c in norm):
        return []
    table, rx = _table()
    out: list[AbbrHit] = []
    for m in rx.finditer(norm):
        if _NOT_A_REGION_AFTER.match(norm, m.end()):
            continue
        a = table[_key(m.group())]
        code: str | None = None
        if not a.needs_context and len(a.codes) == 1:
            code = a.codes[0]
        else:
            known = [c for c in a.codes if c in context or c in same_text]
            code = known[0] if len(known) == 1 else None
        amb = None if code else Ambiguity(m.group(), m.start(), m.end(), a.codes, a.others)
        out.append(AbbrHit(m.start(), m.end(), m.group(), code, amb))
    return out
