"""parse_format: every row of both sample reports, invented strings, property tests.

Expectations were written by reading the cells (notes/conventions.md, "Place" → format), not by running the parser.
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

from loaders.fields.event_format import parse_format  # noqa: E402
from tests.guard import assert_guard_silent  # noqa: E402
from tests.seed_rows import SEEDS, seed_rows  # noqa: E402,F401
from tests.seed_rows import squash as _squash  # noqa: E402

ON, OFF, HY = "online", "offline", "hybrid"
# (start of the place cell, expected format); rows in report order
Q2 = [
    ("Конгрессно-выставочный центр", OFF), ("Дистанционный формат", ON), ("Дистанционный формат", ON),
    ("Дистанционный формат", ON), ("Дистанционный формат", ON), ("ОБУК «Смоленский", OFF),
    ("д. Ягодино", OFF), ("д. Дивасы", OFF), ("г. Орехово-Зуево", OFF), ("Департамент Смоленской области", OFF),
    ("Дистанционный формат", ON), ("Дистанционный формат", ON), ("Дистанционный формат", ON),
    ("Дистанционный формат", ON), ("Дистанционный формат", ON), ("г. Москва\n(дистанционный формат)", ON),
    ("Смоленская область", OFF), ("г. Москва\n(дистанционный формат)", ON), ("г. Москва\n(дистанционный формат)", ON),
    ("г. Москва\n(дистанционный формат)", ON), ("г. Москва\n(дистанционный формат)", ON),
    ("г. Москва\n(дистанционный формат)", ON), ("г. Москва\n(дистанционный формат)", ON),
    ("г. Москва\n(дистанционный формат)", ON),
    ("г. Ярославль", HY),  # "Более 200 специалистов очно, около 2000 онлайн-подключений"
    ("г. Смоленск,\nг. Вязьма", OFF), ("д. Гусино", OFF), ("г. Москва", OFF), ("г. Севастополь", OFF),
    ("г. Москва", OFF), ("г. Тверь", OFF), ("СШОР «Юность России»", OFF), ("СОГАУ Дворец спорта", OFF),
    ("Парк «Соловьиная роща»", OFF), ("Парк «Реадовка»", OFF), ("г. Смоленск", OFF),
]
_UNI = ("", OFF)  # university venues in Saint Petersburg
SPB = [
    ("онлайн", ON), ("г. Санкт-Петербург", OFF), ("г. Санкт-Петербург", OFF), ("онлайн", ON),
    ("Смоленская область", OFF), ("г. Санкт-Петербург", OFF),
    ("СОГБУК «Культурно-выставочный", OFF), ("СОГБУК «Культурно-выставочный", OFF),
    ("СОГБУК «Культурно-выставочный", OFF), ("СОГБУК «Культурно-выставочный", OFF),
    ("Государствен-ная Академическая капелла", OFF), ("СОГБУК «Культурно-выставочный", OFF),
    ("онлайн", ON), ("онлайн", ON),
    _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI,
    ("онлайн", ON),  # Всероссийская студенческая ... онлайн конференция
    _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI, _UNI,
    ("онлайн", ON),  # Повышение квалификации, в течение всего периода
    ("Институт судебной", OFF),
    ("онлайн", ON), ("онлайн", ON),
    ("г. Санкт-Петербург", OFF), ("г. Санкт-Петербург", OFF), ("Президентская библиотека", OFF),
    ("по средствам телефонной и электронной связи", ON), ("по средствам телефонной и электронной связи", ON),
    ("Таврический дворец", OFF), ("онлайн", ON), ("онлайн", ON), ("г. Санкт-Петербург", OFF),
    ("г. Смоленск", OFF), ("г. Смоленск", OFF), ("г. Смоленск", OFF), ("г. Санкт-Петербург", OFF),
]


def _cases(file: str, ncells: int, expected: list[tuple]) -> list:
    rows = seed_rows(file, ncells)
    assert len(rows) == len(expected), f"{file}: {len(rows)} rows"
    # name, dates, place, participants are the 5th..2nd cells from the end in both layouts
    return [pytest.param(r[-5], r[-4], r[-3], r[-2], *exp, id=f"{file[:3]}-{i + 1}")
            for i, (r, exp) in enumerate(zip(rows, expected, strict=True))]


@pytest.mark.parametrize("name,dates,place,participants,prefix,expected",
                         _cases("agreements-2021-q2.txt", 7, Q2) + _cases("spb-roadmap-2021.txt", 6, SPB))
def test_sample_rows(name, dates, place, participants, prefix, expected):
    assert _squash(place).startswith(_squash(prefix)), "row alignment"
    assert parse_format(place, participants, name, dates) == expected


# (place, participants, name, dates, expected)
INVENTED = [
    ("Дистанционный формат", "", "", "", ON),
    ("онлайн", "", "", "", ON),
    ("Он-лайн", "", "", "", ON),
    ("Online", "", "", "", ON),
    ("в режиме ВКС", "", "", "", ON),
    ("ВКС", "", "", "", ON),
    ("в формате видеоконференцсвязи", "", "", "", ON),
    ("в режиме видеосвязи", "", "", "", ON),
    ("заочно", "", "", "", ON),
    ("посредством телефонной и электронной связи", "", "", "", ON),
    ("по средствам\xa0телефонной связи", "", "", "", ON),
    ("г. Москва\n(дистанционный формат)", "", "", "", ON),
    ("г. Смоленск (онлайн)", "", "", "", ON),
    ("г. Смоленск", "", "Вебинар по вопросам ГЧП", "", ON),
    ("г. Смоленск", "", "Онлайн-дискуссия «Туризм»", "", ON),
    ("г. Смоленск", "", "Совещание в режиме видеоконференцсвязи", "", ON),
    ("", "", "Всероссийский заочный конкурс рисунков", "", ON),
    ("", "", "", "в течение года, дистанционно", ON),
    ("г. Смоленск", "500 онлайн-подключений", "", "", HY),
    ("", "500 онлайн-подключений", "", "", ON),
    ("онлайн", "Более 200 специалистов, 500 онлайн-подключений", "", "", ON),
    ("в очном и дистанционном формате", "", "", "", HY),
    ("г. Смоленск, в смешанном формате", "", "", "", HY),
    ("гибридный формат", "", "", "", HY),
    ("очно-заочно", "", "", "", HY),
    ("г. Ярославль", "Более 200 специалистов очно, около 2000 онлайн-подключений", "", "", HY),
    ("г. Смоленск", "150 участников в очном формате и 300 – онлайн", "", "", HY),
    ("г. Смоленск, очно и онлайн", "", "", "", HY),
    ("г. Смоленск", "", "", "", OFF),
    ("д. Ягодино, Зубцовский р-н,\nТверская область", "", "", "", OFF),
    ("Смоленская область", "", "", "", OFF),
    ("Конгрессно-выставочный центр «Экспофорум», г. Санкт-Петербург", "", "", "", OFF),
    ("ГБУ «Центр дистанционного обучения», г. Смоленск", "", "", "", OFF),
    ("г. Смоленск", "Представители центра дистанционного образования", "", "", OFF),
    ("г. Смоленск", "", "Конференция по вопросам дистанционного обучения", "", OFF),
    ("г. Смоленск", "", "Форум по развитию онлайн-торговли", "", OFF),
    ("Парк «Реадовка»,\nг. Смоленск", "Всего 83 участника", "Открытый чемпионат", "30 мая 2021 года", OFF),
    ("г. Смоленск (очно)", "", "", "", OFF),
    ("", "все участники присутствовали очно", "", "", OFF),
    ("", "", "", "", None),
    ("   \n ", "", "", "", None),
    ("по согласованию", "", "", "", None),
    ("—", "", "", "", None),
    ("-", "", "", "", None),
    ("TBD", "", "", "", None),
    ("", "Представители Департамента", "Обмен опытом", "В течение всего периода", None),
]


@pytest.mark.parametrize("place,participants,name,dates,expected", INVENTED,
                         ids=[f"{i}-{c[0][:20] or c[2][:20]}" for i, c in enumerate(INVENTED)])
def test_invented(place, participants, name, dates, expected):
    assert parse_format(place, participants, name, dates) == expected


def test_defaults_and_non_strings():
    assert parse_format("онлайн") == ON
    assert parse_format(None) is None  # type: ignore[arg-type]
    assert parse_format(123, None, [], {}) is None  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=100), st.text(max_size=100), st.text(max_size=50))
def test_property_never_raises(place, participants, name, dates):
    assert parse_format(place, participants, name, dates) in (None, ON, OFF, HY)
    assert_guard_silent(place=place, participants=participants, name=name, dates=dates)
