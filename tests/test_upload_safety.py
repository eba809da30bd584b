"""The upload page's helpers and the preview sandbox (issue 12 §2, §3; issue 14 §10)."""

from __future__ import annotations

import os
import time

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from loaders.isolated import preview_isolated
from tests.conftest import ROOT
from ui.safe import text
from ui.staging import MAX_NAME_BYTES, Staging, safe_name, sha16

APP = str(ROOT / "dashboard.py")
SAMPLE = ROOT / "data" / "reports" / "smolensk-agreements-2021-q2.xlsx"


def test_user_text_is_escaped_for_markdown():
    assert text("![t](http:&#47;&#47;HOST/x.png)") == r"\!\[t\]\(http\:\&\#47\;\&\#47\;HOST\/x\.png\)"
    assert text("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"
    assert text(":red[жирный] $x^2$ **b**") == r"\:red\[жирный\] \$x\^2\$ \*\*b\*\*"
    assert text("строка 1\nстрока 2") == "строка 1  \nстрока 2"
    assert text("Отчёт 2021 года") == "Отчёт 2021 года"


def test_long_and_odd_file_names_are_safe(tmp_path):
    long = "Отчёт о реализации соглашений " * 10 + ".xlsx"  # 300 Cyrillic characters, ~560 bytes
    name = safe_name(long)
    assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith("….xlsx") and name.startswith("Отчёт о реализации")
    (tmp_path / name).write_bytes(b"x")  # the file system takes it (255 bytes is the limit)
    assert safe_name("../../etc/passwd.xlsx") == "passwd.xlsx"
    assert safe_name("..") == "report" and safe_name("a\\b\0c.docx") == "bc.docx"
    assert safe_name("обычный.xlsx") == "обычный.xlsx"


def test_staging_keeps_only_what_is_in_the_uploader(tmp_path):
    mine, other = Staging(tmp_path, "session-a"), Staging(tmp_path, "session-b")
    a = mine.stage("а.xlsx", b"AAA")
    b = mine.stage("б" * 200 + ".xlsx", b"BBB")  # a name over 255 bytes: no OSError
    old = other.stage("old.xlsx", b"OLD")
    mine.keep_only({sha16(b"AAA")})  # the user removed б from the uploader
    assert a.exists() and not b.exists()
    past = time.time() - 3600
    os.utime(other.folder, (past, past))
    mine.sweep()  # session-b dropped a file an hour ago and never confirmed it
    assert not old.exists() and not other.folder.exists()
    kept = mine.keep_loaded(a)  # confirmed: out of staging, kept as the loaded source
    assert kept == tmp_path / sha16(b"AAA") / "а.xlsx" and kept.read_bytes() == b"AAA"
    mine.keep_only(set())
    assert not mine.folder.exists()


def test_preview_runs_in_a_child_process():
    outcome = preview_isolated(SAMPLE, None, "отчёт.xlsx")
    assert outcome.stopped is None and outcome.preview.ok and outcome.preview.events == 36
    assert outcome.preview.file_name == "отчёт.xlsx"


def test_a_preview_over_time_is_stopped_not_waited_for():
    started = time.monotonic()
    outcome = preview_isolated(SAMPLE, None, "отчёт.xlsx", timeout_s=0.001)
    assert outcome.preview is None and outcome.stopped == "timeout"
    assert time.monotonic() - started < 10


def test_a_file_that_needs_giant_memory_is_refused_and_this_process_lives(tmp_path):
    """One cell at XFD1048576: python-calamine asks for 512 GB and aborts the process that parses it (today
    that is the dashboard's). Here the child dies, or the reader refuses the file; this process goes on."""
    wb = Workbook()
    wb.active["A1"] = "Отчет"
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "giant.xlsx")
    started = time.monotonic()
    outcome = preview_isolated(tmp_path / "giant.xlsx", None, "giant.xlsx")
    assert time.monotonic() - started < 20
    assert outcome.stopped == "memory" or (outcome.preview is not None and not outcome.preview.ok)


@pytest.mark.parametrize("value", ["²", "9" * 5000, "١٢", "-1"])
def test_odd_report_ids_in_the_link_do_not_crash(sample_db, monkeypatch, value):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["report"] = value
    at.run()
    assert not at.exception
    assert at.metric  # the overview is shown (unfiltered by the unknown id)
