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
               extra_sheets: list[tuple[str, list[list[str] | str]]] = ()) -> Path:
    """`rows`: a list is a table row; a str is a heading row merged across the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _fill_sheet(ws, rows, title)
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


def write_docx(path: Path, tables: list[list[list[str] | str]], *, title: list[str] = TITLE) -> Path:
    document = docx.Document()
    for line in title:
        document.add_paragraph(line)
    for rows in tables:
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
        document.add_paragraph("")
    document.save(path)
    return path


def vmerge(cell, value: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:vMerge")
    if value == "restart":
        el.set(qn("w:val"), "restart")
    tc_pr.append(el)
