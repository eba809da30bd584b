"""Tests for loaders.fields.period: the reporting period from a report title, and the shared vocabulary."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.fields.calendar_words import Period, month_number, normalize, ordinal_number, roman_number
from loaders.fields.period import parse_period

AGREEMENTS_TITLE = "Отчет о реализации соглашений в сфере межрегионального сотрудничества\nво II квартале 2021 года"
ROADMAP_TITLE = (" Отчет об исполнении в 2021 году\nПлана мероприятий «Дорожной карты» по развитию сотрудничества между \n"
                 "Санкт-Петербургом и Смоленской областью на 2021-2023 годы")


def _p(start: str, end: str, kind: str) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end), kind)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (AGREEMENTS_TITLE, _p("2021-04-01", "2021-06-30", "quarter")),
        (ROADMAP_TITLE, _p("2021-01-01", "2021-12-31", "year")),  # the plan span "на 2021-2023 годы" is ignored
        ("Отчет за I квартал 2021 г.", _p("2021-01-01", "2021-03-31", "quarter")),
        ("Отчет о реализации в 1 квартале 2021 года", _p("2021-01-01", "2021-03-31", "quarter")),
        ("Информация за первый квартал 2022 года", _p("2022-01-01", "2022-03-31", "quarter")),
        ("Отчет в 3-м квартале 2023 г.", _p("2023-07-01", "2023-09-30", "quarter")),
        ("Отчет за 4 квартал 2021 года", _p("2021-10-01", "2021-12-31", "quarter")),
        ("Отчет за IV кв. 2021 г.", _p("2021-10-01", "2021-12-31", "quarter")),
        ("Отчет\xa0за\xa0IV\xa0кв.\xa02021\xa0г.", _p("2021-10-01", "2021-12-31", "quarter")),
        ("Отчет о реализации соглашений\nв III\nквартале\n2021 года", _p("2021-07-01", "2021-09-30", "quarter")),
        ("Отчет XXI века за III квартал 2021", _p("2021-07-01", "2021-09-30", "quarter")),
        ("Отчет за I-II кварталы 2021 года", _p("2021-01-01", "2021-06-30", "range")),
        ("Отчет за 1 полугодие 2021 года", _p("2021-01-01", "2021-06-30", "half")),
        ("Отчет за второе полугодие 2020 года", _p("2020-07-01", "2020-12-31", "half")),
        ("Отчет за полугодие 2021 г.", _p("2021-01-01", "2021-06-30", "half")),
        ("Отчет за 9 месяцев 2021 года", _p("2021-01-01", "2021-09-30", "months")),
        ("за девять месяцев 2021 г.", _p("2021-01-01", "2021-09-30", "months")),
        ("Отчет за январь – март 2021 года", _p("2021-01-01", "2021-03-31", "months")),
        ("Отчет за январь—июнь\n2021 г.", _p("2021-01-01", "2021-06-30", "months")),
        ("Отчет за май 2021 года", _p("2021-05-01", "2021-05-31", "months")),
        ("Отчет о реализации в мае 2021 года", _p("2021-05-01", "2021-05-31", "months")),
        ("Отчет за период с 01.01.2021 по 31.03.2021", _p("2021-01-01", "2021-03-31", "range")),
        ("Отчет за период с 1 января по 31 марта 2021 года", _p("2021-01-01", "2021-03-31", "range")),
        ("Отчет за 2022 год", _p("2022-01-01", "2022-12-31", "year")),
        ("Отчет по итогам 2021 года", _p("2021-01-01", "2021-12-31", "year")),
        ("Отчёт об исполнении Плана на 2022 год", _p("2022-01-01", "2022-12-31", "year")),
        ("Отчет за 2020-2021 годы", _p("2020-01-01", "2021-12-31", "range")),
        ("Отчет о выполнении плана на 2021-2023 годы", None),  # only a plan span: no reporting period
        ("Отчет о реализации соглашений", None),
        ("", None),
    ],
)
def test_parse_period(title, expected):
    assert parse_period(title) == expected


def test_parse_period_non_string():
    assert parse_period(None) is None  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_parse_period_never_raises(title):
    p = parse_period(title)
    assert p is None or p.start <= p.end


def test_normalize():
    assert normalize("31мая -\n1\xa0июля\u00a02021г.") == "31 мая - 1 июля 2021 г."
    assert normalize("22–23 Апреля") == "22-23 апреля"
    assert normalize("в 1-м квартале") == "в 1 квартале"
    assert normalize("мaя") == "мая"  # Latin "a" inside a Cyrillic word


@pytest.mark.parametrize(
    ("word", "n"),
    [("январь", 1), ("февраля", 2), ("март", 3), ("марте", 3), ("апр.", 4), ("май", 5), ("мае", 5), ("июнь", 6),
     ("июля", 7), ("авг", 8), ("сент.", 9), ("сентяря", 9), ("октябрь", 10), ("нояб.", 11), ("декабре", 12),
     ("марш", None), ("декада", None), ("майские", None), ("маршрут", None), ("апробация", None)],
)
def test_month_number(word, n):
    assert month_number(word) == n


def test_roman_and_ordinals():
    assert [roman_number(w) for w in ("i", "ii", "iii", "iv", "xii", "abc")] == [1, 2, 3, 4, 12, None]
    assert [ordinal_number(w) for w in ("первое", "второго", "третьем", "четвертом", "вторник")] == [1, 2, 3, 4, None]
