"""Find the report table in a document and sort its rows into kinds.

file → reader (grids of cell texts) → **this module** (title, layout, typed rows)
→ field parsers → database.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from loaders.columns import Col, Layout, collapse, is_number_row, layout_from_row
from loaders.errors import NoTableFound
from loaders.readers import Grid, GridRow, RawDocument


class RowKind(enum.StrEnum):
    TITLE = "title"  # title lines above the header
    HEADER = "header"  # header rows, repeated headers, the column-number row
    HEADING = "heading"  # a department heading (one cell across the row)
    TOTAL = "total"  # "Итого …"
    BLANK = "blank"
    EVENT = "event"
    REJECT = "reject"


@dataclass
class TableRow:
    kind: RowKind
    ref: str
    raw_text: str
    values: dict[Col, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    department: str | None = None
    reason: str | None = None


@dataclass
class ReportTable:
    title: str
    template: str  # 'agreements' | 'roadmap' | 'other'
    rows: list[TableRow]
    columns: list[str]

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
TOTAL_RE = re.compile(r"^\s*(итого|всего\s*:|всего\s*$|всего\s+мероприятий)", re.IGNORECASE)
ITEM_ONLY_RE = re.compile(r"^[\d.\s\n]+$")
ROADMAP_RE = re.compile(r"дорожн\w*\s+карт|план\w*\s+мероприяти", re.IGNORECASE)


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


def _repeats_header(row: GridRow, candidate: Layout, layout: Layout) -> bool:
    """Below the header, a row reading as a header is a repeated header only if it is not an event whose
    cells happen to hold header words ("Общее количество участников …", "В ходе мероприятия …"):
    an item number in the first column, or the name column somewhere else, mean an event row."""
    item_idx = layout.columns.get(Col.ITEM)
    if item_idx is not None and item_idx < len(row.cells):
        item = collapse(row.cells[item_idx])
        if item and ITEM_ONLY_RE.match(item):
            return False
    return candidate.columns.get(Col.NAME) == layout.columns.get(Col.NAME)


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


def read_table(doc: RawDocument) -> ReportTable:
    """Classify every row of every grid; raise NoTableFound when no header is recognised."""
    title_lines = list(doc.paragraphs)
    rows: list[TableRow] = []
    layout: Layout | None = None
    department: str | None = None
    template = "other"
    found_header = False

    for grid in doc.grids:
        grid_layout: Layout | None = None
        last_origin: dict[int, str] = {}
        sheet_department = _department_from_sheet(grid)
        heading_seen = False
        prev_agreement: str | None = None
        for row in grid.rows:
            for i, cont in enumerate(row.continued):
                if not cont:
                    last_origin[i] = row.cells[i]
            texts = row.texts()
            if not texts:
                rows.append(TableRow(RowKind.BLANK, row.ref, ""))
                continue
            raw = " | ".join(c.strip() for c in texts)  # the row as rejects / headings show it
            candidate = layout_from_row(row.cells)
            if grid_layout is None:
                if candidate is not None:
                    grid_layout = layout = candidate
                    if not found_header:
                        template = _template(layout, " ".join(title_lines))
                    found_header = True
                    rows.append(TableRow(RowKind.HEADER, row.ref, raw))
                    continue
                if layout is None:  # still above the first header: a title line
                    title_lines.extend(collapse(t) for t in texts)
                    rows.append(TableRow(RowKind.TITLE, row.ref, raw))
                    continue
                if grid.width <= max(layout.columns.values()):
                    rows.append(TableRow(RowKind.REJECT, row.ref, raw, reason="строка вне таблицы отчёта (таблица другой формы, без шапки)"))
                    continue
                grid_layout = layout  # a continuation of the previous table, header not repeated
            if (candidate is not None and _repeats_header(row, candidate, grid_layout)) or is_number_row(row.cells):
                rows.append(TableRow(RowKind.HEADER, row.ref, raw))
                continue
            heading = _heading_text(row, texts)
            if heading is not None and TOTAL_RE.match(heading):
                rows.append(TableRow(RowKind.TOTAL, row.ref, raw))
                continue
            if heading is not None:
                department = heading
                heading_seen = True
                prev_agreement = None
                rows.append(TableRow(RowKind.HEADING, row.ref, raw, department=heading))
                continue
            values = {
                col: (last_origin.get(idx, "") if row.continued[idx] else row.cells[idx])
                for col, idx in grid_layout.columns.items()
                if idx < len(row.cells)
            }
            first_texts = [values.get(Col.ITEM, ""), values.get(Col.NAME, "")]
            if any(TOTAL_RE.match(t) for t in first_texts if t):
                rows.append(TableRow(RowKind.TOTAL, row.ref, raw))
                continue
            if not values.get(Col.NAME, "").strip():
                rows.append(TableRow(RowKind.REJECT, row.ref, raw, reason="нет наименования мероприятия"))
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
            dep = sheet_department if (sheet_department and not heading_seen) else department
            rows.append(TableRow(RowKind.EVENT, row.ref, raw, values=values, extra=extra, department=dep))

    if not found_header or layout is None:
        raise NoTableFound(
            doc.path,
            "не найдена таблица отчёта: нет строки заголовков с колонками «Наименование», «Сроки», «Место», «Участники»",
        )
    title = collapse(" ".join(title_lines))
    return ReportTable(title=title, template=template, rows=rows, columns=[c.value for c in layout.columns])
