"""Read .xlsx reports with python-calamine (fast, and it exposes merged ranges)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from loaders.errors import LoadError, UnreadableFile
from loaders.limits import check_column_count, check_row_count
from loaders.readers.model import Format, Grid, GridRow, RawDocument, clean_cell


def cell_text(value: object) -> str:
    """Render a cell value the way Excel shows it by default."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_cell(str(value))


def read_xlsx(path: Path) -> RawDocument:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise UnreadableFile(path, f"книга Excel не читается: {exc}") from exc
    except BaseException as exc:  # noqa: B036 - calamine panics (pyo3 PanicException) derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableFile(path, f"книга Excel не читается: {exc}") from exc
    doc = RawDocument(path=path, format=Format.XLSX)
    total_rows = 0
    try:
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            end = sheet.end  # (row, col) of the last used cell, 0-based; None for an empty sheet
            total_rows += end[0] + 1 if end else 0
            check_row_count(path, total_rows)  # before to_python() builds the rows in memory
            merges = sheet.merged_cell_ranges or []
            width = max([end[1] + 1 if end else 0] + [c2 + 1 for _, (_, c2) in merges])
            check_column_count(path, width, f"лист '{name}'")
            doc.grids.append(_sheet_grid(name, sheet.to_python(skip_empty_area=False), merges))
    except LoadError:
        raise
    except BaseException as exc:  # noqa: B036 - calamine panics (pyo3 PanicException) derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableFile(path, f"лист книги Excel не читается: {exc}") from exc
    return doc


def _sheet_grid(name: str, values: list[list[object]], merges: list) -> Grid:
    width = max((len(r) for r in values), default=0)
    for _, (_, c2) in merges:
        width = max(width, c2 + 1)
    cells = [[cell_text(v) for v in row] + [""] * (width - len(row)) for row in values]
    continued = [[False] * width for _ in cells]
    full_span = [False] * len(cells)
    for (r1, c1), (r2, c2) in merges:
        for r in range(r1, min(r2, len(cells) - 1) + 1):
            for c in range(c1, c2 + 1):
                if r > r1 and c == c1:
                    continued[r][c] = True
                elif c > c1:
                    continued[r][c] = True  # horizontally covered: the value sits in c1
        if r1 == r2 and c1 == 0 and c2 >= width - 1 and r1 < len(cells):
            full_span[r1] = True
    rows = [
        GridRow(ref=f"sheet '{name}' row {i + 1}", cells=cells[i], continued=continued[i], full_span=full_span[i])
        for i in range(len(cells))
    ]
    return Grid(name=f"sheet '{name}'", rows=rows, width=width)
