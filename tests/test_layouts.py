"""Layouts the samples don't have still give the same events."""

from __future__ import annotations

import docx
import duckdb
import pytest

from loaders.read import read_document
from loaders.table.classify import RowKind, read_table
from loaders.table.columns import Col
from loaders.table.header_score import Field
from tests.builders import DEPT_A, DEPT_B, EVENTS_A, EVENTS_B, HEADER, sections, vmerge, write_docx, write_xlsx

BASE_ROWS: list = [HEADER] + [x for dept, events in sections() for x in [dept, *events]]
EXPECTED = [(dept, e[2]) for dept, events in sections() for e in events]


def events_of(path):
    table = read_table(read_document(path))
    assert table.count(RowKind.REJECT) == 0, [r.raw_text for r in table.rows if r.kind is RowKind.REJECT]
    return table, [(r.department, r.values[Col.NAME]) for r in table.events]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_plain_layout(tmp_path, fmt):
    path = write_xlsx(tmp_path / "a.xlsx", BASE_ROWS) if fmt == "xlsx" else write_docx(tmp_path / "a.docx", [BASE_ROWS])
    table, events = events_of(path)
    assert events == EXPECTED
    assert table.template == "agreements"


def test_title_rows_and_column_number_row(tmp_path):
    rows = [HEADER, [str(i) for i in range(1, 8)]] + BASE_ROWS[1:]
    table, events = events_of(write_xlsx(tmp_path / "n.xlsx", rows, title=["Утверждаю", "Отчет", "во II квартале 2021 года"]))
    assert events == EXPECTED
    assert table.count(RowKind.HEADER) == 2
    assert table.count(RowKind.TITLE) == 3
    assert "во II квартале 2021 года" in table.title


def test_columns_reordered_and_extra_column(tmp_path):
    order = [0, 2, 3, 1, 5, 4, 6]
    def reorder(row):
        return row if isinstance(row, str) else [row[i] for i in order] + ["примечание к строке"]
    header = [HEADER[i] for i in order] + ["Примечание"]
    rows = [header] + [reorder(r) for r in BASE_ROWS[1:]]
    table, events = events_of(write_docx(tmp_path / "r.docx", [rows]))
    assert events == EXPECTED
    assert table.events[0].values[Col.AGREEMENT].startswith("Соглашение между")
    assert table.events[0].values[Col.PLACE] == "г. Тверь"
    assert table.events[0].extra == {"Примечание": "примечание к строке"}


def test_reworded_header(tmp_path):
    header = ["№", "В рамках какого соглашения", "Мероприятие", "Дата", "Место", "Кто участвовал (количество)",
              "Итоги"]
    _, events = events_of(write_xlsx(tmp_path / "w.xlsx", [header] + BASE_ROWS[1:]))
    assert events == EXPECTED


def test_sheet_per_department(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, *EVENTS_A], sheet=DEPT_A[:31],
                      extra_sheets=[(DEPT_B[:31], [HEADER, *EVENTS_B])])
    table = read_table(read_document(path))
    assert [r.values[Col.NAME] for r in table.events] == [e for _, e in EXPECTED]
    assert [r.department for r in table.events] == [DEPT_A[:31].strip(), DEPT_A[:31].strip(), DEPT_B[:31].strip()]


def test_table_split_in_two_keeps_numbering(tmp_path):
    first = [HEADER, DEPT_A, *EVENTS_A]
    second = [DEPT_B, *EVENTS_B]  # header not repeated
    table, events = events_of(write_docx(tmp_path / "split.docx", [first, second]))
    assert events == EXPECTED
    assert [r.ref for r in table.events][-1] == "table 2 row 2"


def test_total_and_blank_rows_are_not_events(tmp_path):
    rows = BASE_ROWS + [["", "", "", "", "", "", ""], ["Итого", "", "3 мероприятия", "", "", "", ""]]
    table, events = events_of(write_xlsx(tmp_path / "t.xlsx", rows))
    assert events == EXPECTED
    assert table.count(RowKind.TOTAL) == 1


def test_repeated_header_on_second_sheet(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [HEADER, DEPT_A, *EVENTS_A],
                      extra_sheets=[("Лист2", [HEADER, DEPT_B, *EVENTS_B])])
    _, events = events_of(path)
    assert events == EXPECTED


def test_vertical_merge_in_docx_gives_value_to_covered_rows(tmp_path):
    path = write_docx(tmp_path / "v.docx", [BASE_ROWS])
    document = docx.Document(path)
    rows = document.tables[0].rows
    # agreement cell of the 2nd event row (table row 4) becomes a continuation of row 3
    rows[3].cells[1].text = ""
    vmerge(rows[2].cells[1], "restart")
    vmerge(rows[3].cells[1], "continue")
    document.save(path)
    table, _ = events_of(path)
    assert table.events[1].values[Col.AGREEMENT] == EVENTS_A[0][1]


def test_row_without_event_name_is_rejected_with_reason(tmp_path):
    rows = BASE_ROWS + [["4.", "", "", "1 мая 2021 года", "г. Смоленск", "", ""]]
    table = read_table(read_document(write_xlsx(tmp_path / "x.xlsx", rows)))
    rejects = [r for r in table.rows if r.kind is RowKind.REJECT]
    assert len(rejects) == 1
    assert rejects[0].reason == "нет наименования мероприятия"
    assert "1 мая 2021 года" in rejects[0].raw_text


# --- issue 11: layouts of other offices (Ярославская область), each in .xlsx and .docx -----------------------
from loaders.parse import parse_file  # noqa: E402
from tests.builders import YAR_CULT, YAR_EVENTS, YAR_SPORT, YAR_TITLE, YAR_TOUR  # noqa: E402

EXPECTED_YAR = [(dept, name, codes) for dept, name, _, _, _, _, codes in YAR_EVENTS]


def _write(tmp_path, fmt, rows, **kw):
    if fmt == "xlsx":
        return write_xlsx(tmp_path / "r.xlsx", rows, title=kw.pop("title", YAR_TITLE), merges=kw.pop("merges", ()))
    return write_docx(tmp_path / "r.docx", [rows], title=kw.pop("title", YAR_TITLE), merges=kw.pop("merges", ()))


def _parsed(path):
    """(what parse_file detected, its events, the table model), (department, name, partners) per event."""
    report = parse_file(path)
    assert not report.rejects, [r.raw_text for r in report.rejects]
    report.table = read_table(read_document(path))  # row kinds and layout, as the parser saw them
    return report, [(e.department, e.name, e.partner_codes) for e in report.events]


def _genitive(dept: str) -> str:
    return {YAR_CULT: "Департамента культуры Ярославской области",
            YAR_SPORT: "Министерства спорта Ярославской области"}.get(dept, dept)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_department_as_a_column_and_partner_as_a_column(tmp_path, fmt):
    header = ["№ п/п", "Мероприятие", "Сроки проведения", "Место проведения", "Участники", "Регион-партнёр",
              "Ответственный исполнитель"]
    rows = [header]
    for i, (dept, name, dates, place, people, partner, _) in enumerate(YAR_EVENTS, start=1):
        cell = "" if i == 2 else (_genitive(dept) if i % 2 else dept)  # genitive, nominative, empty (= above)
        rows.append([f"{i}.", name, dates, place, people, partner, cell])
    report, events = _parsed(_write(tmp_path, fmt, rows))
    assert events == EXPECTED_YAR
    assert report.detected.home_region_code == "YAR"
    assert report.detected.health.ok and report.detected.health.with_partner == 5
    assert report.events[0].extra_text == ("Регион-партнёр: Вологодская область\n"
                                           "Ответственный исполнитель: Департамента культуры Ярославской области")


def test_department_as_a_paragraph_above_each_word_table(tmp_path):
    header = ["№", "Наименование мероприятия", "Дата", "Место", "Кол-во участников", "Субъект РФ"]
    tables, preambles = [], []
    for n, dept in enumerate((YAR_CULT, YAR_SPORT, YAR_TOUR)):
        rows = [header] if n != 1 else []  # the second table continues without repeating the header
        rows += [[str(i), name, dates, place, people, partner]
                 for i, (d, name, dates, place, people, partner, _) in enumerate(YAR_EVENTS, start=1) if d == dept]
        tables.append(rows)
        preambles.append([_genitive(dept)])
    path = write_docx(tmp_path / "p.docx", tables, title=YAR_TITLE, preambles=preambles)
    report, events = _parsed(path)
    assert events == EXPECTED_YAR
    assert report.detected.title == " ".join(YAR_TITLE)  # the first department paragraph is not part of the title


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_signature_notes_and_totals_anywhere(tmp_path, fmt):
    header = ["№", "Мероприятие", "Дата проведения", "Место", "Участники", "Регион-партнёр"]
    rows: list = [header]
    for dept in (YAR_CULT, YAR_SPORT, YAR_TOUR):
        rows.append(dept)
        rows += [[str(i), name, dates, place, people, partner]
                 for i, (d, name, dates, place, people, partner, _) in enumerate(YAR_EVENTS, start=1) if d == dept]
        rows.append(["", "Итого по разделу: 2 мероприятия", "", "", "", ""])
    rows += [["Всего: 5 мероприятий", "", "", "", "", ""],
             "Примечание: * сроки указаны по факту проведения",
             "Исполнитель: Петрова А.С., тел. (4852) 40-11-22",
             "Начальник отдела _____________ И.И. Смирнов"]
    report, events = _parsed(_write(tmp_path, fmt, rows))
    assert events == EXPECTED_YAR
    assert report.table.count(RowKind.TOTAL) == 4
    assert report.table.count(RowKind.NOTE) == 3
    counts = report.detected.row_counts
    assert counts["rows_source"] == sum(v for k, v in counts.items() if k != "rows_source")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_two_row_header_start_end_and_numeric_participants(tmp_path, fmt):
    top = ["№", "Мероприятие", "Сроки", "", "Место", "Участники", "", "Регион-партнёр"]
    sub = ["", "", "начало", "окончание", "", "всего", "в т.ч. от Ярославской области", ""]
    body = [["1.", "Гастроли театра драмы", "15.07.2021", "17.07.2021", "г. Вологда", "45", "30", "Вологодская обл."],
            ["2.", "Турнир по мини-футболу", "10.09.2021", "", "г. Ярославль", "около 120", "60",
             "Орловская и Курская области"],
            ["3.", "Эстафета", "25.09.2021", "26.09.2021", "г. Кострома", "80", "", "Костромская область"]]
    merges = [(0, 2, 0, 3), (0, 5, 0, 6)] + [(0, c, 1, c) for c in (0, 1, 4, 7)]
    report, events = _parsed(_write(tmp_path, fmt, [top, sub, *body], merges=merges))
    got = [(str(e.date_start), str(e.date_end), e.participants_total,
            e.delegation_size, e.partner_codes) for e in report.events]
    assert got == [("2021-07-15", "2021-07-17", 45, 30, ["VLG"]), ("2021-09-10", "2021-09-10", 120, 60, ["KRS", "ORL"]),
                   ("2021-09-25", "2021-09-26", 80, None, ["KOS"])]
    assert report.table.count(RowKind.HEADER) == 2
    assert report.events[1].participants_qualifier == "approx"


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_partner_column_with_short_forms_and_the_road_map_of_the_title_as_link(tmp_path, fmt):
    from loaders.build import build

    title = ["Отчет об исполнении Плана мероприятий («дорожной карты») по развитию межрегионального",
             "сотрудничества Ярославской области на 2021-2023 годы", "за III квартал 2021 года"]
    header = ["№", "Наименование мероприятия", "Дата", "Место", "Участники", "Субъект РФ"]
    partners = [("ЯНАО", ["YAN"]), ("ХМАО – Югра", ["KHM"]), ("г. Москва", ["MOW"]), ("респ. Татарстан", ["TA"]),
                ("Ярославская обл., Ленобласть", ["LEN"])]  # the home region in the cell is not a partner
    rows: list = [header, YAR_CULT]
    rows += [[f"{i}.", f"Мероприятие {i}", f"{i + 10} июля 2021 г.", "г. Ярославль", "20 человек", cell]
             for i, (cell, _) in enumerate(partners, start=1)]
    path = _write(tmp_path, fmt, rows, title=title)
    report, events = _parsed(path)
    assert report.table.template == "roadmap"
    assert [codes for _, _, codes in events] == [codes for _, codes in partners]
    db = tmp_path / "r.duckdb"
    assert build([path], db)[0].ok
    with duckdb.connect(str(db), read_only=True) as conn:
        links = conn.execute("""SELECT count(DISTINCT ea.event_id), any_value(a.kind) FROM event_agreements ea
                                JOIN agreements a USING (agreement_id)""").fetchall()
    assert links == [(5, "roadmap")]


def test_low_confidence_layout_is_not_an_ordinary_ok(tmp_path):
    from loaders.table.health import warning_text

    # the name column is only guessed: «Описание мероприятия» reads first as a description (result)
    header = ["№", "Описание мероприятия", "Срок", "Место", "Итоги", "Регион-партнёр"]
    rows = [header] + [[f"{i}.", name, dates, place, "Проведено", partner]
                       for i, (_, name, dates, place, _, partner, _) in enumerate(YAR_EVENTS, start=1)]
    report, _ = _parsed(write_xlsx(tmp_path / "l.xlsx", rows, title=YAR_TITLE))
    assert report.table.layout.columns[Col.NAME] == 1
    assert report.detected.health.problems == ("low_confidence",)
    assert warning_text(report.detected.health) == ("колонки таблицы распознаны неуверенно (уверенность 0.45): "
                                           "проверьте отчёт перед использованием")


def test_swapped_headers_contradicted_by_the_cells_warn(tmp_path):
    # «Дата» holds places and «Место» holds dates: the content contradicts the header, the report is flagged
    header = ["№", "Мероприятие", "Дата", "Место", "Регион-партнёр"]
    rows = [header] + [[f"{i}.", name, place, dates, partner]
                       for i, (_, name, dates, place, _, partner, _) in enumerate(YAR_EVENTS, start=1)]
    report, _ = _parsed(write_xlsx(tmp_path / "s.xlsx", rows, title=YAR_TITLE))
    dates = report.table.layout.decisions[2]
    assert (dates.field, dates.confidence) == (Field.DATES, 0.4)
    assert "лишь 0% ячеек читаются как даты" in dates.reason
    assert report.detected.health.problems == ("low_confidence",) and report.detected.health.with_date == 0


def test_no_agreement_column_the_agreement_named_in_the_title_is_the_link(tmp_path):
    from loaders.build import build

    title = ["Отчет о реализации Соглашения между Правительством Ярославской области и Правительством Москвы",
             "о торгово-экономическом и культурном сотрудничестве за III квартал 2021 года"]
    header = ["№", "Мероприятие", "Дата", "Место", "Участники", "Ответственный исполнитель"]
    rows = [header] + [[f"{i}.", name, dates, place, people, dept]
                       for i, (dept, name, dates, place, people, _, _) in enumerate(YAR_EVENTS, start=1)]
    path = write_xlsx(tmp_path / "t.xlsx", rows, title=title)
    report, events = _parsed(path)
    assert report.table.template == "agreements"
    assert [codes for _, _, codes in events] == [["MOW"]] * 5
    assert [d for d, _, _ in events] == [d for d, *_ in YAR_EVENTS]
    db = tmp_path / "t.duckdb"
    assert build([path], db)[0].ok
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("""SELECT count(DISTINCT ea.event_id), any_value(a.kind), any_value(a.partner_codes)
                               FROM event_agreements ea JOIN agreements a USING (agreement_id)""").fetchall() == [
            (5, "agreement", ["MOW"])]
        assert conn.execute("SELECT DISTINCT agreement_text FROM events").fetchall() == [(
            "Соглашения между Правительством Ярославской области и Правительством Москвы о торгово-экономическом "
            "и культурном сотрудничестве",)]


def test_a_narrow_sheet_after_the_table_is_notes_not_rejects(tmp_path):
    """Instructions or a list of names on a sheet of one or two columns: counted as notes, not rejected."""
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, DEPT_A, *EVENTS_A],
                      extra_sheets=[("Пояснения", [["1. Сроки указаны по плану"], ["2. Уточнения — в отделе"]]),
                                    ("Списки", [["Тверская область", "Соглашение с Тверской областью"]])])
    table = read_table(read_document(path))
    kinds = [r.kind for r in table.rows]
    assert kinds.count(RowKind.EVENT) == 2
    assert kinds.count(RowKind.REJECT) == 0
    assert kinds.count(RowKind.NOTE) == 3


def test_a_wide_headerless_sheet_is_still_rejected_loudly(tmp_path):
    other = [["Сводка", "по", "другой", "форме"]]  # three or more columns, fewer than the table: not notes
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, DEPT_A, *EVENTS_A], extra_sheets=[("Другое", other)])
    table = read_table(read_document(path))
    assert [r.kind for r in table.rows].count(RowKind.REJECT) == 1
