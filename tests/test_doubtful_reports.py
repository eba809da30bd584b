"""Reports the loader must not take at face value: merged date cells, a look-alike that would replace a report,
tables without events, dates outside the title's period, implausible counts, files a folder build cannot read.

Each report here is written in wording of its own (another region's office, other headers), not the samples'."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from loaders.build import build
from loaders.fields.participants import parse_participants
from tests.builders import HEADER, TITLE, write_docx, write_xlsx

ROOT = Path(__file__).resolve().parent.parent

TULA_TITLE = ["Информация о мероприятиях межрегионального сотрудничества министерства культуры Тульской области",
              "за 2024 год"]
TULA_H1 = ["№", "Наименование мероприятия", "Сроки проведения", "", "Место проведения", "Количество участников",
           "Субъект РФ – партнёр"]
TULA_H2 = ["", "", "начало", "окончание", "", "", ""]
TULA_ROWS = [
    ["1", "Гастроли Тульского театра драмы", "10.02.2024", "12.02.2024", "г. Рязань", "40 человек", "Рязанская область"],
    # the date typed once across «начало» and «окончание» (one merged cell)
    ["2", "Выставка тульских самоваров", "IV квартал", "", "г. Калуга", "около 200 человек", "Калужская область"],
    ["3", "Обмен опытом библиотекарей", "в течение 2024 года", "", "онлайн", "25", "Орловская область"],
    ["4", "Фестиваль «Левша»", "15.06.2024", "16.06.2024", "г. Тула", "не менее 300", "Липецкая область"],
]
# the header's group cell and its vertical merges, and rows 2 and 3's dates merged across both date columns
TULA_MERGES = [(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4), (0, 5, 1, 5), (0, 6, 1, 6),
               (3, 2, 3, 3), (4, 2, 4, 3)]


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_date_merged_across_start_and_end_is_that_date_alone(tmp_path, fmt):
    rows = [TULA_H1, TULA_H2, *TULA_ROWS]
    path = (write_xlsx(tmp_path / "tula.xlsx", rows, title=TULA_TITLE, merges=TULA_MERGES) if fmt == "xlsx"
            else write_docx(tmp_path / "tula.docx", [rows], title=TULA_TITLE, merges=TULA_MERGES))
    db = tmp_path / "db.duckdb"
    assert all(r.ok for r in build([path], db))
    # never «IV квартал – 12.02.2024»: the covered «окончание» cell is not the last date written above it
    assert _rows(db, "SELECT row_no, dates_text, date_start, date_end, quarter, ongoing, partner_codes, "
                     "participants_total FROM events ORDER BY row_no") == [
        (1, "10.02.2024 – 12.02.2024", date(2024, 2, 10), date(2024, 2, 12), "2024-Q1", False, ["RYA"], 40),
        (2, "IV квартал", date(2024, 10, 1), date(2024, 12, 31), "2024-Q4", False, ["KLU"], 200),
        # the whole year of an annual report: «весь период», not the first quarter
        (3, "в течение 2024 года", date(2024, 1, 1), date(2024, 12, 31), None, True, ["ORL"], 25),
        (4, "15.06.2024 – 16.06.2024", date(2024, 6, 15), date(2024, 6, 16), "2024-Q2", False, ["LIP"], 300)]


def _report(rows: list, title: list[str] = TITLE) -> list:
    return [HEADER, "Комитет по делам молодёжи Смоленской области", *rows]


def _event(n: int, name: str, dates: str = "12 мая 2021 года") -> list[str]:
    return [f"{n}.", "Соглашение между Администрацией Смоленской области и Правительством Тверской области",
            name, dates, "г. Тверь", "30 человек", "Проведено"]


def test_a_doubtful_look_alike_does_not_replace_a_loaded_report(tmp_path):
    db = tmp_path / "db.duckdb"
    report = write_xlsx(tmp_path / "q2.xlsx", _report([_event(i, f"Молодёжный форум № {i}") for i in range(1, 7)]))
    assert all(r.ok for r in build([report], db))
    before = db.read_bytes()
    # same title and period, a table with the report's header, but two rows of a phone list: no partner
    # column, names that are people, and fewer than half the events
    phones = [HEADER[:1] + HEADER[2:], ["1.", "Иванов Иван Иванович", "начальник отдела", "тел. 38-12-40", "", ""],
              ["2.", "Петрова Анна Сергеевна", "консультант", "тел. 38-12-41", "", ""]]
    look_alike = write_xlsx(tmp_path / "телефоны.xlsx", phones)
    [result] = build([look_alike], db)
    assert not result.ok
    assert result.message == (
        "телефоны.xlsx: не заменяет загруженный отчёт «q2.xlsx» с тем же заголовком и периодом (мероприятий в нём: "
        "6, в файле: 2), потому что распознан неуверенно — регион-партнёр не найден у 2 из 2 мероприятий; не "
        "найдена колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван: проверьте отчёт "
        "перед использованием")
    assert db.read_bytes() == before


def test_a_corrected_version_says_how_many_events_it_replaces(tmp_path):
    db = tmp_path / "db.duckdb"
    v1 = write_xlsx(tmp_path / "v1.xlsx", _report([_event(i, f"Семинар вожатых № {i}") for i in range(1, 5)]))
    v2 = write_xlsx(tmp_path / "v2.xlsx", _report([_event(i, f"Семинар вожатых № {i}") for i in range(1, 4)]))
    assert all(r.ok for r in build([v1], db))
    [result] = build([v2], db)
    assert result.ok
    assert result.message == ("v2.xlsx: 3 мероприятий, 0 отклонённых строк (исправленная версия отчёта: заменяет "
                              "v1.xlsx, в котором было мероприятий: 4)")


def test_a_table_without_events_is_a_warning_and_strict_does_not_load_it(tmp_path):
    path = write_docx(tmp_path / "пусто.docx", [[HEADER, ["", "", "", "", "", "", ""]]],
                      title=["Отчёт о мероприятиях межрегионального сотрудничества", "за III квартал 2023 года"])
    db = tmp_path / "db.duckdb"
    plain = _cli("build", str(path), "--db", str(db))
    assert plain.returncode == 0, plain.stderr
    assert [line for line in plain.stdout.splitlines() if line.startswith("ВНИМАНИЕ")] == [
        "ВНИМАНИЕ пусто.docx: в таблице не найдено ни одного мероприятия: проверьте отчёт перед использованием"]
    strict_db = tmp_path / "strict.duckdb"
    strict = _cli("build", str(path), "--strict", "--db", str(strict_db))
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == ["ОШИБКА пусто.docx: не загружен (--strict) — в таблице не найдено ни "
                                          "одного мероприятия: проверьте отчёт перед использованием"]
    assert _rows(strict_db, "SELECT count(*) FROM reports") == [(0,)]


def test_events_dated_outside_the_titles_period_are_a_warning(tmp_path):
    title = ["Сведения о межрегиональных мероприятиях", "за I квартал 2024 года"]
    rows = [_event(1, "Слёт волонтёров", "14.03.2019"), _event(2, "Форум НКО", "20.02.2019"),
            _event(3, "Кубок по самбо", "05.02.2024")]
    path = write_xlsx(tmp_path / "старые-даты.xlsx", _report(rows), title=title)
    db = tmp_path / "db.duckdb"
    out = _cli("build", str(path), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith("ВНИМАНИЕ")] == [
        "ВНИМАНИЕ старые-даты.xlsx: у 2 из 3 мероприятий даты вне отчётного периода, названного в заголовке: "
        "проверьте отчёт перед использованием"]
    assert _rows(db, "SELECT problems FROM report_health") == [(["out_of_period"],)]
    # one event of three outside the period is the event's own parse issue, not the report's warning
    fine = write_xlsx(tmp_path / "одна.xlsx", _report(rows[1:]), title=title)  # one of two: not more than half
    quiet = _cli("build", str(fine), "--db", str(tmp_path / "fine.duckdb"))
    assert quiet.returncode == 0 and "ВНИМАНИЕ" not in quiet.stdout, quiet.stdout


@pytest.mark.parametrize(("text", "total", "qualifier", "issue"), [
    ("-5 человек", None, None, "отрицательное число участников: '-5 человек'"),
    ("1 000 000 000", None, None, "число участников больше 10 000 000 — не принято"),
    ("около 2 000 000 участников", 2_000_000, "approx", "очень большое число участников (2 000 000): проверьте"),
    ("двадцать", 20, "exact", None),
    ("– 12 человек", 12, "exact", None),  # a dash before the number is a list mark, not a minus
    ("150 000 зрителей", 150_000, "exact", "очень большое число участников (150 000): проверьте"),
    ("100 000", 100_000, "exact", None),
])
def test_implausible_counts_are_not_taken_silently(text, total, qualifier, issue):
    p = parse_participants(text)
    assert (p.total, p.qualifier, p.issue) == (total, qualifier, issue)


def test_a_folder_build_names_every_file_it_does_not_load(tmp_path):
    folder = tmp_path / "отчёты"
    (folder / "2024").mkdir(parents=True)
    write_xlsx(folder / "2024" / "q2.xlsx", _report([_event(1, "Турнир по шахматам")]))
    (folder / "2024" / "скан.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "заметки.bak").write_text("старая версия", encoding="utf-8")
    (folder / "~$q2.xlsx").write_bytes(b"lock")  # Office's lock file: not a file anyone sent
    out = _cli("build", str(folder), "--db", str(tmp_path / "db.duckdb"))
    assert out.returncode == 1  # the PDF is a report that did not load
    assert out.stdout.splitlines()[0] == (f"ПРОПУЩЕН {folder / 'заметки.bak'}: не файл отчёта (формат «.bak»; "
                                          "отчёты читаются из .xlsx, .xls, .ods, .docx, .doc, .odt или .rtf)")
    assert out.stderr.splitlines() == ["ОШИБКА скан.pdf: это PDF: таблицу из него надёжно не прочитать — "
                                       "экспортируйте таблицу в Word или Excel (.docx, .xlsx) и загрузите этот файл"]
    assert out.stdout.splitlines()[-1].startswith("Итого: файлов 2, загружено 1, с ошибкой 1, пропущено 1; "
                                                  "мероприятий загружено 1, в базе 1;")


def test_an_excel_error_value_is_reported_never_an_empty_cell(tmp_path):
    from openpyxl import load_workbook

    agreement = "Соглашение между Администрацией Смоленской области и Правительством Тверской области"
    rows = [HEADER, "Комитет по делам молодёжи Смоленской области",
            ["1.", agreement, "Форум молодёжи", "12 мая 2021 года", "г. Тверь", "30 человек", ""],
            ["2.", agreement, "Слёт студенческих отрядов", "<#REF!>", "г. Тверь", "<#N/A>", ""],
            ["3.", agreement, "<#REF!>", "14 мая 2021 года", "г. Тверь", "10 человек", ""]]
    path = write_xlsx(tmp_path / "ошибки.xlsx", rows)
    wb = load_workbook(path)  # the error values as Excel saves them (<c t="e"><v>#REF!</v></c>)
    for row in wb.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("<#"):
                cell.value, cell.data_type = cell.value[1:-1], "e"
    wb.save(path)
    db = tmp_path / "db.duckdb"
    assert all(r.ok for r in build([path], db))
    assert _rows(db, "SELECT row_no, name, dates_text, date_start, participants_text, participants_total "
                     "FROM events ORDER BY row_no") == [
        (1, "Форум молодёжи", "12 мая 2021 года", date(2021, 5, 12), "30 человек", 30),
        (2, "Слёт студенческих отрядов", "#REF!", None, "#N/A", None)]
    assert _rows(db, "SELECT field, raw_text, reason FROM parse_issues ORDER BY field") == [
        ("dates", "#REF!", "в ячейке ошибка формулы Excel (#REF!): значения нет"),
        ("participants", "#N/A", "в ячейке ошибка формулы Excel (#N/A): значения нет")]
    assert _rows(db, "SELECT source_ref, reason FROM rejects") == [
        ("sheet 'Отчет' row 8", "вместо наименования мероприятия ошибка формулы Excel (#REF!)")]
