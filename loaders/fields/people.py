"""Does a number count people? By meaning: the counted noun is animate (pymorphy3's `anim` grammeme).

"30 фельдшеров", "12 экскурсоводов", "5 студентов-медиков", "8 тренеров-преподавателей" count people;
"15 предприятий", "3 муниципальных образования", "40 публикаций", "7 единиц техники" do not. The
participants parser's word list (participants._NOUNS) is only a fast path for the commonest nouns.
"""

from __future__ import annotations

import functools

from loaders.fields.morph import morph
from loaders.fields.text import lower_yo

# A noun counts people when at least this share of its noun readings (by pymorphy3's score) is animate:
# "единиц" has a rare animate reading (0.02), "поисковиков" is mostly a search engine (0.8 inanimate).
ANIMATE_SHARE = 0.5
NOUN_SHARE = 0.3  # ... and at least this share of all its readings is a noun ("рабочих": 0.39)
_MODIFIER_WORDS = frozenset({"онлайн", "он-лайн", "очно", "заочно", "дистанционно"})


@functools.lru_cache(maxsize=1 << 14)
def is_people_noun(word: str) -> bool:
    """An animate noun in any form; of a hyphenated compound ("студентов-медиков") the first part decides."""
    w = lower_yo(word).split("-")[0]
    if not w.isalpha():
        return False
    parses = morph().parse(w)
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    total = sum(p.score for p in nouns)
    if total < NOUN_SHARE * sum(p.score for p in parses):  # "из" has a zero-score reading as a name
        return False
    return sum(p.score for p in nouns if "anim" in p.tag) / total >= ANIMATE_SHARE


@functools.lru_cache(maxsize=1 << 14)
def is_modifier(word: str) -> bool:
    """Could be an adjective or participle before the counted noun ("иностранных", "приглашенных")."""
    w = lower_yo(word)
    if w in _MODIFIER_WORDS:
        return True
    return any(p.tag.POS in ("ADJF", "PRTF") and p.score >= 0.1 for p in morph().parse(w.split("-")[-1]))


@functools.lru_cache(maxsize=1 << 14)
def _nominal(word: str) -> bool:
    w = lower_yo(word).split("-")[-1]
    return any(p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.score >= 0.1 for p in morph().parse(w))


def counted_head(words: list[str]) -> int | None:
    """Index of the noun a number counts among the words after it: modifiers are skipped while a noun or
    adjective follows ("5 иностранных студентов" -> 1, "5 рабочих групп" -> 1, "5 рабочих приняли" -> 0)."""
    for i, w in enumerate(words):
        if is_modifier(w) and i + 1 < len(words) and _nominal(words[i + 1]):
            continue
        return i
    return None


def counts_people(words: list[str]) -> int | None:
    """Index of the counted noun when it is a people noun, else None."""
    i = counted_head(words)
    return i if i is not None and is_people_noun(words[i]) else None
