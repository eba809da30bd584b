"""Verify a built database: schema, row accounting, links between tables, source files.

``run_checks`` returns one :class:`CheckResult` per check; ``python -m loaders check``
prints them one per line (OK / ОШИБКА / ВНИМАНИЕ) and exits 1 when any check failed.
A source file changed after loading is a warning, not a failure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from loaders.db.readonly import ALIAS, connect_readonly
from loaders.db.stored import StoredAnswers
from loaders.parse import file_sha256

MAX_SHOWN = 5  # problems listed on a check's line; the rest are counted

ROW_KINDS = ("rows_event", "rows_heading", "rows_header", "rows_total", "rows_blank", "rows_reject")

# (what, child table, child column, parent table, parent column); NULL children are not checked
FOREIGN_KEYS = [
    ("мероприятия → отчёты", "events", "report_id", "reports", "report_id"),
    ("отклонённые строки → отчёты", "rejects", "report_id", "reports", "report_id"),
    ("регионы-партнёры → мероприятия", "event_partners", "event_id", "events", "event_id"),
    ("соглашения мероприятий → мероприятия", "event_agreements", "event_id", "events", "event_id"),
    ("соглашения мероприятий → соглашения", "event_agreements", "agreement_id", "agreements", "agreement_id"),
    ("проблемы разбора → мероприятия", "parse_issues", "event_id", "events", "event_id"),
    ("упомянутые регионы → мероприятия", "event_mentioned_regions", "event_id", "events", "event_id"),
    ("иностранные государства → мероприятия", "event_countries", "event_id", "events", "event_id"),
    ("дубликаты → мероприятия", "events", "duplicate_of", "events", "event_id"),
    ("коды регионов-партнёров", "event_partners", "region_code", "regions", "region_code"),
    ("коды упомянутых регионов", "event_mentioned_regions", "region_code", "regions", "region_code"),
    ("коды регионов места проведения", "events", "place_region_code", "regions", "region_code"),
    ("коды отчитывающихся регионов", "reports", "home_region_code", "regions", "region_code"),
]


@dataclass
class CheckResult:
    name: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    note: str = ""  # shown after OK (what was checked)
    warning: bool = False  # a problem that does not fail the check run

    def line(self) -> str:
        if self.ok and not self.problems:
            return f"OK     {self.name}" + (f": {self.note}" if self.note else "")
        shown = "; ".join(self.problems[:MAX_SHOWN])
        more = len(self.problems) - MAX_SHOWN
        if more > 0:
            shown += f"; и ещё {more}"
        label = "ВНИМАНИЕ " if self.ok else "ОШИБКА "
        return f"{label}{self.name}: {shown}"


def expected_schema() -> dict[str, dict[str, str]]:
    """Table → column → type, from loaders/db/schema.sql."""
    with duckdb.connect(":memory:") as conn:
        conn.execute(resources.files("loaders.db").joinpath("schema.sql").read_text(encoding="utf-8"))
        return _columns(conn, "memory")


def _columns(conn: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, dict[str, str]]:
    rows = conn.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_schema = 'main' ORDER BY table_name, ordinal_position",
        [catalog],
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        tables.setdefault(table, {})[column] = dtype
    return tables


def check_schema(conn: duckdb.DuckDBPyConnection) -> CheckResult:
    expected = expected_schema()
    actual = _columns(conn, ALIAS)
    problems: list[str] = []
    for table, columns in expected.items():
        if table not in actual:
            problems.append(f"нет таблицы {table}")
            continue
        for column, dtype in columns.items():
            have = actual[table].get(column)
            if have is None:
                problems.append(f"нет колонки {table}.{column}")
            elif have != dtype:
                problems.append(f"колонка {table}.{column} имеет тип {have} вместо {dtype}")
    n_columns = sum(len(c) for c in expected.values())
    return CheckResult("схема", not problems, problems, f"{len(expected)} таблиц, {n_columns} колонок")


def check_accounting(conn: duckdb.DuckDBPyConnection) -> CheckResult:
    parts = " + ".join(ROW_KINDS)
    rows = conn.execute(f"""
        SELECT r.report_id, r.file_name, r.rows_source, {parts} AS parts,
               r.rows_event, (SELECT count(*) FROM events e WHERE e.report_id = r.report_id),
               r.rows_reject, (SELECT count(*) FROM rejects j WHERE j.report_id = r.report_id)
        FROM reports r ORDER BY r.report_id
    """).fetchall()
    problems: list[str] = []
    for _rid, name, source, total, n_event, events, n_reject, rejects in rows:
        if source != total:
            problems.append(f"{name}: rows_source = {source}, а сумма строк по видам = {total}")
        if n_event != events:
            problems.append(f"{name}: rows_event = {n_event}, а мероприятий в базе {events}")
        if n_reject != rejects:
            problems.append(f"{name}: rows_reject = {n_reject}, а отклонённых строк в базе {rejects}")
    return CheckResult("учёт строк", not problems, problems, f"отчётов {len(rows)}")


def check_foreign_keys(conn: duckdb.DuckDBPyConnection) -> CheckResult:
    problems: list[str] = []
    for what, child, ccol, parent, pcol in FOREIGN_KEYS:
        missing = conn.execute(f"""
            SELECT c.{ccol}, count(*) FROM {child} c
            WHERE c.{ccol} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{pcol} = c.{ccol})
            GROUP BY 1 ORDER BY 1
        """).fetchall()
        if missing:
            rows = sum(n for _, n in missing)
            sample = ", ".join(str(v) for v, _ in missing[:3])
            problems.append(f"{what}: {rows} строк {child}.{ccol} без пары в {parent} ({sample})")
    return CheckResult("связи таблиц", not problems, problems, f"{len(FOREIGN_KEYS)} связей")


def check_unique_ids(conn: duckdb.DuckDBPyConnection) -> CheckResult:
    problems: list[str] = []
    for table, column in (("events", "event_id"), ("reports", "report_id")):
        dups = conn.execute(
            f"SELECT {column}, count(*) FROM {table} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1"
        ).fetchall()
        if dups:
            problems.append(f"{table}.{column} повторяется: " + ", ".join(f"{v} ({n} раз)" for v, n in dups[:3]))
    return CheckResult("уникальность идентификаторов", not problems, problems)


def _source_index(sources: Iterable[Path]) -> dict[str, list[Path]]:
    index: dict[str, list[Path]] = {}
    for folder in sources:
        if folder.is_file():
            index.setdefault(folder.name, []).append(folder)
        elif folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    index.setdefault(path.name, []).append(path)
    return index


def check_sources(conn: duckdb.DuckDBPyConnection, sources: Iterable[Path]) -> CheckResult:
    """A report whose file is still found must have the same SHA-256; a changed one is a warning."""
    sources = list(sources)
    index = _source_index(sources)
    problems: list[str] = []
    found = missing = 0
    for name, sha in conn.execute("SELECT file_name, sha256 FROM reports ORDER BY report_id").fetchall():
        paths = index.get(name, [])
        if not paths:
            missing += 1
            continue
        found += 1
        try:
            digests = {file_sha256(p) for p in paths}
        except OSError as exc:
            problems.append(f"{name}: не читается ({exc.strerror or exc})")
            continue
        if sha not in digests:
            problems.append(f"{name}: изменён после загрузки (SHA-256 не совпадает)")
    folders = ", ".join(str(s) for s in sources) or "—"
    note = f"файлов совпадает {found - len(problems)}, не найдено в {folders}: {missing}"
    return CheckResult("исходные файлы", True, problems, note, warning=bool(problems))


def check_stored_answers(conn: duckdb.DuckDBPyConnection, stored: StoredAnswers) -> CheckResult:
    """The stored "no filter" answers were all made by the queries as they are now. Stale ones are never
    shown (the dashboard answers live, slower), so this is a warning: `migrate` stores them anew."""
    if stored.current(conn):
        return CheckResult("сохранённые ответы", True, note="актуальны")
    stale = getattr(stored, "stale", None)
    names = ", ".join(stale(conn)) if callable(stale) else ""
    return CheckResult("сохранённые ответы", True, [
        "сохранены другой версией запросов или отсутствуют" + (f" ({names})" if names else "")
        + ": панель считает их заново при каждом открытии; обновите: python -m loaders migrate"], warning=True)


def run_checks(db_path: str | Path, sources: Iterable[str | Path] = (),
               stored: StoredAnswers | None = None) -> list[CheckResult]:
    db_path = Path(db_path)
    if not db_path.is_file():
        return [CheckResult("база", False, [f"файл {db_path} не найден"])]
    try:
        conn = connect_readonly(db_path)
    except duckdb.Error as exc:
        return [CheckResult("база", False, [f"{db_path} не открывается: {' '.join(str(exc).split())}"])]
    results: list[CheckResult] = []
    try:
        schema = check_schema(conn)
        results.append(schema)
        checks = [
            ("учёт строк", check_accounting),
            ("связи таблиц", check_foreign_keys),
            ("уникальность идентификаторов", check_unique_ids),
            ("исходные файлы", lambda c: check_sources(c, [Path(s) for s in sources])),
        ]
        if stored is not None:
            checks.append(("сохранённые ответы", lambda c: check_stored_answers(c, stored)))
        for name, check in checks:
            try:
                results.append(check(conn))
            except duckdb.Error as exc:  # a table or column is missing: the schema line says which
                results.append(CheckResult(name, False, [f"не проверено: {' '.join(str(exc).split())[:200]}"]))
    finally:
        conn.close()
    return results


def all_passed(results: Iterable[CheckResult]) -> bool:
    return all(r.ok for r in results)
