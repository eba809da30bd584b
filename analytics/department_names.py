"""Short department names for charts and chips: the part that tells departments apart.

Every department of a regional administration is named «<head> <region> <remit>» or «<head> <remit>
<region>»: «Департамент Смоленской области по образованию и науке», «Главное управление спорта
Смоленской области», «Комитет по культуре Ленинградской области». The reporting region is the same for
all of them and the head («Департамент», «Комитет», «Министерство»…) is generic, so a chart that cuts the
full name at 45 characters shows only what they share. The short name drops the region, then the head
when what is left reads on its own («по образованию и науке»); a head followed by a genitive remit stays
(«Главное управление спорта», «Министерство здравоохранения»). Names are unique within the given set:
where two would be equal, the longer form (head kept, then the full name) is used for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_CHARS = 58  # longer short names are cut at a word boundary, with "…"

_ADJ = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:ой|ей|ого|его|ая|яя|ую|юю|ий|ый|ом|ем)"
# the region a department belongs to, in any case: «Смоленской области», «Краснодарского края»,
# «Ханты-Мансийского автономного округа – Югры», «Республики Татарстан», «города Москвы», «Санкт-Петербурга»
_REGION = re.compile(
    rf"\s*\b(?:{_ADJ}\s+(?:автономн\w+\s+)?(?:област\w*|кра[йяюе]\w*|округ\w*)(?:\s*[–—-]\s*[А-ЯЁ][а-яё]+)?"
    rf"|Республик\w*\s+[А-ЯЁ][а-яё]+(?:\s*[–—-]\s*[А-ЯЁ][а-яё]+)*(?:\s+\([А-ЯЁ][а-яё]+\))?"
    rf"|(?:г\.\s*|города\s+)?(?:Москвы|Санкт-Петербурга|Севастополя)"
    rf"|{_ADJ}\s+автономн\w+\s+област\w*)\b"
)
# a generic head that may go when the rest starts with «по …» (the remit reads on its own)
_HEAD = re.compile(
    r"^(?:(?:Главное|Государственное|Региональное|Территориальное)\s+)?"
    r"(?:департамент|министерство|комитет|управление|агентство|служба|инспекция|дирекция|отдел)\s+(?=по\s)",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;–—-")
    return re.sub(r"\s+([,;])", r"\1", text)


def _cut(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;–—-")
    return head + "…"


def forms(full: str) -> list[str]:
    """The candidate names of one department, shortest first: remit only, head + remit, the full name."""
    without_region = _tidy(_REGION.sub(" ", full)) or full.strip()
    remit = _tidy(_HEAD.sub("", without_region)) or without_region
    out: list[str] = []
    for name in (_cut(remit), _cut(without_region), full.strip()):
        if name and name not in out:
            out.append(name)
    return out


def short_names(full_names: Iterable[str]) -> dict[str, str]:
    """Full name → short name, unique within `full_names` (a name without a shorter form maps to itself)."""
    names = list(dict.fromkeys(n for n in full_names if isinstance(n, str) and n.strip()))
    options = {n: forms(n) for n in names}
    level = dict.fromkeys(names, 0)
    while True:
        chosen = {n: options[n][min(level[n], len(options[n]) - 1)] for n in names}
        taken: dict[str, list[str]] = {}
        for n, s in chosen.items():
            taken.setdefault(s, []).append(n)
        clashes = [group for group in taken.values() if len(group) > 1]
        if not clashes:
            return chosen
        moved = False
        for group in clashes:
            for n in group:
                if level[n] < len(options[n]) - 1:
                    level[n] += 1
                    moved = True
        if not moved:  # equal full names cannot happen (dict keys); equal last forms: keep the full names
            return {n: n for n in names} | {n: s for n, s in chosen.items() if len(taken[s]) == 1}
