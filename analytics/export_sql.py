"""The export's SQL: every export row rendered by DuckDB, for CSV (`COPY … TO`) and for XLSX (row XML).

The rows come from a source CTE `src` holding the raw export columns plus `rn` (1, 2, … in export order):
either the filtered events of the database (`events_source`) or a registered DataFrame (`frame_source`).
Three steps follow: `clean` drops control characters and maps codes to labels, `safe` neutralises formula
starts (after every other transformation, so nothing can re-create a formula), and the output step formats
dates and numbers for CSV, or renders each row as SpreadsheetML for XLSX.
"""

from __future__ import annotations

from analytics import queries
from analytics.filters import Filters
from analytics.text_rules import CONTROL_CHARS, FORMULA_LEAD, FORMULA_START
from analytics.xlsx import MAX_CELL_TEXT, STYLE_DATE, STYLE_TEXT, column_letter
from ui.i18n import LABELS, t

# Export columns: (query column, label key, kind). Kinds: text, date (ДД.ММ.ГГГГ / an Excel date),
# number, format / qualifier (a code shown by its label), ref (the row in the source file).
COLUMNS: list[tuple[str, str, str]] = [
    ("name", "col.name", "text"),
    ("partners", "col.partners", "text"),
    ("department", "col.department", "text"),
    ("date_start", "col.date_start", "date"),
    ("date_end", "col.date_end", "date"),
    ("quarter", "col.quarter", "text"),
    ("dates_text", "col.dates_text", "text"),
    ("city", "col.city", "text"),
    ("place_text", "col.place_text", "text"),
    ("format", "col.format", "format"),
    ("event_type", "col.event_type", "text"),
    ("participants_total", "col.participants_total", "number"),
    ("participants_qualifier", "col.participants_qualifier", "qualifier"),
    ("participants_text", "col.participants_text", "text"),
    ("result_text", "col.result_text", "text"),
    ("agreement_text", "col.agreement_text", "text"),
    ("file_name", "col.file_name", "text"),
    ("source_ref", "col.source_ref", "ref"),
]
EXPORT_ORDER = "e.date_start NULLS LAST, e.report_id, e.row_no"  # the events page's order
WIDTH_SAMPLE = 500  # column widths follow the text of the first rows


def literal(text: str) -> str:
    """A SQL string literal (labels and patterns are ours; quotes doubled all the same)."""
    return "'" + text.replace("'", "''") + "'"


def events_source(f: Filters) -> tuple[str, dict[str, object]]:
    """`src`: the filtered events with the export columns and their row number in export order.

    The order is numbered on the narrow columns first: numbering the wide rows would drag every text (and
    the region-name map) through the window's sort (at 100k rows 11 s instead of well under one)."""
    where, params = f.where("e")
    sql = f"""{queries.REGION_NAMES},
        ordered AS (SELECT e.event_id, row_number() OVER (ORDER BY {EXPORT_ORDER}) AS rn FROM events e WHERE {where}),
        src AS (SELECT {queries.EVENT_COLUMNS}, o.rn
                FROM ordered o JOIN events e USING (event_id) JOIN reports r USING (report_id), names)"""
    return sql, params


def frame_source(view: str) -> str:
    """`src` over a registered DataFrame that has the export columns and `_rn` (its row order)."""
    return f"src AS (SELECT *, _rn AS rn FROM {view})"


def _labels(prefix: str, lang: str) -> list[tuple[str, str]]:
    return [(key.split(".", 1)[1], t(key, lang)) for key in LABELS
            if key.startswith(prefix + ".") and key != prefix + ".None"]


def _clean(col: str, kind: str, lang: str) -> str:
    if kind == "date":
        return f"CAST({col} AS DATE) AS {col}"
    if kind == "number":
        return f"CAST({col} AS DOUBLE) AS {col}"
    raw, ctrl = f"CAST({col} AS VARCHAR)", literal(CONTROL_CHARS)
    # almost no row holds a control character: the row is tested once (`_ctrl`, _steps), a cell replaced only there
    text = f"CASE WHEN _ctrl THEN regexp_replace({raw}, {ctrl}, '', 'g') ELSE {raw} END"
    if kind in ("format", "qualifier"):
        whens = " ".join(f"WHEN {literal(code)} THEN {literal(label)}" for code, label in _labels(kind, lang))
        text = f"CASE CAST({col} AS VARCHAR) {whens} ELSE {text} END"
    if kind == "ref" and lang == "ru":
        # «table 1 row 44» / «sheet 'Отчет' row 26» as the readers write them → Russian
        table = t("ref.table", "ru").format(table=r"\1", row=r"\2")
        sheet = t("ref.sheet", "ru").format(sheet=r"\1", row=r"\2")
        text = (f"regexp_replace(regexp_replace({text}, '^table (\\d+) row (\\d+)$', {literal(table)}), "
                f"'^sheet ''(.*)'' row (\\d+)$', {literal(sheet)})")
    return f"{text} AS {col}"


def _safe(col: str, kind: str) -> str:
    if kind in ("date", "number"):
        return col
    return (f"CASE WHEN _lead AND regexp_matches({col}, {literal(FORMULA_START)}) THEN '''' || {col} "
            f"ELSE nullif({col}, '') END AS {col}")


def _steps(source: str, lang: str) -> str:
    """`clean`, then `safe`. Each tests a row once before it tests its cells: whether any of the row's texts
    holds a control character (`_ctrl`), and whether any of its cells starts with a character that can begin
    a formula (`_lead`). Two regular expressions per cell were a third of a 100k-row CSV export."""
    texts = [c for c, _, k in COLUMNS if k not in ("date", "number")]
    row_ctrl = f"regexp_matches(concat({', '.join(f'CAST({c} AS VARCHAR)' for c in texts)}), {literal(CONTROL_CHARS)})"
    row_lead = f"regexp_matches(concat({', '.join(f'left({c}, 1)' for c in texts)}), {literal(FORMULA_LEAD)})"
    clean = ", ".join(_clean(c, k, lang) for c, _, k in COLUMNS)
    safe = ", ".join(_safe(c, k) for c, _, k in COLUMNS)
    return f"""{source},
        clean AS (SELECT rn, {clean} FROM (SELECT *, coalesce({row_ctrl}, false) AS _ctrl FROM src)),
        safe AS (SELECT rn, {safe} FROM (SELECT *, coalesce({row_lead}, false) AS _lead FROM clean))"""


def header(lang: str) -> list[str]:
    return [t(key, lang) for _, key, _ in COLUMNS]


def csv_select(source: str, lang: str) -> str:
    """The CSV rows in order: texts as they are, dates ДД.ММ.ГГГГ, whole numbers without a decimal point."""
    out = []
    for col, _, kind in COLUMNS:
        if kind == "date":
            out.append(f"strftime({col}, '%d.%m.%Y') AS {col}")
        elif kind == "number":
            out.append(f"{_number_text(col)} AS {col}")
        else:
            out.append(col)
    return f"{_steps(source, lang)} SELECT {', '.join(out)} FROM safe ORDER BY rn"


def _xml(expr: str) -> str:
    return (f"replace(replace(replace(replace({expr}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), "
            f"chr(13), '&#13;')")


def _number_text(col: str) -> str:
    return (f"CASE WHEN {col} = trunc({col}) THEN CAST(CAST({col} AS BIGINT) AS VARCHAR) "
            f"ELSE CAST({col} AS VARCHAR) END")


def _xlsx_cell(i: int, col: str, kind: str) -> tuple[str, str]:
    """A cell's XML (an empty cell keeps the column's style) and the length of its text."""
    start = f"'<c r=\"{column_letter(i)}' || r || '\" s=\""
    empty = f"{start}{STYLE_TEXT}\"/>'"
    if kind == "date":
        # an Excel date is the day count from 1899-12-30, shown through the ДД.ММ.ГГГГ number format
        value = f"CAST(date_diff('day', DATE '1899-12-30', {col}) AS VARCHAR)"
        full = f"{start}{STYLE_DATE}\"><v>' || {value} || '</v></c>'"
        length = f"CASE WHEN {col} IS NOT NULL THEN 10 ELSE 0 END"
    elif kind == "number":
        full = f"{start}{STYLE_TEXT}\"><v>' || {_number_text(col)} || '</v></c>'"
        length = f"coalesce(length({_number_text(col)}), 0)"
    else:
        text = _xml(f"left({col}, {MAX_CELL_TEXT})")
        full = f"{start}{STYLE_TEXT}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">' || {text} || '</t></is></c>'"
        length = f"coalesce(length({col}), 0)"
    return f"CASE WHEN {col} IS NOT NULL THEN {full} ELSE {empty} END", length


def xlsx_select(source: str, lang: str) -> str:
    """One `<row>` element per export row (sheet row = rn + 1, under the header), in order, and for the
    first rows the length of each cell's text (for the column widths)."""
    cells, lengths = zip(*(_xlsx_cell(i, col, kind) for i, (col, _, kind) in enumerate(COLUMNS)))
    row = f"concat('<row r=\"', r, '\">', {', '.join(cells)}, '</row>')"
    return f"""{_steps(source, lang)}, numbered AS (SELECT *, CAST(rn + 1 AS VARCHAR) AS r FROM safe)
        SELECT {row} AS row_xml, CASE WHEN rn <= {WIDTH_SAMPLE} THEN [{', '.join(lengths)}] END AS lengths
        FROM numbered ORDER BY rn"""
