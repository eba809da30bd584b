"""The rows a parsed report adds to the database: one dataclass per table, its field names the column names.

`loaders.parse.parse_file` returns these records (inside `Parsed`) and `loaders.db.store` inserts each
list with one `INSERT INTO <table> BY NAME` from an Arrow table built off `dataclasses.fields`: no list of
columns in insert order exists anywhere, and a column added to a table (with a default) never breaks an
insert. A record names its event by `row_no` (1-based, in the report); the writer turns that into
`event_id` and adds the ids it alone knows (`report_id`, `event_key`). Plain dataclasses of plain values:
cheap to pickle between `build`'s worker processes, so this module imports no database or dataframe library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Event:
    """One row of `events` (docs/schema.md); the writer adds event_id, report_id, event_key, partner_list."""

    row_no: int
    source_ref: str
    name: str
    item_no: str | None = None
    agreement_text: str | None = None
    dates_text: str | None = None
    place_text: str | None = None
    participants_text: str | None = None
    result_text: str | None = None
    extra_text: str | None = None  # other columns ("Примечание: …"), one per line
    # parsed fields: filled from what loaders.fields.enrich returns, field by field of the same name
    department: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    ongoing: bool = False
    quarter: str | None = None
    participants_total: int | None = None
    participants_qualifier: str | None = None
    regions_count: int | None = None
    delegation_size: int | None = None
    city: str | None = None
    place_region_code: str | None = None
    format: str | None = None
    event_type: str | None = None
    partner_codes: list[str] = field(default_factory=list)  # sorted; event_partners is written from it


@dataclass
class MentionedRegion:
    """A row of `event_mentioned_regions`: a region named among an event's participants."""

    row_no: int
    region_code: str


@dataclass
class EventCountry:
    """A row of `event_countries`: a foreign country an event names."""

    row_no: int
    country: str
    source: str  # 'agreement' | 'participants' | 'place'


@dataclass
class ParseIssue:
    """A row of `parse_issues`: a field of an event that could not be parsed."""

    row_no: int
    field: str
    raw_text: str | None
    reason: str


@dataclass
class Reject:
    """A row of `rejects` (the writer adds report_id and file_name)."""

    source_ref: str
    raw_text: str
    reason: str


@dataclass
class ReportColumn:
    """A row of `report_columns`: what the table reader detected in one source column."""

    col_no: int  # 1-based
    header_text: str
    field: str | None
    basis: str
    confidence: float
    reason: str


@dataclass
class ReportRow:
    """The row of `reports` (the writer adds report_id and loaded_at)."""

    file_name: str
    sha256: str
    format: str
    template: str
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    period_kind: str | None
    home_region_code: str | None
    rows_source: int
    rows_event: int
    rows_heading: int
    rows_header: int
    rows_total: int
    rows_blank: int
    rows_reject: int


@dataclass
class HealthRow:
    """The row of `report_health` (the writer adds report_id)."""

    events: int
    with_partner: int
    with_date: int
    with_place: int
    template_known: bool
    columns_missing: list[str]
    layout_confidence: float | None
    problems: list[str]
    warning: str | None


@dataclass
class Upload:
    """A row of `uploads`: one load of one file."""

    uploaded_at: dt.datetime
    uploaded_by: str
    file_name: str
    sha256: str
    report_id: int
    status: str
    replaced: str | None
    events_before: int | None
    events_after: int


@dataclass
class AgreementCell:
    """A row of `agreement_cells`: one agreement of one agreement cell (a derived cache)."""

    agreement_text: str
    home_region_code: str | None
    part_no: int
    part: str
    partner_codes: list[str]


@dataclass
class Agreement:
    """A row of `agreements`."""

    agreement_id: int
    kind: str
    title: str
    norm_key: str
    partner_codes: list[str]


@dataclass
class EventPartner:
    """A row of `event_partners` (written from Event.partner_codes)."""

    event_id: int
    region_code: str
    region_name: str
