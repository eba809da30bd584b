"""Exports: the exact CSV bytes, the XLSX read back, formula injection neutralised, file names."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics import queries
from analytics.export import (
    EXPORT_COLUMNS,
    export_file_name,
    neutralise,
    table_to_csv_bytes,
    to_csv_bytes,
    to_xlsx_bytes,
)
from analytics.filters import Filters
from ui.widgets import describe_filters

HEADER = ("Наименование мероприятия;Регионы-партнёры;Департамент;Дата начала;Дата окончания;Квартал;"
          "Сроки (как в отчёте);Город;Место (как в отчёте);Формат;Тип;Участников;Точность числа участников;"
          "Участники (как в отчёте);Содержание и результат;Соглашение;Файл;Строка в файле")
ROW = ("Региональный этап Всероссийского полумарафона «Забег.РФ»;Санкт-Петербург;"
       "Главное управление спорта Смоленской области;30.05.2021;30.05.2021;2021-Q2;\"30 мая\n2021 года\";"
       "Смоленск;г. Смоленск;очно;соревнования;602;точно;"
       "Всего 602 участника из 33 регионов, в том числе спортсмены г. Санкт-Петербурга;"
       "Соревнования – повышение мастерства участников, обмен опытом работы тренеров;;"
       "smolensk-spb-roadmap-2021.docx;таблица 1, строка 59")
KNOWN = Filters(regions=("SPE",), reports=(2,), search="полумарафон")
SPB_REPORT = ("Отчет об исполнении в 2021 году Плана мероприятий «Дорожной карты» по развитию сотрудничества между "
              "Санкт-Петербургом и Смоленской областью на 2021-2023 годы (smolensk-spb-roadmap-2021.docx)")
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture()
def known_events(sample_conn) -> pd.DataFrame:
    return queries.events_for_export(sample_conn, KNOWN)


def injected() -> pd.DataFrame:
    """One row per dangerous start, in the event name and in the participants text."""
    rows = []
    for i, text in enumerate(INJECTIONS):
        row = {col: None for col, _ in EXPORT_COLUMNS}
        row.update(name=text, participants_text=text, partners="Москва", date_start=dt.date(2021, 4, 1),
                   participants_total=float(i), participants_qualifier="exact", format="online", quarter="2021-Q2")
        rows.append(row)
    return pd.DataFrame(rows)


def test_csv_exact_bytes(known_events):
    assert len(known_events) == 1
    data = to_csv_bytes(known_events)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert data == ("\ufeff" + HEADER + "\r\n" + ROW + "\r\n").encode("utf-8")


def test_csv_comma_option(known_events):
    text = to_csv_bytes(known_events, sep=",").decode("utf-8")
    header, rest = text.split("\r\n", 1)
    assert header == "\ufeff" + HEADER.replace(";", ",")
    # fields holding a comma are quoted, the rest as is
    assert rest.startswith("Региональный этап Всероссийского полумарафона «Забег.РФ»,Санкт-Петербург,")
    assert ',"Всего 602 участника из 33 регионов, в том числе спортсмены г. Санкт-Петербурга",' in rest
    assert rest.endswith(',,smolensk-spb-roadmap-2021.docx,"таблица 1, строка 59"\r\n')


def test_csv_english_header(known_events):
    header, row, _ = to_csv_bytes(known_events, lang="en").decode("utf-8").rsplit("\r\n", 2)
    assert header.startswith("\ufeffEvent;Partner regions;Department;Start date;End date;Quarter;")
    assert row.endswith(";in person;соревнования;602;exact;" + ROW.split(";точно;", 1)[1].rsplit(";", 1)[0]
                        + ";table 1 row 59")  # English keeps the stored source reference


def test_csv_injection_neutralised():
    text = to_csv_bytes(injected()).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert [r[0] for r in records] == ["'" + v for v in INJECTIONS]  # name column
    assert [r[13] for r in records] == ["'" + v for v in INJECTIONS]  # participants as written
    assert text.split("\r\n")[1].startswith('"\'=HYPERLINK(""http://x"",""y"")";')
    for record in records:
        for value in record:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_neutralise_leaves_plain_text_and_numbers():
    assert neutralise("Москва") == "Москва"
    assert neutralise(5) == 5
    assert neutralise("1-2 июня") == "1-2 июня"
    assert neutralise("-5") == "'-5"


def names(conn, lang: str = "ru") -> tuple[dict[str, str], dict[int, str]]:
    """What ui.widgets.filter_names builds from the cached queries."""
    regions = {code: (en if lang == "en" and en else ru) for code, ru, en in queries.region_names(conn).itertuples(index=False)}
    reports = {rid: f"{title} ({file_name})" for rid, title, file_name in queries.filter_options(conn)["reports"]}
    return regions, reports


def test_xlsx_read_back(known_events, sample_conn):
    data = to_xlsx_bytes(known_events, describe_filters(KNOWN, "ru", *names(sample_conn)))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.title == "Мероприятия"
    assert [c.value for c in ws[1]] == HEADER.split(";")
    assert ws.freeze_panes == "A2"
    assert all(c.alignment.wrap_text for c in ws[1])
    assert all(c.alignment.wrap_text for c in ws[2])
    assert ws.max_row == 2
    row = [c.value for c in ws[2]]
    assert row[0] == "Региональный этап Всероссийского полумарафона «Забег.РФ»"
    assert row[5] == "2021-Q2" and row[6] == "30 мая\n2021 года"
    # real, sortable Excel dates shown as ДД.ММ.ГГГГ
    for cell in (ws["D2"], ws["E2"]):
        assert cell.value == dt.datetime(2021, 5, 30) and cell.is_date and cell.number_format == "DD.MM.YYYY"
    assert row[11] == 602 and ws["L2"].data_type == "n" and row[12] == "точно"
    assert row[-2:] == ["smolensk-spb-roadmap-2021.docx", "таблица 1, строка 59"]
    assert ws.auto_filter.ref == "A1:R2"
    info = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert wb.worksheets[1].title == "Фильтры"
    assert info["Регионы-партнёры"] == "Санкт-Петербург"
    assert info["Отчёты"] == SPB_REPORT
    assert info["Поиск по тексту"] == "полумарафон"
    assert info["Строк"] == 1
    exported = dt.datetime.strptime(info["Время выгрузки"], "%d.%m.%Y %H:%M")
    assert abs((dt.datetime.now() - exported).total_seconds()) < 300


def test_xlsx_injection_neutralised():
    data = to_xlsx_bytes(injected(), [("Поиск по тексту", '=HYPERLINK("http://x","y")')])
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    names = [ws.cell(row=r, column=1) for r in range(2, ws.max_row + 1)]
    for cell, value in zip(names, INJECTIONS):
        assert cell.data_type == "s"  # a string, never a formula
        assert cell.value == "'" + value
    search = [r for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True) if r[0] == "Поиск по тексту"]
    assert search == [("Поиск по тексту", "'=HYPERLINK(\"http://x\",\"y\")")]
    assert ws.cell(row=2, column=4).value == dt.datetime(2021, 4, 1)
    assert ws.cell(row=2, column=10).value == "онлайн"


def test_xlsx_control_characters_do_not_break_export():
    """Word text may carry \\x07 / \\x0b: openpyxl refuses them, the export must not."""
    events = injected().head(1).assign(name="до\x0bпосле\x07")
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(events, [])))
    assert wb.worksheets[0].cell(row=2, column=1).value == "допосле"


def test_table_csv():
    table = pd.DataFrame({"file_name": ["a.xlsx"], "reason": ["=1+1"], "raw_text": ["x;y"]})
    data = table_to_csv_bytes(table, {"file_name": "Файл", "reason": "Причина"})
    assert data == "\ufeffФайл;Причина;raw_text\r\na.xlsx;'=1+1;\"x;y\"\r\n".encode()


@pytest.mark.parametrize("parts,ext,expected", [
    (["мероприятия", "Санкт-Петербург", "2021-Q2"], "csv", "meropriyatiya_Sankt-Peterburg_2021-Q2.csv"),
    (["мероприятия", "Москва", "Санкт-Петербург", "2021-Q1-2021-Q2"], "xlsx",
     "meropriyatiya_Moskva_Sankt-Peterburg_2021-Q1-2021-Q2.xlsx"),
    (["мероприятия"], "csv", "meropriyatiya.csv"),
    (["events", "Saint Petersburg"], "csv", "events_Saint-Petersburg.csv"),
    (["мероприятия", "Республика Саха (Якутия)", "../../etc"], "csv",
     "meropriyatiya_Respublika-Sakha-Yakutiya_etc.csv"),
])
def test_file_names(parts, ext, expected):
    assert export_file_name(parts, ext) == expected
