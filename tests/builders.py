"""Write small report files (.xlsx / .docx) in layouts the samples don't have."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

HEADER = ["№ п/п", "Соглашение о сотрудничестве", "Наименование мероприятия", "Сроки проведения",
          "Место проведения", "Участники мероприятия", "Содержание и результат"]
DEPT_A = "Департамент Смоленской области по культуре"
DEPT_B = "Главное управление спорта Смоленской области"
AGR_TVER = ("Соглашение между Администрацией Смоленской области и Правительством Тверской области "
            "о сотрудничестве")
AGR_SPB = "Соглашение между Администрацией Смоленской области и Администрацией Санкт-Петербурга о сотрудничестве"
EVENTS_A = [
    ["1.", AGR_TVER, "Выставка «Смоленский лён»", "5 мая 2021 года", "г. Тверь", "Общее количество участников 120 человек", "Проведена"],
    ["2.", AGR_TVER, "Фестиваль народного творчества", "12-14 июня 2021 года", "г. Смоленск", "около 300 человек", "Проведён"],
]
EVENTS_B = [
    ["3.", AGR_SPB, "Открытое первенство по плаванию", "20 апреля 2021 года", "г. Смоленск", "Всего 80 участников из 3 регионов", ""],
]
TITLE = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "во II квартале 2021 года"]


def sections() -> list[tuple[str, list[list[str]]]]:
    return [(DEPT_A, EVENTS_A), (DEPT_B, EVENTS_B)]


def write_xlsx(path: Path, rows: list[list[str] | str], *, title: list[str] = TITLE, sheet: str = "Отчет",
               extra_sheets: list[tuple[str, list[list[str] | str]]] = (),
               merges: list[tuple[int, int, int, int]] = ()) -> Path:
    """`rows`: a list is a table row; a str is a heading row merged across the table. `merges`: (first row,
    first col, last row, last col) of merged ranges, 0-based within `rows`."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _fill_sheet(ws, rows, title)
    top = len(title) + (2 if title else 1)  # the sheet row of rows[0]
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1)
    for name, more in extra_sheets:
        _fill_sheet(wb.create_sheet(name), more, [])
    wb.save(path)
    return path


def _fill_sheet(ws, rows, title) -> None:
    width = max((len(r) for r in rows if isinstance(r, list)), default=7)
    r = 1
    for line in title:
        ws.cell(row=r, column=1, value=line)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    if title:
        r += 1
    for row in rows:
        if isinstance(row, str):
            ws.cell(row=r, column=1, value=row)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        else:
            for c, value in enumerate(row, start=1):
                if value != "":
                    ws.cell(row=r, column=c, value=value)
        r += 1


def write_docx(path: Path, tables: list[list[list[str] | str]], *, title: list[str] = TITLE,
               preambles: list[list[str]] | None = None, merges: list[tuple[int, int, int, int]] = (),
               after: list[str] = ()) -> Path:
    """`preambles[i]`: paragraphs (bold) just above table i; `merges`: merged ranges of the first table,
    (first row, first col, last row, last col), 0-based; `after`: paragraphs below the last table."""
    document = docx.Document()
    for line in title:
        document.add_paragraph(line)
    for n, rows in enumerate(tables):
        for line in (preambles[n] if preambles else []):
            document.add_paragraph().add_run(line).bold = True
        width = max(len(r) for r in rows if isinstance(r, list))
        table = document.add_table(rows=0, cols=width)
        for row in rows:
            cells = table.add_row().cells
            if isinstance(row, str):
                merged = cells[0].merge(cells[-1])
                merged.text = row
            else:
                for cell, value in zip(cells, row):
                    cell.text = value
        if n == 0:
            for r1, c1, r2, c2 in merges:
                keep = table.cell(r1, c1).text
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        table.cell(r, c).text = ""
                merged = table.cell(r1, c1).merge(table.cell(r2, c2))
                merged.text = keep
        document.add_paragraph("")
    for line in after:
        document.add_paragraph(line)
    document.save(path)
    return path


def vmerge(cell, value: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:vMerge")
    if value == "restart":
        el.set(qn("w:val"), "restart")
    tc_pr.append(el)


# Another region's report (Ярославская область), in wording of its own: used by the layout tests.
YAR_TITLE = ["Информация о выполнении мероприятий межрегионального сотрудничества", "за III квартал 2021 года"]
YAR_CULT = "Департамент культуры Ярославской области"
YAR_SPORT = "Министерство спорта Ярославской области"
YAR_TOUR = "Комитет по туризму Ярославской области"
# (department, event name, dates, place, participants, partner region cell, expected partner codes)
YAR_EVENTS = [
    (YAR_CULT, "Гастроли Ярославского театра драмы имени Ф. Волкова", "15-17 июля 2021 г.", "г. Вологда",
     "45 человек", "Вологодская область", ["VLG"]),
    (YAR_CULT, "Выставка «Ярославская финифть»", "август 2021 года", "г. Москва", "около 300 человек",
     "Москва", ["MOW"]),
    (YAR_SPORT, "Турнир по мини-футболу среди юношей", "10.09.2021", "г. Ярославль", "120 участников",
     "Орловская и Курская области", ["KRS", "ORL"]),
    (YAR_SPORT, "Эстафета «Золотое кольцо»", "25 сентября 2021 г.", "г. Кострома", "не менее 80 человек",
     "Костромская обл.", ["KOS"]),
    (YAR_TOUR, "Презентация туристского потенциала региона", "июль 2021 г.", "г. Казань", "35 человек",
     "Республика Татарстан", ["TA"]),
]


def yar_agreement(partner: str) -> str:
    return f"Соглашение о сотрудничестве между Правительством Ярославской области и {partner}"


YAR_AGREEMENT_OF = {"VLG": "Правительством Вологодской области", "MOW": "Правительством Москвы",
                    "KRS": "Администрацией Курской области", "KOS": "Администрацией Костромской области",
                    "TA": "Кабинетом Министров Республики Татарстан"}
