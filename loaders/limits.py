"""Limits checked before a report file is parsed: absurd files are refused with a clear reason.

A report is a few hundred rows in a file of a few hundred kilobytes. A file far
beyond that is a mistake (a wrong file, a stray cell a million rows down) or a
hostile archive (a zip bomb); either way it is refused before the parser spends
memory on it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from loaders.errors import LoadError, UnreadableFile

MAX_FILE_MB_DEFAULT = 20.0  # override with the environment variable COOP_MAX_FILE_MB
MAX_UNPACKED_MB = 200  # the total uncompressed size of an .xlsx/.docx archive
MAX_RATIO = 100  # total uncompressed : compressed size of the archive
RATIO_MIN_UNPACKED_MB = 1  # below this much unpacked data the ratio is harmless and not checked
MAX_ROWS = 50_000  # table rows in one file (all sheets / tables together)
MAX_COLUMNS = 500  # columns of one sheet / table (merged ranges included); a report has about ten

_MB = 1024 * 1024


class LimitExceeded(LoadError):
    """The file is too large, unpacks to too much, or has too many rows."""


def max_file_mb() -> float:
    raw = os.environ.get("COOP_MAX_FILE_MB", "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else MAX_FILE_MB_DEFAULT
    except ValueError:
        return MAX_FILE_MB_DEFAULT
    return value if value > 0 else MAX_FILE_MB_DEFAULT


def _count(n: int) -> str:
    """50000 → "50 000" (Russian digit grouping)."""
    return f"{n:,}".replace(",", " ")


def _mb(size: float) -> str:
    return f"{size / _MB:.1f}".replace(".", ",")


def check_file_size(path: Path) -> None:
    """Refuse a file larger than COOP_MAX_FILE_MB (default 20 MB)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, f"файл не открывается ({exc.strerror or exc})") from exc
    limit = max_file_mb()
    if size > limit * _MB:
        raise LimitExceeded(
            path,
            f"файл слишком большой: {_mb(size)} МБ при пределе {limit:g} МБ "
            "(предел задаёт переменная окружения COOP_MAX_FILE_MB)",
        )


def check_archive(path: Path) -> None:
    """Refuse an Office archive that would unpack to an absurd size (a zip bomb), from its directory alone."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(path, "файл повреждён или обрезан (архив Office не читается)") from exc
    unpacked = sum(max(info.file_size, 0) for info in infos)
    packed = sum(max(info.compress_size, 0) for info in infos)
    if unpacked > MAX_UNPACKED_MB * _MB:
        raise LimitExceeded(
            path,
            f"архив распаковывается в {_mb(unpacked)} МБ при пределе {MAX_UNPACKED_MB} МБ: "
            "файл похож на «zip-бомбу», загрузка отменена",
        )
    if unpacked >= RATIO_MIN_UNPACKED_MB * _MB and unpacked > MAX_RATIO * max(packed, 1):
        ratio = unpacked / max(packed, 1)
        raise LimitExceeded(
            path,
            f"архив сжат в {ratio:.0f} раз (предел {MAX_RATIO}:1): "
            "файл похож на «zip-бомбу», загрузка отменена",
        )


def check_row_count(path: Path, rows: int) -> None:
    """Refuse a file whose sheets/tables hold more than MAX_ROWS rows."""
    if rows > MAX_ROWS:
        raise LimitExceeded(
            path,
            f"слишком много строк: {_count(rows)} при пределе {_count(MAX_ROWS)} "
            "(проверьте, нет ли на листе данных далеко внизу)",
        )


def check_column_count(path: Path, columns: int, where: str) -> None:
    """Refuse a sheet/table wider than MAX_COLUMNS (a merge or span to the last column of the sheet)."""
    if columns > MAX_COLUMNS:
        raise LimitExceeded(
            path,
            f"слишком много столбцов: {_count(columns)} при пределе {MAX_COLUMNS} "
            "(проверьте объединённые ячейки: не растянуты ли они до края листа или таблицы)",
            ref=where,
        )
