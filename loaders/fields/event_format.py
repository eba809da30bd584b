"""Event format ('online' | 'offline' | 'hybrid' | None) from the place cell and its neighbours.

Rules (notes/conventions.md, "Place"):
- 'hybrid': an explicit mixed-format phrase ("в очном и дистанционном формате", "смешанный/гибридный формат",
  "очно-заочно") anywhere, or an in-person audience ("очно", "в очном формате") stated together with an online one
  ("онлайн-подключений", "онлайн", "дистанционно");
- 'online': an online marker in the place, the name or the dates cell ("Дистанционный формат", "онлайн",
  "ВКС", "видеоконференц", "заочн", "посредством телефонной и электронной связи" …), even with a city,
  or an online audience in the participants cell with no physical place;
- an online audience ("500 онлайн-подключений") at a physical place without any online marker → 'hybrid';
- 'offline': a physical place is given (anything that is not a placeholder such as "по согласованию");
- None: nothing is known.
"""

from __future__ import annotations

import functools
import re

from loaders.fields.cap import clip
from loaders.fields.text import blank_quotes, fold_lower

__all__ = ["parse_format"]


_ONLINE_WORD = r"(?:онлайн|он-лайн|on-?line|дистанционн\w*|заочн\w*|удаленн\w*|вкс|видеоконференц\w*|видеосвяз\w*)"
_HYBRID_RE = re.compile(
    r"смешанн\w* (?:формат|режим)|гибридн|очно-заочн|очно-дистанционн|"
    rf"(?<![а-я])очн\w*,? (?:и|или|/|а также|\+) {_ONLINE_WORD}|"
    rf"{_ONLINE_WORD},? (?:и|или|/|а также|\+) (?:очн|офлайн|оффлайн)|"
    r"(?:офлайн|оффлайн|offline),? (?:и|или|/|\+) (?:онлайн|online)|"
    r"(?:онлайн|online),? (?:и|или|/|\+) (?:офлайн|оффлайн|offline)")
_ONLINE_RE = re.compile(
    r"дистанционн|онлайн|он-лайн|on-?line|видео-?конференц|(?<![а-я])вкс(?![а-я])|заочн|видеосвяз|"
    r"вебинар|(?<![a-z])(?:zoom|skype|webinar)(?![a-z])|скайп|"
    r"(?:по ?средствам|посредством|с помощью|с использованием|по каналам) (?:\w+ ){0,2}"
    r"(?:телефонн|электронн|видео|интернет|информационно-телекоммуникационн|сети)|"
    r"в режиме видео|в удаленном (?:формате|режиме)|удаленно(?![а-я])|виртуальн|интернет-платформ|"
    r"(?:телефонн\w*|электронн\w*) (?:и (?:телефонн|электронн)\w* )?связ|электронн\w* почт|переписк")
# In the name, topics ("… дистанционного обучения", "онлайн-торговли") must not count: only format phrases do.
_NAME_ONLINE_RE = re.compile(
    r"(?<![а-я])(?:онлайн|он-лайн)(?:-| )?(?:дискусси|конференц|семинар|совещан|форум|встреч|марафон|конкурс|"
    r"олимпиад|викторин|выставк|фестивал|урок|лекци|трансляци|формат|режим|заседани|круглый|площадк|игр|квиз|курс)|"
    r"(?<![a-z])online(?![a-z])|вебинар|(?<![а-я])вкс(?![а-я])|видео-?конференц|видеосвяз|"
    r"в (?:дистанционном|заочном|удаленном|онлайн|он-лайн)[- ]?(?:формате|режиме)|"
    r"(?:заочн|дистанционн)\w* (?:конкурс|олимпиад|этап|тур|викторин|конференц|семинар|совещан|форум|фестивал|"
    r"выставк|встреч)|(?:посредством|по ?средствам) (?:\w+ ){0,2}(?:телефонн|электронн|видео|интернет)")
# In the participants cell only unambiguous audience words count (an org named "…дистанционного обучения" does not).
_ONLINE_AUDIENCE_RE = re.compile(
    r"онлайн|он-лайн|online|подключени|дистанционно(?![а-я])|в дистанционном (?:формате|режиме)|"
    r"в режиме (?:вкс|видео)|(?<![а-я])вкс(?![а-я])|видеоконференц|трансляци")
_INPERSON_RE = re.compile(
    r"(?<![а-я])очно(?![а-я-])|(?<![а-я])очн(?:ых|ые|ое|ом|ой|ую|ая) (?:участ|формат|режим|присутств|посетит|зрител)|"
    r"офлайн|оффлайн|off-?line|(?<![а-я])в очном")
_PLACEHOLDER_RE = re.compile(
    r"^(?:-+|нет|не определен\w*|не указан\w*|по согласованию|уточняется|будет определен\w*|tbd|n/?a|\?+|"
    r"в рабочем порядке|по месту \w+(?: \w+)?|x+|0)$")


def _is_physical(place: str) -> bool:
    core = place.strip(" .,;:()[]")
    if not core or not re.search(r"[а-яa-z]", core):
        return False
    return not _PLACEHOLDER_RE.match(core)


# Each cell's signals depend on that cell's text alone, and texts repeat across rows (the same place,
# "Дистанционный формат", the same dates), so they are computed once per distinct text.
@functools.lru_cache(maxsize=1 << 16)
def _place_signals(text: str) -> tuple[bool, bool, bool, bool]:
    """(hybrid phrase, in person, online marker, a physical place)"""
    raw = fold_lower(text)
    place = blank_quotes(raw)
    return (bool(_HYBRID_RE.search(place)), bool(_INPERSON_RE.search(place)), bool(_ONLINE_RE.search(place)),
            _is_physical(raw))


@functools.lru_cache(maxsize=1 << 16)
def _participants_signals(text: str) -> tuple[bool, bool, bool]:
    """(hybrid phrase, in-person audience, online audience)"""
    part = blank_quotes(fold_lower(text))
    return bool(_HYBRID_RE.search(part)), bool(_INPERSON_RE.search(part)), bool(_ONLINE_AUDIENCE_RE.search(part))


@functools.lru_cache(maxsize=1 << 16)
def _name_signals(text: str) -> tuple[bool, bool]:
    """(hybrid phrase, online format phrase)"""
    nm = blank_quotes(fold_lower(text))
    return bool(_HYBRID_RE.search(nm)), bool(_NAME_ONLINE_RE.search(nm))


@functools.lru_cache(maxsize=1 << 16)
def _dates_signals(text: str) -> tuple[bool, bool]:
    """(hybrid phrase, online marker)"""
    dates = fold_lower(text)
    return bool(_HYBRID_RE.search(dates)), bool(_ONLINE_RE.search(dates))


def parse_format(place_text: str, participants_text: str = "", name: str = "",
                 dates_text: str = "") -> str | None:
    """'online' | 'offline' | 'hybrid' | None (any input; a bug raises: the runner guards it)."""
    p_hybrid, p_in_person, p_online, physical = _place_signals(_text(place_text))
    a_hybrid, a_in_person, online_audience = _participants_signals(_text(participants_text))
    n_hybrid, n_online = _name_signals(_text(name))
    d_hybrid, d_online = _dates_signals(_text(dates_text))
    if p_hybrid or a_hybrid or n_hybrid or d_hybrid:
        return "hybrid"
    in_person = a_in_person or p_in_person
    online = p_online or n_online or d_online
    if in_person and (online_audience or online):
        return "hybrid"
    if online:
        return "online"
    if online_audience:  # an online audience of an event held at a named venue
        return "hybrid" if physical else "online"
    if physical or in_person:
        return "offline"
    return None


def _text(value: object) -> str:
    return clip(value) if isinstance(value, str) else ""
