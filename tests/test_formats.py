"""The formats offices send: .xls/.ods read by calamine, .doc/.odt/.rtf converted by LibreOffice, the rest refused.

The converted sample fixtures (tests/fixtures/*.xls, .ods, .odt, .doc) were made by
tests/fixtures/convert-samples.sh from the .xlsx/.docx samples; each must load, through the real CLI,
to exactly the event rows of its .xlsx/.docx twin. The converter tests run LibreOffice for real
(.ci/run installs it); the failure tests put a fake ``soffice`` on PATH, or none.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from loaders.build import build
from loaders.read import Format, detect_format, read_document
from loaders.read.convert import find_soffice
from loaders.read.detect import CSV_REASON, IMAGE_REASON, PDF_REASON
from tests.builders import DEPT_A, DEPT_B, EVENTS_A, EVENTS_B, HEADER, TITLE, write_docx
from tests.conftest import AGREEMENTS, FIXTURES, ROADMAP, ROOT

needs_soffice = pytest.mark.skipif(find_soffice() is None and os.environ.get("CI") != "true",
                                   reason="LibreOffice (soffice) is not installed; .ci/run installs it")
CONVERTED = [(base, ext, twin) for base in (AGREEMENTS, ROADMAP)
             for ext, twin in (("xls", "xlsx"), ("ods", "xlsx"), ("odt", "docx"), ("doc", "docx"))]
EXPECTED_EVENTS = {AGREEMENTS: 36, ROADMAP: 50}


def cli_build(path: Path, db: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", "build", str(path), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def event_rows(db: Path) -> tuple[list[tuple], list[tuple]]:
    """(the report rows, every event row) of a database holding one report, ids left out."""
    with duckdb.connect(str(db), read_only=True) as conn:
        reports = conn.execute(
            "SELECT format, template, title, period_start, period_end, home_region_code, rows_source, rows_event, "
            "rows_heading, rows_header, rows_total, rows_blank, rows_reject FROM reports").fetchall()
        events = conn.execute(
            "SELECT * EXCLUDE (event_id, report_id, duplicate_of) FROM events ORDER BY row_no").fetchall()
    return reports, events


@pytest.fixture(scope="module")
def twin_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[tuple], list[tuple]]]:
    """The .xlsx/.docx samples, each built by the CLI into a database of its own."""
    out = {}
    folder = tmp_path_factory.mktemp("twins")
    for base in (AGREEMENTS, ROADMAP):
        for ext in ("xlsx", "docx"):
            db = folder / f"{base}.{ext}.duckdb"
            result = cli_build(FIXTURES / f"{base}.{ext}", db)
            assert result.returncode == 0, result.stderr
            out[f"{base}.{ext}"] = event_rows(db)
    return out


@pytest.mark.parametrize(("base", "ext", "twin"), CONVERTED, ids=[f"{b}.{e}" for b, e, _ in CONVERTED])
def test_converted_sample_loads_the_same_events_as_its_twin(base, ext, twin, twin_rows, tmp_path):
    if ext in ("doc", "odt") and find_soffice() is None and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    db = tmp_path / "db.duckdb"
    result = cli_build(FIXTURES / f"{base}.{ext}", db)
    assert result.returncode == 0, result.stderr
    assert f"{base}.{ext}: {EXPECTED_EVENTS[base]} мероприятий, 0 отклонённых строк" in result.stdout
    reports, events = event_rows(db)
    twin_reports, twin_events = twin_rows[f"{base}.{twin}"]
    assert reports[0][0] == ext  # reports.format: the format the file arrived in
    assert twin_reports[0][0] == twin
    assert reports[0][1:] == twin_reports[0][1:]
    assert len(events) == EXPECTED_EVENTS[base]
    assert events == twin_events  # every parsed column of every event row


@pytest.mark.parametrize("base", [AGREEMENTS, ROADMAP])
@pytest.mark.parametrize("ext", ["xls", "ods"])
def test_calamine_formats_give_the_same_grid_with_merges(base, ext):
    """.ods merges are not reported by calamine: they are read from content.xml, and must match the .xlsx."""
    ours, twin = read_document(FIXTURES / f"{base}.{ext}"), read_document(FIXTURES / f"{base}.xlsx")
    assert ours.format.value == ext
    assert [(g.name, g.width) for g in ours.grids] == [(g.name, g.width) for g in twin.grids]
    for a, b in zip(ours.grids, twin.grids):
        assert [(r.cells, r.continued, r.full_span) for r in a.rows] == [(r.cells, r.continued, r.full_span)
                                                                          for r in b.rows]
    assert sum(c for g in ours.grids for r in g.rows for c in r.continued) > 20  # merges really were applied


# --- RTF: a small report written by the test -------------------------------------------------------

def _rtf_text(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\line ")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def write_rtf(path: Path, rows: list[list[str] | str], title: list[str]) -> Path:
    """An RTF document: title paragraphs, then one table; a str row is one cell across the table."""
    width = max(len(r) for r in rows if isinstance(r, list))
    lines = ["{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}"]
    lines += [f"\\pard {_rtf_text(t)}\\par" for t in title]
    for row in rows:
        cells = [row] if isinstance(row, str) else row + [""] * (width - len(row))
        step = 9000 // len(cells)
        bounds = "".join(f"\\clbrdrt\\brdrs\\clbrdrl\\brdrs\\clbrdrb\\brdrs\\clbrdrr\\brdrs\\cellx{step * (i + 1)}"
                         for i in range(len(cells)))
        body = "".join(f"\\pard\\intbl {_rtf_text(c)}\\cell " for c in cells)
        lines.append(f"\\trowd\\trgaph70{bounds}{body}\\row")
    lines.append("\\pard\\par}")
    path.write_text("\n".join(lines), encoding="ascii")
    return path


@needs_soffice
def test_rtf_report_loads_like_the_same_table_in_docx(tmp_path):
    rows = [HEADER, DEPT_A, *EVENTS_A, DEPT_B, *EVENTS_B]
    rtf = write_rtf(tmp_path / "отчёт-спорт.rtf", rows, TITLE)
    docx = write_docx(tmp_path / "twin.docx", [rows])
    db_rtf, db_docx = tmp_path / "rtf.duckdb", tmp_path / "docx.duckdb"
    assert all(r.ok for r in build([docx], db_docx))
    results = build([rtf], db_rtf)
    assert results[0].ok, results[0].message
    assert results[0].events == 3
    reports, events = event_rows(db_rtf)
    twin_reports, twin_events = event_rows(db_docx)
    assert reports[0][0] == "rtf" and reports[0][1:] == twin_reports[0][1:]
    assert events == twin_events
    names = [e[2:5] for e in events]  # department, agreement, name
    assert [n[2] for n in names] == ["Выставка «Смоленский лён»", "Фестиваль народного творчества",
                                     "Открытое первенство по плаванию"]
    assert [n[0] for n in names] == [DEPT_A, DEPT_A, DEPT_B]


@needs_soffice
def test_rtf_saved_as_doc_is_read_as_rtf(tmp_path):
    """Word's "save as .doc" from some systems writes RTF: the content decides."""
    path = write_rtf(tmp_path / "report.doc", [HEADER, DEPT_A, *EVENTS_A], TITLE)
    assert detect_format(path) is Format.RTF
    results = build([path], tmp_path / "db.duckdb")
    assert results[0].ok and results[0].events == 2
    assert event_rows(tmp_path / "db.duckdb")[0][0][0] == "rtf"


def test_xlsx_sent_as_xls_is_read_by_its_content(tmp_path):
    path = tmp_path / "report.xls"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.xlsx", path)
    assert detect_format(path) is Format.XLSX
    results = build([path], tmp_path / "db.duckdb")
    assert results[0].ok and results[0].events == 36


# --- refused formats ------------------------------------------------------------------------------

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def loaded_db(sample_db: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "loaded.duckdb"
    shutil.copy(sample_db, dest)
    return dest


def refused_message(path: Path, db: Path) -> str:
    before = digest(db)
    results = build([path], db)
    assert len(results) == 1 and not results[0].ok, results[0].message
    assert digest(db) == before
    assert "\n" not in results[0].message and results[0].message.startswith(path.name + ": ")
    return results[0].message


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 40


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("отчёт.pdf", PDF_BYTES, PDF_REASON),
    ("отчёт.docx", PDF_BYTES, PDF_REASON),  # a PDF renamed .docx: the bytes decide
    ("скан.png", PNG_BYTES, IMAGE_REASON),
    ("скан.jpg", JPEG_BYTES, IMAGE_REASON),
    ("скан.xlsx", JPEG_BYTES, IMAGE_REASON),
    ("выгрузка.csv", "№;Мероприятие;Сроки\n1;Встреча;май 2021\n".encode("cp1251"), CSV_REASON),
])
def test_non_table_formats_refused_with_the_reason(name, data, reason, tmp_path, loaded_db):
    path = tmp_path / name
    path.write_bytes(data)
    assert refused_message(path, loaded_db) == f"{name}: {reason}"


def test_pdf_reason_says_what_to_do():
    assert "экспортируйте таблицу в Word или Excel" in PDF_REASON


# --- the converter missing, hanging or crashing ------------------------------------------------------

def fake_soffice(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


def test_without_libreoffice_a_doc_is_refused_saying_what_to_install(tmp_path):
    db = tmp_path / "db.duckdb"
    assert cli_build(FIXTURES / f"{AGREEMENTS}.xlsx", db).returncode == 0
    before = digest(db)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    result = cli_build(FIXTURES / f"{ROADMAP}.odt", db, env={**os.environ, "PATH": str(empty_bin)})
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [f"ОШИБКА {ROADMAP}.odt: документ OpenDocument (.odt) читается через LibreOffice, но он не "
                      "установлен: установите LibreOffice (Debian/Ubuntu: sudo apt-get install "
                      "libreoffice-writer-nogui)"]
    assert digest(db) == before


def test_hanging_converter_is_killed_and_the_file_refused(tmp_path, monkeypatch, loaded_db):
    pid_file = tmp_path / "soffice.pid"
    # the fake converter starts a child that would outlive it, then hangs
    bin_dir = fake_soffice(tmp_path / "bin", f"sleep 300 &\necho $! > {pid_file}\nsleep 300")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("COOP_CONVERT_TIMEOUT", "2")
    started = time.monotonic()
    message = refused_message(FIXTURES / f"{AGREEMENTS}.doc", loaded_db)
    assert time.monotonic() - started < 15
    assert "LibreOffice не завершил преобразование за 2 с — файл отклонён" in message
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text().lower()


@pytest.mark.parametrize(("body", "expected"), [
    ("echo 'soffice: fatal error' >&2\nexit 3", "LibreOffice не смог преобразовать файл (код 3; soffice: fatal error)"),
    ("kill -SEGV $$", "LibreOffice не смог преобразовать файл (код -11"),
    ("exit 0", "LibreOffice не смог преобразовать файл (код 0)"),  # ran, but wrote no .docx
])
def test_crashing_converter_refuses_the_file(body, expected, tmp_path, monkeypatch, loaded_db):
    bin_dir = fake_soffice(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    message = refused_message(FIXTURES / f"{ROADMAP}.odt", loaded_db)
    assert expected in message


def test_limits_apply_before_conversion(tmp_path, monkeypatch, loaded_db):
    bin_dir = fake_soffice(tmp_path / "bin", f"touch {tmp_path / 'ran'}\nexit 1")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("COOP_MAX_FILE_MB", "0.05")
    message = refused_message(FIXTURES / f"{AGREEMENTS}.doc", loaded_db)
    assert "файл слишком большой" in message
    assert not (tmp_path / "ran").exists()  # the converter never started


def test_word_document_named_as_a_spreadsheet_is_refused_saying_what_it_is(tmp_path, loaded_db):
    path = tmp_path / "отчёт.xlsx"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.docx", path)
    assert refused_message(path, loaded_db) == (
        "отчёт.xlsx: файл назван .xlsx, но по содержимому это документ Word (.docx): проверьте, тот ли это "
        "файл, и сохраните его с верным расширением")
