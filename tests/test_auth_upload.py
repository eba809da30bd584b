"""Access rules, the upload page, and the preview of what an upload would change."""

from __future__ import annotations

import shutil

from streamlit.testing.v1 import AppTest

from loaders.preview import preview_file
from tests.builders import HEADER, write_xlsx
from tests.conftest import AGREEMENTS, FIXTURES, ROOT
from ui.auth import ADMIN, ANONYMOUS, VIEWER, role_for

APP = str(ROOT / "dashboard.py")
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
        "client_secret": "secret", "server_metadata_url": "http://localhost/.well-known/openid-configuration"}


def test_role_rules():
    assert role_for(False, False, None, []) == ADMIN  # no auth configured: local use
    assert role_for(True, False, None, ["a@x.ru"]) == ANONYMOUS
    assert role_for(True, True, "A@X.ru ", ["a@x.ru"]) == ADMIN
    assert role_for(True, True, "b@x.ru", ["a@x.ru"]) == VIEWER
    assert role_for(True, True, None, ["a@x.ru"]) == VIEWER


def test_login_required_when_auth_configured(sample_db, monkeypatch):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert any("нужно войти" in i.value for i in at.info)
    assert [b.label for b in at.button] == ["Войти"]
    assert not at.metric  # no data shown before login


def test_upload_page_open_locally(sample_db, monkeypatch):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Загрузить отчёт"
    assert "Перетащите сюда" in at.caption[0].value


def test_upload_page_reachable_without_database(tmp_path, monkeypatch):
    monkeypatch.setenv("COOP_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Загрузить отчёт"


def test_preview_of_a_corrected_version_lists_changes(sample_db, tmp_path):
    corrected = tmp_path / "corrected.xlsx"
    rows = [HEADER, "Департамент Смоленской области по культуре",
            ["1.", "Соглашение между Администрацией Смоленской области и Правительством Москвы о сотрудничестве",
             "Новая выставка", "6 мая 2021 года", "г. Смоленск", "100 человек", ""],
            ["2.", "", "", "", "", "", "строка без названия"]]
    write_xlsx(corrected, rows, title=["Отчет о реализации соглашений в сфере межрегионального сотрудничества",
                                       "во II квартале 2021 года"])
    p = preview_file(corrected, sample_db)
    assert p.ok and p.events == 1 and p.template == "agreements"
    assert p.period == "01.04.2021 — 30.06.2021"
    assert p.replaces == "smolensk-agreements-2021-q2.xlsx"
    assert p.added == ["Новая выставка"]
    assert len(p.removed) == 36
    assert p.rejects == [("sheet 'Отчет' row 7", "нет наименования мероприятия", "2. | строка без названия")]


def test_preview_of_a_bad_file_names_it(tmp_path, sample_db):
    bad = tmp_path / "x.xlsx"
    shutil.copy(FIXTURES / f"{AGREEMENTS}.docx", bad)  # a Word file renamed .xlsx
    p = preview_file(bad, sample_db, display_name="отчёт.xlsx")
    assert not p.ok and p.error.startswith("отчёт.xlsx")
