"""«Сводный отчёт»: the departments' events in the office's agreements-report template (.xlsx, .docx).

The layout is the one the sample reports use: a two-line title, the seven-column header, one heading row
per department (merged across the table), and the agreement cell merged over the events held under it.
Cell texts are written exactly as the departments wrote them, so loading the file with
``python -m loaders build`` gives the same events back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from analytics.documents.rows import ConsolidatedData, ReportRow

TITLE = "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
HEADER = (
    "№ п/п",
    "Соглашение о сотрудничестве, в рамках которого была проведена работа",
    "Наименование мероприятия",
    "Сроки проведения мероприятия",
    "Место проведения мероприятия",
    "Участники мероприятия (общее количество, представители регионов, другие дополнительные сведения)",
    "Содержание и результат мероприятия (в том числе краткая информация о достигнутых договоренностях, "
    "подписанных документах и т.д.)",
)
WIDTHS = (7, 38, 38, 18, 26, 34, 48)  # xlsx column widths, characters


def title_lines(period: str) -> list[str]:
    return [TITLE, period] if period else [TITLE]


def blocks(rows: list[ReportRow]) -> Iterator[tuple[str, list[list[ReportRow]]]]:
    """(department, [runs of consecutive events under one agreement]) in order."""
    i = 0
    while i < len(rows):
        dept = rows[i].department
        runs: list[list[ReportRow]] = []
        while i < len(rows) and rows[i].department == dept:
            run = [rows[i]]
            i += 1
            while i < len(rows) and rows[i].department == dept and rows[i].agreement == run[0].agreement:
                run.append(rows[i])
                i += 1
            runs.append(run)
        yield dept, runs


def build_xlsx(data: ConsolidatedData, period: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Отчет"
    wrap = Alignment(wrap_text=True, vertical="top")
    width = len(HEADER)
    r = 1
    for line in title_lines(period):
        ws.cell(r, 1, line).font = Font(bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    r += 1
    for c, text in enumerate(HEADER, start=1):
        cell = ws.cell(r, c, text)
        cell.font, cell.alignment = Font(bold=True), wrap
    ws.freeze_panes = ws.cell(r + 1, 1)
    ws.page_setup.orientation = "landscape"  # printed: A4 landscape, every column on the sheet's width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    r += 1
    n = 0
    for dept, runs in blocks(data.rows):
        if dept:
            ws.cell(r, 1, dept).font = Font(bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        for run in runs:
            first = r
            for ev in run:
                n += 1
                values = (f"{n}.", ev.agreement if r == first else None, ev.name, ev.dates_text, ev.place_text,
                          ev.participants_text, ev.result_text)
                for c, value in enumerate(values, start=1):
                    if value is not None:
                        ws.cell(r, c, value).alignment = wrap
                r += 1
            if len(run) > 1 and run[0].agreement:
                ws.merge_cells(start_row=first, start_column=2, end_row=r - 1, end_column=2)
    for c, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_docx(data: ConsolidatedData, period: str) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)
    for line in title_lines(period):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    n = 0
    for dept, runs in blocks(data.rows):
        if dept:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(dept).bold = True
        for run in runs:
            first_cell = None
            for k, ev in enumerate(run):
                n += 1
                cells = table.add_row().cells
                _set_text(cells[0], f"{n}.")
                if k == 0:
                    first_cell = cells[1]
                    _set_text(cells[1], ev.agreement)
                for cell, text in zip(cells[2:], (ev.name, ev.dates_text, ev.place_text, ev.participants_text,
                                                  ev.result_text)):
                    _set_text(cell, text)
            if len(run) > 1 and first_cell is not None and run[0].agreement:
                last = table.rows[len(table.rows) - 1].cells[1]
                merged = first_cell.merge(last)
                _set_text(merged, run[0].agreement)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_text(cell, text: str) -> None:  # noqa: ANN001 - python-docx's _Cell
    """Write the text with its line breaks as separate paragraphs (as Word users type them)."""
    lines = text.split("\n") if text else [""]
    paragraphs = cell.paragraphs
    paragraphs[0].text = lines[0]
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for line in lines[1:]:
        cell.add_paragraph(line)
