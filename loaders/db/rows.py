"""A parsed report as the rows it adds to each table: plain tuples, cheap to send between processes.

`build` parses files in worker processes; what a worker sends back is a ReportRows, not the ParsedReport
with its table model, so the writing process only appends tuples to columns and bulk-inserts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import LoadError, one_line
from loaders.fields.enrich import Parts, agreement_parts
from loaders.parse import ParsedReport, parse_report
from loaders.table.columns import Col
from loaders.table.health import Health

# events columns in insert order; event_id, report_id and event_key are filled in by the writer
EVENT_COLUMNS = [
    "row_no", *(c.value for c in Col), "extra_text", "source_ref", "department",
    "date_start", "date_end", "date_precision", "ongoing", "quarter",
    "participants_total", "participants_qualifier", "regions_count", "delegation_size",
    "city", "place_region_code", "format", "event_type", "partner_codes",
]


@dataclass
class ReportRows:
    file_name: str
    sha256: str
    format: str
    template: str
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    period_kind: str | None
    home_region_code: str | None
    row_counts: dict[str, int]
    events: list[tuple] = field(default_factory=list)  # EVENT_COLUMNS
    partners: list[tuple[int, str]] = field(default_factory=list)  # (row_no, region_code)
    mentioned: list[tuple[int, str]] = field(default_factory=list)  # (row_no, region_code)
    countries: list[tuple[int, str, str]] = field(default_factory=list)  # (row_no, country, source)
    issues: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row_no, field, raw_text, reason)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)  # (source_ref, raw_text, reason)
    # agreement cell → its agreements and their partner codes (already computed while parsing: the
    # writer hands them to rebuild_agreements so the writing process does not parse them again)
    agreement_parts: dict[str, Parts] = field(default_factory=dict)
    health: Health | None = None
    # what the table reader detected, column by column: (col_no, header_text, field, basis, confidence, reason)
    columns: list[tuple[int, str, str | None, str, float, str]] = field(default_factory=list)


def report_rows(report: ParsedReport) -> ReportRows:
    period = report.period
    out = ReportRows(
        file_name=report.file_name, sha256=report.sha256, format=report.format, template=report.table.template,
        title=report.title, period_start=period.start if period else None,
        period_end=period.end if period else None, period_kind=period.kind if period else None,
        home_region_code=report.home_region_code, row_counts=report.row_counts(), health=report.health,
    )
    layout = report.table.layout
    if layout is not None:
        out.columns = [(d.col + 1, d.header, d.field.value if d.field else None, d.basis, d.confidence, d.reason)
                       for d in layout.decisions]
    cols = list(Col)
    for ev in report.events:
        f, values, n = ev.fields, ev.row.values, ev.row_no
        out.events.append((
            n, *(values.get(c) for c in cols),  # type: ignore[call-overload]
            "\n".join(f"{k}: {v}" for k, v in ev.row.extra.items()) or None,
            ev.row.ref, f.department, f.date_start, f.date_end, f.date_precision, f.ongoing, f.quarter,
            f.participants_total, f.participants_qualifier, f.regions_count, f.delegation_size,
            f.city, f.place_region_code, f.format, f.event_type, sorted(f.partners),
        ))
        out.partners += [(n, c) for c in f.partners]
        out.mentioned += [(n, c) for c in f.mentioned_regions]
        out.countries += [(n, c, src) for c, src in f.countries]
        out.issues += [(n, a, b, c) for a, b, c in f.issues]
        cell = values.get(Col.AGREEMENT)
        if cell and cell.strip() and cell not in out.agreement_parts:
            out.agreement_parts[cell] = agreement_parts(cell, report.home_region_code)
    out.rejects = [(r.ref, r.raw_text, r.reason or "") for r in report.rejects]
    return out


def parse_file(path: Path, home_hint: str | None) -> ReportRows | str:
    """Parse one file into its table rows, or the one-line reason it cannot be read (never raises).

    This is what `build`'s worker processes run, so this module imports no database or dataframe
    library: a worker starts with the parsers only."""
    try:
        return report_rows(parse_report(path, home_hint=home_hint))
    except LoadError as exc:
        return str(exc)
    except BaseException as exc:  # noqa: B036 - never a traceback for a user: name the file and the cause
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise  # (pyo3 panics from native readers derive from BaseException and are caught)
        return f"{path.name}: не удалось прочитать файл ({one_line(f'{type(exc).__name__}: {exc}')})"
