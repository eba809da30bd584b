"""Every parsed field of all 86 sample events against the hand-labelled expectations."""

from __future__ import annotations

from tests.labelled import accuracy_table, compare


def test_per_field_accuracy(sample_conn, capsys):
    acc, misses = compare(sample_conn)
    with capsys.disabled():
        print("\n" + accuracy_table(acc))
        for miss in misses:
            print("  " + miss)
    # every field of every labelled event exact: a per-field threshold below 100% could never be the failing check
    assert misses == []


# --- a labelled report of another region in new wording (issue 11): department column / paragraphs ---------
import json  # noqa: E402

import duckdb  # noqa: E402
import pytest  # noqa: E402

from loaders.build import build  # noqa: E402
from tests.builders import write_docx, write_xlsx  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402
from tests.labelled import FIELDS, actual_rows  # noqa: E402

NIZHNY = json.loads((FIXTURES / "labelled_nizhny.json").read_text(encoding="utf-8"))
CELLS = ["department", "agreement", "name", "dates", "place", "participants", "result", "note"]
# every field of all 32 events must be exact (as for the samples); the per-field figures are printed


def _nizhny_xlsx(path):
    """Department as a column on every row; an «Итого» row and a signature block under the table."""
    rows: list = [NIZHNY["header"]]
    rows += [[f"{i}.", *(r["cells"][c] for c in CELLS)] for i, r in enumerate(NIZHNY["rows"], start=1)]
    rows += [["", "", "", f"Итого: {len(NIZHNY['rows'])} мероприятия", "", "", "", "", ""],
             "Исполнитель: Кузнецова Е.В., тел. (831) 435-12-34"]
    return write_xlsx(path, rows, title=NIZHNY["title"])


def _nizhny_docx(path):
    """Department as a paragraph above each separate Word table (no department column)."""
    header = [h for h in NIZHNY["header"] if h != "Ответственный исполнитель"]
    tables, preambles, dept = [], [], None
    for i, r in enumerate(NIZHNY["rows"], start=1):
        cell = r["cells"]["department"]
        if cell and cell != dept:
            dept = cell
            tables.append([header])
            preambles.append([cell])
        tables[-1].append([f"{i}.", *(r["cells"][c] for c in CELLS[1:])])
    return write_docx(path, tables, title=NIZHNY["title"], preambles=preambles)


def nizhny_accuracy(db) -> tuple[dict[str, float], list[str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        actual = actual_rows(conn)
    right = dict.fromkeys(FIELDS, 0)
    misses = []
    for r in NIZHNY["rows"]:
        lab = r["expected"]
        got = actual.get(("agreements", lab["row_no"]), {})
        for f in FIELDS:
            if got.get(f) == lab[f]:
                right[f] += 1
            else:
                misses.append(f"nizhny #{lab['row_no']} {f}: expected {lab[f]!r}, got {got.get(f)!r}")
    return {f: right[f] / len(NIZHNY["rows"]) for f in FIELDS}, misses


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_nizhny_per_field_accuracy(tmp_path, capsys, fmt):
    assert len(NIZHNY["rows"]) >= 30
    path = (_nizhny_xlsx if fmt == "xlsx" else _nizhny_docx)(tmp_path / f"nizhny-2021-q3.{fmt}")
    db = tmp_path / "n.duckdb"
    results = build([path], db)
    assert [r.ok for r in results] == [True] and results[0].events == len(NIZHNY["rows"]), results[0].message
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT rows_reject, warning FROM reports JOIN report_health USING (report_id)"
                            ).fetchall() == [(0, None)]
    acc, misses = nizhny_accuracy(db)
    with capsys.disabled():
        print(f"\nnizhny ({fmt}, {len(NIZHNY['rows'])} events)\n" + accuracy_table(acc))
        for miss in misses:
            print("  " + miss)
    assert misses == []
