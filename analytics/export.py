"""Exports of exactly the filtered rows: CSV for Russian Excel, and XLSX.

The events export is rendered by DuckDB (analytics/export_sql.py): CSV with `COPY … TO`, XLSX as row XML
streamed into a minimal workbook (analytics/xlsx.py). Cell text goes through analytics/text_rules.py
(control characters dropped, then formula starts neutralised) in SQL, the small tables in Python.

- CSV: UTF-8 with BOM, `;` by default (opens in columns in a Russian Excel), CRLF, fields quoted only when
  they hold the separator, a quote or a line break; dates ДД.ММ.ГГГГ.
- XLSX: a frozen, filtered header; dates are real Excel dates shown as ДД.ММ.ГГГГ; a second sheet names
  the filters; cell text is cut at Excel's 32,767 characters.
- At most `export_row_cap()` rows (EXPORT_MAX_ROWS, or COOP_EXPORT_MAX_ROWS): a larger selection is refused
  with a message asking for narrower filters, never cut silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from analytics import export_sql
from analytics.filters import Filters
from analytics.text_rules import drop_control, neutralise, safe_text
from analytics.xlsx import STYLE_BOLD, STYLE_HEADER, Sheet, row_xml, write_workbook
from ui.i18n import t

__all__ = ["EXPORT_COLUMNS", "EXPORT_MAX_ROWS", "QUICK_ROWS", "ExportTooLarge", "export_events", "export_file_name",
           "export_row_cap", "neutralise", "safe_text", "source_ref_text", "table_to_csv_bytes", "to_csv_bytes",
           "to_xlsx_bytes", "transliterate"]

# (query column, label key), in file order
EXPORT_COLUMNS: list[tuple[str, str]] = [(col, key) for col, key, _ in export_sql.COLUMNS]
# One export holds at most this many rows. 100k rows are ~2 s as CSV and ~10 s as XLSX on the 2-core
# reference machine (docs/performance.md, "Exports that scale"); an unfiltered export of a million events
# would take minutes and gigabytes, and no spreadsheet user reads that many rows.
EXPORT_MAX_ROWS = 100_000
# Up to this many rows a file is built in well under a second: one click downloads it. Above it the page
# shows a progress line while a separate process builds the file (analytics/export_job.py).
QUICK_ROWS = 5_000
SEPARATORS = (";", ",")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportTooLarge(ValueError):
    """More rows than one export may hold."""

    def __init__(self, rows: int, cap: int) -> None:
        super().__init__(f"{rows} rows, the export cap is {cap}")
        self.rows, self.cap = rows, cap


def export_row_cap() -> int:
    try:
        return max(1, int(os.environ.get("COOP_EXPORT_MAX_ROWS", EXPORT_MAX_ROWS)))
    except ValueError:
        return EXPORT_MAX_ROWS


_REF_TABLE = re.compile(r"^table (\d+) row (\d+)$")
_REF_SHEET = re.compile(r"^sheet '(.*)' row (\d+)$")


def source_ref_text(ref: str | None, lang: str = "ru") -> str | None:
    """«table 1 row 44» → «таблица 1, строка 44», «sheet 'Отчет' row 26» → «лист «Отчет», строка 26» in
    Russian; English keeps the stored text. (The same rule as the export's SQL, for pages.)"""
    if ref is None or lang != "ru":
        return ref
    if m := _REF_TABLE.match(ref):
        return t("ref.table", "ru", table=m[1], row=m[2])
    if m := _REF_SHEET.match(ref):
        return t("ref.sheet", "ru", sheet=m[1], row=m[2])
    return ref


# ---------------------------------------------------------------------------------------------- CSV
def _csv_line(values: list[str], sep: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


def _write_csv(conn: duckdb.DuckDBPyConnection, source: str, params: dict[str, object], path: Path,
               sep: str, lang: str) -> None:
    if sep not in SEPARATORS:
        raise ValueError(f"separator {sep!r}")
    body = path.with_suffix(".body")
    sql = export_sql.csv_select(source, lang)
    delim = export_sql.literal(sep)
    conn.execute(f"COPY ({sql}) TO {export_sql.literal(str(body))} (FORMAT csv, HEADER false, DELIMITER {delim}, "
                 "QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n', COMMENT '', NULLSTR '')", params)
    with open(path, "wb") as out:
        out.write(("\ufeff" + _csv_line(export_sql.header(lang), sep)).encode("utf-8"))
        with open(body, "rb") as rows:
            while chunk := rows.read(1 << 22):
                out.write(chunk)
    body.unlink()


# --------------------------------------------------------------------------------------------- XLSX
def _widths(header: list[str], lengths: list[int]) -> list[float]:
    return [max(10, min(60, max(n, len(title)) + 2)) for title, n in zip(header, lengths)]


def _write_xlsx(conn: duckdb.DuckDBPyConnection, source: str, params: dict[str, object], path: Path,
                n_rows: int, description: list[tuple[str, str]], lang: str) -> None:
    header = export_sql.header(lang)
    cur = conn.execute(export_sql.xlsx_select(source, lang), params)
    first = cur.fetchmany(2_000)
    lengths = [0] * len(header)
    for _, lens in first:
        if lens is not None:
            lengths = [max(a, b) for a, b in zip(lengths, lens)]

    def rows():
        yield row_xml(1, header, STYLE_HEADER)
        batch = first
        while batch:
            yield "".join(r[0] for r in batch)
            batch = cur.fetchmany(2_000)

    events = Sheet(t("export.sheet_events", lang), rows(), n_rows + 1, len(header), _widths(header, lengths),
                   freeze_header=True, autofilter=True)
    info: list[tuple[str, object]] = [(t("export.filter", lang), t("export.value", lang))]
    info += [(key, safe_text(str(value))) for key, value in description]
    info += [(t("export.exported_at", lang), dt.datetime.now().strftime("%d.%m.%Y %H:%M")),
             (t("export.rows", lang), n_rows)]
    info_rows = [row_xml(i, row, STYLE_BOLD if i == 1 else 0) for i, row in enumerate(info, start=1)]
    filters = Sheet(t("export.sheet_filters", lang), info_rows, len(info_rows), 2, [28, 80])
    write_workbook(path, [events, filters])


# ------------------------------------------------------------------------------------- entry points
def count_rows(conn: duckdb.DuckDBPyConnection, f: Filters) -> int:
    where, params = f.where("e")
    return conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]  # type: ignore[index]


def export_events(conn: duckdb.DuckDBPyConnection, f: Filters, kind: str, path: str | Path, *, lang: str = "ru",
                  sep: str = ";", description: list[tuple[str, str]] | None = None) -> int:
    """Write the filtered events of the database to `path` as "csv" or "xlsx"; returns the row count.
    Raises ExportTooLarge (nothing written) above the row cap."""
    n = count_rows(conn, f)
    cap = export_row_cap()
    if n > cap:
        raise ExportTooLarge(n, cap)
    source, params = export_sql.events_source(f)
    if kind == "csv":
        _write_csv(conn, f"WITH {source}", params, Path(path), sep, lang)
    elif kind == "xlsx":
        _write_xlsx(conn, f"WITH {source}", params, Path(path), n, description or [], lang)
    else:
        raise ValueError(f"export kind {kind!r}")
    return n


def _frame_export(events: pd.DataFrame, kind: str, **kwargs: object) -> bytes:
    """The same SQL over a DataFrame with the export columns (tests, callers that hold the rows)."""
    frame = events.reindex(columns=[col for col, _ in EXPORT_COLUMNS]).reset_index(drop=True)
    frame["_rn"] = range(1, len(frame) + 1)
    conn = duckdb.connect(":memory:")
    try:
        conn.register("export_frame", frame)
        source = f"WITH {export_sql.frame_source('export_frame')}"
        with tempfile.TemporaryDirectory(prefix="coop-export-") as tmp:
            path = Path(tmp) / f"export.{kind}"
            if kind == "csv":
                _write_csv(conn, source, {}, path, str(kwargs["sep"]), str(kwargs["lang"]))
            else:
                _write_xlsx(conn, source, {}, path, len(frame), kwargs["description"], str(kwargs["lang"]))  # type: ignore[arg-type]
            return path.read_bytes()
    finally:
        conn.close()


def to_csv_bytes(events: pd.DataFrame, sep: str = ";", lang: str = "ru") -> bytes:
    """UTF-8 with BOM, `;` by default: opens in columns in Russian Excel."""
    return _frame_export(events, "csv", sep=sep, lang=lang)


def to_xlsx_bytes(events: pd.DataFrame, filters_description: list[tuple[str, str]], lang: str = "ru") -> bytes:
    return _frame_export(events, "xlsx", description=filters_description, lang=lang)


def _small_cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return safe_text(value) if isinstance(value, str) else value


def table_to_csv_bytes(table: pd.DataFrame, labels: dict[str, str] | None = None, sep: str = ";") -> bytes:
    """Any small table (rejects, parse issues) as CSV for Russian Excel: BOM, `;`, text made safe."""
    labels = labels or {}
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([labels.get(c, c) for c in table.columns])
    for rec in table.itertuples(index=False):
        writer.writerow([_small_cell(v) for v in rec])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------------------- file names
_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))


def transliterate(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TRANSLIT:
            tr = _TRANSLIT[low]
            out.append(tr.capitalize() if ch.isupper() else tr)
        else:
            out.append(ch)
    return "".join(out)


def export_file_name(parts: list[str], ext: str) -> str:
    """e.g. ['мероприятия', 'Санкт-Петербург', '2021-Q2'] → meropriyatiya_Sankt-Peterburg_2021-Q2.csv"""
    clean = []
    for part in parts:
        slug = re.sub(r"[^A-Za-z0-9-]+", "-", transliterate(drop_control(part))).strip("-")
        if slug:
            clean.append(slug[:40])
    return "_".join(clean) + "." + ext
