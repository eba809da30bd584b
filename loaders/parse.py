"""One report file → one `Parsed`: what was detected, its events, rejected rows and parse issues (no database).

`parse_file(path, hints)` is the one way a file is parsed: by the build (in worker processes for large
builds), by the upload preview and by the command line, so all three see the same result. A file that
cannot be loaded raises a named `LoadError` (loaders/errors.py); nothing here returns an error as text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loaders.db.rows import (
    Event,
    EventCountry,
    HealthRow,
    MentionedRegion,
    ParseIssue,
    Reject,
    ReportColumn,
    ReportRow,
)
from loaders.errors import LoadError, ReadFailed, one_line
from loaders.fields.enrich import (
    EventFields,
    Parts,
    agreement_parts,
    detect_home_region,
    document_regions,
    enrich_event,
    report_partners,
)
from loaders.fields.period import Period, parse_period
from loaders.read import read_document
from loaders.table.classify import ReportTable, RowKind, TableRow, read_table
from loaders.table.columns import Col
from loaders.table.health import Health, assess, warning_text


@dataclass(frozen=True)
class Hints:
    """What the caller knows beyond the file: the build's and the preview's are the same (store.hints)."""

    home_region: str | None = None  # the reporting region of most loaded reports: used when the file names none


@dataclass
class Detected:
    """What was detected in the file: everything the build, the upload preview and the CLI line show."""

    file_name: str
    sha256: str
    format: str  # the file's real format ('xlsx', 'docx', 'doc', …)
    template: str  # 'agreements' | 'roadmap' | 'other'
    title: str
    period: Period | None
    home_region_code: str | None
    row_counts: dict[str, int]  # rows_source, rows_event, … (the accounting columns of `reports`)
    columns: list[ReportColumn] = field(default_factory=list)  # the layout, source column by column
    health: Health | None = None

    def report_row(self) -> ReportRow:
        p = self.period
        return ReportRow(file_name=self.file_name, sha256=self.sha256, format=self.format, template=self.template,
                         title=self.title, period_start=p.start if p else None, period_end=p.end if p else None,
                         period_kind=p.kind if p else None, home_region_code=self.home_region_code,
                         **self.row_counts)

    def health_row(self) -> HealthRow | None:
        h = self.health
        if h is None:
            return None
        return HealthRow(events=h.events, with_partner=h.with_partner, with_date=h.with_date,
                         with_place=h.with_place, template_known=h.template_known,
                         columns_missing=list(h.columns_missing), layout_confidence=h.layout_confidence,
                         problems=list(h.problems), warning=warning_text(h))


@dataclass
class Parsed:
    """One parsed report file: plain records (loaders/db/rows.py), cheap to send between processes."""

    detected: Detected
    events: list[Event] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    mentioned: list[MentionedRegion] = field(default_factory=list)
    countries: list[EventCountry] = field(default_factory=list)
    # agreement cell → its agreements and their partner codes, split while parsing (the writer hands them
    # to rebuild_agreements so the writing process does not split them again)
    agreement_parts: dict[str, Parts] = field(default_factory=dict)

    def event(self, row_no: int) -> Event:
        return self.events[row_no - 1]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts(table: ReportTable) -> dict[str, int]:
    counts = Counter(r.kind for r in table.rows)
    return {
        "rows_source": len(table.rows),
        "rows_event": counts[RowKind.EVENT],
        "rows_heading": counts[RowKind.HEADING],
        "rows_header": counts[RowKind.HEADER] + counts[RowKind.TITLE] + counts[RowKind.NOTE],
        "rows_total": counts[RowKind.TOTAL],
        "rows_blank": counts[RowKind.BLANK],
        "rows_reject": counts[RowKind.REJECT],
    }


_TEXT_COLUMNS = {c.value: c for c in Col}  # Event fields holding a source cell as written
_SET_HERE = {"row_no", "source_ref", "extra_text", "partner_codes", *_TEXT_COLUMNS}


def _parsed_fields(fields: EventFields) -> list[str]:
    """The Event fields copied from the field parsers' result: every other Event field of the same name."""
    return [f.name for f in dataclasses.fields(Event) if f.name not in _SET_HERE and hasattr(fields, f.name)]


def _event(row_no: int, row: TableRow, fields: EventFields) -> Event:
    values = row.values
    return Event(
        row_no=row_no, source_ref=row.ref,
        **{name: values.get(col) for name, col in _TEXT_COLUMNS.items()},  # type: ignore[arg-type]
        extra_text="\n".join(f"{k}: {v}" for k, v in row.extra.items()) or None,
        partner_codes=sorted(fields.partners),
        **{name: getattr(fields, name) for name in _parsed_fields(fields)},
    )


def parse_file(path: str | Path, hints: Hints | None = None) -> Parsed:
    """Read, classify and parse one report file. Raises a LoadError subclass naming the file when it cannot be
    loaded: the reader's own (UnsupportedFormat, UnreadableFile, NoTableFound, …) or ReadFailed for anything
    unexpected (a reader's bug, a native library's panic): never a traceback for a user."""
    path = Path(path)
    try:
        return _parse(path, hints or Hints())
    except LoadError:
        raise
    except BaseException as exc:  # noqa: B036 - pyo3 panics from native readers derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise ReadFailed(path, f"не удалось прочитать файл ({one_line(f'{type(exc).__name__}: {exc}')})") from exc


def _parse(path: Path, hints: Hints) -> Parsed:
    doc = read_document(path)
    table = read_table(doc)
    period = parse_period(table.title)
    rows = table.events
    home = detect_home_region(
        table.title,
        [r.department or "" for r in rows],
        [r.values.get(Col.AGREEMENT, "") for r in rows],
    ) or hints.home_region
    partners = report_partners(table.title, home)
    context = document_regions(table.title, home, [r.values.get(Col.AGREEMENT, "") or r.aux.get("partner", "")
                                                   for r in rows])
    layout = table.layout
    detected = Detected(
        file_name=path.name, sha256=file_sha256(path), format=doc.format.value, template=table.template,
        title=table.title, period=period, home_region_code=home, row_counts=row_counts(table),
        columns=[ReportColumn(d.col + 1, d.header, d.field.value if d.field else None, d.basis, d.confidence,
                              d.reason) for d in layout.decisions] if layout is not None else [],
    )
    out = Parsed(detected)
    all_fields = []
    for n, row in enumerate(rows, start=1):
        f = enrich_event(row, template=table.template, period=period, home=home, title_partners=partners,
                         context=context)
        all_fields.append(f)
        out.events.append(_event(n, row, f))
        out.mentioned += [MentionedRegion(n, c) for c in f.mentioned_regions]
        out.countries += [EventCountry(n, c, src) for c, src in f.countries]
        out.issues += [ParseIssue(n, name, raw, why) for name, raw, why in f.issues]
        cell = row.values.get(Col.AGREEMENT)
        if cell and cell.strip() and cell not in out.agreement_parts:
            out.agreement_parts[cell] = agreement_parts(cell, home)
    out.rejects = [Reject(r.ref, r.raw_text, r.reason or "") for r in table.rows if r.kind is RowKind.REJECT]
    detected.health = assess(layout, table.template, partners, all_fields)
    return out
