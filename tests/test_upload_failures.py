"""The upload page's failure paths, run for real (pages/upload.py in AppTest; only the browser's file box is
stood in for): too many files, a file too big, a file its preview or its build refuses — and nothing of a
refused file stays in staging."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.build import FileResult
from tests.conftest import AGREEMENTS, FIXTURES, ROOT
from ui import staging
from ui.i18n import t
from ui.safe import text as shown

APP = str(ROOT / "dashboard.py")


class Dropped:
    """What st.file_uploader hands the page for one dropped file."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data, self.size = name, data, len(data)

    def getvalue(self) -> bytes:
        return self._data


@pytest.fixture()
def upload_page(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """run(files) → (AppTest after the upload page ran with `files` in the box, the staging root)."""
    import shutil

    db = tmp_path / "db.duckdb"
    shutil.copy(sample_db, db)
    monkeypatch.setenv("COOP_DB", str(db))
    monkeypatch.setattr("ui.auth.bind_address", lambda: "127.0.0.1")  # an admin on this machine
    monkeypatch.setattr("ui.auth._request_is_local", lambda: True)
    uploads = tmp_path / "uploads"

    class TmpStaging(staging.Staging):
        def __init__(self, _uploads: Path, session_id: str) -> None:
            super().__init__(uploads, session_id)

    monkeypatch.setattr("ui.staging.Staging", TmpStaging)

    def run(files: list[Dropped]) -> AppTest:
        monkeypatch.setattr("streamlit.file_uploader", lambda *a, **k: files)
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.switch_page("pages/upload.py").run()
        assert not at.exception, at.exception
        return at

    return run, uploads / ".staging"


def staged(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_too_many_files_are_refused_and_none_is_staged(upload_page):
    run, root = upload_page
    sample = (FIXTURES / f"{AGREEMENTS}.xlsx").read_bytes()
    at = run([Dropped(f"отчёт-{i}.xlsx", sample + bytes([i])) for i in range(21)])
    assert [e.value for e in at.error] == [t("upload.too_many", "ru", n=21, max=20)]
    assert not at.button or all(not b.label.startswith("Загрузить (") for b in at.button)
    assert staged(root) == []


def test_a_file_too_big_is_refused_by_name_and_not_staged(upload_page, monkeypatch):
    run, root = upload_page
    monkeypatch.setenv("COOP_MAX_FILE_MB", "0.001")  # 1,048 bytes
    at = run([Dropped("большой.xlsx", b"x" * 2_000)])
    assert [e.value for e in at.error] == [shown(t("upload.too_big", "ru", name="большой.xlsx", max=0))]
    assert [i.value for i in at.info] == [t("upload.nothing", "ru")]
    assert staged(root) == []


def test_a_file_its_preview_refuses_leaves_no_staged_copy(upload_page):
    run, root = upload_page
    good = (FIXTURES / f"{AGREEMENTS}.xlsx").read_bytes()
    at = run([Dropped("испорчен.xlsx", b"PK\x03\x04 not really a workbook"), Dropped("новый.xlsx", good + b"\0")])
    assert [e.value for e in at.error] == [shown("испорчен.xlsx: файл повреждён или обрезан (архив Office не читается)")]
    assert staged(root) == ["новый.xlsx"]  # the good one waits for the confirmation; the refused one is gone


def test_a_file_its_build_refuses_leaves_no_staged_copy(upload_page, monkeypatch):
    run, root = upload_page
    good = (FIXTURES / f"{AGREEMENTS}.xlsx").read_bytes() + b"\0"  # other bytes than the loaded one
    at = run([Dropped("новый.xlsx", good)])
    assert staged(root) == ["новый.xlsx"]
    confirm = [b for b in at.button if b.label == t("upload.confirm", "ru", n=1)]
    assert len(confirm) == 1, [b.label for b in at.button]

    def refused(paths, db, **kwargs):
        return [FileResult(Path(p), False, f"{Path(p).name}: не удалось записать в базу (проверка)") for p in paths]

    monkeypatch.setattr("loaders.build.build", refused)
    confirm[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [shown("новый.xlsx: не удалось записать в базу (проверка)")]
    assert staged(root) == []
