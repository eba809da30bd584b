"""Each sheet's used range, read cheaply from the file itself before calamine materialises anything.

calamine lays a sheet out as one rectangle from its first to its last cell with a value: a 4.8 KB .xlsx
with one cell at XFD1048576 makes it allocate 512 GB and abort the process; an .ods row of one valued
cell repeated 300 × 60,000 times, or an .xls cell at IV65536, costs a gigabyte. So every sheet's extent
is read here first — the .xlsx sheet XML and the .ods content.xml streamed with iterparse (the
``dimension`` element *and* the actual cell references), the .xls cell records walked in the BIFF
stream — and the limits are applied before the workbook is opened.

.ods merges are collected here too: calamine does not report them for that format.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from loaders.errors import LoadError, UnreadableFile
from loaders.read.limits import (
    MAX_CELLS,
    LimitExceeded,
    check_cell_count,
    check_column_count,
    check_merge_count,
    check_row_count,
    count_text,
)
from loaders.read.model import Format

MAX_ERROR_CELLS = 100_000  # error cells kept per sheet (a sheet is refused above 1,000,000 cells anyway)
Merge = tuple[tuple[int, int], tuple[int, int]]  # ((row1, col1), (row2, col2)), 0-based, inclusive


@dataclass
class SheetShape:
    name: str
    rows: int = 0  # last row with a value + 1 (the sheet is laid out from row 0)
    columns: int = 0  # last column with a value + 1
    merge_columns: int = 0  # last column a merged range reaches + 1
    merges: int = 0
    declared: str | None = None  # the .xlsx dimension element's ref / the .xls DIMENSIONS record
    declared_cells: int = 0
    ods_merges: list[Merge] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # .xlsx cells holding an error value

    @property
    def width(self) -> int:
        return max(self.columns, self.merge_columns)


def check_shapes(path: Path, fmt: Format) -> list[SheetShape]:
    """Read every sheet's extent and refuse the file if it is beyond the limits (loaders.read.limits)."""
    try:
        shapes = {Format.XLSX: _xlsx_shapes, Format.ODS: _ods_shapes, Format.XLS: _xls_shapes}[fmt](path)
    except LoadError:
        raise
    except Exception as exc:  # a damaged part: lxml XMLSyntaxError, zlib error, struct.error...
        raise UnreadableFile(path, f"книга не читается ({type(exc).__name__}: {exc})") from exc
    check_row_count(path, sum(s.rows for s in shapes))
    for s in shapes:
        check_column_count(path, s.width, f"лист '{s.name}'")
        if s.declared_cells > MAX_CELLS:
            raise LimitExceeded(
                path,
                f"объявлена используемая область {s.declared} — {count_text(s.declared_cells)} ячеек "
                f"при пределе {count_text(MAX_CELLS)} (проверьте, нет ли данных или оформления далеко "
                "справа или внизу)",
                ref=f"лист '{s.name}'",
            )
    check_cell_count(path, sum(s.rows * s.width for s in shapes))
    check_merge_count(path, sum(s.merges for s in shapes))
    return shapes


# --- .xlsx ------------------------------------------------------------------------------------------

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_PARSER_OPTS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _ref(text: str | None) -> tuple[int, int] | None:
    m = _REF.fullmatch((text or "").strip())
    return (int(m.group(2)) - 1, _col_number(m.group(1))) if m else None


def _range(text: str | None) -> Merge | None:
    parts = (text or "").split(":")
    first = _ref(parts[0])
    last = _ref(parts[-1])
    if first is None or last is None:
        return None
    return (min(first[0], last[0]), min(first[1], last[1])), (max(first[0], last[0]), max(first[1], last[1]))


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    rels_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = etree.fromstring(zf.read("xl/workbook.xml"), etree.XMLParser(**_PARSER_OPTS))
    try:
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(**_PARSER_OPTS))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter("{*}Relationship")}
    except KeyError:
        targets = {}
    names = set(zf.namelist())
    out = []
    for i, sheet in enumerate(workbook.iter("{*}sheet")):
        target = targets.get(sheet.get(rels_ns) or sheet.get("{*}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part not in names:
            part = f"xl/worksheets/sheet{i + 1}.xml"
        out.append((sheet.get("name") or f"{i + 1}", part))
    return out


def _xlsx_shapes(path: Path) -> list[SheetShape]:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        shapes = []
        for name, part in _xlsx_sheet_parts(zf):
            shape = SheetShape(name)
            if part in names:
                with zf.open(part) as fh:
                    _scan_xlsx_sheet(fh, shape)
            shapes.append(shape)
        return shapes


def _scan_xlsx_sheet(fh, shape: SheetShape) -> None:
    row, col = -1, -1
    last_row = last_col = -1
    tags = ("{*}row", "{*}c", "{*}dimension", "{*}mergeCell")
    for event, el in etree.iterparse(fh, events=("start", "end"), tag=tags, **_PARSER_OPTS):
        tag = etree.QName(el).localname
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row = int(r) - 1 if r and r.isdigit() else row + 1
                col = -1
            continue
        if tag == "c":
            pos = _ref(el.get("r"))
            if pos is not None:
                row, col = pos
            else:
                col += 1
            if len(el):  # a value (<v>, <is>, <f>): calamine places it; a bare <c s=".."/> is formatting only
                last_row, last_col = max(last_row, row), max(last_col, col)
                if el.get("t") == "e" and len(shape.errors) < MAX_ERROR_CELLS:
                    value = el.find("{*}v")
                    shape.errors[(row, col)] = (value.text or "#ERROR") if value is not None else "#ERROR"
            el.clear()
        elif tag == "row":
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
        elif tag == "dimension":
            bounds = _range(el.get("ref"))
            if bounds:
                (r1, c1), (r2, c2) = bounds
                shape.declared = el.get("ref")
                shape.declared_cells = (r2 + 1) * (c2 + 1)
        elif tag == "mergeCell":
            bounds = _range(el.get("ref"))
            if bounds:
                shape.merges += 1
                shape.merge_columns = max(shape.merge_columns, bounds[1][1] + 1)
            el.clear()
    shape.rows, shape.columns = last_row + 1, last_col + 1


# --- .ods -------------------------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_VALUE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


def _int(el, name: str, default: int = 1) -> int:
    try:
        return max(int(el.get(_T + name, default)), 1)
    except (TypeError, ValueError):
        return default


def _ods_shapes(path: Path) -> list[SheetShape]:
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        return list(_scan_ods(fh, path))


def _scan_ods(fh, path: Path) -> Iterator[SheetShape]:
    shape: SheetShape | None = None
    row = col = 0
    row_repeat = 1
    row_has_value = False
    last_row = last_col = -1
    tags = (_T + "table", _T + "table-row", _T + "table-cell", _T + "covered-table-cell")
    for event, el in etree.iterparse(fh, events=("start", "end"), tag=tags, **_PARSER_OPTS):
        tag = el.tag[len(_T):]
        if event == "start":
            if tag == "table" and shape is None:
                shape = SheetShape(el.get(_T + "name") or "1")
                row, last_row, last_col = 0, -1, -1
            elif tag == "table-row":
                row_repeat, col, row_has_value = _int(el, "number-rows-repeated"), 0, False
            continue
        if tag in ("table-cell", "covered-table-cell") and shape is not None:
            repeat = _int(el, "number-columns-repeated")
            if el.get(_OFFICE_VALUE) is not None or len(el):
                row_has_value = True
                last_col = max(last_col, col + repeat - 1)
            spans = _int(el, "number-columns-spanned"), _int(el, "number-rows-spanned")
            if tag == "table-cell" and spans != (1, 1):
                shape.merges += repeat * row_repeat
                check_merge_count(path, shape.merges)  # before the list of them is built
                shape.merge_columns = max(shape.merge_columns, col + repeat - 1 + spans[0])
                for r in range(row, row + row_repeat):
                    for c in range(col, col + repeat):
                        shape.ods_merges.append(((r, c), (r + spans[1] - 1, c + spans[0] - 1)))
            col += repeat
            el.clear()
        elif tag == "table-row":
            if row_has_value:
                last_row = row + row_repeat - 1
            row += row_repeat
            el.clear()
        elif tag == "table" and shape is not None:
            shape.rows, shape.columns = last_row + 1, last_col + 1
            yield shape
            shape = None
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]


# --- .xls -------------------------------------------------------------------------------------------

_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _MERGEDCELLS = 0x0809, 0x000A, 0x0085, 0x0200, 0x00E5
_VALUE_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006}  # NUMBER RK LABELSST LABEL RSTRING BOOLERR FORMULA
_MULRK = 0x00BD


def _xls_stream(path: Path) -> bytes:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        for name in ("Workbook", "Book"):
            if ole.exists(name):
                return ole.openstream(name).read()
    raise UnreadableFile(path, "в файле .xls нет книги Excel (поток Workbook)")


def _boundsheet_name(data: bytes) -> tuple[int, str]:
    pos = struct.unpack_from("<I", data, 0)[0]
    cch, flags = data[6], data[7] if len(data) > 7 else 0
    raw = data[8:8 + cch * (2 if flags & 1 else 1)]
    return pos, raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


def _xls_shapes(path: Path) -> list[SheetShape]:
    data = _xls_stream(path)
    names: dict[int, str] = {}
    shapes: list[SheetShape] = []
    shape: SheetShape | None = None
    last_row = last_col = -1
    pos = 0
    while pos + 4 <= len(data):
        rtype, rlen = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4:pos + 4 + rlen]
        if rtype == _BOF and len(body) >= 4:
            kind = struct.unpack_from("<H", body, 2)[0]
            if kind in (0x0010, 0x0020, 0x0040):  # worksheet, chart, macro sheet
                shape = SheetShape(names.get(pos, str(len(shapes) + 1)))
                last_row = last_col = -1
        elif rtype == _BOUNDSHEET and len(body) >= 8:
            sheet_pos, name = _boundsheet_name(body)
            names[sheet_pos] = name
        elif shape is not None and rtype == _EOF:
            shape.rows, shape.columns = last_row + 1, last_col + 1
            shapes.append(shape)
            shape = None
        elif shape is not None and rtype in _VALUE_CELLS and len(body) >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            last_row, last_col = max(last_row, r), max(last_col, c)
        elif shape is not None and rtype == _MULRK and len(body) >= 6:
            r, _ = struct.unpack_from("<HH", body, 0)
            c2 = struct.unpack_from("<H", body, len(body) - 2)[0]
            last_row, last_col = max(last_row, r), max(last_col, c2)
        elif shape is not None and rtype == _DIMENSIONS and len(body) in (10, 14):
            if len(body) == 14:
                r1, r2, c1, c2 = struct.unpack_from("<IIHH", body, 0)
            else:
                r1, r2, c1, c2 = struct.unpack_from("<HHHH", body, 0)
            shape.declared = f"строки {r1 + 1}–{r2}, столбцы {c1 + 1}–{c2}"
            shape.declared_cells = r2 * c2
        elif shape is not None and rtype == _MERGEDCELLS and len(body) >= 2:
            n = struct.unpack_from("<H", body, 0)[0]
            for i in range(min(n, (len(body) - 2) // 8)):
                _, _, _, c2 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                shape.merge_columns = max(shape.merge_columns, c2 + 1)
            shape.merges += n
        pos += 4 + rlen
    return shapes
