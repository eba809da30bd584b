"""Exports: the exact CSV bytes, the XLSX read back, formula injection neutralised, file names."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analytics import queries
from analytics.export import (
    EXPORT_COLUMNS,
    export_file_name,
    neutralise,
    safe_text,
    source_ref_text,
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


# ------------------------------------------------------------------ formulas hidden behind other characters
# (cell text, what the cell must hold): control characters go first, then the formula start is neutralised
HIDDEN = [
    ('\x01=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("\x0b=1+1", "'=1+1"),
    ("\x07\x1f+1+2", "'+1+2"),
    (" =1+1", "' =1+1"),
    ("  @SUM(A1)", "'  @SUM(A1)"),
    ("\n=1+1", "'\n=1+1"),
    ("\t=1+1", "'\t=1+1"),
    ("\r\n-2+3", "'\r\n-2+3"),
    ("＝1+1", "'＝1+1"),
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    ("\u3000=1", "'\u3000=1"),
    ("\u00a0\u200b=1", "'\u00a0\u200b=1"),
    ("\ufeff=1", "'\ufeff=1"),
    ("\x01\x0b \x0c=cmd|' /C calc'!A0", "' =cmd|' /C calc'!A0"),
]
PLAIN = [("Москва", "Москва"), ("1-2 июня", "1-2 июня"), ("a=b", "a=b"), ("до\x0bпосле\x07", "допосле"),
         ("—", "—"), (" Смоленск", " Смоленск")]


def hidden_frame(cases: list[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for text, _ in cases:
        row = {col: None for col, _ in EXPORT_COLUMNS}
        row.update(name=text, place_text=text, result_text=text, source_ref=text, date_start=dt.date(2021, 4, 1))
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_hidden_formulas(sep):
    cases = HIDDEN + PLAIN
    text = to_csv_bytes(hidden_frame(cases), sep=sep).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))[1:]
    assert len(records) == len(cases)
    for record, (_, expected) in zip(records, cases):
        assert record[0] == expected  # name
        assert record[8] == expected  # place as written
        assert record[14] == expected  # result
        assert record[17] == expected  # source_ref (not a readers' form: kept as written)


# The export tests a row once (any control character in its texts? any cell starting like a formula?) before
# it tests each cell: a dangerous text in any one column, the row's other cells plain, is caught all the same.
ONE_CELL_CASES = [('\x01=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'), ("до\x0bпосле", "допосле"),
                  (" =1+1", "' =1+1"), ("@SUM(A1)", "'@SUM(A1)")]


def test_csv_one_dangerous_cell_in_an_otherwise_plain_row():
    from analytics.export_sql import COLUMNS

    texts = [(i, col) for i, (col, _, kind) in enumerate(COLUMNS) if kind in ("text", "ref")]
    rows, expected = [], []
    for i, col in texts:
        for text, safe in ONE_CELL_CASES:
            row = {c: None for c, _ in EXPORT_COLUMNS}
            row.update({c: "plain" for _, c in texts}, date_start=dt.date(2021, 4, 1))
            row[col] = text
            rows.append(row)
            expected.append(["plain" if j != i else safe for j, _ in texts])
    records = list(csv.reader(io.StringIO(to_csv_bytes(pd.DataFrame(rows)).decode("utf-8-sig"), newline=""),
                              delimiter=";"))[1:]
    assert [[record[i] for i, _ in texts] for record in records] == expected
    assert len(records) == len(texts) * len(ONE_CELL_CASES) == 13 * 4


def test_xlsx_hidden_formulas_read_back():
    cases = HIDDEN + PLAIN
    data = to_xlsx_bytes(hidden_frame(cases), [("Поиск по тексту", "\x01=HYPERLINK(\"http://x\",\"y\")"),
                                               ("Департаменты", "＝1+1")])
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.max_row == len(cases) + 1
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)  # no formula anywhere
    for r, (_, expected) in enumerate(cases, start=2):
        for col in ("A", "I", "O", "R"):
            assert ws[f"{col}{r}"].value == expected and ws[f"{col}{r}"].data_type == "s"
    info = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert info["Поиск по тексту"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert info["Департаменты"] == "'＝1+1"


def test_small_table_csv_hidden_formulas():
    table = pd.DataFrame({"reason": [text for text, _ in HIDDEN + PLAIN]})
    lines = table_to_csv_bytes(table).decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(lines, newline=""), delimiter=";")][1:] == \
        [expected for _, expected in HIDDEN + PLAIN]


@pytest.mark.parametrize("text,expected", HIDDEN + PLAIN)
def test_safe_text(text, expected):
    assert safe_text(text) == expected
    # neutralise alone looks through control characters: whatever strips them later, no formula appears
    assert safe_text(str(neutralise(text))) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@ \t\r\n\x01\x0b\x1f\u3000\u00a0\ufeff＝＋－＠a1'\";,")),
               max_size=8))
def test_sql_rule_is_the_python_rule(text):
    """The events export applies the rule in DuckDB, the small tables in Python: the same answer."""
    frame = pd.DataFrame([{**{col: None for col, _ in EXPORT_COLUMNS}, "name": text}])
    cell = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline=""), delimiter=";"))[1][0]
    assert cell == safe_text(text)


def test_csv_quoting_is_pythons():
    """DuckDB's COPY quotes exactly where Python's csv module does (same bytes as before the rewrite)."""
    values = ["a", "", "x;y", 'q"q', "l\nn", "c\rr", " lead", "trail ", "tab\tin", "comma,here", "#hash", "\\back"]
    frame = pd.DataFrame([{**{col: None for col, _ in EXPORT_COLUMNS}, "name": v, "city": v} for v in values])
    for sep in (";", ","):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
        for v in values:
            writer.writerow([safe_text(v), "", "", "", "", "", "", safe_text(v)] + [""] * 10)
        body = to_csv_bytes(frame, sep=sep).decode("utf-8").split("\r\n", 1)[1]
        assert body == buf.getvalue()


# ------------------------------------------------------------------------------------- source references
@pytest.mark.parametrize("ref,lang,expected", [
    ("table 1 row 44", "ru", "таблица 1, строка 44"),
    ("sheet 'Отчет' row 26", "ru", "лист «Отчет», строка 26"),
    ("sheet 'Лист 1 (копия)' row 3", "ru", "лист «Лист 1 (копия)», строка 3"),
    ("table 1 row 44", "en", "table 1 row 44"),
    ("sheet 'Отчет' row 26", "en", "sheet 'Отчет' row 26"),
    ("строка 5", "ru", "строка 5"),
])
def test_source_ref(ref, lang, expected):
    assert source_ref_text(ref, lang) == expected
    frame = pd.DataFrame([{**{col: None for col, _ in EXPORT_COLUMNS}, "source_ref": ref}])
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(frame, [], lang=lang)))
    assert wb.worksheets[0]["R2"].value == expected  # the SQL rule in the export says the same


# ------------------------------------------------------------------------------------------- filter sheet
def test_filter_sheet_names(sample_conn):
    f = Filters(quarter_from="2021-Q1", quarter_to="2021-Q2", regions=("SPE", "MOW"), reports=(1, 2),
                formats=("online",), departments=("Главное управление спорта Смоленской области",))
    events = queries.events_for_export(sample_conn, f)
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(events, describe_filters(f, "ru", *names(sample_conn)))))
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    assert rows[:8] == [
        ("Фильтр", "Значение"),
        ("Период (кварталы)", "2021-Q1 — 2021-Q2"),
        ("Регионы-партнёры", "Санкт-Петербург, Москва"),
        ("Департаменты", "Главное управление спорта Смоленской области"),
        ("Тип мероприятия", "все"),
        ("Формат", "онлайн"),
        ("Отчёты", "Отчет о реализации соглашений в сфере межрегионального сотрудничества во II квартале 2021 "
                   "года (smolensk-agreements-2021-q2.xlsx); " + SPB_REPORT),
        ("Поиск по тексту", "—"),
    ]
    assert rows[9] == ("Строк", len(events))
    en = describe_filters(f, "en", *names(sample_conn, "en"))
    assert en[1] == ("Partner regions", "Saint Petersburg, Moscow")


# ---------------------------------------------------------------------------------------- database path
def test_database_export_is_the_frame_export(sample_db, tmp_path):
    """export_events (what the buttons use) writes the same CSV as the DataFrame path of the tests above."""
    from analytics.export import export_events
    from loaders.db.readonly import connect_readonly, cursor

    base = connect_readonly(sample_db)
    conn = cursor(base)
    try:
        for lang, sep in (("ru", ";"), ("en", ",")):
            n = export_events(conn, KNOWN, "csv", tmp_path / "x.csv", lang=lang, sep=sep)
            assert n == 1
            assert (tmp_path / "x.csv").read_bytes() == to_csv_bytes(queries.events_for_export(conn, KNOWN), sep, lang)
        n = export_events(conn, Filters(), "xlsx", tmp_path / "all.xlsx", description=[])
        ws = load_workbook(tmp_path / "all.xlsx").worksheets[0]
        assert n == 86 and ws.max_row == 87 and ws.auto_filter.ref == "A1:R87"
        assert all(isinstance(ws.cell(row=r, column=4).value, dt.datetime) for r in range(2, 88)
                   if ws.cell(row=r, column=4).value is not None)
    finally:
        conn.close()
        base.close()


def test_row_cap_refuses_and_writes_nothing(sample_db, tmp_path, monkeypatch):
    from analytics.export import ExportTooLarge, export_events
    from loaders.db.readonly import connect_readonly, cursor

    monkeypatch.setenv("COOP_EXPORT_MAX_ROWS", "85")
    base = connect_readonly(sample_db)
    conn = cursor(base)
    try:
        for kind in ("csv", "xlsx"):
            with pytest.raises(ExportTooLarge) as err:
                export_events(conn, Filters(), kind, tmp_path / f"x.{kind}")
            assert (err.value.rows, err.value.cap) == (86, 85)
            assert not (tmp_path / f"x.{kind}").exists()
        monkeypatch.setenv("COOP_EXPORT_MAX_ROWS", "86")
        assert export_events(conn, Filters(), "csv", tmp_path / "x.csv") == 86
    finally:
        conn.close()
        base.close()
