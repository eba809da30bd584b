"""Find the report table in a document and sort its rows into kinds.

file → reader (grids of cell texts) → **this module** (title, layout, typed rows)
→ field parsers → database.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from loaders.errors import NoTableFound
from loaders.read import Grid, GridRow, RawDocument
from loaders.read.model import EXCEL_ERROR
from loaders.table.columns import Col, Layout, collapse, confirm, is_number_row, layout_from_row, subheader
from loaders.table.header_score import Field


class RowKind(enum.StrEnum):
    TITLE = "title"  # title lines above the header
    HEADER = "header"  # header rows, repeated headers, the column-number row
    HEADING = "heading"  # a department heading (one cell across the row)
    TOTAL = "total"  # "Итого …"
    BLANK = "blank"
    EVENT = "event"
    REJECT = "reject"
    NOTE = "note"  # below the table: a signature block («Исполнитель: … тел. …»), notes, footnotes


@dataclass
class TableRow:
    kind: RowKind
    ref: str
    raw_text: str
    values: dict[Col, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    department: str | None = None
    reason: str | None = None
    aux: dict[str, str] = field(default_factory=dict)  # cells of non-text fields: 'partner', 'participants_total', …


@dataclass
class ReportTable:
    title: str
    template: str  # 'agreements' | 'roadmap' | 'other'
    rows: list[TableRow]
    columns: list[str]
    layout: Layout | None = None  # the first table's layout (what was detected, column by column)

    @property
    def events(self) -> list[TableRow]:
        return [r for r in self.rows if r.kind is RowKind.EVENT]

    def count(self, kind: RowKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)


ORG_WORDS = re.compile(
    r"департамент|управлени|комитет|министерств|аппарат|агентств|инспекци|служб|отдел|администраци|"
    r"представительств|учреждени|госинспекц|главное|правительств",
    re.IGNORECASE,
)
ORG_START = re.compile(r"^\s*(" + ORG_WORDS.pattern + r")", re.IGNORECASE)
TOTAL_RE = re.compile(r"^\s*(итого|всего\s*:|всего\s*$|всего\s+(мероприяти|за|по|проведено|\d))", re.IGNORECASE)
ITEM_ONLY_RE = re.compile(r"^[\d.\s\n]+$")
ROADMAP_RE = re.compile(r"дорожн\w*\s+карт|план\w*\s+мероприяти", re.IGNORECASE)
NOTE_START = re.compile(r"^\s*(примечани|прим\.|справочно|сноска|\*|исполнитель|исп\.|подготовил|составил|"
                        r"начальник|директор|руководитель|заместитель|министр|председатель|губернатор|"
                        r"согласовано|утверждаю|ответственный за)", re.IGNORECASE)
NOTE_MARK = re.compile(r"\bтел\b|телефон|e-mail|эл\.\s*почт|_{3,}|\(\d{3,5}\)\s*\d|\b\d{1,3}-\d{2}-\d{2}\b|"
                       r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.", re.IGNORECASE)
NOTE_SHEET_WIDTH = 2  # a headerless sheet this narrow after the report table holds notes, not events
NOTE_ALWAYS = re.compile(r"^\s*(примечани|прим\.|справочно|сноска|\*)", re.IGNORECASE)
TITLE_AGREEMENT = re.compile(r"(?i)\b(соглашени|договор|меморандум)\w*\s+(о|об|между|по)\s.*")
PERIOD_TAIL = re.compile(r"(?i)\s+(за|во?|в течение)\s+(i{1,3}|iv|\d|перв|втор|трет|четв|отчетн|отчётн|\d{4}).*$")
SAMPLE_ROWS = 25  # rows below a header that confirm its mapping


def _heading_text(row: GridRow, texts: list[str]) -> str | None:
    """The department/section heading this row carries, if it is a heading row (`texts`: row.texts())."""
    if not texts:
        return None
    text = collapse(texts[0])
    if any(t != texts[0] and collapse(t) != text for t in texts[1:]):
        return None
    if ITEM_ONLY_RE.match(text):
        return None
    if row.full_span:
        return text
    first_filled = next(i for i, c in enumerate(row.cells) if c.strip() and not row.continued[i])
    if first_filled == 0 and (ORG_WORDS.search(text) or len(text) >= 15):
        return text
    return None


def _is_note(texts: list[str]) -> bool:
    """A signature block or a note below the table (not an event, not a department heading)."""
    if len(texts) > 3:
        return False
    text = collapse(" ".join(texts))
    if NOTE_ALWAYS.match(text):
        return True
    return bool(NOTE_START.match(text) and NOTE_MARK.search(text)) or bool(
        re.search(r"\bтел\b\.?\s*[:\d(+8]", text, re.IGNORECASE))


def _repeats_header(row: GridRow, candidate: Layout, layout: Layout) -> bool:
    """Below the header, a row reading as a header is a repeated header only if it is not an event whose
    cells happen to hold header words ("Общее количество участников …", "В ходе мероприятия …"):
    an item number in the first column, or the name column somewhere else, mean an event row."""
    item_idx = layout.columns.get(Col.ITEM)
    if item_idx is not None and item_idx < len(row.cells):
        item = collapse(row.cells[item_idx])
        if item and ITEM_ONLY_RE.match(item):
            return False
    return candidate.header_name == layout.header_name


def _template(layout: Layout, title: str) -> str:
    if Col.AGREEMENT in layout.columns:
        return "agreements"
    header_text = " ".join(layout.header_texts.values())
    if ROADMAP_RE.search(title) or re.search(r"план", header_text, re.IGNORECASE):
        return "roadmap"
    return "other"


def _department_from_sheet(grid: Grid) -> str | None:
    name = grid.name
    if name.startswith("sheet '") and name.endswith("'"):
        name = name[7:-1]
    return collapse(name) if ORG_WORDS.search(name) else None


def _department_from_preamble(grid: Grid) -> str | None:
    """A department named in a paragraph just above a Word table."""
    for text in reversed(grid.preamble[-2:]):
        text = collapse(text)
        if ORG_START.match(text) and len(text) <= 250 and not re.match(r"(?i)отч[её]т", text):
            return text
    return None


def _sample(grid: Grid, start: int) -> list[list[str]]:
    """The event-like rows below a header: what the content check reads."""
    out = []
    for row in grid.rows[start:start + SAMPLE_ROWS]:
        texts = row.texts()
        if len(texts) >= 2 and not row.full_span and not is_number_row(row.cells):
            out.append(row.cells)
    return out


def _header_at(grid: Grid, i: int, row: GridRow, candidate: Layout) -> tuple[Layout, bool]:
    """The header's final layout (with its second row, if any, and confirmed by the cells below it);
    True when the next row is that second header row."""
    nxt = grid.rows[i + 1] if i + 1 < len(grid.rows) else None
    sub = subheader(row.cells, row.continued, nxt.cells, nxt.continued) if nxt is not None else None
    if sub:
        with_sub = layout_from_row(row.cells, sub)
        if with_sub is not None:
            return confirm(with_sub, _sample(grid, i + 2)), True
    return confirm(candidate, _sample(grid, i + 1)), False


def _cell(row: GridRow, idx: int, last_origin: dict[int, str]) -> str:
    """A cell's text: covered by a merged cell, that cell's text in its own column (`last_origin`: empty in
    the columns a merge covers from the left)."""
    return last_origin.get(idx, "") if row.continued[idx] else row.cells[idx]


def _values(row: GridRow, layout: Layout, last_origin: dict[int, str]) -> tuple[dict[Col, str], dict[str, str]]:
    """The row's field texts: events columns, and the cells of the other fields (`aux`)."""
    width = len(row.cells)
    values = {col: _cell(row, idx, last_origin) for col, idx in layout.columns.items() if idx < width}
    aux = {f.value: _cell(row, idx, last_origin) for f, idx in layout.roles.items() if idx < width}
    if Col.DATES not in layout.columns and (Field.DATE_START.value in aux or Field.DATE_END.value in aux):
        start, end = (collapse(aux.get(f.value, "")) for f in (Field.DATE_START, Field.DATE_END))
        values[Col.DATES] = f"{start} – {end}" if start and end and end != start else (start or end)
    return values, aux


def title_agreement(title: str) -> str | None:
    """The agreement a report's title names («Отчет о реализации Соглашения между … за III квартал …»)."""
    m = TITLE_AGREEMENT.search(title)
    if not m:
        return None
    text = PERIOD_TAIL.sub("", m.group(0)).strip(" .,;")
    return text[:1].upper() + text[1:] if len(text) > 20 else None


def read_table(doc: RawDocument) -> ReportTable:
    """Classify every row of every grid; raise NoTableFound when no header is recognised."""
    title_lines = list(doc.paragraphs)
    rows: list[TableRow] = []
    layout: Layout | None = None
    first_layout: Layout | None = None
    department: str | None = None
    template = "other"
    found_header = False
    events_seen = 0

    for grid_no, grid in enumerate(doc.grids):
        grid_layout: Layout | None = None
        last_origin: dict[int, str] = {}
        sheet_department = _department_from_sheet(grid)
        para_department = _department_from_preamble(grid)
        if para_department:
            department = para_department
            if grid_no == 0 and title_lines and collapse(title_lines[-1]) == para_department:
                title_lines.pop()  # the department above the first table is not part of the title
        heading_seen = False
        prev_agreement: str | None = None
        prev_dept_cell: str | None = None
        skip_subheader = False
        for i, row in enumerate(grid.rows):
            for c, cont in enumerate(row.continued):
                if not cont:
                    last_origin[c] = row.cells[c]
                elif row.is_spanned(c):
                    last_origin[c] = ""  # a merge from the left starts here: what stood above is over
            texts = row.texts()
            if not texts:
                rows.append(TableRow(RowKind.BLANK, row.ref, ""))
                continue
            raw = " | ".join(c.strip() for c in texts)  # the row as rejects / headings show it
            if skip_subheader:
                skip_subheader = False
                rows.append(TableRow(RowKind.HEADER, row.ref, raw))
                continue
            candidate = layout_from_row(row.cells)
            if grid_layout is None:
                if candidate is not None:
                    grid_layout, skip_subheader = _header_at(grid, i, row, candidate)
                    layout = grid_layout
                    if not found_header:
                        first_layout = layout
                        template = _template(layout, " ".join(title_lines))
                    found_header = True
                    rows.append(TableRow(RowKind.HEADER, row.ref, raw))
                    continue
                if layout is None:  # still above the first header: a title line
                    title_lines.extend(collapse(t) for t in texts)
                    rows.append(TableRow(RowKind.TITLE, row.ref, raw))
                    continue
                if grid.width <= max(layout.columns.values()):
                    # a sheet of one or two columns after the table (instructions, a list of names): notes
                    narrow = grid.width <= NOTE_SHEET_WIDTH and grid_no > 0
                    kind = RowKind.NOTE if events_seen and (narrow or _is_note(texts)) else RowKind.REJECT
                    rows.append(TableRow(kind, row.ref, raw, reason=None if kind is RowKind.NOTE else
                                         "строка вне таблицы отчёта (таблица другой формы, без шапки)"))
                    continue
                grid_layout = layout  # a continuation of the previous table, header not repeated
            if (candidate is not None and _repeats_header(row, candidate, grid_layout)) or is_number_row(row.cells):
                rows.append(TableRow(RowKind.HEADER, row.ref, raw))
                continue
            if TOTAL_RE.match(collapse(texts[0])):
                rows.append(TableRow(RowKind.TOTAL, row.ref, raw))
                continue
            if events_seen and _is_note(texts):
                rows.append(TableRow(RowKind.NOTE, row.ref, raw))
                continue
            heading = _heading_text(row, texts)
            if heading is not None:
                department = heading
                heading_seen = True
                prev_agreement = prev_dept_cell = None
                rows.append(TableRow(RowKind.HEADING, row.ref, raw, department=heading))
                continue
            values, aux = _values(row, grid_layout, last_origin)
            first_texts = [values.get(Col.ITEM, ""), values.get(Col.NAME, "")]
            if any(TOTAL_RE.match(t) for t in first_texts if t):
                rows.append(TableRow(RowKind.TOTAL, row.ref, raw))
                continue
            if not values.get(Col.NAME, "").strip():
                rows.append(TableRow(RowKind.REJECT, row.ref, raw, reason="нет наименования мероприятия"))
                continue
            if EXCEL_ERROR.fullmatch(values[Col.NAME].strip()):
                rows.append(TableRow(RowKind.REJECT, row.ref, raw, reason="вместо наименования мероприятия "
                                     f"ошибка формулы Excel ({values[Col.NAME].strip()})"))
                continue
            if Col.AGREEMENT in values:
                if values[Col.AGREEMENT].strip():
                    prev_agreement = values[Col.AGREEMENT]
                elif prev_agreement is not None:
                    values[Col.AGREEMENT] = prev_agreement  # an unmerged empty cell means "the same as above"
            extra = {
                grid_layout.extra[idx]: row.cells[idx]
                for idx in grid_layout.extra
                if idx < len(row.cells) and row.cells[idx].strip()
            }
            dep = sheet_department if (sheet_department and not heading_seen and not para_department) else department
            if Field.DEPARTMENT.value in aux:
                cell = collapse(aux.pop(Field.DEPARTMENT.value))
                prev_dept_cell = cell or prev_dept_cell  # an empty cell: the same department as above
                dep = prev_dept_cell or dep
            events_seen += 1
            rows.append(TableRow(RowKind.EVENT, row.ref, raw, values=values, extra=extra, department=dep, aux=aux))

    if not found_header or layout is None:
        raise NoTableFound(
            doc.path,
            "не найдена таблица отчёта: нет строки заголовков с колонками «Наименование», «Сроки», «Место», «Участники»",
        )
    title = collapse(" ".join(title_lines))
    if template == "other" and layout is not None and Col.AGREEMENT not in layout.columns:
        named = title_agreement(title)
        if named:  # no agreement column: the agreement the title names is every event's link
            template = "agreements"
            for r in rows:
                if r.kind is RowKind.EVENT:
                    r.values[Col.AGREEMENT] = named
    return ReportTable(title=title, template=template, rows=rows, columns=[c.value for c in layout.columns],
                       layout=first_layout)
