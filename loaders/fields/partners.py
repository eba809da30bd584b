"""Partner regions named by a cell: an agreement cell (one or several agreements), a partner column."""

from __future__ import annotations

import functools
import re

from loaders.fields.regions import find_regions
from loaders.table.columns import collapse

# A new agreement starts at a line that opens with one of these words.
AGREEMENT_START = re.compile(
    r"(?im)^\s*(?=(?:трехсторонн\w*|трёхсторонн\w*|двухсторонн\w*|многосторонн\w*)?\s*"
    r"(?:соглашени|договор|меморандум|протокол|план\s+мероприяти|дорожн))"
)

Parts = tuple[tuple[str, tuple[str, ...]], ...]  # an agreement cell's agreements and their partner codes


def split_agreements(text: str) -> list[str]:
    """One agreement cell can hold several agreements, one after another."""
    text = text.replace("\r", "")
    starts = [m.start() for m in AGREEMENT_START.finditer(text)]
    if not starts or starts[0] > 0 and text[: starts[0]].strip():
        starts = [0] + starts
    parts = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return [collapse(p) for p in parts if collapse(p)]


def partners_of(text: str, home: str | None, context: frozenset[str] = frozenset()) -> list[str]:
    """Regions the text names other than the reporting one, in order, once each."""
    seen: list[str] = []
    for m in find_regions(text, context):
        if m.code != home and m.code not in seen:
            seen.append(m.code)
    return seen


def agreement_partners(text: str, home: str | None, context: frozenset[str] = frozenset()) -> list[str]:
    """The partners of every agreement an agreement cell holds, in order, once each."""
    out: list[str] = []
    for part in split_agreements(text):
        out += [c for c in partners_of(part, home, context) if c not in out]
    return out


@functools.lru_cache(maxsize=1 << 16)  # called for every event by the database rows and agreements
def agreement_parts(text: str, home: str | None) -> Parts:
    """The agreements one cell names (a cell can hold several), each with its sorted partner codes."""
    return tuple((p, tuple(sorted(partners_of(p, home)))) for p in split_agreements(text))
