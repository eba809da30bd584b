"""Readers turn a report file into grids of cell texts, whatever its format.

``read_document`` is the one entry point: it detects the format from the file's bytes and name
(loaders.read.detect), and returns a :class:`RawDocument` that the table module reads.
- .xlsx, .xls, .ods: calamine (readers/workbook.py), after each sheet's extent is checked (shape.py);
- .docx: the table XML walked once (readers/docx.py);
- .doc, .odt, .rtf: converted to .docx by LibreOffice headless (readers/convert.py), then read as .docx.
"""

from __future__ import annotations

from pathlib import Path

from loaders.read.detect import REPORT_SUFFIXES, detect_format
from loaders.read.model import Format, Grid, GridRow, RawDocument, clean_cell

__all__ = ["REPORT_SUFFIXES", "Format", "Grid", "GridRow", "RawDocument", "clean_cell", "detect_format",
           "read_document"]


def read_document(path: str | Path) -> RawDocument:
    """Read a report file into grids of cell texts. Raises LoadError subclasses for files it cannot read."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt.is_sheet:
        from loaders.read.workbook import read_workbook

        return read_workbook(path, fmt)
    if fmt.needs_conversion:
        from loaders.read.convert import read_converted

        return read_converted(path, fmt)
    from loaders.read.docx import read_docx

    return read_docx(path)
