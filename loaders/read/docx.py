"""Read .docx reports by walking the table XML once (python-docx opens the package).

``table.cell()`` rebuilds the whole grid on every call, so the rows are walked
directly: each ``w:tc`` gives its text, its ``gridSpan`` and its ``vMerge`` state.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from loaders.errors import UnreadableFile
from loaders.read.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    check_cell_count,
    check_cell_length,
    check_column_count,
    check_row_count,
)
from loaders.read.model import Format, Grid, GridRow, RawDocument, clean_cell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKS = {W + "br", W + "cr"}


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == W + "tab" and el.getparent().tag != W + "tabs":  # not a tab stop defined in w:pPr
            parts.append("\t")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cell_text(tc) -> str:
    return clean_cell("\n".join(_paragraph_text(p) for p in tc.iter(W + "p")))


def _int_attr(el, name: str, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + name, default))
    except (TypeError, ValueError):
        return default


def read_docx(path: Path, fmt: Format = Format.DOCX) -> RawDocument:
    """Read a .docx (`fmt` says what the file was before a conversion: .doc, .odt, .rtf)."""
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError) as exc:
            raise UnreadableFile(path, f"документ Word не читается (повреждён или не .docx): {exc}") from exc
        body = document.element.body
    except UnreadableFile:
        raise
    except Exception as exc:  # lxml XMLSyntaxError on a truncated part, etc.
        raise UnreadableFile(path, f"документ Word не читается: {exc}") from exc

    check_row_count(path, sum(1 for _ in body.iter(W + "tr")))
    doc = RawDocument(path=path, format=fmt)
    table_no = 0
    cells = 0  # rows × columns of the tables so far (checked table by table, before each is laid out)
    pending: list[str] = []  # paragraphs since the previous table
    for child in body.iterchildren():
        if child.tag == W + "p":
            text = _paragraph_text(child).strip()
            if text:
                pending.append(text)
                if not doc.grids:
                    doc.paragraphs.append(text)
        elif child.tag == W + "tbl":
            table_no += 1
            grid = _table_grid(path, child, table_no, cells)
            cells += len(grid.rows) * grid.width
            grid.preamble, pending = pending, []
            doc.grids.append(grid)
    return doc


def _table_grid(path: Path, tbl, table_no: int, cells_before: int = 0) -> Grid:
    grid_cols = tbl.find(W + "tblGrid")
    width = len(grid_cols.findall(W + "gridCol")) if grid_cols is not None else 0
    raw_rows: list[list[tuple[int, int, str, str | None]]] = []  # (col, span, text, vmerge)
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables belong to their cell's text
        col = 0
        cells = []
        trpr = tr.find(W + "trPr")
        if trpr is not None:
            col += max(_int_attr(trpr.find(W + "gridBefore"), "val", 0), 0)
        for tc in tr.findall(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = _int_attr(tcpr.find(W + "gridSpan") if tcpr is not None else None, "val", 1)
            vm_el = tcpr.find(W + "vMerge") if tcpr is not None else None
            vmerge = None if vm_el is None else (vm_el.get(W + "val") or "continue")
            text = _cell_text(tc)
            if len(text) > MAX_CELL_CHARS:
                check_cell_length(path, text, f"таблица {table_no}, строка {len(raw_rows) + 1}")
            cells.append((col, max(span, 1), text, vmerge))
            col += max(span, 1)
        width = max(width, col)
        raw_rows.append(cells)
        if width > MAX_COLUMNS or cells_before + len(raw_rows) * width > MAX_CELLS:
            break  # already beyond a limit: refused below, without reading the remaining rows
    check_column_count(path, width, f"таблица {table_no}")  # before the grid is laid out in memory
    check_cell_count(path, cells_before + len(tbl.findall(W + "tr")) * width, f"таблица {table_no}")

    rows: list[GridRow] = []
    for i, cells in enumerate(raw_rows):
        texts = [""] * width
        continued = [False] * width
        spanned = [False] * width
        for col, span, text, vmerge in cells:
            if col < width:
                texts[col] = text
                continued[col] = vmerge == "continue"
            for c in range(col + 1, min(col + span, width)):
                continued[c] = True
                spanned[c] = vmerge != "continue"  # covered from the left in this row, not from above
        full = len(cells) == 1 and cells[0][1] >= width and width > 1
        rows.append(GridRow(ref=f"table {table_no} row {i + 1}", cells=texts, continued=continued, full_span=full,
                            spanned=spanned))
    return Grid(name=f"table {table_no}", rows=rows, width=width)
