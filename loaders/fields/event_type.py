"""Event type from the event name (vocabulary and keywords: notes/conventions.md, "Event type vocabulary").

The earliest keyword in the name wins (a longer keyword wins a tie). Text inside «…» / “…” / "…" quotes is
ignored first ("Конференция «Инфофорум»" is a конференция); the quoted text is used only when nothing matches
outside. "тур конкурса" / "межрегиональный тур" are stages of a contest, never a tour.
"""

from __future__ import annotations

import re

from loaders.fields.cap import clip
from loaders.fields.text import blank_quotes, fold_lower

__all__ = ["EVENT_TYPES", "EVENT_TYPE_EN", "classify_event"]

EVENT_TYPES: tuple[str, ...] = (
    "конференция", "форум", "конкурс", "выставка", "соревнования", "фестиваль", "семинар/совещание",
    "рабочая встреча", "обмен опытом", "повышение квалификации", "бизнес-миссия/тур", "учения", "прочее",
)

EVENT_TYPE_EN: dict[str, str] = {
    "конференция": "Conference",
    "форум": "Forum",
    "конкурс": "Contest",
    "выставка": "Exhibition",
    "соревнования": "Sports competition",
    "фестиваль": "Festival",
    "семинар/совещание": "Seminar / meeting",
    "рабочая встреча": "Working meeting",
    "обмен опытом": "Experience exchange",
    "повышение квалификации": "Professional training",
    "бизнес-миссия/тур": "Business mission / tour",
    "учения": "Drill (exercise)",
    "прочее": "Other",
}

_NOT_AFTER_TOUR = r"(?! (?:конкурс|олимпиад|соревновани|чемпионат|фестивал|первенств|турнир))"
_TOUR_END = r"(?:а|у|ом|е|ы|ов|ам|ах)?(?![а-я])"
_KEYWORDS: dict[str, str] = {
    "конференция": r"(?<!видео)(?<!видео-)конференц(?!-?связ|-?зал)|конгресс(?!но-)|(?<![а-я])чтени(?:я|ях)(?![а-я])",
    "форум": r"форум",
    "конкурс": r"конкурс|олимпиад|викторин",
    "выставка": r"выставк|выставочн(?!\w* (?:центр|зал|комплекс|павильон))|экспозици|вернисаж",
    "соревнования": r"соревновани|первенств|чемпионат|турнир|марафон|забег|спартакиад|эстафет|регат|"
                    r"(?<![а-я])куб(?:ок|ка|ке|ку|ком)(?![а-я])",
    "фестиваль": r"фестивал|(?<![а-я])фест(?![а-я])",
    "семинар/совещание": r"семинар|вебинар|совещани|кругл\w* стол|дискусси|(?:стратегическ|проектн|форсайт)\w* сесси|"
                         r"(?<![а-я])коллеги(?:я|и|ю|ей)(?![а-я])|заседани",
    "рабочая встреча": r"рабоч\w* встреч|(?<![а-я])встреч(?:а|и|е|у|ей|ам|ами|ах)(?![а-я])|переговор|"
                       r"(?<![а-я])визит(?:а|ом|е|ы|ов)?(?![а-я])",
    "обмен опытом": r"обмен\w* (?:опыт|информаци|лучш\w* практик|материал|данны|методическ)|"
                    r"(?:взаимодейств|сотрудничеств)\w* по обмен|взаимн\w* обмен",
    "повышение квалификации": r"повышени\w* квалификаци|стажировк|обучени|школ\w* по подготовк|переподготовк|"
                              r"(?<![а-я])курс(?:ы|ов|ах|ам)?(?![а-я])|мастер-класс|тренинг",
    "бизнес-миссия/тур": rf"(?:бизнес|делов\w*|торгов\w*)[- ]?мисси|(?:бизнес|пресс|инфо|промо)-?тур{_TOUR_END}"
                         rf"{_NOT_AFTER_TOUR}|(?:рекламн|информационн|ознакомительн|рекламно-информационн|"
                         rf"туристическ|гастрономическ|событийн)\w* тур{_TOUR_END}{_NOT_AFTER_TOUR}",
    "учения": r"(?<![а-я])учени(?:я|й|ях|ям|ями)(?![а-я])|командно-штабн|штабн\w* тренировк",
}
_PATTERNS = [(t, re.compile(p)) for t, p in _KEYWORDS.items()]


def _earliest(s: str) -> str | None:
    best: tuple[int, int, int] | None = None
    for order, (_etype, rx) in enumerate(_PATTERNS):
        m = rx.search(s)
        if m:
            key = (m.start(), -(m.end() - m.start()), order)
            if best is None or key < best:
                best = key
    return _PATTERNS[best[2]][0] if best else None


def classify_event(name: str) -> str:
    """One of EVENT_TYPES for an event name; 'прочее' when no keyword matches (any input)."""
    s = fold_lower(clip(name))
    return _earliest(blank_quotes(s)) or _earliest(s) or "прочее"
