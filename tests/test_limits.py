"""Limits checked before parsing: file size, zip bombs, too many rows or columns."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from loaders.build import build
from loaders.errors import LoadError
from loaders.limits import MAX_ROWS, LimitExceeded
from loaders.readers import detect_format, read_document
from tests.builders import HEADER, write_docx
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
