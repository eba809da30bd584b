"""`python -m loaders build`: counts, idempotence, corrected versions, bad files, exit codes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.builders import write_xlsx
from tests.conftest import AGREEMENTS, FIXTURES, ROADMAP, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def counts(db: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM events), (SELECT count(*) FROM rejects)"
        ).fetchone())


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def test_build_folder_then_other_format_still_86(tmp_db):
    first = run("build", "data/reports", "--db", str(tmp_db))
    assert first.returncode == 0, first.stderr
    assert counts(tmp_db) == (2, 86, 0)
    assert "36 мероприятий" in first.stdout and "50 мероприятий" in first.stdout
    again = run("build", str(FIXTURES / f"{AGREEMENTS}.docx"), str(FIXTURES / f"{ROADMAP}.xlsx"), "--db", str(tmp_db))
    assert again.returncode == 0, again.stderr
    assert counts(tmp_db) == (2, 86, 0)
    assert "исправленная версия" in again.stdout


def test_same_file_twice_is_replaced_not_duplicated(tmp_db):
    path = str(FIXTURES / f"{AGREEMENTS}.xlsx")
    assert run("build", path, "--db", str(tmp_db)).returncode == 0
    assert run("build", path, "--db", str(tmp_db)).returncode == 0
    assert counts(tmp_db) == (1, 36, 0)


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("это не таблица, а текст", encoding="utf-8")
    no_table = write_xlsx(tmp_path / "notable.xlsx", [["Просто", "какой-то", "текст"], ["1", "2", "3"]], title=[])
    truncated = tmp_path / "truncated.docx"
    data = (FIXTURES / f"{ROADMAP}.docx").read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    broken_zip = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken_zip, "w") as zf:
        zf.writestr("hello.txt", "no word document here")
    return {"empty": empty, "fake": fake, "notable": no_table, "truncated": truncated, "old": old,
            "broken": broken_zip}


@pytest.mark.parametrize("kind", ["empty", "fake", "notable", "truncated", "old", "broken"])
def test_bad_file_one_clear_line_exit_1_database_unchanged(tmp_path, tmp_db, kind):
    assert run("build", "data/reports", "--db", str(tmp_db)).returncode == 0
    before = digest(tmp_db)
    bad = _bad_files(tmp_path)[kind]
    result = run("build", str(bad), "--db", str(tmp_db))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert bad.name in errors[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert digest(tmp_db) == before


def test_one_bad_file_does_not_stop_the_others(tmp_path, tmp_db):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    good = tmp_path / "good.xlsx"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.xlsx", good)
    result = run("build", str(bad), str(good), "--db", str(tmp_db))
    assert result.returncode == 1
    assert counts(tmp_db) == (1, 36, 0)


def test_bad_usage_exits_2(tmp_db):
    assert run("build").returncode == 2
    assert run("build", "no/such/file.xlsx", "--db", str(tmp_db)).returncode == 2
    assert run("frobnicate").returncode == 2


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "build" in result.stdout


def test_migrate_brings_an_older_database_up_to_date(sample_db, tmp_path):
    from tests.conftest import make_outdated

    db = tmp_path / "old.duckdb"
    shutil.copy(sample_db, db)
    make_outdated(db)
    first = run("migrate", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "обновлена" in first.stdout
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [("3",)]
        assert conn.execute("SELECT count(*) FROM events WHERE contains(partner_list, '|SPE|')").fetchall() == [(57,)]
        assert conn.execute("SELECT count(*) FROM summaries").fetchall() == [(2,)]
    before = digest(db)
    again = run("migrate", "--db", str(db))
    assert again.returncode == 0 and "уже в актуальном состоянии" in again.stdout
    assert digest(db) == before  # nothing to do: the file is not rewritten
