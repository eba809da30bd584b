"""Upload a report in the browser: preview, confirm, and see it in the charts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loaders.build import build
from tests.builders import HEADER, write_xlsx
from tests.e2e.conftest import ROOT, _free_port, _need_browser

pytestmark = pytest.mark.browser


@pytest.fixture()
def upload_app(tmp_path: Path):
    """A dashboard of its own (the upload changes its database)."""
    _need_browser()
    db = tmp_path / "coop.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports"], db))
    port = _free_port()
    python = ROOT / ".venv" / "bin" / "python"
    env = {**os.environ, "COOP_DB": str(db)}
    proc = subprocess.Popen(
        [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "dashboard.py",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_upload_preview_confirm_and_see_it(upload_app, context, tmp_path, screenshots_dir):
    report = write_xlsx(tmp_path / "kaluga-2021-q3.xlsx", [
        HEADER, "Департамент Смоленской области по культуре",
        ["1.", "Соглашение между Администрацией Смоленской области и Правительством Калужской области о сотрудничестве",
         "Фестиваль «Калужская осень»", "10 сентября 2021 года", "г. Калуга", "около 500 человек", "Проведён"],
        ["2.", "", "Выставка народных промыслов", "20-22 сентября 2021 года", "г. Смоленск", "120 человек", ""],
    ], title=["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "в III квартале 2021 года"])
    page = context.new_page()
    page.goto(f"{upload_app}/upload")
    page.get_by_text("Перетащите сюда").wait_for()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(report))
    page.get_by_text("Что будет загружено").wait_for()
    page.get_by_text("Новый отчёт.").wait_for()
    page.get_by_text("отчёт о реализации соглашений").wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots_dir / "upload-preview.png"), full_page=True)
    page.get_by_role("button", name="Загрузить (файлов: 1)").click()
    page.get_by_text("Готово. Данные обновлены").wait_for()
    page.goto(f"{upload_app}/?region=KLU")  # the overview is the default page: its address is "/"
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Мероприятий").first
    metric.wait_for()
    deadline = time.monotonic() + 20
    while metric.inner_text().split()[-1] != "9" and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    # Kaluga before: agreements rows 3, 27, 32-36 (7 events); after the upload: + 2
    assert metric.inner_text().split()[-1] == "9"
    page.close()
