"""Insert dataclass records by column name: one Arrow table per list, one `INSERT INTO … BY NAME` per table.

The Arrow schema comes from the record class itself (`dataclasses.fields` and their annotations), so a
record's fields are the only list of columns there is. Columns of the table that the records do not
carry get their default (NULL, or the schema's DEFAULT): a column added to a table never breaks an insert.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
    dt.date: pa.date32(), dt.datetime: pa.timestamp("s"),
}


def _arrow_type(hint: Any) -> pa.DataType:
    """`str | None` → string, `list[str]` → list<string>, `dt.date` → date32, …"""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(inner)
    if origin is list:
        (item,) = typing.get_args(hint)
        return pa.list_(_arrow_type(item))
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"no Arrow type for {hint!r}")


@functools.cache
def arrow_schema(cls: type) -> pa.Schema:
    hints = typing.get_type_hints(cls)
    return pa.schema([(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)])


def arrow_table(cls: type, records: Sequence[Any], extra: Mapping[str, pa.Array | list] | None = None) -> pa.Table:
    """The records as an Arrow table, a column per dataclass field; `extra`: more columns (one value per record)."""
    schema = arrow_schema(cls)
    data = {f.name: pa.array([getattr(r, f.name) for r in records], type=f.type) for f in schema}
    for name, values in (extra or {}).items():
        data[name] = values if isinstance(values, pa.Array) else pa.array(values)
    return pa.table(data)


def insert_by_name(conn: duckdb.DuckDBPyConnection, table: str, rows: pa.Table,
                   derived: Mapping[str, str] | None = None, drop: Sequence[str] = ()) -> None:
    """`INSERT INTO table BY NAME SELECT * [EXCLUDE drop], <derived expr> AS <name> … FROM rows`."""
    if rows.num_rows == 0:
        return
    select = "*" + (f" EXCLUDE ({', '.join(drop)})" if drop else "")
    select += "".join(f", {expr} AS {name}" for name, expr in (derived or {}).items())
    view = f"_insert_{table}"
    conn.register(view, rows)
    try:
        conn.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM {view}")
    finally:
        conn.unregister(view)


def insert_records(conn: duckdb.DuckDBPyConnection, table: str, cls: type, records: Sequence[Any],
                   extra: Mapping[str, pa.Array | list] | None = None, derived: Mapping[str, str] | None = None,
                   drop: Sequence[str] = ()) -> None:
    """Insert dataclass records of `cls` into `table` by column name (see insert_by_name)."""
    if records:
        insert_by_name(conn, table, arrow_table(cls, records, extra), derived, drop)
