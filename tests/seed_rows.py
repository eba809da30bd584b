"""The rows of the seed dumps (tests/fixtures/seeds): the original text of the two sample reports."""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def squash(s: str) -> str:
    return " ".join(s.split())


def seed_rows(name: str, ncells: int) -> list[list[str]]:
    """Rows of a seed dump: cells are separated by newline+tab; a row starts with its number cell."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    cells = re.split(r"\n\t|^\t", text, flags=re.M)
    rows, i = [], 0
    while i < len(cells):
        if i > 0 and re.fullmatch(r"\s*\d+(?:\.\d+)*\.?(?:\s+\d+(?:\.\d+)*\.?)*\s*", cells[i]):
            rows.append(cells[i:i + ncells])
            i += ncells
        else:
            i += 1
    return rows
