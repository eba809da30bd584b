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
from ui.safe import text as safe_text


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
        assert conn.execute("SELECT name FROM summaries WHERE name <> '_version' ORDER BY 1").fetchall() == [
            ("compared",), ("filter_options",), ("headline",)]
    before = digest(db)
    again = run("migrate", "--db", str(db))
    assert again.returncode == 0 and "уже в актуальном состоянии" in again.stdout
    assert digest(db) == before  # nothing to do: the file is not rewritten


# --- issue 11: a reworded report loads right; one whose partners cannot be found says so loudly ---------------
from tests.builders import YAR_AGREEMENT_OF, YAR_EVENTS, YAR_TITLE, write_docx, yar_agreement  # noqa: E402

REWORDED = ["№ п/п", "Наименование документа о сотрудничестве", "Мероприятие", "Дата проведения",
            "Место проведения", "Количество участников", "Итоги", "Примечание"]


def _reworded_rows(with_agreement: bool = True) -> list:
    rows: list = [REWORDED if with_agreement else [h for h in REWORDED if "документа" not in h]]
    dept = None
    for i, (d, name, dates, place, people, _, codes) in enumerate(YAR_EVENTS, start=1):
        if d != dept:
            rows.append(d)
            dept = d
        partner = " и ".join(YAR_AGREEMENT_OF[c] for c in codes if c in YAR_AGREEMENT_OF)
        if codes == ["KRS", "ORL"]:
            partner = "Правительством Орловской области и Администрацией Курской области"
        row = [f"{i}.", yar_agreement(partner), name, dates, place, people, "Проведено", "по плану" if i % 2 else ""]
        rows.append(row if with_agreement else row[:1] + row[2:])
    return rows


def _partners(db: Path) -> list[list[str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return [r[0] for r in conn.execute("SELECT partner_codes FROM events ORDER BY row_no").fetchall()]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_reworded_report_from_the_issue_gets_a_partner_on_every_event(tmp_path, tmp_db, fmt):
    rows = _reworded_rows()
    path = (write_xlsx(tmp_path / "yar-q3.xlsx", rows, title=YAR_TITLE) if fmt == "xlsx"
            else write_docx(tmp_path / "yar-q3.docx", [rows], title=YAR_TITLE))
    result = run("build", str(path), "--strict", "--db", str(tmp_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ВНИМАНИЕ" not in result.stdout
    assert _partners(tmp_db) == [codes for *_, codes in YAR_EVENTS]
    with duckdb.connect(str(tmp_db), read_only=True) as conn:
        assert conn.execute("SELECT template FROM reports").fetchall() == [("agreements",)]
        assert conn.execute("SELECT field FROM report_columns ORDER BY col_no").fetchall() == [
            ("item_no",), ("agreement_text",), ("name",), ("dates_text",), ("place_text",), ("participants_text",),
            ("result_text",), (None,)]
        assert conn.execute("SELECT extra_text FROM events WHERE row_no = 1").fetchall() == [("Примечание: по плану",)]
    check = run("check", "--db", str(tmp_db), "--sources", str(tmp_path))
    assert check.returncode == 0, check.stdout


def test_report_without_partner_column_prints_warning_and_strict_fails(tmp_path, tmp_db):
    path = write_xlsx(tmp_path / "no-partner.xlsx", _reworded_rows(with_agreement=False), title=YAR_TITLE)
    result = run("build", str(path), "--db", str(tmp_db))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("ВНИМАНИЕ")]
    assert warnings == ["ВНИМАНИЕ no-partner.xlsx: регион-партнёр не найден у 5 из 5 мероприятий; не найдена "
                        "колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван: "
                        "проверьте отчёт перед использованием"]
    with duckdb.connect(str(tmp_db), read_only=True) as conn:
        assert conn.execute("SELECT events, with_partner, problems FROM report_health").fetchall() == [
            (5, 0, ["no_partner", "no_partner_column"])]
    # --strict: the doubtful report is not loaded at all (the database stays as it was), exit 1
    strict_db = tmp_path / "strict.duckdb"
    strict = run("build", str(path), "--strict", "--db", str(strict_db))
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        "ОШИБКА no-partner.xlsx: не загружен (--strict) — регион-партнёр не найден у 5 из 5 мероприятий; не найдена "
        "колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван: проверьте отчёт перед "
        "использованием"]
    assert "OK" not in strict.stdout
    with duckdb.connect(str(strict_db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchall() == [(0,)]


def test_samples_load_without_warning(tmp_db):
    result = run("build", "data/reports", "--strict", "--db", str(tmp_db))
    assert result.returncode == 0 and "ВНИМАНИЕ" not in result.stdout, result.stdout


def test_preview_shows_the_same_warning(tmp_path):
    from loaders.preview import preview_file
    from ui.health import health_message

    path = write_xlsx(tmp_path / "no-partner.xlsx", _reworded_rows(with_agreement=False), title=YAR_TITLE)
    p = preview_file(path)
    assert p.ok and p.warning and p.warning.startswith("регион-партнёр не найден у 5 из 5 мероприятий")
    assert health_message(p, "ru") == [
        "ВНИМАНИЕ: отчёт распознан не полностью", "регион-партнёр не найден у 5 из 5 мероприятий",
        "не найдена колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван",
        "Проверьте отчёт перед загрузкой: эти мероприятия исказят графики."]
    assert health_message(p, "en")[1] == "no partner region found for 5 of 5 events"
    assert [c[2] for c in p.columns] == ["item_no", "name", "dates_text", "place_text", "participants_text",
                                         "result_text", None]
    healthy = preview_file(write_xlsx(tmp_path / "ok.xlsx", _reworded_rows(), title=YAR_TITLE))
    assert healthy.warning is None and health_message(healthy, "ru") == []


def test_sources_page_marks_the_report_and_shows_its_columns(tmp_path, monkeypatch):
    from tests.apptest import open_page as page

    db = tmp_path / "s.duckdb"
    ok = write_xlsx(tmp_path / "ok.xlsx", _reworded_rows(), title=YAR_TITLE)
    bad = write_xlsx(tmp_path / "no-partner.xlsx", _reworded_rows(with_agreement=False),
                     title=["Информация о мероприятиях", "за II квартал 2021 года"])
    assert all(r.ok for r in build_files([ok, bad], db))
    at = page(db, monkeypatch, "pages/sources.py")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "**ВНИМАНИЕ: отчёт распознан не полностью**\n\n- " + safe_text(
            "no-partner.xlsx: регион-партнёр не найден у 5 из 5 мероприятий; не найдена колонка соглашения или "
            "региона-партнёра, в заголовке отчёта регион не назван; даты большинства мероприятий вне отчётного "
            "периода, названного в заголовке")]  # the file name is user text: escaped
    # (its title says the II quarter, its events are dated in the III: that is a warning too)
    assert list(at.dataframe[0].value["health"]) == [
        "✓ распознан", "⚠ проверить: регион-партнёр не найден у 5 из 5 мероприятий; не найдена колонка соглашения "
        "или региона-партнёра, в заголовке отчёта регион не назван; даты большинства мероприятий вне отчётного "
        "периода, названного в заголовке"]
    detected = [d.value for d in at.dataframe if "Поле" in d.value.columns][-1]  # the last report's columns
    assert list(detected["Поле"]) == ["№ пункта", "наименование мероприятия", "сроки", "место", "участники",
                                      "результат", "дополнительная колонка"]


def build_files(paths, db):
    from loaders.build import build

    return build(paths, db)


def test_migrate_backfills_report_health_for_a_version_2_database(sample_db, tmp_path):
    db = tmp_path / "v2.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as conn:  # what schema version 2 wrote: no report_health, no report_columns
        conn.execute("DROP TABLE report_health")
        conn.execute("DROP TABLE report_columns")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    result = run("migrate", "--db", str(db))
    assert result.returncode == 0 and "обновлена" in result.stdout, result.stdout + result.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT report_id, events, with_partner, layout_confidence, problems, warning "
                            "FROM report_health ORDER BY 1").fetchall() == [(1, 36, 36, None, [], None),
                                                                           (2, 50, 50, None, [], None)]
        assert conn.execute("SELECT count(*) FROM report_columns").fetchall() == [(0,)]
    assert run("check", "--db", str(db)).returncode == 0
