"""One report file → a ParsedReport: its table rows with every field parsed (no database here)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loaders.fields.enrich import EventFields, detect_home_region, document_regions, report_partners
from loaders.fields.period import Period, parse_period
from loaders.read import read_document
from loaders.row_memo import enrich_row
from loaders.table.classify import ReportTable, RowKind, TableRow, read_table
from loaders.table.columns import Col
from loaders.table.health import Health, assess


@dataclass
class ParsedEvent:
    row_no: int
    row: TableRow
    fields: EventFields


@dataclass
class ParsedReport:
    path: Path
    file_name: str
    sha256: str
    format: str
    table: ReportTable
    period: Period | None
    home_region_code: str | None
    events: list[ParsedEvent] = field(default_factory=list)
    health: Health | None = None

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def rejects(self) -> list[TableRow]:
        return [r for r in self.table.rows if r.kind is RowKind.REJECT]

    def row_counts(self) -> dict[str, int]:
        counts = Counter(r.kind for r in self.table.rows)
        return {
            "rows_source": len(self.table.rows),
            "rows_event": counts[RowKind.EVENT],
            "rows_heading": counts[RowKind.HEADING],
            "rows_header": counts[RowKind.HEADER] + counts[RowKind.TITLE] + counts[RowKind.NOTE],
            "rows_total": counts[RowKind.TOTAL],
            "rows_blank": counts[RowKind.BLANK],
            "rows_reject": counts[RowKind.REJECT],
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_report(path: str | Path, home_hint: str | None = None) -> ParsedReport:
    """Read, classify and parse one report file. Raises LoadError subclasses for bad files."""
    path = Path(path)
    doc = read_document(path)
    table = read_table(doc)
    period = parse_period(table.title)
    events = table.events
    home = detect_home_region(
        table.title,
        [r.department or "" for r in events],
        [r.values.get(Col.AGREEMENT, "") for r in events],
    ) or home_hint
    partners = report_partners(table.title, home)
    context = document_regions(table.title, home, [r.values.get(Col.AGREEMENT, "") or r.aux.get("partner", "") for r in events])
    parsed = ParsedReport(
        path=path,
        file_name=path.name,
        sha256=file_sha256(path),
        format=doc.format.value,
        table=table,
        period=period,
        home_region_code=home,
    )
    for row_no, row in enumerate(events, start=1):
        fields = enrich_row(row, template=table.template, period=period, home=home, title_partners=partners,
                             context=context)
        parsed.events.append(ParsedEvent(row_no=row_no, row=row, fields=fields))
    parsed.health = assess(table.layout, table.template, partners, [e.fields for e in parsed.events])
    return parsed
