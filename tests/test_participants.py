"""parse_participants: every participants cell of both sample reports, invented strings, property tests.

Expectations were written by reading the cells (notes/conventions.md, "Participants"), not by running the parser.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.fields.participants import Participants, parse_participants  # noqa: E402
from tests.guard import assert_guard_silent  # noqa: E402
from tests.seed_rows import SEEDS, seed_rows  # noqa: E402,F401
from tests.seed_rows import squash as _squash  # noqa: E402

HOME = ("смоленск",)

# (start of the participants cell, total, qualifier, regions_count, delegation_size)
Q2 = [
    ("Представители службы занятости", None, None, None, None),
    ("Представители Департамента государственной службы", None, None, None, None),
    ("Представители Департамента государственной службы", None, None, None, None),
    ("Представители Департамента государственной службы", None, None, None, None),
    ("Представители Департамента государственной службы", None, None, None, None),
    ("Общее количество участников \n400 человек", 400, "exact", None, None),
    ("Представители органов государственной власти", None, None, None, None),
    ("Индивидуальный предприниматель", None, None, None, None),
    ("Общее количество участников более 200 человек и 50 единиц", 200, "at_least", None, None),
    ("Общее количество участников \n20 человек, в том числе", 20, "exact", None, None),
    ("Представители Департамента экономического", None, None, None, None),
    ("Представители Департамента экономического", None, None, None, None),
    ("Представители Департамента экономического", None, None, None, None),
    ("Представители Департамента экономического", None, None, None, None),
    ("Обучающиеся образовательных организаций Смоленской области, воспитанники", None, None, None, None),
    ("Представители МБОУ «СОШ", None, None, None, None),
    ("Обучающиеся из 239 образовательных организаций", 5642, "exact", None, None),
    ("Педагогические работники образовательных", None, None, None, None),
    ("Обучающиеся образовательных организаций", None, None, None, None),
    ("Педагогические работники \nи обучающиеся", None, None, None, None),
    ("Педагогические работники \nи обучающиеся", None, None, None, None),
    ("Педагогические работники \nобразовательных", None, None, None, None),
    ("Педагогические работники \nи обучающиеся", None, None, None, None),
    ("Обучающиеся образовательных организаций", None, None, None, None),
    ("Более 200 специалистов очно, около 2000 онлайн-подключений", 2200, "approx", None, None),
    ("Представители регионов России, иностранные граждане", 150, "exact", None, None),
    ("Общее количество участников \n400 человек", 400, "exact", None, None),
    ("10 представителей от Смоленской области", 10, "exact", None, 10),
    ("1 представитель от Смоленской области", 1, "exact", None, 1),
    ("5 представителей от Смоленской области", 5, "exact", None, 5),
    ("2 представителя от Смоленской области", 2, "exact", None, 2),
    ("Всего 46 участников \nиз 4 регионов", 46, "exact", 4, None),
    ("Всего 227 участников из \n2 регионов", 227, "exact", 2, None),
    ("Всего 63 участника из 3 регионов", 63, "exact", 3, None),
    ("Всего 83 участника из 5 регионов", 83, "exact", 5, None),
    ("Всего 602 участника из \n33 регионов", 602, "exact", 33, None),
]

_UNI = ("Представители ФГБОУ ВО «Смоленский государственный университет»", None, None, None, None)
SPB = [
    ("Департамент государственной службы занятости", None, None, None, None),
    ("Сотрудники службы занятости", None, None, None, None),
    ("Представители ООО\xa0«Корпорация", None, None, None, None),
    ("Представители \nтуристско-информационных", None, None, None, None),
    ("Представители Департамента инвестиционного", None, None, None, None),
    ("Туроператоры Смоленской области", None, None, None, None),
    ("Организатором выступила компания из Санкт-Петербурга", 366, "exact", None, None),
    ("Организатором выступила компания из Санкт-Петербурга", 366, "exact", None, None),
    ("Организатором выступил Государственный Русский Музей", 366, "exact", None, None),
    ("Организатором выступила компания из Санкт-Петербурга", 366, "exact", None, None),
    ("Статс-секретарь Министерства культуры", 70, "exact", None, None),
    ("Организатором выступила компания из г. Санкт-Петербурга", 57, "exact", None, None),
    ("Представители образовательных организаций", None, None, None, None),
    ("Преподаватель СОГБПОУ", None, None, None, None),
    _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI,
    ("Организатор мероприятия Санкт-Петербургский", None, None, None, None),
    _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI,
    ("Преподаватели ОГБОУ ВО", None, None, None, None),
    _UNI,
    ("Представители различных регионов Российской Федерации, От Смоленской области – представитель",
     None, None, None, None),
    ("Магистр Смоленского казачьего", None, None, None, None),
    ("От Смоленской области - подведомственное", 2, "exact", None, 2),
    ("От Смоленской области - подведомственное", 2, "exact", None, 2),
    ("Более 700 участников – федеральных", 700, "at_least", None, None),
    ("От Смоленской области – заместитель начальника", None, None, None, None),
    ("От Смоленской области – заместитель начальника", None, None, None, None),
    ("Руководители  и специалисты органов", 700, "approx", None, 3),
    ("Представители Управления государственной", None, None, None, None),
    ("Представители Управления государственной", None, None, None, None),
    ("4 делегата от Смоленской области,\nодин", 4, "exact", None, 4),
    ("Всего 602 участника из 33 регионов", 602, "exact", 33, None),
    ("Всего 119 участников из 4 регионов", 119, "exact", 4, None),
    ("Всего 523 участника из 22 регионов", 523, "exact", 22, None),
    ("Всего 180 участников из 4 регионов", 180, "exact", 4, None),
]


def _cases(file: str, ncells: int, expected: list[tuple]) -> list:
    rows = seed_rows(file, ncells)
    assert len(rows) == len(expected), f"{file}: {len(rows)} rows"
    return [pytest.param(r[-2], r[-1], *exp, id=f"{file[:3]}-{i + 1}") for i, (r, exp) in enumerate(zip(rows, expected, strict=True))]


@pytest.mark.parametrize("cell,result,prefix,total,qual,regions,deleg",
                         _cases("agreements-2021-q2.txt", 7, Q2) + _cases("spb-roadmap-2021.txt", 6, SPB))
def test_sample_cells(cell, result, prefix, total, qual, regions, deleg):
    assert _squash(cell).startswith(_squash(prefix)), "row alignment"
    p = parse_participants(cell, result, HOME)
    assert (p.total, p.qualifier, p.regions_count, p.delegation_size) == (total, qual, regions, deleg)


# (participants text, result text, home words, (total, qualifier, regions_count, delegation_size))
S = HOME
INVENTED = [
    ("Общее количество участников 400 человек", "", S, (400, "exact", None, None)),
    ("мероприятие посетило 366 человек", "", S, (366, "exact", None, None)),
    ("директора организаций (70 чел.)", "", S, (70, "exact", None, None)),
    ("около 150 человек", "", S, (150, "approx", None, None)),
    ("порядка 300 участников", "", S, (300, "approx", None, None)),
    ("~50 человек", "", S, (50, "approx", None, None)),
    ("приблизительно 25 гостей", "", S, (25, "approx", None, None)),
    ("не менее 30 участников", "", S, (30, "at_least", None, None)),
    ("свыше 1,5 тыс. человек", "", S, (1500, "at_least", None, None)),
    ("больше 20 зрителей", "", S, (20, "at_least", None, None)),
    ("от 50 человек", "", S, (50, "at_least", None, None)),
    ("2 тыс. участников", "", S, (2000, "exact", None, None)),
    ("около 2 тыс. зрителей", "", S, (2000, "approx", None, None)),
    ("Количество участников – 2 тыс.", "", S, (2000, "exact", None, None)),
    ("Участников: 120", "", S, (120, "exact", None, None)),
    ("Количество участников - 45.", "", S, (45, "exact", None, None)),
    ("Гостей – около 300", "", S, (300, "approx", None, None)),
    ("более 200 человек и 50 единиц техники", "", S, (200, "at_least", None, None)),
    ("Более 200 специалистов очно, около 2000 онлайн-подключений", "", S, (2200, "approx", None, None)),
    ("50 спортсменов и 10 тренеров", "", S, (60, "exact", None, None)),
    ("Более 30 спортсменов и 5 тренеров", "", S, (35, "at_least", None, None)),
    ("20 человек, в том числе 2 представителя Липецкой области", "", S, (20, "exact", None, None)),
    ("30 человек, в том числе 5 представителей от Смоленской области", "", S, (30, "exact", None, 5)),
    ("50 человек (30 студентов, 20 педагогов)", "", S, (50, "exact", None, None)),
    ("50 человек: 30 студентов и 20 педагогов", "", S, (50, "exact", None, None)),
    ("30 студентов и 20 педагогов, всего 50 человек", "", S, (50, "exact", None, None)),
    ("10 представителей от Смоленской области", "", S, (10, "exact", None, 10)),
    ("10 представителей от Смоленской области", "", (), (10, "exact", None, None)),
    ("10 представителей от Смоленской области", "", ("тверск",), (10, "exact", None, None)),
    ("От Смоленской области – 3 человека", "", S, (3, "exact", None, 3)),
    ("ОГКУ «Дирекция ООПТ Смоленской области» - 2 человека", "", S, (2, "exact", None, 2)),
    ("(количество участников – около 700 человек),\nот Смоленской области –3 человека", "", S,
     (700, "approx", None, 3)),
    ("Всего 150 участников, от Смоленской области – 12 человек", "", S, (150, "exact", None, 12)),
    ("Участники из Брянской области – 12 человек, от Тверской области – 8 человек", "", S,
     (20, "exact", None, None)),
    ("От Смоленской и Брянской областей – 6 человек", "", S, (6, "exact", None, None)),
    ("Делегация Санкт-Петербурга – 15 человек", "", ("санкт-петербург",), (15, "exact", None, 15)),
    ("Организатором выступила компания из Санкт-Петербурга, мероприятие посетило 57 человек", "",
     ("санкт-петербург",), (57, "exact", None, None)),
    ("три представителя от Смоленской области", "", S, (3, "exact", None, 3)),
    ("два человека", "", S, (2, "exact", None, None)),
    ("десять участников", "", S, (10, "exact", None, None)),
    ("двадцать пять волонтеров", "", S, (25, "exact", None, None)),
    ("4 делегата от Смоленской области,\nодин из которых выступил с докладом", "", S, (4, "exact", None, 4)),
    ("Обучающиеся из 239 образовательных организаций. Общее количество участников - 5642 человека", "", S,
     (5642, "exact", None, None)),
    ("Всего 602 участника из 33 регионов", "", S, (602, "exact", 33, None)),
    ("Всего\xa0602\xa0участника из\xa033\xa0регионов", "", S, (602, "exact", 33, None)),
    ("Всего 46 участников\nиз 4 регионов", "", S, (46, "exact", 4, None)),
    ("1\xa0500 человек", "", S, (1500, "exact", None, None)),
    ("1 500 зрителей", "", S, (1500, "exact", None, None)),
    ("150-200 человек", "", S, (150, "at_least", None, None)),
    ("200+ участников", "", S, (200, "at_least", None, None)),
    ("более 200 человек из 4-х регионов", "", S, (200, "at_least", 4, None)),
    ("из двух регионов, 35 участников", "", S, (35, "exact", 2, None)),
    ("Представители 12 регионов", "", S, (None, None, 12, None)),
    ("Представители из 4 субъектов Российской Федерации", "", S, (None, None, 4, None)),
    ("Представители ФГБОУ", "В мероприятии приняли участие 120 человек", S, (120, "exact", None, None)),
    ("50 человек", "Мероприятие посетили 200 человек", S, (50, "exact", None, None)),
    ("Более 700 участников – руководителей. От Смоленской области – начальник Департамента", "", S,
     (700, "at_least", None, None)),
    ("Иностранные граждане – 5 человек", "", S, (5, "exact", None, None)),
    ("вертолет КА-32 и 15 спасателей", "", S, (15, "exact", None, None)),
    ("Школа № 10 (15 человек)", "", S, (15, "exact", None, None)),
    ("в течение 3 дней 40 человек", "", S, (40, "exact", None, None)),
    ("Представители МБОУ «СОШ №10» (г. Вязьма): учащаяся 10 класса", "", S, (None, None, None, None)),
    ("Детский сад № 3 «Одуванчик»", "", S, (None, None, None, None)),
    ("В экспозиции представлено 100 фотографий", "", S, (None, None, None, None)),
    ("высажено 5000 штук саженцев", "", S, (None, None, None, None)),
    ("30 мая 2021 года", "", S, (None, None, None, None)),
    ("Студент 2 курса", "", S, (None, None, None, None)),
    ("Команды 5 школ", "", S, (None, None, None, None)),
    ("Обучающиеся из 239 образовательных организаций", "", S, (None, None, None, None)),
    ("50 единиц техники", "", S, (None, None, None, None)),
    ("победители 10 номинаций", "", S, (None, None, None, None)),
    ("Спортсмены Брянской и Орловской областей", "", S, (None, None, None, None)),
    ("Делегация Смоленской области в составе 5 человек", "", S, (5, "exact", None, 5)),
    ("Смоленскую область представляли 3 человека", "", S, (3, "exact", None, 3)),
    ("от г. Смоленска 4 спортсмена и 2 тренера", "", S, (6, "exact", None, 6)),
    ("Всего 50 человек. От г. Смоленска 4 спортсмена и 2 тренера", "", S, (50, "exact", None, 6)),
    ("Всего 120 участников, в том числе от Смоленской области – 10 человек", "", S, (120, "exact", None, 10)),
    ("Делегация Брянской области в количестве 7 человек", "", S, (7, "exact", None, None)),
    ("Приняли участие 45 команд (более 300 человек)", "", S, (300, "at_least", None, None)),
    ("Более 1000 участников из 20 стран и 40 регионов", "", S, (1000, "at_least", 40, None)),
    ("Представители 5 муниципальных образований Смоленской области", "", S, (None, None, None, None)),
    ("", "", S, (None, None, None, None)),
]


@pytest.mark.parametrize("text,result,home,expected", INVENTED, ids=[c[0][:40] for c in INVENTED])
def test_invented(text, result, home, expected):
    p = parse_participants(text, result, home)
    assert (p.total, p.qualifier, p.regions_count, p.delegation_size) == expected


def test_returns_dataclass_and_issue_for_non_people_numbers():
    p = parse_participants("Представители МБОУ «СОШ №10»: учащаяся 10 класса")
    assert isinstance(p, Participants)
    assert p.total is None and p.issue
    assert parse_participants("Представители министерства").issue is None


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["10 человек"], b"10"])
def test_non_string_input_never_raises(bad):
    p = parse_participants(bad, bad, bad)  # type: ignore[arg-type]
    assert p.total is None or p.total >= 0


def test_home_words_as_string_and_mixed_case():
    p = parse_participants("10 представителей от Смоленской области", "", "Смоленск")  # type: ignore[arg-type]
    assert p.delegation_size == 10


FRAGMENTS = ["Всего", "около", "более", "10", "200", "1,5", "тыс.", "человек", "участников", "из", "33", "регионов",
             "в том числе", "от", "Смоленской", "области", "–", "(", ")", "«", "»", "№", ":", ",", ".", "\n", "\xa0",
             "представителей", "единиц техники", "класса", "2021 года", "30 мая", "один", "двадцать", "+", "-"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=100))
def test_property_any_text(text, result):
    p = parse_participants(text, result, HOME)
    assert p.total is None or p.total >= 0
    assert p.qualifier in (None, "exact", "approx", "at_least")
    assert (p.total is None) == (p.qualifier is None)
    assert_guard_silent(participants=text, result=result)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.booleans())
def test_property_fragments(parts, with_home):
    p = parse_participants(" ".join(parts), "", HOME if with_home else ())
    assert p.total is None or p.total >= 0
    assert p.delegation_size is None or p.delegation_size >= 0
    assert p.regions_count is None or p.regions_count > 0
    if not with_home:
        assert p.delegation_size is None
    assert_guard_silent(participants=" ".join(parts))


@pytest.mark.parametrize("text,total,qual", [("120", 120, "exact"), ("1 200", 1200, "exact"), ("45 чел.", 45, "exact"),
                                             ("около 150", 150, "approx"), ("не менее 30", 30, "at_least")])
def test_a_cell_that_is_only_a_number_counts_people(text, total, qual):
    """A count column («Всего участников, чел.») holds bare numbers: that many people."""
    got = parse_participants(text)
    assert (got.total, got.qualifier, got.issue) == (total, qual, None)
