"""Read .xlsx, .xls and .ods reports with python-calamine (fast; it exposes merged ranges for .xlsx/.xls).

Every sheet's extent is checked first (loaders.read.shape), so calamine never lays out an absurd
rectangle; .ods merged ranges come from that scan, since calamine does not report them for .ods.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from python_calamine import CalamineError, CalamineWorkbook

from loaders.errors import LoadError, UnreadableFile
from loaders.read.limits import MAX_CELL_CHARS, check_cell_length
from loaders.read.model import Format, Grid, GridRow, RawDocument, clean_cell
from loaders.read.shape import Merge, check_shapes

_SUFFIXES = {Format.XLSX: (".xlsx", ".xlsm"), Format.XLS: (".xls",), Format.ODS: (".ods",)}
_KIND = {Format.XLSX: "книга Excel", Format.XLS: "книга Excel", Format.ODS: "таблица OpenDocument"}


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


def _native_error(exc: BaseException) -> bool:
    """calamine panics (pyo3 PanicException) derive from BaseException: they are a damaged file too."""
    return not isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit)


def read_workbook(path: Path, fmt: Format) -> RawDocument:
    shapes = check_shapes(path, fmt)  # refuses an absurd extent before calamine allocates it
    kind = _KIND[fmt]
    try:
        if path.suffix.lower() in _SUFFIXES[fmt]:
            workbook = CalamineWorkbook.from_path(str(path))
        else:  # named as another format: calamine tells the format from the bytes
            with path.open("rb") as fh:
                workbook = CalamineWorkbook.from_filelike(fh)
    except (CalamineError, OSError, ValueError) as exc:
        raise UnreadableFile(path, f"{kind} не читается: {exc}") from exc
    except BaseException as exc:  # noqa: B036 - see _native_error
        if not _native_error(exc):
            raise
        raise UnreadableFile(path, f"{kind} не читается: {exc}") from exc
    doc = RawDocument(path=path, format=fmt)
    try:
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            if fmt is Format.ODS:
                merges = shapes[index].ods_merges if index < len(shapes) else []
            else:
                merges = sheet.merged_cell_ranges or []
            errors = shapes[index].errors if index < len(shapes) and shapes[index].name == name else {}
            doc.grids.append(sheet_grid(path, name, sheet.to_python(skip_empty_area=False), merges,  # type: ignore[arg-type]
                                        errors))
    except LoadError:
        raise
    except BaseException as exc:  # noqa: B036 - see _native_error
        if not _native_error(exc):
            raise
        raise UnreadableFile(path, f"лист: {kind} не читается: {exc}") from exc
    return doc


def sheet_grid(path: Path, name: str, values: list[list[object]], merges: list[Merge],
               errors: dict[tuple[int, int], str] | None = None) -> Grid:
    """Lay a sheet's values out on a grid; merged ranges mark the cells they cover as continued; `errors`
    (row, column → «#REF!» …, read from the sheet's XML) fill the cells calamine leaves empty."""
    width = max((len(r) for r in values), default=0)
    for _, (_, c2) in merges:
        width = max(width, c2 + 1)
    for _, c in errors or {}:
        width = max(width, c + 1)
    cells = []
    for i, row in enumerate(values):
        texts = [cell_text(v) for v in row]
        for text in texts:
            if len(text) > MAX_CELL_CHARS:
                check_cell_length(path, text, f"лист '{name}', строка {i + 1}")
        cells.append(texts + [""] * (width - len(row)))
    for (r, c), code in (errors or {}).items():
        while r >= len(cells):  # an error in the last rows: calamine may stop before them
            cells.append([""] * width)
        if not cells[r][c]:
            cells[r][c] = code
    continued, full_span, spanned = _covered(merges, len(cells), width)
    rows = [
        GridRow(ref=f"sheet '{name}' row {i + 1}", cells=cells[i], continued=continued[i], full_span=full_span[i],
                spanned=spanned[i])
        for i in range(len(cells))
    ]
    return Grid(name=f"sheet '{name}'", rows=rows, width=width)


def _covered(merges: list[Merge], height: int, width: int) -> tuple[list[list[bool]], list[bool], list[list[bool]]]:
    """Which cells a merged range covers (every cell of it but its top-left one), which of them lie in the
    range's first row (covered from the left: GridRow.spanned), and the rows one range spans across, in
    O(cells + merges): 2-D difference arrays summed once, never a loop over each range's cells (overlapping
    ranges over a large grid cost minutes that way)."""
    full_span = [False] * height
    inside = [((r1, c1), (min(r2, height - 1), c2)) for (r1, c1), (r2, c2) in merges if r1 < height]
    if not inside or width == 0:
        return [[False] * width for _ in range(height)], full_span, [[False] * width for _ in range(height)]
    r1, c1, r2, c2 = (np.array(v, dtype=np.int64) for v in zip(*[(a, b, c, d) for (a, b), (c, d) in inside]))
    cover = _painted(height, width, r1, c1, r2, c2)
    np.subtract.at(cover, (r1, c1), 1)  # a range's own top-left cell holds its value
    first_row = _painted(height, width, r1, np.minimum(c1 + 1, width), r1, c2)  # right of the top-left cell
    for (a, b), (c, d) in inside:
        if a == c and b == 0 and d >= width - 1:
            full_span[a] = True
    return (cover > 0).tolist(), full_span, (first_row > 0).tolist()


def _painted(height: int, width: int, r1: np.ndarray, c1: np.ndarray, r2: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """How many of the rectangles [r1..r2] × [c1..c2] cover each cell (empty where c1 > c2)."""
    keep = c1 <= c2
    r1, c1, r2, c2 = r1[keep], c1[keep], r2[keep], c2[keep]
    diff = np.zeros((height + 1, width + 1), dtype=np.int32)
    np.add.at(diff, (r1, c1), 1)
    np.add.at(diff, (r1, c2 + 1), -1)
    np.add.at(diff, (r2 + 1, c1), -1)
    np.add.at(diff, (r2 + 1, c2 + 1), 1)
    return diff.cumsum(axis=0).cumsum(axis=1)[:height, :width]
