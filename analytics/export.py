"""Exports of exactly the filtered rows: CSV for Russian Excel, and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd

from analytics.i18n import t

# Export columns: (query column, label key). Dates become ДД.ММ.ГГГГ.
EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("name", "col.name"),
    ("partners", "col.partners"),
    ("department", "col.department"),
    ("date_start", "col.date_start"),
    ("date_end", "col.date_end"),
    ("quarter", "col.quarter"),
    ("dates_text", "col.dates_text"),
    ("city", "col.city"),
    ("place_text", "col.place_text"),
    ("format", "col.format"),
    ("event_type", "col.event_type"),
    ("participants_total", "col.participants_total"),
    ("participants_qualifier", "col.participants_qualifier"),
    ("participants_text", "col.participants_text"),
    ("result_text", "col.result_text"),
    ("agreement_text", "col.agreement_text"),
    ("file_name", "col.file_name"),
    ("source_ref", "col.source_ref"),
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Stop a spreadsheet from reading cell text as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def _cell(column: str, value: object, lang: str) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.strftime("%d.%m.%Y")
    if column == "format":
        return t(f"format.{value}", lang)
    if column == "participants_qualifier":
        return t(f"qualifier.{value}", lang)
    if column == "quarter":
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise(value)


def export_table(events: pd.DataFrame, lang: str = "ru") -> tuple[list[str], list[list[object]]]:
    header = [t(key, lang) for _, key in EXPORT_COLUMNS]
    rows = [
        [_cell(col, rec.get(col), lang) for col, _ in EXPORT_COLUMNS]
        for rec in events.to_dict("records")
    ]
    return header, rows


def to_csv_bytes(events: pd.DataFrame, sep: str = ";", lang: str = "ru") -> bytes:
    """UTF-8 with BOM, `;` by default: opens in columns in Russian Excel."""
    header, rows = export_table(events, lang)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_to_csv_bytes(table: pd.DataFrame, labels: dict[str, str] | None = None, sep: str = ";") -> bytes:
    """Any small table (rejects, parse issues) as CSV for Russian Excel: BOM, `;`, text neutralised."""
    labels = labels or {}
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([labels.get(c, c) for c in table.columns])
    for rec in table.itertuples(index=False):
        writer.writerow([_cell("", v, "ru") for v in rec])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_safe(value: object) -> object:
    """Drop the control characters a worksheet cannot hold (Word text may carry \\x07, \\x0b)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx_bytes(events: pd.DataFrame, filters_description: list[tuple[str, str]], lang: str = "ru") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header, rows = export_table(events, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("export.sheet_events", lang)
    ws.append(header)
    for row in rows:
        ws.append([_xlsx_safe(v) for v in row])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E8C")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col_idx, title in enumerate(header, start=1):
        values = [len(str(r[col_idx - 1])) for r in rows[:500]] + [len(title)]
        ws.column_dimensions[get_column_letter(col_idx)].width = max(10, min(60, max(values) + 2))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    info = wb.create_sheet(t("export.sheet_filters", lang))
    info.append([t("export.filter", lang), t("export.value", lang)])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for key, value in filters_description:
        info.append([key, _xlsx_safe(neutralise(value))])
    info.append([t("export.exported_at", lang), dt.datetime.now().strftime("%d.%m.%Y %H:%M")])
    info.append([t("export.rows", lang), len(rows)])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))


def transliterate(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TRANSLIT:
            tr = _TRANSLIT[low]
            out.append(tr.capitalize() if ch.isupper() else tr)
        else:
            out.append(ch)
    return "".join(out)


def export_file_name(parts: list[str], ext: str) -> str:
    """e.g. ['мероприятия', 'Санкт-Петербург', '2021-Q2'] → meropriyatiya_Sankt-Peterburg_2021-Q2.csv"""
    clean = []
    for part in parts:
        slug = re.sub(r"[^A-Za-z0-9-]+", "-", transliterate(part)).strip("-")
        if slug:
            clean.append(slug[:40])
    return "_".join(clean) + "." + ext
