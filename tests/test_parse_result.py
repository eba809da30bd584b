"""One parse result per file (issue 13): parse_file → Parsed or a named LoadError; the upload preview parses
exactly as the build does; every table is written by column name, so a column added to the schema never
breaks a build."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import duckdb
import pytest

import loaders.db.store as store_module
from loaders.build import build
from loaders.db.rows import Event
from loaders.errors import LoadError, ReadFailed, UnreadableFile
from loaders.parse import Hints, Parsed, parse_file
from loaders.preview import preview_file
from tests.builders import HEADER, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SAMPLES = sorted(REPORTS.iterdir())
EVENT_FIELDS = [f.name for f in dataclasses.fields(Event)]


def _loaded_events(db: Path, file_name: str) -> list[Event]:
    """The events a build wrote for one file, read back as Event records (every field by its column)."""
    with duckdb.connect(str(db), read_only=True) as conn:
        cur = conn.execute(f"""SELECT {', '.join('e.' + f for f in EVENT_FIELDS)} FROM events e
                               JOIN reports r USING (report_id) WHERE r.file_name = ? ORDER BY e.row_no""",
                           [file_name])
        return [Event(**dict(zip(EVENT_FIELDS, row))) for row in cur.fetchall()]


def test_event_fields_are_events_columns(empty_db):
    with duckdb.connect(str(empty_db), read_only=True) as conn:
        columns = {r[0] for r in conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'").fetchall()}
    assert set(EVENT_FIELDS) <= columns
    # the writer adds only the ids and the derived filter string
    assert columns - set(EVENT_FIELDS) == {"event_id", "report_id", "event_key", "duplicate_of", "partner_list"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_preview_parses_exactly_as_the_build_loads(sample, sample_db):
    """preview == load: the upload preview's events are, field by field, the events the build wrote."""
    loaded = _loaded_events(sample_db, sample.name)
    preview = preview_file(sample, sample_db)
    assert preview.ok and preview.parsed is not None
    assert len(loaded) == preview.events == len(preview.parsed.events) > 30
    assert preview.parsed.events == loaded
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        issues = conn.execute("""SELECT (p.event_id % 1000000)::INT, p.field, p.raw_text, p.reason FROM parse_issues p
                                 JOIN events e USING (event_id) JOIN reports r USING (report_id)
                                 WHERE r.file_name = ? ORDER BY ALL""", [sample.name]).fetchall()
    assert sorted((i.row_no, i.field, i.raw_text, i.reason) for i in preview.parsed.issues) == issues


# An office whose headings and title name no reporting region ("Департамент по культуре"): the region comes
# from the database (the region of the reports already loaded), in the build and so in the preview.
NO_HOME_TITLE = ["Отчет об исполнении в I квартале 2022 года Плана мероприятий «Дорожной карты» по развитию "
                 "сотрудничества между Санкт-Петербургом и Смоленской областью"]
NO_HOME_ROWS = [
    ["№ п/п", "Наименование мероприятия", "Сроки проведения", "Место проведения", "Участники"],
    "Департамент по культуре",
    ["1.", "Выставка народных промыслов", "12 января 2022 года", "г. Санкт-Петербург", "30 человек"],
    ["2.", "Гастроли областного театра драмы", "февраль 2022 года", "г. Санкт-Петербург", "около 50 человек"],
]


def test_preview_uses_the_builds_home_region_hint(sample_db, tmp_path):
    path = write_xlsx(tmp_path / "no-home.xlsx", NO_HOME_ROWS, title=NO_HOME_TITLE)
    assert parse_file(path).detected.home_region_code is None  # the file alone names no reporting region
    db = tmp_path / "copy.duckdb"
    db.write_bytes(sample_db.read_bytes())
    preview = preview_file(path, db)
    assert preview.parsed is not None and preview.parsed.detected.home_region_code == "SMO"
    assert [e.partner_codes for e in preview.parsed.events] == [["SPE"], ["SPE"]]  # Smolensk is home, not a partner
    results = build([path], db)
    assert [r.ok for r in results] == [True]
    assert _loaded_events(db, path.name) == preview.parsed.events


def test_a_file_that_cannot_be_read_raises_a_named_load_error(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(LoadError) as caught:
        parse_file(bad, Hints())
    assert isinstance(caught.value, UnreadableFile | ReadFailed)
    assert str(caught.value).startswith("broken.xlsx: ")


def test_load_errors_and_parse_results_survive_pickling(tmp_path):
    """What a worker process sends back: a Parsed, or the LoadError itself (rebuilt with its own fields)."""
    err = pickle.loads(pickle.dumps(ReadFailed(tmp_path / "x.docx", "не удалось прочитать файл (TypeError: x)", "row 3")))
    assert type(err) is ReadFailed and str(err) == "x.docx, row 3: не удалось прочитать файл (TypeError: x)"
    parsed = parse_file(SAMPLES[0])
    again = pickle.loads(pickle.dumps(parsed))
    assert isinstance(again, Parsed) and again == parsed


def test_a_column_added_to_every_table_still_builds(tmp_db, monkeypatch):
    """docs/schema.md promises columns are only ever added: a build against a schema with one more column
    in every table it writes inserts by name and leaves the new columns at their default (before: «table
    "report_health" has 11 columns but 10 values were supplied»)."""
    tables = ["reports", "events", "event_partners", "event_mentioned_regions", "event_countries", "parse_issues",
              "rejects", "report_columns", "report_health", "agreements", "agreement_cells", "event_agreements",
              "uploads", "regions"]
    added = "".join(f"\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS reviewed_by VARCHAR DEFAULT 'нет';" for t in tables)
    schema = store_module.schema_sql()
    monkeypatch.setattr(store_module, "schema_sql", lambda: schema + added)
    # a third report with a foreign country and a rejected row, so that every table gets rows
    foreign = write_xlsx(tmp_db.with_name("by.xlsx"), [
        HEADER, "Департамент Смоленской области по культуре",
        ["1.", "Соглашение между Администрацией Смоленской области и Правительством Республики Беларусь",
         "Дни культуры", "5 мая 2021 года", "г. Минск, Республика Беларусь", "40 человек", ""],
        ["2.", "", "", "12 мая 2021 года", "г. Смоленск", "", ""],
    ], title=["Отчет о реализации соглашений о сотрудничестве", "в мае 2021 года"])
    results = build([REPORTS, foreign], tmp_db)
    assert [r.ok for r in results] == [True, True, True], [r.message for r in results]
    with duckdb.connect(str(tmp_db), read_only=True) as conn:
        for table in tables:
            rows, defaulted = conn.execute(
                f"SELECT count(*), count(*) FILTER (WHERE reviewed_by = 'нет') FROM {table}").fetchone()
            assert rows == defaulted > 0, table
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 87


def test_fill_db_inserts_by_name_too(tmp_path, monkeypatch):
    """The benchmark filler writes the loader's schema by name as well (before: «table "events" has 31
    columns but 30 values were supplied»)."""
    from bench.fill_db import fill

    schema = store_module.schema_sql()
    monkeypatch.setattr(store_module, "schema_sql", lambda: schema + (
        "\nALTER TABLE events ADD COLUMN IF NOT EXISTS reviewed_by VARCHAR DEFAULT 'нет';"))
    db = tmp_path / "fill.duckdb"
    fill(db, 600)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*), count(*) FILTER (WHERE reviewed_by = 'нет') FROM events").fetchone() == (
            600, 600)


def test_every_parsed_field_reaches_the_database():
    """What the field parsers return is copied into Event by name: a parsed field with no Event field (so no
    column) would be dropped silently. The others are the event's links, written to their own tables."""
    from loaders.fields.enrich import EventFields

    links = {"partners": "event_partners (from partner_codes)", "mentioned_regions": "event_mentioned_regions",
             "countries": "event_countries", "issues": "parse_issues"}
    parsed = {f.name for f in dataclasses.fields(EventFields)}
    assert parsed - set(links) - set(EVENT_FIELDS) == set()
