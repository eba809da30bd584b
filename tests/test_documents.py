"""The documents the office sends: the consolidated report round-trips through the loader."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from analytics.documents.consolidated import HEADER, build_docx, build_xlsx
from analytics.documents.period_words import period_phrase
from analytics.documents.rows import consolidated_rows
from analytics.filters import Filters
from loaders.build import build
from loaders.fields.period import parse_period

PARSED = ("name, dates_text, date_start, date_end, date_precision, ongoing, quarter, participants_total, "
          "participants_qualifier, regions_count, delegation_size, city, place_region_code, format, event_type, "
          "partner_list, department, agreement_text IS NULL, place_text, participants_text, result_text")


def _events(conn: duckdb.DuckDBPyConnection, where: str = "TRUE") -> list[tuple]:
    return conn.execute(f"SELECT {PARSED} FROM events WHERE {where} ORDER BY name, dates_text, event_id").fetchall()


@pytest.mark.parametrize("report_id", [1, 2])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_consolidated_report_loads_back_to_the_same_events(sample_db: Path, tmp_path: Path, report_id: int,
                                                           fmt: str) -> None:
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        data = consolidated_rows(conn, Filters(reports=(report_id,)))
        period = period_phrase(data.period_start, data.period_end)
        before = _events(conn, f"report_id = {report_id}")
        build_fn = build_xlsx if fmt == "xlsx" else build_docx
    path = tmp_path / f"consolidated.{fmt}"
    path.write_bytes(build_fn(data, period))
    db = tmp_path / "back.duckdb"
    [result] = build([path], db)
    assert result.ok, result.message
    with duckdb.connect(str(db), read_only=True) as conn:
        after = _events(conn)
        (rejects,) = conn.execute("SELECT count(*) FROM rejects").fetchone()
    assert rejects == 0
    # the road map's agreement column is new in the consolidated layout: compare everything else
    strip = (lambda rows: [r[:-4] + r[-3:] for r in rows]) if report_id == 2 else (lambda rows: rows)
    assert strip(after) == strip(before)
    assert len(after) == {1: 36, 2: 50}[report_id]


def test_consolidated_xlsx_layout(sample_conn: duckdb.DuckDBPyConnection) -> None:
    data = consolidated_rows(sample_conn, Filters(reports=(1,)))
    ws = load_workbook(io.BytesIO(build_xlsx(data, "во II квартале 2021 года")))["Отчет"]
    assert ws["A1"].value == "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
    assert ws["A2"].value == "во II квартале 2021 года"
    assert tuple(c.value for c in ws[4]) == HEADER
    assert ws["A5"].value == "Департамент государственной службы занятости населения Смоленской области"
    assert "A5:G5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A6"].value == "1."
    # an agreement cell is merged over the run of its events
    assert any(r.min_col == 2 and r.max_row > r.min_row for r in ws.merged_cells.ranges)
    numbers = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value or "").endswith(".")]
    assert numbers == [f"{i}." for i in range(1, 37)]


def test_twins_appear_once_unless_their_copy_is_filtered_out(sample_conn: duckdb.DuckDBPyConnection) -> None:
    (twins,) = sample_conn.execute("SELECT count(*) FROM events WHERE duplicate_of IS NOT NULL").fetchone()
    assert twins == 2
    assert len(consolidated_rows(sample_conn, Filters()).rows) == 86 - twins
    assert len(consolidated_rows(sample_conn, Filters(reports=(2,))).rows) == 50


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        ("2021-04-01", "2021-06-30", "во II квартале 2021 года"),
        ("2021-01-01", "2021-03-31", "в I квартале 2021 года"),
        ("2022-10-01", "2022-12-31", "в IV квартале 2022 года"),
        ("2021-01-01", "2021-06-30", "в I полугодии 2021 года"),
        ("2021-07-01", "2021-12-31", "в II полугодии 2021 года"),
        ("2021-01-01", "2021-12-31", "в 2021 году"),
        ("2021-04-01", "2021-09-30", "в период с 01.04.2021 по 30.09.2021"),
        ("2020-10-01", "2021-03-31", "в период с 01.10.2020 по 31.03.2021"),
    ],
)
def test_period_phrase_reads_back_as_the_same_period(start: str, end: str, phrase: str) -> None:
    from datetime import date

    s, e = date.fromisoformat(start), date.fromisoformat(end)
    assert period_phrase(s, e) == phrase
    period = parse_period(f"Отчет о реализации соглашений {phrase}")
    assert period is not None and (period.start, period.end) == (s, e)
