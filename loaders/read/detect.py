"""Which format a report file really is: from its bytes first, its name second.

Offices rename files (a PDF saved as ``.docx``, an RTF saved as ``.doc``, an ``.xlsx`` sent as ``.xls``):
the content decides which reader runs, and a file that is no table at all (a PDF, a scan, a CSV) is refused
with the reason and what to do instead. Size limits and the zip-bomb check run here, before any reader.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from loaders.errors import UnreadableFile, UnsupportedFormat
from loaders.read.limits import check_archive, check_file_size
from loaders.read.model import Format

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUFFIXES = {
    ".xlsx": Format.XLSX, ".xlsm": Format.XLSX, ".docx": Format.DOCX, ".xls": Format.XLS, ".ods": Format.ODS,
    ".doc": Format.DOC, ".odt": Format.ODT, ".rtf": Format.RTF,
}
REPORT_SUFFIXES = frozenset(SUFFIXES)  # what a folder build picks up
SUPPORTED = ".xlsx, .xls, .ods, .docx, .doc, .odt или .rtf"

PDF_REASON = ("это PDF: таблицу из него надёжно не прочитать — экспортируйте таблицу в Word или Excel "
              "(.docx, .xlsx) и загрузите этот файл")
IMAGE_REASON = ("это изображение (скан или снимок экрана), а не таблица: загрузите исходный документ Word "
                "или Excel (.docx, .xlsx)")
CSV_REASON = ("это текстовый файл CSV: в нём нет объединённых ячеек и заголовков отчёта — откройте его в Excel "
              "и сохраните как .xlsx")
HTML_REASON = ("это веб-страница или XML-таблица, сохранённая с расширением Office: откройте файл в Excel "
               "или Word и сохраните как .xlsx или .docx")

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
_WHAT = {Format.XLSX: "книга Excel (.xlsx)", Format.XLS: "книга Excel 97–2003 (.xls)",
         Format.ODS: "таблица OpenDocument (.ods)", Format.DOCX: "документ Word (.docx)",
         Format.DOC: "документ Word 97–2003 (.doc)", Format.ODT: "текст OpenDocument (.odt)",
         Format.RTF: "документ RTF (.rtf)"}
_ODF_TYPES = {"application/vnd.oasis.opendocument.text": Format.ODT,
              "application/vnd.oasis.opendocument.spreadsheet": Format.ODS}


def detect_format(path: Path) -> Format:
    """Return the file's format, or raise a named error saying why it cannot be read.

    Size limits (loaders.read.limits) are checked here, before any parsing."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise UnreadableFile(path, f"файл не открывается ({exc.strerror or exc})") from exc
    if not head:
        raise UnreadableFile(path, "файл пустой (0 байт)")
    check_file_size(path)
    by_content = _by_content(path, head)
    if by_content is not None:
        named = SUFFIXES.get(suffix)
        if named is not None and named.is_sheet != by_content.is_sheet:
            # an .xlsx sent as .xls or an RTF saved as .doc is read as what it is; a Word document named as a
            # spreadsheet (or the reverse) is more likely the wrong file: say what it is
            raise UnsupportedFormat(path, f"файл назван {suffix}, но по содержимому это {_WHAT[by_content]}: "
                                          "проверьте, тот ли это файл, и сохраните его с верным расширением")
        return by_content
    if suffix == ".pdf":
        raise UnsupportedFormat(path, PDF_REASON)
    if suffix in _IMAGE_SUFFIXES:
        raise UnsupportedFormat(path, IMAGE_REASON)
    if suffix in (".csv", ".tsv", ".txt"):
        raise UnsupportedFormat(path, CSV_REASON)
    if suffix in SUFFIXES:
        raise UnreadableFile(path, f"файл не является документом {suffix}: содержимое другого типа")
    raise UnsupportedFormat(path, f"формат «{suffix or 'без расширения'}» не поддерживается: нужен {SUPPORTED}")


def _by_content(path: Path, head: bytes) -> Format | None:
    """The format the bytes show (raising for non-tables), or None when they show nothing known."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        raise UnsupportedFormat(path, PDF_REASON)
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        raise UnsupportedFormat(path, IMAGE_REASON)
    if head.lstrip().startswith(b"{\\rtf"):
        return Format.RTF
    if head.startswith(OLE_MAGIC):
        return _ole_format(path)
    if head.startswith(b"PK"):
        return _zip_format(path, suffix)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"mime-version")):
        raise UnsupportedFormat(path, HTML_REASON)
    if suffix in (".csv", ".tsv", ".txt") and b"\0" not in head:
        raise UnsupportedFormat(path, CSV_REASON)
    return None


def _ole_format(path: Path) -> Format:
    """An OLE compound file: a Word 97 document, an Excel 97 book, or a password-protected Office file."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError... on a damaged file
        raise UnreadableFile(path, "файл старого формата Office повреждён или обрезан") from exc
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise UnsupportedFormat(path, "документ защищён паролем: снимите пароль и сохраните файл заново")
    if "worddocument" in streams:
        return Format.DOC
    if "workbook" in streams or "book" in streams:
        return Format.XLS
    raise UnsupportedFormat(path, "файл старого формата Office, но не документ Word и не книга Excel")


def _zip_format(path: Path, suffix: str) -> Format:
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(path, "файл повреждён или обрезан (архив Office не читается)")
    check_archive(path)  # a zip bomb is refused before any part is unpacked
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UnreadableFile(path, "файл повреждён или обрезан (архив Office не читается)") from exc
    if "word/document.xml" in names:
        return Format.DOCX
    if "xl/workbook.xml" in names:
        return Format.XLSX
    if mimetype in _ODF_TYPES:
        return _ODF_TYPES[mimetype]
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise UnsupportedFormat(path, "это документ OpenDocument, но не текст и не таблица: нужен .odt или .ods")
    if suffix in (".docx", ".xlsx", ".xlsm", ".ods", ".odt"):
        return SUFFIXES[suffix]  # its reader says what is missing
    raise UnsupportedFormat(path, f"архив ZIP, но не документ Office: нужен {SUPPORTED}")
