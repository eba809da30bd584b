"""«Шаблон отчёта»: the blank .xlsx a department fills in, in the canonical columns the loader reads best.

Dropdowns (Excel data validation) offer the 89 federal subjects and the agreements already loaded; the date
columns carry a date format and accept only dates; the participant count accepts only whole numbers. The
lists sit on a hidden sheet, since an inline list is limited to 255 characters.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

TITLE = "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
PERIOD_HINT = "во II квартале 2021 года"
COLUMNS: tuple[tuple[str, int], ...] = (  # header, width in characters
    ("№ п/п", 6),
    ("Исполнитель (структурное подразделение)", 30),
    ("Соглашение о сотрудничестве, в рамках которого проведено мероприятие", 40),
    ("Регион-партнёр", 26),
    ("Наименование мероприятия", 40),
    ("Дата начала", 13),
    ("Дата окончания", 13),
    ("Место проведения", 26),
    ("Всего участников, чел.", 13),
    ("Состав участников", 34),
    ("Содержание и результат мероприятия", 44),
)
HEADER_ROW = 4
DATA_ROWS = 500  # rows prepared with validation and formats
INSTRUCTIONS = (
    "Как заполнить шаблон",
    "1. Во второй строке листа «Отчет» укажите отчётный период так, как в заголовке отчёта: "
    "«во II квартале 2021 года», «в I полугодии 2021 года», «в 2021 году».",
    "2. Одна строка — одно мероприятие. Не объединяйте ячейки и не добавляйте строки-заголовки.",
    "3. «Исполнитель» — полное название департамента (управления, комитета), как в положении о нём.",
    "4. «Соглашение» и «Регион-партнёр» выбираются из списка; если соглашения нет в списке, впишите его "
    "полное название. Если партнёров несколько, перечислите их через запятую.",
    "5. Даты — в формате ДД.ММ.ГГГГ. Однодневное мероприятие: заполните только «Дата начала». "
    "Мероприятие в течение всего периода: оставьте даты пустыми и напишите это в «Содержании».",
    "6. «Количество участников» — одно целое число (человек); кто участвовал — в «Составе участников».",
    "7. Формат (очно, онлайн) укажите в «Месте проведения»: «г. Тверь» или «онлайн».",
    "8. Сохраните файл как .xlsx и загрузите его на странице «Загрузить отчёт».",
)


def build_template(regions: Sequence[str], agreements: Sequence[str]) -> bytes:
    """The blank template; `regions` are the federal subjects' names, `agreements` the known titles."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Отчет"
    ws.cell(1, 1, TITLE).font = Font(bold=True)
    ws.cell(2, 1, PERIOD_HINT).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, (header, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c, header)
        cell.font, cell.alignment = Font(bold=True), wrap
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.page_setup.orientation = "landscape"  # printed: A4 landscape, every column on the sheet's width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0

    lists = wb.create_sheet("Справочники")
    for r, name in enumerate(regions, start=1):
        lists.cell(r, 1, name)
    for r, title in enumerate(agreements, start=1):
        lists.cell(r, 2, title)
    lists.sheet_state = "hidden"
    ref = quote_sheetname(lists.title)

    first, last = HEADER_ROW + 1, HEADER_ROW + DATA_ROWS
    col = {header: get_column_letter(i) for i, (header, _) in enumerate(COLUMNS, start=1)}

    def rng(header: str) -> str:
        return f"{col[header]}{first}:{col[header]}{last}"

    region_dv = DataValidation(type="list", formula1=f"{ref}!$A$1:$A${max(len(regions), 1)}",
                               allow_blank=True, showErrorMessage=False)
    region_dv.add(rng("Регион-партнёр"))
    validations = [region_dv]
    if agreements:
        agr_dv = DataValidation(type="list", formula1=f"{ref}!$B$1:$B${len(agreements)}", allow_blank=True,
                                showErrorMessage=False)  # a new agreement may be typed in
        agr_dv.add(rng("Соглашение о сотрудничестве, в рамках которого проведено мероприятие"))
        validations.append(agr_dv)
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                             error="Введите дату в формате ДД.ММ.ГГГГ", errorTitle="Дата")
    date_dv.add(rng("Дата начала"))
    date_dv.add(rng("Дата окончания"))
    count_dv = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000",
                              allow_blank=True, error="Введите целое число человек", errorTitle="Участники")
    count_dv.add(rng("Всего участников, чел."))
    validations += [date_dv, count_dv]
    for dv in validations:
        ws.add_data_validation(dv)
    for r in range(first, last + 1):
        for header in ("Дата начала", "Дата окончания"):
            ws[f"{col[header]}{r}"].number_format = "DD.MM.YYYY"
        for header, _ in COLUMNS:
            ws[f"{col[header]}{r}"].alignment = wrap

    info = wb.create_sheet("Инструкция")
    info.column_dimensions["A"].width = 120
    for r, line in enumerate(INSTRUCTIONS, start=1):
        cell = info.cell(r, 1, line)
        cell.alignment = Alignment(wrap_text=True)
        if r == 1:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
