"""`python -m loaders check`: a good database passes; each kind of damage fails with its own line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loaders.build import build
from loaders.db.check import all_passed, run_checks
from tests.conftest import AGREEMENTS, ROOT

SOURCES = [ROOT / "data" / "reports"]


def lines(db: Path, sources: list[Path] = SOURCES) -> dict[str, str]:
    """Check name → its printed line."""
    return {r.name: r.line() for r in run_checks(db, sources)}


@pytest.fixture()
def db_copy(sample_db: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, dest)
    return dest


def corrupt(db: Path, *sql: str) -> None:
    with duckdb.connect(str(db)) as conn:
        for statement in sql:
            conn.execute(statement)


def test_good_database_passes(sample_db):
    results = run_checks(sample_db, SOURCES)
    assert all_passed(results), [r.line() for r in results]
    assert [r.name for r in results] == ["схема", "учёт строк", "связи таблиц", "уникальность идентификаторов",
                                         "исходные файлы"]
    assert all(r.line().startswith("OK ") for r in results)
    assert "совпадает 2" in results[-1].line()


def test_cli_good_database_exit_0(sample_db):
    result = subprocess.run([sys.executable, "-m", "loaders", "check", "--db", str(sample_db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(result.stdout.splitlines()) == 6
    assert all(line.startswith("OK ") for line in result.stdout.splitlines())
    assert result.stdout.splitlines()[-1] == "OK     сохранённые ответы: актуальны"  # the CLI is given the hook


def test_cli_stale_stored_answers_are_a_warning(db_copy):
    """A stored answer made by another version of its query is named; it is never shown, so exit 0."""
    corrupt(db_copy, "UPDATE stored_answers SET fingerprint = 'older' WHERE name = 'by_department'")
    result = subprocess.run([sys.executable, "-m", "loaders", "check", "--db", str(db_copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        "ВНИМАНИЕ сохранённые ответы: сохранены другой версией запросов или отсутствуют (by_department): панель "
        "считает их заново при каждом открытии; обновите: python -m loaders migrate")


def test_cli_damaged_database_exit_1(db_copy):
    corrupt(db_copy, "DELETE FROM reports WHERE file_name LIKE '%roadmap%'")
    result = subprocess.run([sys.executable, "-m", "loaders", "check", "--db", str(db_copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "ОШИБКА связи таблиц: мероприятия → отчёты" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_database(tmp_path):
    results = run_checks(tmp_path / "nothing.duckdb")
    assert not all_passed(results)
    assert results[0].line().startswith("ОШИБКА база: файл")


def test_deleted_report_row_breaks_links(db_copy):
    corrupt(db_copy, "DELETE FROM reports WHERE file_name LIKE '%roadmap%'")
    out = lines(db_copy)
    assert out["связи таблиц"].startswith("ОШИБКА связи таблиц: мероприятия → отчёты: 50 строк events.report_id")
    assert "отклонённые" not in out["связи таблиц"]  # no rejects in the samples
    assert out["учёт строк"].startswith("OK")


def test_broken_accounting(db_copy):
    corrupt(db_copy, f"UPDATE reports SET rows_blank = rows_blank + 1 WHERE file_name = '{AGREEMENTS}.xlsx'")
    line = lines(db_copy)["учёт строк"]
    assert line.startswith(f"ОШИБКА учёт строк: {AGREEMENTS}.xlsx: rows_source = ")
    assert "сумма строк по видам" in line


def test_event_count_differs_from_rows_event(db_copy):
    corrupt(db_copy, "DELETE FROM event_partners", "DELETE FROM event_mentioned_regions",
            "DELETE FROM event_agreements", "DELETE FROM parse_issues",
            "DELETE FROM events WHERE event_id = (SELECT max(event_id) FROM events)")
    line = lines(db_copy)["учёт строк"]
    assert line.startswith("ОШИБКА учёт строк:") and "rows_event = 50, а мероприятий в базе 49" in line


def test_reject_count_differs(db_copy):
    corrupt(db_copy, "UPDATE reports SET rows_reject = rows_reject + 1, rows_blank = rows_blank - 1 "
                     f"WHERE file_name = '{AGREEMENTS}.xlsx'")
    line = lines(db_copy)["учёт строк"]
    assert "rows_reject = 1, а отклонённых строк в базе 0" in line
    assert "сумма" not in line  # the sum still adds up


def test_unknown_region_code(db_copy):
    corrupt(db_copy, "UPDATE event_partners SET region_code = 'ZZZ' "
                     "WHERE event_id = (SELECT min(event_id) FROM event_partners)")
    line = lines(db_copy)["связи таблиц"]
    assert line.startswith("ОШИБКА связи таблиц: коды регионов-партнёров:") and "ZZZ" in line


def test_orphan_link_rows(db_copy):
    corrupt(db_copy, "INSERT INTO parse_issues VALUES (999999999, 'dates', 'x', 'y')",
            "INSERT INTO event_mentioned_regions VALUES (999999998, 'MOW')")
    line = lines(db_copy)["связи таблиц"]
    assert "проблемы разбора → мероприятия: 1 строк parse_issues.event_id" in line
    assert "упомянутые регионы → мероприятия" in line


def test_duplicate_event_id(db_copy):
    corrupt(db_copy,
            "CREATE TABLE events_copy AS SELECT * FROM events",
            "DROP TABLE events",
            "CREATE TABLE events AS SELECT * FROM events_copy UNION ALL "
            "(SELECT * FROM events_copy ORDER BY event_id LIMIT 1)",
            "DROP TABLE events_copy")
    out = lines(db_copy)
    assert out["уникальность идентификаторов"].startswith("ОШИБКА уникальность идентификаторов: events.event_id")
    assert out["учёт строк"].startswith("ОШИБКА")  # the duplicate is one event too many
    assert out["схема"].startswith("OK")


def test_missing_column_and_table(db_copy):
    corrupt(db_copy, "ALTER TABLE events DROP COLUMN city", "DROP TABLE event_mentioned_regions")
    out = lines(db_copy)
    assert out["схема"].startswith("ОШИБКА схема:")
    assert "нет колонки events.city" in out["схема"] and "нет таблицы event_mentioned_regions" in out["схема"]
    assert out["связи таблиц"].startswith("ОШИБКА связи таблиц: не проверено")


def test_source_changed_after_load_is_a_warning(reports_copy, tmp_db):
    assert all(r.ok for r in build([reports_copy], tmp_db))
    target = reports_copy / f"{AGREEMENTS}.xlsx"
    target.write_bytes(target.read_bytes() + b"\0")
    results = run_checks(tmp_db, [reports_copy])
    assert all_passed(results)
    line = results[-1].line()
    assert line.startswith(f"ВНИМАНИЕ исходные файлы: {AGREEMENTS}.xlsx: изменён после загрузки")


def test_sources_not_found_are_skipped(sample_db, tmp_path):
    results = run_checks(sample_db, [tmp_path])
    assert all_passed(results)
    assert "не найдено" in results[-1].line() and ": 2" in results[-1].line()
