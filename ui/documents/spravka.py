"""«Справка»: a Word document of the current view (title, filters in words, headline numbers with their changes,
breakdowns as tables and charts, the list of events, when it was made). Russian or English like the UI.

The numbers come from the same queries the pages call, so the document and the page agree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from analytics import queries
from analytics.compare import Comparison, compare
from analytics.filters import Filters
from ui.documents.charts import bar_png
from ui.documents.compare_text import METRICS, comparison_line, quarter_label, span_label
from ui.labels import ONGOING, UNDATED, fmt_int, quarter_keys
from ui.widgets import participants_text  # the overview tile's wording: the document says what the page says

MAX_EVENTS = 2_000  # events listed in the document; more are counted, not listed

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Справка о межрегиональном сотрудничестве", "Interregional cooperation: summary"),
    "period": ("Период", "Period"),
    "all_periods": ("все загруженные отчёты", "all loaded reports"),
    "filters": ("Отбор", "Selection"),
    "no_filters": ("без отбора: все мероприятия загруженных отчётов", "none: every event of the loaded reports"),
    "regions": ("Регионы-партнёры", "Partner regions"),
    "departments": ("Департаменты", "Departments"),
    "event_types": ("Типы мероприятий", "Event types"),
    "formats": ("Формат", "Format"),
    "reports": ("Отчёты", "Reports"),
    "search": ("Поиск", "Search"),
    "numbers": ("Основные показатели", "Headline numbers"),
    "compare_note": ("Сравнение: {now} с предыдущим периодом той же длины и с тем же периодом годом ранее.",
                     "Compared: {now} with the previous period of the same length and the same period a year earlier."),
    "new_partners": ("Новые регионы-партнёры за период", "New partner regions in the period"),
    "quiet_departments": ("Департаменты без мероприятий за период", "Departments with no events in the period"),
    "none": ("нет", "none"),
    "m.events": ("Мероприятий", "Events"),
    "m.unique_events": ("Уникальных мероприятий", "Unique events"),
    "m.partner_regions": ("Регионов-партнёров", "Partner regions"),
    "m.departments": ("Департаментов", "Departments"),
    "m.participants": ("Участников", "Participants"),
    "by_region": ("Мероприятия по регионам-партнёрам", "Events by partner region"),
    "by_department": ("Мероприятия по департаментам", "Events by department"),
    "by_quarter": ("Мероприятия по кварталам", "Events by quarter"),
    "shared_note": ("Мероприятие с несколькими регионами-партнёрами учтено у каждого из них.",
                    "An event with several partner regions is counted for each of them."),
    "col.region": ("Регион-партнёр", "Partner region"),
    "col.department": ("Департамент", "Department"),
    "col.quarter": ("Квартал", "Quarter"),
    "col.events": ("Мероприятий", "Events"),
    "col.participants": ("Участников", "Participants"),
    "list": ("Перечень мероприятий", "List of events"),
    "col.date": ("Дата", "Date"),
    "col.name": ("Мероприятие", "Event"),
    "col.place": ("Место", "Place"),
    "more_events": ("…и ещё {n} мероприятий (полный список — в выгрузке XLSX).",
                    "…and {n} more events (the XLSX export has them all)."),
    "whole": ("весь период", "whole period"),
    "undated": ("дата не указана", "no date"),
    "made": ("Сформировано {when}", "Made {when}"),
}


def label(key: str, lang: str, **kwargs: object) -> str:
    ru, en = LABELS[key]
    text = en if lang == "en" else ru
    return text.format(**kwargs) if kwargs else text


@dataclass
class SpravkaData:
    lang: str
    selection: list[tuple[str, str]]  # (what, chosen values in words); empty = no filter
    period: str
    headline: dict[str, object]
    comparison: Comparison | None
    by_region: list[tuple[str, int, int | None]]
    by_department: list[tuple[str, int, int | None]]
    by_quarter: list[tuple[str, int, int | None]]
    events: pd.DataFrame
    made_at: datetime
    new_partners: list[str] | None  # names; None = the previous period is not in the data


def _people(v: object) -> int | None:
    return None if v is None or pd.isna(v) or not v else int(v)  # type: ignore[arg-type]


def gather(conn: duckdb.DuckDBPyConnection, f: Filters, lang: str, made_at: datetime | None = None) -> SpravkaData:
    names = {code: (ru, en) for code, ru, en in conn.execute(
        "SELECT region_code, name_ru, name_en FROM regions").fetchall()}
    titles = dict(conn.execute("SELECT report_id, title FROM reports").fetchall())

    def region(code: str) -> str:
        ru, en = names.get(code, (code, code))
        return (en if lang == "en" else ru) or code

    selection: list[tuple[str, str]] = []
    if f.regions:
        selection.append((label("regions", lang), ", ".join(region(c) for c in f.regions)))
    if f.departments:
        selection.append((label("departments", lang), "; ".join(f.departments)))
    if f.event_types:
        selection.append((label("event_types", lang), ", ".join(f.event_types)))
    if f.formats:
        selection.append((label("formats", lang), ", ".join(f.formats)))
    if f.reports:
        selection.append((label("reports", lang), "; ".join(str(titles.get(r, r)) for r in f.reports)))
    if f.search.strip():
        selection.append((label("search", lang), f"«{f.search.strip()}»"))
    if f.quarter_from or f.quarter_to:
        first, last = f.quarter_from or f.quarter_to, f.quarter_to or f.quarter_from
        period = quarter_label(first, lang) if first == last else \
            f"{quarter_label(first, lang)} – {quarter_label(last, lang)}"  # type: ignore[arg-type]
    else:
        period = label("all_periods", lang)

    reg = queries.by_region(conn, f)
    dep = queries.by_department(conn, f)
    qrt = queries.by_quarter(conn, f)
    events = queries.events_page(conn, f, limit=MAX_EVENTS)
    comparison = compare(conn, f)
    new_partners = None
    if comparison is not None and comparison.new_partners is not None:
        new_partners = [region(c) for c in comparison.new_partners]
    return SpravkaData(
        lang=lang, selection=selection, period=period, headline=queries.headline(conn, f),
        comparison=comparison, new_partners=new_partners,
        by_region=[(region(c), int(n), _people(p)) for c, n, p in zip(reg["region_code"], reg["events"],
                                                                    reg["participants"])],
        by_department=[(d, int(n), _people(p)) for d, n, p in zip(dep["department"], dep["events"],
                                                                dep["participants"])],
        by_quarter=[(_quarter_name(q, lang), int(n), _people(p))
                    for q, n, p in zip(quarter_keys(qrt["quarter"], qrt["ongoing"]), qrt["events"], qrt["participants"])],
        events=events, made_at=made_at or datetime.now(),
    )


def _quarter_name(q: str, lang: str) -> str:
    """A quarter key (ui.labels.quarter_key) in the document's words."""
    if q == UNDATED:
        return label("undated", lang)
    if q == ONGOING:
        return label("whole", lang)
    return quarter_label(q, lang)


def build_docx(d: SpravkaData) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    L = d.lang
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10.5)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(label("title", L))
    run.bold, run.font.size = True, Pt(14)
    document.add_paragraph(f"{label('period', L)}: {d.period}")
    if d.selection:
        document.add_paragraph(f"{label('filters', L)}:")
        for what, values in d.selection:
            document.add_paragraph(f"{what}: {values}", style="List Bullet")
    else:
        document.add_paragraph(f"{label('filters', L)}: {label('no_filters', L)}")

    document.add_heading(label("numbers", L), level=2)
    rows = [(label(f"m.{m}", L), participants_text(d.headline, L) if m == "participants"
             else fmt_int(d.headline[m]),  # type: ignore[arg-type]
             comparison_line(d.comparison, m, L) if d.comparison else "") for m in METRICS]
    _table(document, None, rows, widths=(4.5, 3.0, 9.0))
    if d.comparison:
        c = d.comparison
        document.add_paragraph(label("compare_note", L, now=span_label(c.current, L)))
        if d.new_partners is not None:
            document.add_paragraph(f"{label('new_partners', L)}: {', '.join(d.new_partners) or label('none', L)}")
            document.add_paragraph(f"{label('quiet_departments', L)}: "
                                   f"{'; '.join(c.quiet_departments or []) or label('none', L)}")

    for key, rows3, first_col in (("by_region", d.by_region, "col.region"),
                                  ("by_department", d.by_department, "col.department"),
                                  ("by_quarter", d.by_quarter, "col.quarter")):
        document.add_heading(label(key, L), level=2)
        if not rows3:
            document.add_paragraph(label("none", L))
            continue
        png = bar_png([r[0] for r in rows3], [r[1] for r in rows3], label(key, L), horizontal=key != "by_quarter")
        document.add_picture(io.BytesIO(png), width=Cm(16.5))
        _table(document, (label(first_col, L), label("col.events", L), label("col.participants", L)),
               [(name, fmt_int(n), fmt_int(p) if p else "—") for name, n, p in rows3])
        if key == "by_region":
            document.add_paragraph(label("shared_note", L))

    document.add_heading(label("list", L), level=2)
    ev = d.events
    _table(document, (label("col.date", L), label("col.department", L), label("col.name", L), label("col.place", L),
                      label("col.participants", L)),
           [(_date(r), str(r["department"] or ""), str(r["name"]), str(r["place_text"] or ""),
             fmt_int(r["participants_total"]) if not pd.isna(r["participants_total"]) else "—")
            for _, r in ev.iterrows()], font=Pt(8.5))
    more = int(d.headline["events"]) - len(ev)  # type: ignore[call-overload]
    if more > 0:
        document.add_paragraph(label("more_events", L, n=fmt_int(more)))
    document.add_paragraph(label("made", L, when=d.made_at.strftime("%d.%m.%Y %H:%M")))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _date(r: pd.Series) -> str:
    v = r["date_start"]
    if v is None or pd.isna(v):
        return str(r["dates_text"] or "").replace("\n", " ")
    return pd.Timestamp(v).strftime("%d.%m.%Y")


WIDTHS_CM = {3: (9.5, 3.5, 3.5), 5: (2.2, 4.3, 5.6, 3.0, 1.9)}


def _table(document, header: tuple[str, ...] | None, rows: list[tuple[str, ...]], font=None,  # noqa: ANN001
           widths: tuple[float, ...] | None = None) -> None:
    from docx.shared import Cm

    width = len(header) if header else len(rows[0]) if rows else 1
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.autofit = False
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.paragraphs[0].add_run(text)
    widths = widths or WIDTHS_CM.get(width)
    if widths:  # Word reads the cell widths, LibreOffice the grid's column widths: set both
        for i, column in enumerate(table.columns):
            column.width = Cm(widths[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if widths:
                cell.width = Cm(widths[i])
            if font is not None:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = font
