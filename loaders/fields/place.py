"""Place cell -> settlement (nominative, no "г.") and the federal subject where the event happened.

Conventions ("Place" in notes/conventions.md):
- city: the first settlement named after a marker ("г.", "город", "пос.", "пгт", "д.", "с.", ...), put into
  the nominative and spelled as in data/cities.csv when it is listed there; without any marker, a bare city
  from cities.csv written in the nominative ("Смоленск") or after "в" ("в Смоленске") also counts.
- place_region_code: an explicit federal subject in the cell wins (a subject written after the settlement,
  "г. Орехово-Зуево, Московская область"; one written before it counts unless it names another subject than
  the town's own, which is then taken to be part of an organisation's name); otherwise the town's subject
  from cities.csv. Village names (д., с., х., ст.) are too ambiguous for a city-list lookup.
- format (online/offline) is not decided here; online-only cells simply give (None, None) with no issue.
Issues are in Russian, like the other field parsers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.fields.cap import clip
from loaders.fields.regions import (
    RegionMention,
    find_countries,
    find_regions,
    lookup_city,
    morph,
    nominative_variants,
    normalize,
    word_info,
    word_key,
)


@dataclass(frozen=True)
class Place:
    city: str | None
    place_region_code: str | None
    issue: str | None = None


_NAME = r"[А-ЯЁ][А-Яа-яЁё]*(?:-[А-Яа-яЁё]+)*"
# group "town": markers after which a city-list lookup is safe; group "village": names too ambiguous for it
_MARKER = re.compile(
    r"(?:(?<![А-Яа-яЁё0-9.])(?P<town>гг?\.|гор\.|пгт\.?|р\.\s?п\.|рп\.|пос\.|п\.)"
    r"|(?<![А-Яа-яЁё])(?P<townw>(?i:город(?:а|е|у|ом)?|пос[её]л(?:ок|ка|ке|ком)|поселени[ея]))(?![А-Яа-яЁё])"
    r"|(?<![А-Яа-яЁё0-9.])(?P<village>д\.|дер\.|с\.|х\.|ст\.|ст-ца)"
    r"|(?<![А-Яа-яЁё])(?P<villagew>(?i:деревн[яиюе]|сел[оау]|селе|хутор[ае]?|станиц[аыеу]|аул[ае]?))(?![А-Яа-яЁё]))"
    rf"\s*(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})"
)
_ONLINE = re.compile(r"онлайн|он-лайн|online|дистанцион|видеоконференц|видео-?связ|\bВКС\b|заочн|вебинар"
                     r"|телефонн|электронн\w* связ|интернет|zoom", re.I)
_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"")
# Searched with pos/endpos (a few characters before a match), never on a growing prefix: linear in the cell.
_YEAR_BEFORE = re.compile(r"\d\s*$")
_AFTER_V = re.compile(r"(?<![А-Яа-яЁё])во?\s+$", re.I)
_NAME_START = re.compile(rf"(?<![А-Яа-яЁё-])(?={_NAME})")
_NAMES = re.compile(rf"{_NAME}(?:\s+{_NAME}){{0,2}}")


def _known(words: list[str]) -> tuple[str, str | None] | None:
    """Nominative city-list hit for an (inflected) name: (canonical name, region or None when ambiguous)."""
    for cand in nominative_variants(words):
        hit = lookup_city(cand)
        if hit:
            return hit
    return None


def _fallback_nominative(words: list[str], village: bool) -> str:
    """Best nominative guess for a settlement that is not in the city list."""
    if village or len(words) > 1:
        return " ".join(words)  # village names follow their marker in the nominative ("д. Дивасы")
    info = word_info(word_key(words[0]))
    if info.nomn or not info.known:
        return words[0]
    parses = [p for p in morph().parse(word_key(words[0])) if "Geox" in p.tag] or morph().parse(words[0])
    nf = parses[0].normal_form
    return nf[:1].upper() + nf[1:]


def _settlement(text: str) -> tuple[str, tuple[str, str | None] | None, int, int, bool] | None:
    """First marked settlement: (name, city-list hit, start, end, is_village)."""
    for m in _MARKER.finditer(text):
        if (m.group("town") or "").startswith("г") and _YEAR_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "2021 г." is a year
        village = bool(m.group("village") or m.group("villagew"))
        words = m.group("name").split()
        start = m.start("name")
        for n in range(len(words), 0, -1):
            hit = _known(words[:n])
            if hit:
                if village:  # spelling from the list, but no region from it
                    hit = (hit[0], None)
                return hit[0], hit, start, _end_of(text, start, n), village
        n = 2 if len(words) >= 2 and word_info(word_key(words[0])).adj and \
            not word_info(word_key(words[1])).adj else 1
        return _fallback_nominative(words[:n], village), None, start, _end_of(text, start, n), village
    return None


def _end_of(text: str, start: int, n_words: int) -> int:
    m = re.compile(rf"{_NAME}(?:\s+{_NAME}){{{n_words - 1}}}").match(text, start)
    return m.end() if m else start


def _bare_city(text: str) -> tuple[str, tuple[str, str | None], int, int] | None:
    """A listed city written without a marker: nominative, or any case right after "в"/"во"."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    for m in _NAME_START.finditer(masked):
        words = _NAMES.match(masked, m.start()).group().split()
        after_v = _AFTER_V.search(masked, max(0, m.start() - 8), m.start()) is not None
        for n in range(len(words), 0, -1):
            hit = lookup_city(" ".join(words[:n])) or (_known(words[:n]) if after_v else None)
            if not hit:
                continue
            info = word_info(word_key(words[0]))
            if n == 1 and (info.person or info.adj or not (info.geox or not info.known)):
                continue  # "Гагарин", "Белый", "Холм" alone are not safe
            return hit[0], hit, m.start(), _end_of(masked, m.start(), n)
    return None


def parse_place(place_text: str) -> Place:
    """Settlement and federal subject of a "Место проведения" cell (any input; a bug raises: the runner guards it)."""
    return _parse_place(clip(place_text))


def _parse_place(place_text: str) -> Place:
    if not isinstance(place_text, str) or not place_text.strip():
        return Place(None, None, "место проведения не указано")
    text = re.sub(r"[ \t]+", " ", normalize(place_text.replace("\u00ad", "")))
    mentions = find_regions(text)
    found = _settlement(text)
    city, hit, c_start, c_end = (found[0], found[1], found[2], found[3]) if found else (None, None, -1, -1)
    if found is None and (bare := _bare_city(text)):
        city, hit, c_start, c_end = bare
    city_region = hit[1] if hit else None
    explicit = [m for m in mentions if m.end <= c_start or m.start >= c_end] if city else mentions
    region = _choose_region(explicit, city_region, c_end)
    if city is None and region is None:
        return Place(None, None, None if _ONLINE.search(text) else "не найден ни населённый пункт, ни субъект РФ")
    issue = None
    if region is None:
        countries = find_countries(text)
        if countries:
            issue = f"место за рубежом: {', '.join(countries)}"
        elif hit and hit[1] is None and not (found and found[4]):
            issue = f"город «{city}» есть в нескольких субъектах РФ, субъект не указан"
        else:
            issue = f"не удалось определить субъект РФ для «{city}»"
    return Place(city, region, issue)


def _choose_region(explicit: list[RegionMention], city_region: str | None, c_end: int) -> str | None:
    codes = [m.code for m in explicit]
    if city_region and city_region in codes:
        return city_region
    after = [m.code for m in explicit if c_end >= 0 and m.start >= c_end]
    if after:
        return after[0]
    if city_region:
        return city_region
    return codes[0] if codes else None
