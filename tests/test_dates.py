"""Tests for loaders.fields.dates: every date cell of both samples, many variants, and property tests."""

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.fields.calendar_words import Period
from loaders.fields.dates import DateInfo, parse_dates, quarter_of
from tests.guard import assert_guard_silent

Q2 = Period(date(2021, 4, 1), date(2021, 6, 30), "quarter")  # "во II квартале 2021 года"
Y21 = Period(date(2021, 1, 1), date(2021, 12, 31), "year")  # "в 2021 году"
Q4 = Period(date(2021, 10, 1), date(2021, 12, 31), "quarter")
Q1_22 = Period(date(2022, 1, 1), date(2022, 3, 31), "quarter")
H1 = Period(date(2021, 1, 1), date(2021, 6, 30), "half")


def _d(s):
    return date.fromisoformat(s) if s else None


# (cell text exactly as in the .docx/.xlsx, start, end, precision, ongoing, quarter)
AGREEMENTS_Q2 = [
    ('22-23 апреля\n2021 года', '2021-04-22', '2021-04-23', 'day', False, '2021-Q2'),
    ('В течение всего периода', '2021-04-01', '2021-06-30', 'period', True, '2021-Q2'),
    ('В\xa0течение всего периода', '2021-04-01', '2021-06-30', 'period', True, '2021-Q2'),
    ('В\xa0течение всего периода', '2021-04-01', '2021-06-30', 'period', True, '2021-Q2'),
    ('В\xa0течение всего периода', '2021-04-01', '2021-06-30', 'period', True, '2021-Q2'),
    ('6 мая\n2021 года', '2021-05-06', '2021-05-06', 'day', False, '2021-Q2'),
    ('май\n2021 года', '2021-05-01', '2021-05-31', 'month', False, '2021-Q2'),
    ('июнь\n2021 года', '2021-06-01', '2021-06-30', 'month', False, '2021-Q2'),
    ('29 апреля\n2021 года', '2021-04-29', '2021-04-29', 'day', False, '2021-Q2'),
    ('18 мая\n2021 года', '2021-05-18', '2021-05-18', 'day', False, '2021-Q2'),
    ('2020-\n2024 годы', '2020-01-01', '2024-12-31', 'year', True, '2021-Q2'),
    ('2020-\n2024 годы', '2020-01-01', '2024-12-31', 'year', True, '2021-Q2'),
    ('2020-\n2024 годы', '2020-01-01', '2024-12-31', 'year', True, '2021-Q2'),
    ('В\xa0течение всего периода', '2021-04-01', '2021-06-30', 'period', True, '2021-Q2'),
    ('10 марта -\n20 мая\n2021 года', '2021-03-10', '2021-05-20', 'day', False, '2021-Q2'),
    ('7 апреля\n2021 года', '2021-04-07', '2021-04-07', 'day', False, '2021-Q2'),
    ('23 апреля -\n30 мая\n2021 года', '2021-04-23', '2021-05-30', 'day', False, '2021-Q2'),
    ('30 апреля 2021 года', '2021-04-30', '2021-04-30', 'day', False, '2021-Q2'),
    ('27 мая\n2021 года', '2021-05-27', '2021-05-27', 'day', False, '2021-Q2'),
    ('30 мая\n2021 года', '2021-05-30', '2021-05-30', 'day', False, '2021-Q2'),
    ('5 июня\n2021 года', '2021-06-05', '2021-06-05', 'day', False, '2021-Q2'),
    ('10 июня\n2021 года', '2021-06-10', '2021-06-10', 'day', False, '2021-Q2'),
    ('15 июня\n2021 года', '2021-06-15', '2021-06-15', 'day', False, '2021-Q2'),
    ('15 июня\n2021 года', '2021-06-15', '2021-06-15', 'day', False, '2021-Q2'),
    ('20-23 апреля\n2021 года', '2021-04-20', '2021-04-23', 'day', False, '2021-Q2'),
    ('1-9 мая\n2021 года', '2021-05-01', '2021-05-09', 'day', False, '2021-Q2'),
    ('1 мая\n2021 года', '2021-05-01', '2021-05-01', 'day', False, '2021-Q2'),
    ('10 мая\n2021 года', '2021-05-10', '2021-05-10', 'day', False, '2021-Q2'),
    ('16-18 апреля\n2021 года', '2021-04-16', '2021-04-18', 'day', False, '2021-Q2'),
    ('25-30 мая 2021 года', '2021-05-25', '2021-05-30', 'day', False, '2021-Q2'),
    ('23-25 июня\n2021 года', '2021-06-23', '2021-06-25', 'day', False, '2021-Q2'),
    ('1 мая\n2021 года', '2021-05-01', '2021-05-01', 'day', False, '2021-Q2'),
    ('16 мая\n2021 года', '2021-05-16', '2021-05-16', 'day', False, '2021-Q2'),
    ('13-16 мая\n2021 года', '2021-05-13', '2021-05-16', 'day', False, '2021-Q2'),
    ('30 мая\n2021 года', '2021-05-30', '2021-05-30', 'day', False, '2021-Q2'),
    ('30 мая\n2021 года', '2021-05-30', '2021-05-30', 'day', False, '2021-Q2'),
]

SPB_ROADMAP_2021 = [
    ('в течение всего периода', '2021-01-01', '2021-12-31', 'period', True, None),
    ('22-23 апреля 2021 года', '2021-04-22', '2021-04-23', 'day', False, '2021-Q2'),
    ('3 июня\n2021 года', '2021-06-03', '2021-06-03', 'day', False, '2021-Q2'),
    ('23 марта 2021 года', '2021-03-23', '2021-03-23', 'day', False, '2021-Q1'),
    ('21-25 июня 2021 года', '2021-06-21', '2021-06-25', 'day', False, '2021-Q2'),
    ('29 сентября- 1 октября 2021 года', '2021-09-29', '2021-10-01', 'day', False, '2021-Q3'),
    ('23 февраля 2021 года', '2021-02-23', '2021-02-23', 'day', False, '2021-Q1'),
    ('20 апреля -25 июля 2021 года', '2021-04-20', '2021-07-25', 'day', False, '2021-Q2'),
    ('18 июня -\n5 сентября 2021 года', '2021-06-18', '2021-09-05', 'day', False, '2021-Q2'),
    ('30 июля -\n17 октября 2021 года', '2021-07-30', '2021-10-17', 'day', False, '2021-Q3'),
    ('25-27 ноября 2021 года', '2021-11-25', '2021-11-27', 'day', False, '2021-Q4'),
    ('18 декабря 2021 года -  8 марта\n2022 года', '2021-12-18', '2022-03-08', 'day', False, '2021-Q4'),
    ('25-27 марта 2021 года', '2021-03-25', '2021-03-27', 'day', False, '2021-Q1'),
    ('март\n2021 года', '2021-03-01', '2021-03-31', 'month', False, '2021-Q1'),
    ('3-4 марта 2021 года', '2021-03-03', '2021-03-04', 'day', False, '2021-Q1'),
    ('24-26 марта 2021 года', '2021-03-24', '2021-03-26', 'day', False, '2021-Q1'),
    ('25 марта 2021 года', '2021-03-25', '2021-03-25', 'day', False, '2021-Q1'),
    ('30 март\n2021 года', '2021-03-30', '2021-03-30', 'day', False, '2021-Q1'),
    ('2 апреля 2021 года', '2021-04-02', '2021-04-02', 'day', False, '2021-Q2'),
    ('8-9 апреля 2021 года', '2021-04-08', '2021-04-09', 'day', False, '2021-Q2'),
    ('16-17 апреля 2021 года', '2021-04-16', '2021-04-17', 'day', False, '2021-Q2'),
    ('19 мая\n2021 года', '2021-05-19', '2021-05-19', 'day', False, '2021-Q2'),
    ('31мая -\n1 июля\n2021 года', '2021-05-31', '2021-07-01', 'day', False, '2021-Q2'),
    ('2-3 июня 2021 года', '2021-06-02', '2021-06-03', 'day', False, '2021-Q2'),
    ('30 июня -\n2 июля\n2021 года', '2021-06-30', '2021-07-02', 'day', False, '2021-Q2'),
    ('12-13 июля 2021 года', '2021-07-12', '2021-07-13', 'day', False, '2021-Q3'),
    ('13-14 сентября 2021 года', '2021-09-13', '2021-09-14', 'day', False, '2021-Q3'),
    ('16-17 сентября 2021 года', '2021-09-16', '2021-09-17', 'day', False, '2021-Q3'),
    ('28-29 сентября 2021 года', '2021-09-28', '2021-09-29', 'day', False, '2021-Q3'),
    ('12 ноября 2021 года', '2021-11-12', '2021-11-12', 'day', False, '2021-Q4'),
    ('29 ноября -\n2 декабря 2021 года', '2021-11-29', '2021-12-02', 'day', False, '2021-Q4'),
    ('8-10 декабря 2021 года', '2021-12-08', '2021-12-10', 'day', False, '2021-Q4'),
    ('10 декабря 2021 года', '2021-12-10', '2021-12-10', 'day', False, '2021-Q4'),
    ('в течение всего периода', '2021-01-01', '2021-12-31', 'period', True, None),
    ('в течение всего периода', '2021-01-01', '2021-12-31', 'period', True, None),
    ('28-29 апреля 2021 года', '2021-04-28', '2021-04-29', 'day', False, '2021-Q2'),
    ('в течение всего периода', '2021-01-01', '2021-12-31', 'period', True, None),
    ('март\n2021 года', '2021-03-01', '2021-03-31', 'month', False, '2021-Q1'),
    ('май\n2021 года', '2021-05-01', '2021-05-31', 'month', False, '2021-Q2'),
    ('18-20 ноября 2021 года', '2021-11-18', '2021-11-20', 'day', False, '2021-Q4'),
    ('в течении IV квартала 2021 года', '2021-10-01', '2021-12-31', 'quarter', False, '2021-Q4'),
    ('в течении IV квартала 2021 года', '2021-10-01', '2021-12-31', 'quarter', False, '2021-Q4'),
    ('24-25 июня 2021 года', '2021-06-24', '2021-06-25', 'day', False, '2021-Q2'),
    ('октябрь 2021 года', '2021-10-01', '2021-10-31', 'month', False, '2021-Q4'),
    ('28 мая\n2021 года', '2021-05-28', '2021-05-28', 'day', False, '2021-Q2'),
    ('3-5 сентября\n2021 года', '2021-09-03', '2021-09-05', 'day', False, '2021-Q3'),
    ('30 мая\n2021 года', '2021-05-30', '2021-05-30', 'day', False, '2021-Q2'),
    ('22-23 октября 2021 года', '2021-10-22', '2021-10-23', 'day', False, '2021-Q4'),
    ('16-17 ноября 2021 года', '2021-11-16', '2021-11-17', 'day', False, '2021-Q4'),
    ('12-17 декабря 2021 года', '2021-12-12', '2021-12-17', 'day', False, '2021-Q4'),
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "ongoing", "quarter"), AGREEMENTS_Q2)
def test_agreements_q2_sample(text, start, end, precision, ongoing, quarter):
    info = parse_dates(text, Q2)
    assert info == DateInfo(_d(start), _d(end), precision, ongoing, None)
    assert quarter_of(info, Q2) == quarter


@pytest.mark.parametrize(("text", "start", "end", "precision", "ongoing", "quarter"), SPB_ROADMAP_2021)
def test_spb_roadmap_2021_sample(text, start, end, precision, ongoing, quarter):
    info = parse_dates(text, Y21)
    assert info == DateInfo(_d(start), _d(end), precision, ongoing, None)
    assert quarter_of(info, Y21) == quarter


def test_sample_cell_counts():
    assert len(AGREEMENTS_Q2) == 36
    assert len(SPB_ROADMAP_2021) == 50


OUT = "даты вне отчетного периода"

# (text, period, start, end, precision, ongoing, issue prefix or None)
VARIANTS = [
    # day ranges: dash variants, spaces, line breaks, nbsp, trailing spaces (as in the text dumps)
    ("22 – 23 апреля 2021 г.", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("22—23 апреля 2021 г.", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("22\u201123 апреля", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("22\u2212\n23\xa0апреля\xa02021\xa0года", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("23-\n25 апреля", Q2, "2021-04-23", "2021-04-25", "day", False, None),
    ("10 марта -\n20 мая \n2021 года ", Q2, "2021-03-10", "2021-05-20", "day", False, None),
    ("29 апреля \n2021 года ", Q2, "2021-04-29", "2021-04-29", "day", False, None),
    ("  22-23  апреля   2021 года  ", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("1-2 июня 2021г.", Q2, "2021-06-01", "2021-06-02", "day", False, None),
    ("22апреля2021", Q2, "2021-04-22", "2021-04-22", "day", False, None),
    ("22 апреля 2021года", Q2, "2021-04-22", "2021-04-22", "day", False, None),
    ("22-23 апреля 2021 года (онлайн)", Q2, "2021-04-22", "2021-04-23", "day", False, None),
    ("15, 16 и 20 апреля 2021 г.", Q2, "2021-04-15", "2021-04-20", "day", False, None),
    ("1 этап - 5 мая, 2 этап - 10 мая 2021", Q2, "2021-05-05", "2021-05-10", "day", False, None),
    # cross-month / cross-year
    ("29 сентября- 1 октября 2021 года", Y21, "2021-09-29", "2021-10-01", "day", False, None),
    ("31мая -\n1 июля", Y21, "2021-05-31", "2021-07-01", "day", False, None),
    ("18 декабря 2021 года -  8 марта \n2022 года", Y21, "2021-12-18", "2022-03-08", "day", False, None),
    ("20 декабря - 10 января 2022", Q1_22, "2021-12-20", "2022-01-10", "day", False, None),
    ("20 декабря 2021 - 10 января", Q4, "2021-12-20", "2022-01-10", "day", False, None),
    ("20 декабря - 10 января", Q1_22, "2021-12-20", "2022-01-10", "day", False, None),
    ("декабрь - февраль", Q4, "2021-12-01", "2022-02-28", "month", False, None),
    # "с ... по ..."
    ("с 5 по 7 октября 2021 г.", Q4, "2021-10-05", "2021-10-07", "day", False, None),
    ("с 5 октября по 7 ноября", Q4, "2021-10-05", "2021-11-07", "day", False, None),
    ("с 5 октября 2021 г. по 7 ноября 2021 г.", Q4, "2021-10-05", "2021-11-07", "day", False, None),
    ("c 5 по 7 мая", Q2, "2021-05-05", "2021-05-07", "day", False, None),  # Latin "c"
    ("с 5 по 7 мая и с 10 по 12 июня 2021", Q2, "2021-05-05", "2021-06-12", "day", False, None),
    ("с апреля по июнь", Q2, "2021-04-01", "2021-06-30", "month", False, None),
    # numeric dates
    ("05.10.2021", Q4, "2021-10-05", "2021-10-05", "day", False, None),
    ("5.10.21", Q4, "2021-10-05", "2021-10-05", "day", False, None),
    ("14/05/2021", Q2, "2021-05-14", "2021-05-14", "day", False, None),
    ("05.10.2021-07.10.2021", Q4, "2021-10-05", "2021-10-07", "day", False, None),
    ("05.10.2021 – 07.10.2021", Q4, "2021-10-05", "2021-10-07", "day", False, None),
    ("05.10 - 07.10.2021", Q4, "2021-10-05", "2021-10-07", "day", False, None),
    ("20-23.04.2021", Q2, "2021-04-20", "2021-04-23", "day", False, None),
    ("22.04.2021г.", Q2, "2021-04-22", "2021-04-22", "day", False, None),
    ("06.05.2021 10:30", Q2, "2021-05-06", "2021-05-06", "day", False, None),  # how the xlsx reader writes datetimes
    ("12.05.2021 10:00", Q2, "2021-05-12", "2021-05-12", "day", False, None),
    ("2021-05-06 00:00:00", Q2, "2021-05-06", "2021-05-06", "day", False, None),
    ("23.04.2021, 30.05.2021", Q2, "2021-04-23", "2021-05-30", "day", False, None),
    ("44322", Q2, "2021-05-06", "2021-05-06", "day", False, None),  # Excel serial day read as text
    # month words: cases, typos, abbreviations, Latin look-alikes
    ("30 март\n2021 года", Y21, "2021-03-30", "2021-03-30", "day", False, None),
    ("31мая", Q2, "2021-05-31", "2021-05-31", "day", False, None),
    ("5 окт. 2021 г.", Q4, "2021-10-05", "2021-10-05", "day", False, None),
    ("10 сент. 2021", Y21, "2021-09-10", "2021-09-10", "day", False, None),
    ("нояб. 2021", Q4, "2021-11-01", "2021-11-30", "month", False, None),
    ("Дек. 2021", Q4, "2021-12-01", "2021-12-31", "month", False, None),
    ("сентяря 2021", Y21, "2021-09-01", "2021-09-30", "month", False, None),
    ("мaя 2021", Q2, "2021-05-01", "2021-05-31", "month", False, None),
    ("в мае", Q2, "2021-05-01", "2021-05-31", "month", False, None),
    ("апреля 2021 года", Q2, "2021-04-01", "2021-04-30", "month", False, None),
    ("май\n2021 года", Q2, "2021-05-01", "2021-05-31", "month", False, None),
    ("сентябрь–октябрь 2021 г.", Y21, "2021-09-01", "2021-10-31", "month", False, None),
    ("май-июнь", Q2, "2021-05-01", "2021-06-30", "month", False, None),
    ("Апрель-май 2021г", Q2, "2021-04-01", "2021-05-31", "month", False, None),
    ("конец апреля - начало мая 2021", Q2, "2021-04-01", "2021-05-31", "month", False, None),
    ("декабрь 2021 - февраль 2022", Y21, "2021-12-01", "2022-02-28", "month", False, None),
    ("июнь (перенесено)", Q2, "2021-06-01", "2021-06-30", "month", False, None),
    # quarters, halves, months
    ("III квартал", Y21, "2021-07-01", "2021-09-30", "quarter", False, None),
    ("3 кв.", Y21, "2021-07-01", "2021-09-30", "quarter", False, None),
    ("4 кв. 2021", Y21, "2021-10-01", "2021-12-31", "quarter", False, None),
    ("IV кв. 2021 г.", Y21, "2021-10-01", "2021-12-31", "quarter", False, None),
    ("в течение IV квартала", Y21, "2021-10-01", "2021-12-31", "quarter", False, None),
    ("в течении IV квартала 2021 года", Y21, "2021-10-01", "2021-12-31", "quarter", False, None),
    ("Ⅳ квартал 2021", Y21, "2021-10-01", "2021-12-31", "quarter", False, None),
    ("2-й квартал 2021 г.", Q2, "2021-04-01", "2021-06-30", "quarter", False, None),
    ("во 2-м квартале 2021 года", Q2, "2021-04-01", "2021-06-30", "quarter", False, None),
    ("II-III квартал 2021 года", Y21, "2021-04-01", "2021-09-30", "quarter", False, None),
    ("1 и 2 квартал 2021", Y21, "2021-01-01", "2021-06-30", "quarter", False, None),
    ("4 квартал 2021 года - 1 квартал 2022 года", Y21, "2021-10-01", "2022-03-31", "quarter", False, None),
    ("1 полугодие 2021 года", Y21, "2021-01-01", "2021-06-30", "half", False, None),
    ("первое полугодие", Y21, "2021-01-01", "2021-06-30", "half", False, None),
    ("второе полугодие 2021 г.", Y21, "2021-07-01", "2021-12-31", "half", False, None),
    ("II полугодие", Y21, "2021-07-01", "2021-12-31", "half", False, None),
    ("9 месяцев 2021 года", Y21, "2021-01-01", "2021-09-30", "month", False, None),
    # years: the whole period of an annual report is ongoing (its quarter is not Q1, it is «весь период»)
    ("2021 год", Y21, "2021-01-01", "2021-12-31", "year", True, None),
    ("в 2021 году", Y21, "2021-01-01", "2021-12-31", "year", True, None),
    ("2021 г.", Y21, "2021-01-01", "2021-12-31", "year", True, None),
    ("2021г.г.", Y21, "2021-01-01", "2021-12-31", "year", True, None),
    ("в течение 2021 года", Y21, "2021-01-01", "2021-12-31", "year", True, None),
    ("2021/2022", Y21, "2021-01-01", "2022-12-31", "year", True, None),
    ("2020-24 гг.", Y21, "2020-01-01", "2024-12-31", "year", True, None),
    ("2020 –\n2024 гг.", Y21, "2020-01-01", "2024-12-31", "year", True, None),
    # a range containing the (shorter) report period is ongoing
    ("2021 год", Q2, "2021-01-01", "2021-12-31", "year", True, None),
    ("1 полугодие 2021 года", Q2, "2021-01-01", "2021-06-30", "half", True, None),
    ("январь 2021 – декабрь 2021", Q2, "2021-01-01", "2021-12-31", "month", True, None),
    # ongoing words -> the report period
    ("В течение всего периода", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("в течение года", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("постоянно", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("Ежемесячно", Y21, "2021-01-01", "2021-12-31", "period", True, None),
    ("на постоянной основе", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("весь период", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("в течение отчетного периода", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("2 раза в месяц", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("по мере необходимости", Q2, "2021-04-01", "2021-06-30", "period", True, None),
    ("ежегодно", Y21, "2021-01-01", "2021-12-31", "period", True, None),
    ("ежегодно, 15 мая", Q2, "2021-05-15", "2021-05-15", "day", False, None),
    ("Постоянное представительство, 5 мая 2021", Q2, "2021-05-05", "2021-05-05", "day", False, None),
    ("Постоянно (с 2020 года)", Q2, "2020-01-01", "2021-06-30", "period", True, None),
    ("с 1 марта 2021 г. по настоящее время", Q2, "2021-03-01", "2021-06-30", "period", True, None),
    ("с 1 марта 2021 г.", Y21, "2021-03-01", "2021-12-31", "period", False, None),
    ("до 30 июня 2021 года", Q2, "2021-06-30", "2021-06-30", "day", False, None),
    # outside the report period: dates kept, warning issue
    ("23 марта 2021 года", Q2, "2021-03-23", "2021-03-23", "day", False, OUT),
    ("III квартал", Q2, "2021-07-01", "2021-09-30", "quarter", False, OUT),
    ("март", Q4, "2021-03-01", "2021-03-31", "month", False, OUT),
    ("январь", Q1_22, "2022-01-01", "2022-01-31", "month", False, None),
    # no period: explicit dates still work
    ("6 мая 2021", None, "2021-05-06", "2021-05-06", "day", False, None),
    ("2020-2024 годы", None, "2020-01-01", "2024-12-31", "year", False, None),
]


@pytest.mark.parametrize(("text", "period", "start", "end", "precision", "ongoing", "issue"), VARIANTS)
def test_variants(text, period, start, end, precision, ongoing, issue):
    info = parse_dates(text, period)
    assert (info.date_start, info.date_end, info.precision, info.ongoing) == (_d(start), _d(end), precision, ongoing)
    if issue is None:
        assert info.issue is None
    else:
        assert info.issue is not None and info.issue.startswith(issue)


UNPARSEABLE = [
    ("по согласованию", "не удалось распознать дату: 'по согласованию'"),
    ("TBD", "не удалось распознать дату: 'TBD'"),
    ("перенесено", "не удалось распознать дату: 'перенесено'"),
    ("2 месяца", "не удалось распознать дату: '2 месяца'"),
    ("по\nсогласованию ", "не удалось распознать дату: 'по согласованию'"),
    ("", "дата не указана"),
    ("   \n\xa0", "дата не указана"),
    ("-", "дата не указана"),
    (None, "дата не указана"),
    ("20-10 мая", "обратный диапазон дат: '20-10 мая'"),
    ("5 - 3 мая 2021", "обратный диапазон дат: '5 - 3 мая 2021'"),
    ("май - апрель 2021", "обратный диапазон дат: 'май - апрель 2021'"),
    ("2022 - 2020", "обратный диапазон дат: '2022 - 2020'"),
    ("01.02.2021 - 01.01.2021", "обратный диапазон дат: '01.02.2021 - 01.01.2021'"),
    ("31 июня 2021", "некорректная дата: '31 июня 2021'"),
    ("29 февраля 2021", "некорректная дата: '29 февраля 2021'"),
    ("32.13.2021", "некорректная дата: '32.13.2021'"),
]


@pytest.mark.parametrize(("text", "issue"), UNPARSEABLE)
def test_unparseable_gives_nulls_and_issue(text, issue):
    assert parse_dates(text, Q2) == DateInfo(None, None, None, False, issue)


def test_missing_year_without_period_is_an_issue():
    info = parse_dates("22-23 апреля", None)
    assert (info.date_start, info.date_end, info.precision) == (None, None, None)
    assert info.issue == "не указан год, отчетный период неизвестен: '22-23 апреля'"


def test_ongoing_without_period():
    info = parse_dates("в течение всего периода", None)
    assert (info.date_start, info.date_end, info.precision, info.ongoing) == (None, None, "period", True)
    assert info.issue == "отчетный период неизвестен: 'в течение всего периода'"


@pytest.mark.parametrize("value", [date(2021, 5, 6), datetime(2021, 5, 6, 10, 30), 44322, 44322.0])
def test_excel_cells(value):
    assert parse_dates(value, Q2) == DateInfo(date(2021, 5, 6), date(2021, 5, 6), "day", False, None)


def test_excel_year_number_and_nan():
    assert parse_dates(2021, Y21) == DateInfo(date(2021, 1, 1), date(2021, 12, 31), "year", True, None)
    assert parse_dates(2021, Q2) == DateInfo(date(2021, 1, 1), date(2021, 12, 31), "year", True, None)
    assert parse_dates(float("nan"), Q2) == DateInfo(None, None, None, False, "дата не указана")


# ---------------------------------------------------------------- quarter_of
@pytest.mark.parametrize(
    ("text", "period", "quarter"),
    [
        ("6 мая 2021 года", Q2, "2021-Q2"),
        ("10 марта -\n20 мая \n2021 года", Q2, "2021-Q2"),  # started before the period, overlaps it
        ("23 марта 2021 года", Q2, "2021-Q1"),  # entirely before: its own quarter
        ("18 декабря 2021 года - 8 марта 2022 года", Y21, "2021-Q4"),
        ("в течение всего периода", Q2, "2021-Q2"),  # ongoing in a quarterly report
        ("в течение всего периода", Y21, None),  # ongoing in an annual report
        ("в течение всего периода", H1, None),
        ("2020-2024 годы", Q2, "2021-Q2"),
        ("2020-2024 годы", Y21, None),
        ("по согласованию", Q2, None),
        ("6 мая 2021 года", None, "2021-Q2"),
        ("в течение всего периода", None, None),
    ],
)
def test_quarter_of(text, period, quarter):
    assert quarter_of(parse_dates(text, period), period) == quarter


def test_quarter_of_months_report_within_one_quarter():
    months = Period(date(2021, 1, 1), date(2021, 3, 31), "months")
    assert quarter_of(DateInfo(months.start, months.end, "period", True, None), months) == "2021-Q1"


# ---------------------------------------------------------------- properties
PERIODS = st.sampled_from([None, Q2, Y21, Q4, Q1_22, H1])
FRAGMENTS = st.sampled_from([
    "1", "5", "22", "31", "0", "99", "2021", "2020", "1999", "3000", "апреля", "мая", "март", "май", "сент.", "окт",
    "дек.", "-", "–", "—", " ", "\n", "\xa0", ",", "и", "с", "по", "до", "от", "г.", "года", "годы", "квартал", "кв.",
    "полугодие", "месяцев", "I", "II", "IV", "первое", "второй", "05.10.2021", "5.10", "31.02", "00.13.2021",
    "2021-05-06", "н.в.", "по настоящее время", "в течение", "всего периода", "постоянно", "ежегодно", "(", ")", ".",
    "/", "10:00", "44322", "№", "Ⅳ", "мaя", "31мая", "2020-\n2024",
])


def _check(info: DateInfo) -> None:
    assert isinstance(info, DateInfo)
    assert (info.date_start is None) == (info.date_end is None)
    if info.date_start is not None:
        assert info.date_start <= info.date_end
        assert info.precision in {"day", "month", "quarter", "half", "year", "period"}
    else:
        assert info.issue
    assert info.issue is None or not info.issue.startswith("ошибка разбора")  # no guard inside: a bug raises


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80), PERIODS)
def test_never_raises_on_arbitrary_text(text, period):
    info = parse_dates(text, period)
    _check(info)
    q = quarter_of(info, period)
    assert q is None or (len(q) == 7 and q[4:6] == "-Q")
    assert_guard_silent(dates=text, period=period)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(FRAGMENTS, st.sampled_from(["", " "])), max_size=10), PERIODS)
def test_never_raises_on_date_like_fragments(parts, period):
    text = "".join(a + b for a, b in parts)
    _check(parse_dates(text, period))
    assert_guard_silent(dates=text, period=period)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_dotted_ranges_roundtrip(a, b):
    info = parse_dates(f"{a:%d.%m.%Y} - {b:%d.%m.%Y}", None)
    if a <= b:
        assert (info.date_start, info.date_end, info.precision) == (a, b, "day")
    else:
        assert info.date_start is None and info.issue.startswith("обратный диапазон дат")
