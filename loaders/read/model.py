"""What every reader returns: grids of cell texts with merge information."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path


class Format(enum.Enum):
    """The format of the file as it arrived (what ``reports.format`` stores)."""

    XLSX = "xlsx"
    DOCX = "docx"
    XLS = "xls"  # Excel 97-2003, read by calamine
    ODS = "ods"  # OpenDocument spreadsheet, read by calamine
    DOC = "doc"  # Word 97-2003: converted to .docx by LibreOffice
    ODT = "odt"  # OpenDocument text: converted to .docx by LibreOffice
    RTF = "rtf"  # Rich Text Format: converted to .docx by LibreOffice

    @property
    def is_sheet(self) -> bool:
        return self in (Format.XLSX, Format.XLS, Format.ODS)

    @property
    def needs_conversion(self) -> bool:
        return self in (Format.DOC, Format.ODT, Format.RTF)


@dataclass
class GridRow:
    """One source row. ``cells`` are laid out on the grid's columns.

    ``continued[i]`` is True when cell *i* is covered by a merged cell (its value belongs to that merged
    cell): one that starts in a row above, or one to its left in this row.
    ``spanned[i]`` is True in the second case only: the merged cell starts in this row, in a column to
    the left (a date typed once across «начало» and «окончание»). Such a cell is empty, never the last
    value written in its column above.
    ``full_span`` is True when the row is one merged cell spanning every column.
    """

    ref: str
    cells: list[str]
    continued: list[bool]
    full_span: bool = False
    spanned: list[bool] = field(default_factory=list)

    def is_spanned(self, i: int) -> bool:
        return i < len(self.spanned) and self.spanned[i]

    def texts(self) -> list[str]:
        """The non-empty cells this row holds itself (not covered by a merge from above)."""
        return [c for c, cont in zip(self.cells, self.continued) if not cont and c and not c.isspace()]


@dataclass
class Grid:
    """A sheet or a Word table."""

    name: str
    rows: list[GridRow]
    width: int
    # Non-empty paragraphs between the previous table (or the document's start) and this one, in order
    # (.docx: a department named above each separate table). Always empty for sheets.
    preamble: list[str] = field(default_factory=list)


@dataclass
class RawDocument:
    path: Path
    format: Format
    paragraphs: list[str] = field(default_factory=list)  # text before the first table (.docx)
    grids: list[Grid] = field(default_factory=list)


def clean_cell(text: str) -> str:
    """Normalise a cell the same way for every format.

    Word pads a vertically merged cell with empty paragraphs and Excel does not,
    so trailing line breaks are dropped; everything else is kept as written.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


# A cell holding a formula's error value as Excel shows it (#REF!, #N/A …): the reader keeps the code as the
# cell's text (calamine gives ''), the field parsers report it instead of parsing it (loaders.fields.runner)
EXCEL_ERROR = re.compile(r"#(?:REF!|N/A|DIV/0!|VALUE!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|"
                         r"CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)")
