"""Readers turn a report file into grids of cell texts, whatever its format.

``read_document`` is the one entry point: it detects the format from the file's
bytes and name, and returns a :class:`RawDocument` that the table module reads.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from loaders.errors import UnreadableFile, UnsupportedFormat
from loaders.limits import check_archive, check_file_size
from loaders.readers.model import Format, Grid, GridRow, RawDocument, clean_cell

__all__ = ["Format", "Grid", "GridRow", "RawDocument", "clean_cell", "detect_format", "read_document"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED_SUFFIXES = {".xlsx": Format.XLSX, ".xlsm": Format.XLSX, ".docx": Format.DOCX}


def detect_format(path: Path) -> Format:
    """Return the file's format, or raise a named error saying why it cannot be read.

    Size limits (loaders.limits) are checked here, before any parsing.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            path, f"формат «{suffix or 'без расширения'}» не поддерживается: нужен .xlsx или .docx"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableFile(path, f"файл не открывается ({exc.strerror or exc})") from exc
    if not head:
        raise UnreadableFile(path, "файл пустой (0 байт)")
    check_file_size(path)
    if head.startswith(OLE_MAGIC):
        raise UnsupportedFormat(
            path,
            "это файл старого формата Office (.doc/.xls) или защищённый паролем документ: "
            "сохраните его как .docx/.xlsx без пароля",
        )
    if not head.startswith(b"PK"):
        raise UnreadableFile(path, f"файл не является документом {suffix}: содержимое другого типа")
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(path, "файл повреждён или обрезан (архив Office не читается)")
    check_archive(path)  # a zip bomb is refused before any part is unpacked
    return SUPPORTED_SUFFIXES[suffix]


def read_document(path: str | Path) -> RawDocument:
    """Read a .xlsx or .docx report into grids of cell texts."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is Format.XLSX:
        from loaders.readers.xlsx import read_xlsx

        return read_xlsx(path)
    from loaders.readers.docx import read_docx

    return read_docx(path)
