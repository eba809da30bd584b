"""The upload page in a real browser, served as `make run` serves it (serve.py: Host check, upload gate).

- allowed (loopback bind, local browser): a file already loaded says so and offers no «Загрузить»; a file of
  another type gets a visible Russian message; a stored file name written as a Markdown image is shown as
  text (the browser must not fetch it: every request off this machine is recorded by the context);
- refused (HOST=0.0.0.0 without a login): no upload page, the sidebar says uploads need a login.
Screenshots in both languages under screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.build import build
from tests.builders import DEPT_A, EVENTS_A, HEADER, write_xlsx
from tests.e2e.conftest import ROOT, _need_browser
from tests.test_guard import free_port, make_run, stop

pytestmark = pytest.mark.browser
EVIL_NAME = "![t](http:&#47;&#47;evil.example&#47;x.png).xlsx"
TITLE = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "в III квартале 2022 года"]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("access-files")
    evil = write_xlsx(tmp / EVIL_NAME, [HEADER, DEPT_A, *EVENTS_A], title=TITLE)
    other = tmp / "заметка.txt"
    other.write_text("не отчёт", encoding="utf-8")
    fresh = write_xlsx(tmp / "новый-отчёт.xlsx", [HEADER, DEPT_A, *EVENTS_A],
                       title=[TITLE[0], "в IV квартале 2022 года"])
    return {"evil": evil, "other": other, "fresh": fresh}


@pytest.fixture(scope="module")
def db(tmp_path_factory, files) -> Path:
    _need_browser()
    path = tmp_path_factory.mktemp("access-db") / "coop.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports", files["evil"]], path))
    return path


@pytest.fixture(scope="module")
def local_app(db):
    port = free_port()
    proc = make_run(db, port)
    yield f"http://localhost:{port}"
    stop(proc)


def drop(page, *paths: Path) -> None:
    box = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    box.wait_for(state="attached")
    box.set_input_files([str(p) for p in paths])


def settle(page) -> None:
    """Wait until the script run has finished (no «Running» widget) before a screenshot."""
    page.wait_for_timeout(500)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
    page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(1500)


def test_same_bytes_and_wrong_type_on_the_upload_page(local_app, context, files, outside_requests,
                                                      screenshots_dir):
    page = context.new_page()
    page.goto(f"{local_app}/upload")
    page.get_by_text("Перетащите сюда").wait_for()
    drop(page, files["evil"], files["other"])
    page.get_by_text("Этот файл уже загружен").wait_for()
    page.get_by_text("заметка.txt: это не отчёт Word или Excel").wait_for()
    assert page.get_by_text(EVIL_NAME).count() >= 1  # the name as written, not an image
    assert page.get_by_role("button", name="Загрузить").count() == 0
    settle(page)
    page.screenshot(path=str(screenshots_dir / "upload-allowed-same-ru.png"), full_page=True)
    assert not [u for u in outside_requests if "evil.example" in u]
    page.close()


def test_upload_preview_in_english(local_app, context, files, outside_requests, screenshots_dir):
    page = context.new_page()
    page.goto(f"{local_app}/upload?lang=en")
    page.get_by_text("Drop one or more reports").wait_for()
    drop(page, files["fresh"], files["other"])
    page.get_by_text("A new report.").wait_for()
    page.get_by_text("заметка.txt: not a Word or Excel report").wait_for()
    page.get_by_role("button", name="Load (files: 1)").wait_for()
    settle(page)
    page.screenshot(path=str(screenshots_dir / "upload-allowed-preview-en.png"), full_page=True)
    page.close()


@pytest.fixture(scope="module")
def network_app(db, tmp_path_factory):
    port = free_port()
    proc = make_run(db, port, host="0.0.0.0")
    yield f"http://localhost:{port}"
    stop(proc)


@pytest.mark.parametrize("lang, note", [("ru", "Загрузка отчётов — только после входа"),
                                        ("en", "Uploading reports needs a login")])
def test_no_upload_page_on_a_network_bind(network_app, context, screenshots_dir, local_failures, lang, note):
    page = context.new_page()
    page.goto(f"{network_app}/sources" + ("?lang=en" if lang == "en" else ""))
    page.get_by_text(note).wait_for()
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Загрузить отчёт" not in nav and "Upload a report" not in nav
    settle(page)
    page.screenshot(path=str(screenshots_dir / f"upload-refused-{lang}.png"), full_page=True)
    page.goto(f"{network_app}/upload" + ("?lang=en" if lang == "en" else ""))
    page.get_by_text(note).wait_for()
    assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
    page.close()
    # /upload is absent on this server: the frontend's 404s for it are the expected answer, not a failure
    local_failures[:] = [f for f in local_failures if network_app not in f]


