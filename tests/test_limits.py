"""Limits checked before parsing: file size, zip bombs, too many rows or columns."""

from __future__ import annotations

import hashlib
import random
import shutil
import struct
import time
import zipfile
from pathlib import Path

import olefile
import pytest
from openpyxl import Workbook

from loaders.build import build
from loaders.errors import LoadError
from loaders.read import detect_format, read_document
from loaders.read.limits import MAX_CELL_CHARS, MAX_ROWS, LimitExceeded, check_archive
from loaders.read.workbook import _covered, sheet_grid
from loaders.table.classify import read_table
from loaders.table.columns import Col
from tests.builders import AGR_TVER, DEPT_A, HEADER, write_docx, write_xlsx
from tests.conftest import AGREEMENTS, FIXTURES, ROADMAP

MB = 1 << 20


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_zero_member(src: Path, dest: Path, megabytes: int) -> Path:
    """`src` plus one member of `megabytes` MB of zeros, written chunk by chunk (never held in memory)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        with zout.open("xl/worksheets/padding.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * MB
            for _ in range(megabytes):
                fh.write(chunk)
    return dest


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real report with 300 MB of zeros added: about 1.4 MB on disk."""
    dest = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    return with_zero_member(FIXTURES / f"{AGREEMENTS}.xlsx", dest, 300)


@pytest.fixture()
def loaded_db(sample_db: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "db.duckdb"
    shutil.copy(sample_db, dest)
    return dest


def refused(path: Path, db: Path) -> str:
    """Build `path` into `db`; assert it failed and left the database byte-identical; return the message."""
    before = digest(db)
    results = build([path], db)
    assert len(results) == 1 and not results[0].ok, results[0].message
    assert digest(db) == before
    message = results[0].message
    assert "\n" not in message and message.startswith(path.name)
    return message


def test_zip_bomb_refused_before_parsing(zip_bomb, loaded_db):
    assert zip_bomb.stat().st_size < 5 * MB
    with pytest.raises(LimitExceeded) as err:
        detect_format(zip_bomb)
    assert "zip-бомбу" in str(err.value)
    message = refused(zip_bomb, loaded_db)
    assert "распаковывается в 300" in message and "пределе 200 МБ" in message


def test_high_compression_ratio_refused(tmp_path, loaded_db):
    bomb = with_zero_member(FIXTURES / f"{AGREEMENTS}.xlsx", tmp_path / "ratio.xlsx", 20)
    message = refused(bomb, loaded_db)
    assert "сжат в" in message and "100:1" in message and "zip-бомбу" in message


def test_file_size_limit_from_environment(monkeypatch, loaded_db):
    monkeypatch.setenv("COOP_MAX_FILE_MB", "0.01")
    path = FIXTURES / f"{ROADMAP}.docx"
    with pytest.raises(LimitExceeded):
        read_document(path)
    message = refused(path, loaded_db)
    assert "файл слишком большой" in message and "COOP_MAX_FILE_MB" in message
    monkeypatch.setenv("COOP_MAX_FILE_MB", "не число")  # a bad value falls back to the default 20 MB
    assert read_document(path).grids


def test_too_many_rows_xlsx(tmp_path, loaded_db):
    wb = Workbook()
    ws = wb.active
    for c, text in enumerate(HEADER, start=1):
        ws.cell(row=1, column=c, value=text)
    ws.cell(row=MAX_ROWS + 10, column=1, value="забытая ячейка")
    path = tmp_path / "long.xlsx"
    wb.save(path)
    message = refused(path, loaded_db)
    assert "слишком много строк: 50 010 при пределе 50 000 (проверьте, нет ли" in message


def test_too_many_rows_docx(tmp_path, loaded_db):
    path = write_docx(tmp_path / "long.docx", [[HEADER, ["1.", "", "Встреча", "май 2021", "Смоленск", "", ""]]])
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    # a varied text per row: identical rows would compress past the per-part zip-bomb ratio first
    rows = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{hashlib.md5(str(i).encode()).hexdigest()[:6]}</w:t></w:r></w:p>"
                   "</w:tc></w:tr>" for i in range(MAX_ROWS + 1))
    parts["word/document.xml"] = xml.replace("</w:tbl>", rows + "</w:tbl>", 1).encode("utf-8")
    long = tmp_path / "long2.docx"
    with zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    message = refused(long, loaded_db)
    assert "слишком много строк" in message


def test_merge_to_the_last_column_refused(tmp_path, loaded_db):
    wb = Workbook()
    ws = wb.active
    for c, text in enumerate(HEADER, start=1):
        ws.cell(row=1, column=c, value=text)
    ws.merge_cells("A3:XFD3")
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    message = refused(path, loaded_db)
    assert "слишком много столбцов: 16 384" in message and "лист 'Sheet'" in message


def test_limit_errors_are_load_errors():
    assert issubclass(LimitExceeded, LoadError)


# --- per-part zip checks, cell and merge limits, extents read before calamine -----------------------

def test_one_part_too_large_refused_although_the_archive_ratio_is_low(tmp_path):
    """A part of 51 MB compressed about 45:1: the archive's ratio is unremarkable, the part is too big."""
    rng = random.Random(7)
    path = tmp_path / "big-part.xlsx"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.xlsx", path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("xl/sharedStrings2.xml", "w", force_zip64=True) as fh:
        block = b"".join(rng.randbytes(64) + b"\0" * 3000 for _ in range(340))
        for _ in range(51 * MB // len(block) + 1):
            fh.write(block)
    with pytest.raises(LimitExceeded) as err:
        check_archive(path)
    assert "часть архива xl/sharedStrings2.xml распаковывается в 51" in str(err.value)
    assert "при пределе 50 МБ на одну часть" in str(err.value)


def test_one_highly_compressed_part_hidden_by_a_stored_random_part(tmp_path, loaded_db):
    rng = random.Random(8)
    path = tmp_path / "hidden.xlsx"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.xlsx", path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(zipfile.ZipInfo("xl/media/image1.png"), rng.randbytes(2 * MB), compress_type=zipfile.ZIP_STORED)
        zf.writestr("xl/worksheets/sheet9.xml", b"<x>" + b"a" * (20 * MB) + b"</x>", compress_type=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    assert sum(i.file_size for i in infos) < 100 * sum(i.compress_size for i in infos)  # the old, whole-archive check passes
    message = refused(path, loaded_db)
    assert "часть архива xl/worksheets/sheet9.xml сжата в" in message and "zip-бомбу" in message


def _ods(path: Path, rows_xml: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Отчет">{rows_xml}</table:table></office:spreadsheet>'
               "</office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"))
    return path


def _ods_cell(text: str, extra: str = "") -> str:
    return f'<table:table-cell {extra} office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def test_ods_repeated_valued_cells_refused_before_calamine(tmp_path, loaded_db):
    """One valued cell repeated 300 columns × 40,000 rows: calamine would lay out 12 million cells (2 GB)."""
    row = "<table:table-row>" + "".join(_ods_cell(h) for h in HEADER) + "</table:table-row>"
    row += ('<table:table-row table:number-rows-repeated="40000">'
            + _ods_cell("x", 'table:number-columns-repeated="300"') + "</table:table-row>")
    path = _ods(tmp_path / "repeated.ods", row)
    assert path.stat().st_size < 5_000
    message = refused(path, loaded_db)
    assert "слишком большая таблица: 12 000 301 ячеек" in message or "слишком большая таблица: 12 000 300" in message


def test_ods_merges_are_read_from_content_xml(tmp_path):
    """calamine reports no merged ranges for .ods: a department heading merged across the table, and a
    vertically merged agreement cell, must still cover their cells."""
    header = "<table:table-row>" + "".join(_ods_cell(h) for h in HEADER) + "</table:table-row>"
    covered = "<table:covered-table-cell/>"
    dept = ('<table:table-row>' + _ods_cell(DEPT_A, 'table:number-columns-spanned="7"')
            + covered * 6 + "</table:table-row>")
    ev1 = ("<table:table-row>" + _ods_cell("1.") + _ods_cell(AGR_TVER, 'table:number-rows-spanned="2"')
           + "".join(_ods_cell(t) for t in ["Выставка", "5 мая 2021 года", "г. Тверь", "120 человек", "Проведена"])
           + "</table:table-row>")
    ev2 = ("<table:table-row>" + _ods_cell("2.") + covered
           + "".join(_ods_cell(t) for t in ["Фестиваль", "12 июня 2021 года", "г. Смоленск", "300 человек", ""])
           + "</table:table-row>")
    path = _ods(tmp_path / "merged.ods", header + dept + ev1 + ev2)
    [grid] = read_document(path).grids
    assert [r.continued for r in grid.rows] == [
        [False] * 7, [False] + [True] * 6, [False] * 7, [False, True] + [False] * 5]
    assert [r.full_span for r in grid.rows] == [False, True, False, False]
    table = read_table(read_document(path))
    assert [(e.department, e.values[Col.AGREEMENT]) for e in table.events] == [(DEPT_A, AGR_TVER)] * 2


def _xls_with_cell_moved(src: Path, dest: Path, row: int, col: int) -> Path:
    """A copy of a real .xls with its first text cell (LABELSST) moved to (row, col), in place."""
    shutil.copy(src, dest)
    with olefile.OleFileIO(str(dest), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        pos = 0
        while pos + 4 <= len(data):
            rtype, rlen = struct.unpack_from("<HH", data, pos)
            if rtype == 0x00FD:
                struct.pack_into("<HH", data, pos + 4, row, col)
                break
            pos += 4 + rlen
        ole.write_stream("Workbook", bytes(data))
    return dest


@pytest.mark.parametrize(("row", "col", "phrase"), [
    (65535, 255, "слишком много строк: 65 536"),
    (40000, 255, "слишком большая таблица: 10 240 256 ячеек"),
])
def test_xls_far_cell_refused_before_calamine(tmp_path, loaded_db, row, col, phrase):
    """calamine lays an .xls sheet out to its last cell: IV65536 costs a gigabyte."""
    path = _xls_with_cell_moved(FIXTURES / f"{AGREEMENTS}.xls", tmp_path / "far.xls", row, col)
    message = refused(path, loaded_db)
    assert phrase in message


def test_cell_longer_than_the_limit_refuses_the_file_naming_sheet_and_row(tmp_path, loaded_db):
    rows = [HEADER, ["1.", "", "Встреча", "май 2021", "г. Тверь", "я" * (MAX_CELL_CHARS + 1), ""]]
    xlsx = write_xlsx(tmp_path / "long-cell.xlsx", rows, title=[])
    assert refused(xlsx, loaded_db) == (
        "long-cell.xlsx, лист 'Отчет', строка 2: слишком длинная ячейка: 10 001 символов при пределе 10 000 "
        "(проверьте, не вставлен ли в ячейку целый документ)")
    docx = write_docx(tmp_path / "long-cell.docx", [rows], title=[])
    assert refused(docx, loaded_db).startswith("long-cell.docx, таблица 1, строка 2: слишком длинная ячейка")
    ok = write_xlsx(tmp_path / "just-fits.xlsx", [HEADER, rows[1][:5] + ["я" * MAX_CELL_CHARS, ""]], title=[])
    assert build([ok], loaded_db)[0].ok


def test_docx_grid_cell_count_limited(tmp_path, loaded_db):
    """2,100 rows of one cell spanning 500 grid columns: 1,050,000 cells, within the row and column limits."""
    path = write_docx(tmp_path / "wide.docx", [[HEADER, ["1.", "", "Встреча", "май 2021", "", "", ""]]])
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    rows = "".join(f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="500"/></w:tcPr><w:p><w:r><w:t>{i}</w:t></w:r></w:p>'
                   "</w:tc></w:tr>" for i in range(2_098))
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("</w:tbl>", rows + "</w:tbl>", 1).encode("utf-8")
    wide = tmp_path / "wide2.docx"
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert refused(wide, loaded_db) == (
        "wide2.docx, таблица 1: слишком большая таблица: 1 050 000 ячеек (строки × столбцы) при пределе "
        "1 000 000 (проверьте, нет ли данных далеко справа или внизу)")


def _covered_naive(merges, height, width):
    """The old expansion: every cell of every range, one by one."""
    continued = [[False] * width for _ in range(height)]
    for (r1, c1), (r2, c2) in merges:
        for r in range(r1, min(r2, height - 1) + 1):
            for c in range(c1, c2 + 1):
                if (r > r1 and c == c1) or c > c1:
                    continued[r][c] = True
    return continued


def test_merge_expansion_matches_the_cell_by_cell_rule():
    rng = random.Random(3)
    for _ in range(200):
        height, width = rng.randint(1, 12), rng.randint(1, 9)
        merges = []
        for _ in range(rng.randint(0, 6)):
            r1, c1 = rng.randrange(height + 2), rng.randrange(width)
            merges.append(((r1, c1), (r1 + rng.randint(0, 4), min(width - 1, c1 + rng.randint(0, 3)))))
        continued, _, spanned = _covered(merges, height, width)
        assert continued == _covered_naive(merges, height, width), merges
        assert spanned == _spanned_naive(merges, height, width), merges


def _spanned_naive(merges, height, width):
    """Cells a range covers from the left: its first row, right of its top-left cell."""
    spanned = [[False] * width for _ in range(height)]
    for (r1, c1), (_, c2) in merges:
        if r1 < height:
            for c in range(c1 + 1, c2 + 1):
                spanned[r1][c] = True
    return spanned


def test_stacked_merges_over_a_full_grid_expand_in_one_pass(capsys):
    """10,000 ranges, each over the whole 2,000 × 500 grid (the limits allow it): one summed array, not
    10 billion cell visits."""
    values = [[None] * 500 for _ in range(2_000)]
    started = time.perf_counter()
    grid = sheet_grid(Path("stacked.xlsx"), "Отчет", values, [((0, 0), (1_999, 499))] * 10_000)
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n10,000 stacked merges over 2,000 × 500 cells laid out in {seconds:.2f} s")
    assert grid.rows[0].continued[:3] == [False, True, True]
    assert all(grid.rows[1_999].continued)
