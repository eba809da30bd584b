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
MAX_UNPACKED_MB = 200  # the total uncompressed size of an Office archive (.xlsx/.docx/.ods/.odt)
MAX_RATIO = 100  # uncompressed : compressed size, of the whole archive and of each of its parts
RATIO_MIN_UNPACKED_MB = 1  # below this much unpacked data (archive or part) the ratio is harmless
MAX_ROWS = 50_000  # table rows in one file (all sheets / tables together)
MAX_COLUMNS = 500  # columns of one sheet / table (merged ranges included); a report has about ten
MAX_CELLS = 1_000_000  # rows × columns of every sheet / table together (the grid laid out in memory)
MAX_MERGES = 10_000  # merged ranges in one file (a report has a few dozen)
MAX_CELL_CHARS = 10_000  # characters in one cell (about four pages of text); a longer cell refuses the file
MAX_MEMBER_MB = 50  # the uncompressed size of one part of an Office archive (a sheet, the shared strings)

_MB = 1024 * 1024


class LimitExceeded(LoadError):
    """The file is too large, unpacks to too much, or has too many rows."""


def positive_env(name: str, default: float) -> float:
    """A positive number from the environment («2,5» or «2.5»); the default when unset, unreadable or ≤ 0."""
    raw = os.environ.get(name, "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def max_file_mb() -> float:
    return positive_env("COOP_MAX_FILE_MB", MAX_FILE_MB_DEFAULT)


def count_text(n: int) -> str:
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


def _bomb(path: Path, what: str) -> LimitExceeded:
    return LimitExceeded(path, f"{what}: файл похож на «zip-бомбу», загрузка отменена")


def check_archive(path: Path) -> None:
    """Refuse an Office archive that would unpack to an absurd size (a zip bomb), from its directory alone.

    Each part is checked on its own as well as the whole: one stored (uncompressed) part of random bytes
    must not hide another part compressed a thousand times."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(path, "файл повреждён или обрезан (архив Office не читается)") from exc
    unpacked = sum(max(info.file_size, 0) for info in infos)
    packed = sum(max(info.compress_size, 0) for info in infos)
    if unpacked > MAX_UNPACKED_MB * _MB:
        raise _bomb(path, f"архив распаковывается в {_mb(unpacked)} МБ при пределе {MAX_UNPACKED_MB} МБ")
    if unpacked >= RATIO_MIN_UNPACKED_MB * _MB and unpacked > MAX_RATIO * max(packed, 1):
        raise _bomb(path, f"архив сжат в {unpacked / max(packed, 1):.0f} раз (предел {MAX_RATIO}:1)")
    for info in infos:
        size, stored = max(info.file_size, 0), max(info.compress_size, 0)
        if size > MAX_MEMBER_MB * _MB:
            raise _bomb(path, f"часть архива {info.filename} распаковывается в {_mb(size)} МБ "
                              f"при пределе {MAX_MEMBER_MB} МБ на одну часть")
        if size >= RATIO_MIN_UNPACKED_MB * _MB and size > MAX_RATIO * max(stored, 1):
            raise _bomb(path, f"часть архива {info.filename} сжата в {size / max(stored, 1):.0f} раз "
                              f"(предел {MAX_RATIO}:1)")


def check_row_count(path: Path, rows: int) -> None:
    """Refuse a file whose sheets/tables hold more than MAX_ROWS rows."""
    if rows > MAX_ROWS:
        raise LimitExceeded(
            path,
            f"слишком много строк: {count_text(rows)} при пределе {count_text(MAX_ROWS)} "
            "(проверьте, нет ли на листе данных далеко внизу)",
        )


def check_column_count(path: Path, columns: int, where: str) -> None:
    """Refuse a sheet/table wider than MAX_COLUMNS (a merge or span to the last column of the sheet)."""
    if columns > MAX_COLUMNS:
        raise LimitExceeded(
            path,
            f"слишком много столбцов: {count_text(columns)} при пределе {MAX_COLUMNS} "
            "(проверьте объединённые ячейки: не растянуты ли они до края листа или таблицы)",
            ref=where,
        )


def check_cell_count(path: Path, cells: int, where: str | None = None) -> None:
    """Refuse a file whose grids (rows × columns of each sheet / table, all together) exceed MAX_CELLS."""
    if cells > MAX_CELLS:
        raise LimitExceeded(
            path,
            f"слишком большая таблица: {count_text(cells)} ячеек (строки × столбцы) при пределе {count_text(MAX_CELLS)} "
            "(проверьте, нет ли данных далеко справа или внизу)",
            ref=where,
        )


def check_merge_count(path: Path, merges: int) -> None:
    """Refuse a file with more than MAX_MERGES merged ranges."""
    if merges > MAX_MERGES:
        raise LimitExceeded(
            path, f"слишком много объединённых ячеек: {count_text(merges)} при пределе {count_text(MAX_MERGES)}")


def check_cell_length(path: Path, text: str, where: str) -> None:
    """Refuse a file with a cell longer than MAX_CELL_CHARS (never cut it silently). `where` names the row."""
    if len(text) > MAX_CELL_CHARS:
        raise LimitExceeded(
            path,
            f"слишком длинная ячейка: {count_text(len(text))} символов при пределе {count_text(MAX_CELL_CHARS)} "
            "(проверьте, не вставлен ли в ячейку целый документ)",
            ref=where,
        )
