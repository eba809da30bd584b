"""Confirm a header mapping with the cells under it: what the column's texts look like.

Agreement cells start with «Соглашение/Договор/Меморандум/Протокол/План»; date cells parse as dates;
participant-count cells are numbers of people; a partner column names federal subjects in a few words;
a department column names organisations. `adjust` turns these shares into bonuses (the content confirms
the header) and penalties (it contradicts it): when they disagree, the content wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.fields.dates import parse_dates
from loaders.fields.regions import find_regions
from loaders.table.header_score import Field

AGREEMENT_CELL = re.compile(
    r"^\s*(\d+[.)]\s*)?(трехсторонн\w*|трёхсторонн\w*|двухсторонн\w*|многосторонн\w*)?\s*"
    r"(соглашени|договор|меморандум|протокол|план\b|план\w* мероприяти|«?дорожн\w* карт|программ\w* сотрудничеств)",
    re.IGNORECASE)
COUNT_CELL = re.compile(r"^\s*(около|порядка|более|свыше|не менее|менее|до|приблизительно)?\s*\d[\d\s]*\s*"
                        r"(чел\.?|человек\w*|участник\w*|\+)?\s*$", re.IGNORECASE)
ORG_CELL = re.compile(r"^\s*(департамент|управлени|комитет|министерств|аппарат|агентств|инспекци|служб|отдел|"
                      r"администраци|представительств|главное управление|государственн\w+ (инспекци|комитет)|"
                      r"правительств|учреждени|сектор|центр)", re.IGNORECASE)
BARE_COUNT = re.compile(r"^\s*(около|порядка|более|свыше|не менее|менее|до)?\s*\d[\d\s]*$", re.IGNORECASE)
ITEM_CELL = re.compile(r"^\s*\d+(\.\d+)*\.?\s*$")
MIN_CELLS = 3  # fewer filled cells than this: the content neither confirms nor contradicts
CONFIRM, CONTRADICT = 0.6, 0.2  # shares of the filled cells


@dataclass(frozen=True)
class Profile:
    """Shares (0..1) of a column's filled sample cells that look like each kind of content."""

    filled: int
    agreement: float = 0.0
    date: float = 0.0
    count: float = 0.0
    bare: float = 0.0  # bare numbers («25», «около 40»): a count column with no words
    region: float = 0.0
    org: float = 0.0
    item: float = 0.0


def _is_date(text: str) -> bool:
    if len(text) > 80:
        return False
    info = parse_dates(text, None)
    return info.precision is not None or info.ongoing


def _is_region(text: str) -> bool:
    if len(text) > 120:
        return False
    mentions = find_regions(text)
    return bool(mentions) and not AGREEMENT_CELL.match(text)


def profile(cells: Sequence[str], wanted: frozenset[str] | None = None) -> Profile:
    """The shares of `wanted` kinds (default: all). The date and region tests run the field parsers, so
    a column is only tested for what its header could mean (and for agreements: a cheap pattern)."""
    texts = [" ".join(c.split()) for c in cells if c and c.strip()]
    n = len(texts)
    if not n:
        return Profile(0)
    tests = {"agreement": lambda t: bool(AGREEMENT_CELL.match(t)), "date": _is_date,
             "count": lambda t: bool(COUNT_CELL.match(t)), "bare": lambda t: bool(BARE_COUNT.match(t)),
             "region": _is_region, "org": lambda t: bool(ORG_CELL.match(t)) and len(t) < 250,
             "item": lambda t: bool(ITEM_CELL.match(t))}
    shares = {kind: sum(1 for t in texts if test(t)) / n for kind, test in tests.items()
              if wanted is None or kind in wanted}
    return Profile(filled=n, **shares)


def wanted_tests(header: dict[Field, float]) -> frozenset[str]:
    """The content tests worth running on a column with these header scores."""
    kinds = {"agreement", "count", "bare", "item"}
    kinds |= {TESTS[f][0] for f in header if f in TESTS}
    if max(header.values(), default=0.0) < 0.5:
        kinds.add("region")  # an unlabelled column may be the partner column
    return frozenset(kinds)


# field → (the profile share that tests it, bonus when confirmed, penalty when contradicted)
TESTS: dict[Field, tuple[str, float, float]] = {
    Field.AGREEMENT: ("agreement", 0.8, 0.6),
    Field.DATES: ("date", 0.5, 0.6),
    Field.DATE_START: ("date", 0.5, 0.6),
    Field.DATE_END: ("date", 0.5, 0.6),
    Field.PARTICIPANTS_TOTAL: ("count", 0.3, 1.0),
    Field.DELEGATION: ("count", 0.3, 1.0),
    Field.PARTNER: ("region", 0.8, 0.7),
    Field.DEPARTMENT: ("org", 0.5, 0.8),
    Field.ITEM: ("item", 0.2, 0.0),
}
SHARE_WORDS = {"agreement": "начинаются с «Соглашение/Договор/Меморандум/Протокол/План»",
               "date": "читаются как даты", "count": "содержат число людей",
               "region": "называют субъект РФ", "org": "называют организацию", "item": "номера пунктов"}


def adjust(header: dict[Field, float], prof: Profile) -> tuple[dict[Field, float], dict[Field, str]]:
    """The header scores of one column corrected by its content, and the evidence per field (Russian text)."""
    out = dict(header)
    notes: dict[Field, str] = {}
    if prof.filled < MIN_CELLS:
        return out, notes
    for fld, (attr, bonus, penalty) in TESTS.items():
        share = getattr(prof, attr)
        base = out.get(fld, 0.0)
        if share >= CONFIRM and (base > 0 or fld in (Field.AGREEMENT, Field.PARTNER) and _unlabelled(header)):
            out[fld] = base + bonus
            notes[fld] = f"{round(100 * share)}% ячеек {SHARE_WORDS[attr]}"
        elif base > 0 and share < CONTRADICT and penalty:
            out[fld] = base - penalty
            notes[fld] = f"лишь {round(100 * share)}% ячеек {SHARE_WORDS[attr]}"
    if prof.agreement >= CONFIRM and Field.AGREEMENT not in header:
        # agreement texts under a header that names something else: the content wins
        out[Field.AGREEMENT] = max(header.values(), default=0.0) + 0.3
        notes[Field.AGREEMENT] = f"{round(100 * prof.agreement)}% ячеек {SHARE_WORDS['agreement']}"
    if prof.bare >= CONFIRM and header.get(Field.PARTICIPANTS, 0) > 0:
        out[Field.PARTICIPANTS_TOTAL] = max(out.get(Field.PARTICIPANTS_TOTAL, 0.0), header[Field.PARTICIPANTS] + 0.1)
        notes[Field.PARTICIPANTS_TOTAL] = f"{round(100 * prof.count)}% ячеек {SHARE_WORDS['count']}"
    return out, notes


def _unlabelled(header: dict[Field, float]) -> bool:
    return max(header.values(), default=0.0) < 0.5
