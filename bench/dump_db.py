"""Print every table of a database, rows ordered by all columns, to compare two builds with `diff`.

    .venv/bin/python bench/dump_db.py data/cooperation.duckdb > before.txt

TIMESTAMP columns (when the build ran: reports.loaded_at, uploads.uploaded_at) are masked.
"""

from __future__ import annotations

import sys

import duckdb


def dump(path: str) -> None:
    with duckdb.connect(path, read_only=True) as conn:
        for (table,) in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            cols = conn.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                                "ORDER BY column_index", [table]).fetchall()
            select = ", ".join("'<ts>'" if kind.startswith("TIMESTAMP") else f'"{name}"' for name, kind in cols)
            rows = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY ALL').fetchall()
            print(f"## {table} ({len(rows)} rows) {[name for name, _ in cols]}")
            for row in rows:
                print(repr(row))


if __name__ == "__main__":
    dump(sys.argv[1])
