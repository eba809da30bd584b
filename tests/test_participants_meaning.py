"""Participants by meaning: a number counts people when it counts an animate noun (pymorphy3's `anim`).

The nouns below are listed nowhere in the code (asserted), so the rule, not a list, decides.
"""

from __future__ import annotations

import re

import pytest

import loaders.fields.participants as participants_module
import loaders.fields.people as people_module
from loaders.fields.morph import morph
from loaders.fields.participants import _NOUNS, parse_participants

PEOPLE = (
    "фельдшеров экскурсоводов ветеранов библиотекарей краеведов "
    "археологов хореографов вокалистов танцоров художников писателей поэтов музейщиков реставраторов "
    "архитекторов инженеров программистов агрономов ветеринаров фермеров пчеловодов механизаторов водителей "
    "медсестер акушеров провизоров фармацевтов стоматологов хирургов педиатров психологов логопедов "
    "воспитателей методистов наставников аспирантов магистрантов бакалавров выпускников абитуриентов "
    "первокурсников чемпионов призеров лауреатов дипломантов финалистов победителей арбитров шахматистов "
    "борцов боксеров лыжников биатлонистов хоккеистов футболистов пловцов велосипедистов туроператоров гидов "
    "казаков юнармейцев скаутов историков переводчиков экономистов бухгалтеров юристов депутатов сенаторов "
    "министров губернаторов чиновников госслужащих блогеров фотографов режиссеров актеров дирижеров хористов "
    "скрипачей пианистов ученых пожарных вожатых инструкторов-методистов фельдшеров-акушеров"
).split()
THINGS = (
    "предприятий организаций публикаций экспонатов книг проектов заявок докладов стендов площадок учреждений "
    "школ соглашений мероприятий материалов экземпляров работ картин фотографий километров рублей тонн "
    "гектаров коллективов делегаций команд"
).split()


def _code_lists() -> str:
    """Every module-level string, list, set, dict and compiled regex of the participants parsers, as text."""
    out = []
    for mod in (participants_module, people_module):
        for name, value in vars(mod).items():
            if name.startswith("__"):
                continue
            if isinstance(value, re.Pattern):
                out.append(value.pattern)
            elif isinstance(value, (str, list, tuple, set, frozenset, dict)):
                out.append(str(value))
    return "\n".join(out)


def _listed(noun: str) -> bool:
    """Whether the code lists this noun: the fast-path regex matches it, or the code's lists and patterns
    hold it or its dictionary form as a word."""
    if re.fullmatch(rf"(?:[а-я]+-)?(?:{_NOUNS})", noun):
        return True
    code = _code_lists()
    forms = {noun, *(p.normal_form.replace("ё", "е") for p in morph().parse(noun.split("-")[0]))}
    return any(re.search(rf"(?<![а-я]){re.escape(f)}(?![а-я])", code) for f in forms)


def test_the_nouns_are_not_listed_in_the_code():
    assert len(PEOPLE) >= 50 and len(set(PEOPLE)) == len(PEOPLE)
    assert [n for n in PEOPLE + THINGS if _listed(n)] == []


@pytest.mark.parametrize("noun", PEOPLE)
def test_animate_nouns_count_people(noun):
    assert parse_participants(f"{17} {noun}").total == 17
    p = parse_participants(f"В мероприятии приняли участие около 240 {noun} из разных регионов.")
    assert (p.total, p.qualifier) == (240, "approx")


@pytest.mark.parametrize("noun", PEOPLE[:20])
def test_animate_nouns_after_adjectives_and_in_sums(noun):
    assert parse_participants(f"12 приглашенных {noun}").total == 12
    assert parse_participants(f"Участвовали 30 иностранных {noun} и 5 экспертов").total == 35


@pytest.mark.parametrize("noun", THINGS)
def test_inanimate_nouns_are_not_people(noun):
    p = parse_participants(f"участвовали 25 {noun}")
    assert p.total is None and p.issue == "в ячейке есть числа, но не найдено число людей"


@pytest.mark.parametrize(("text", "total"), [
    ("10 муниципальных образований", None), ("7 единиц техники", None), ("40 публикаций в СМИ", None),
    ("5 рабочих групп", None), ("5 рабочих приняли участие", 5), ("3 фельдшера", 3), ("21 экскурсовод", 21),
    ("1 200 студентов-медиков", 1200), ("8 тренеров-преподавателей", 8), ("двадцать ветеранов", 20), ("один из которых выступил", None),
    ("100 человек, в том числе 20 фельдшеров", 100), ("15 предприятий и 40 фермеров", 40),
])
def test_counted_noun_decides(text, total):
    assert parse_participants(text).total == total


@pytest.mark.parametrize(("text", "total", "qualifier"), [
    ("не менее 30", 30, "at_least"), ("около 150", 150, "approx"), ("свыше 200 чел.", 200, "at_least"),
    ("Более 1 000", 1000, "at_least"), ("порядка 60.", 60, "approx"), ("не более 25", 25, "approx"),
])
def test_a_qualified_bare_number_in_the_participants_cell_is_people(text, total, qualifier):
    p = parse_participants(text)
    assert (p.total, p.qualifier, p.issue) == (total, qualifier, None)


def test_a_bare_number_in_the_result_cell_is_not():
    assert parse_participants("", "около 150").total is None
    assert parse_participants("около 150 предприятий").total is None


@pytest.mark.parametrize(("text", "regions"), [
    ("15 предприятий Смоленской области", None),
    ("представители 10 муниципальных образований Смоленской области", None),
    ("40 организаций Республики Беларусь", None),
    ("участники из 5 регионов", 5),
    ("делегации 3 приграничных областей", 3),
    ("12 предприятий из 4 субъектов РФ", 4),
])
def test_things_of_a_region_are_not_a_count_of_regions(text, regions):
    assert parse_participants(text).regions_count == regions
