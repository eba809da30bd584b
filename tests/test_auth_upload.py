"""Access rules, the upload page, and the preview of what an upload would change."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from loaders.build import build
from loaders.preview import preview_file
from tests.builders import HEADER, write_xlsx
from tests.conftest import AGREEMENTS, FIXTURES, ROOT
from ui.auth import ADMIN, ANONYMOUS, VIEWER, is_local_request, is_loopback, role_for

APP = str(ROOT / "dashboard.py")


@pytest.fixture()
def bound_to(monkeypatch):
    """Pretend the server listens on `address` (AppTest starts no server; the rule reads server.address)."""
    def bind(address: str | None) -> None:
        monkeypatch.setattr("ui.auth.bind_address", lambda: address)
        monkeypatch.setattr("ui.auth._request_is_local", lambda: True)
    return bind
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
        "client_secret": "secret", "server_metadata_url": "http://localhost/.well-known/openid-configuration"}


def test_role_rules():
    # no [auth]: an admin only from a local request to a server bound to loopback
    assert role_for(False, False, None, [], local=True, loopback=True) == ADMIN
    assert role_for(False, False, None, [], local=False, loopback=True) == VIEWER
    assert role_for(False, False, None, [], local=True, loopback=False) == VIEWER
    assert role_for(False, False, None, []) == VIEWER
    assert role_for(True, False, None, ["a@x.ru"]) == ANONYMOUS
    assert role_for(True, True, "A@X.ru ", ["a@x.ru"], email_verified=True) == ADMIN
    assert role_for(True, True, "A@X.ru ", ["a@x.ru"]) == VIEWER  # e-mail not verified by the provider
    assert role_for(True, True, "b@x.ru", ["a@x.ru"], email_verified=True) == VIEWER
    assert role_for(True, True, None, ["a@x.ru"], email_verified=True) == VIEWER
    assert role_for(True, True, "a@x.ru", ["a@x.ru"], email_verified=True, local=False, loopback=False) == ADMIN


def test_loopback_and_local_request():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.5")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback(None)
    assert not is_loopback("10.0.0.5") and not is_loopback("dash.example.org")
    assert is_local_request(None, {"Host": "localhost:8501"})
    assert not is_local_request("10.0.0.7", {})
    assert not is_local_request(None, {"X-Forwarded-For": "203.0.113.9"})  # a proxy on this machine
    assert not is_local_request(None, {"forwarded": "for=203.0.113.9"})


def test_login_required_when_auth_configured(sample_db, monkeypatch):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert any("нужно войти" in i.value for i in at.info)
    assert [b.label for b in at.button] == ["Войти"]
    assert not at.metric  # no data shown before login


def test_upload_page_open_locally(sample_db, monkeypatch, bound_to):
    bound_to("127.0.0.1")
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Загрузить отчёт"
    assert "Перетащите сюда" in at.caption[0].value


def test_upload_page_reachable_without_database(tmp_path, monkeypatch, bound_to):
    bound_to("127.0.0.1")
    monkeypatch.setenv("COOP_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Загрузить отчёт"


@pytest.mark.parametrize("address", ["0.0.0.0", None, "10.0.0.5"])
def test_no_upload_page_on_a_network_bind_without_login(sample_db, monkeypatch, bound_to, address):
    bound_to(address)
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "нужно войти" not in " ".join(i.value for i in at.info)  # viewing stays open
    assert any("Загрузка отчётов — только после входа" in c.value for c in at.sidebar.caption)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")


def test_no_upload_for_a_forwarded_request_on_loopback(sample_db, monkeypatch, bound_to):
    """Behind a reverse proxy on this machine every visitor arrives from 127.0.0.1: not local."""
    bound_to("127.0.0.1")
    monkeypatch.setattr("ui.auth._request_is_local", lambda: False)
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("Загрузка отчётов — только после входа" in c.value for c in at.sidebar.caption)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")


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


def test_sources_page_shows_the_load_log(tmp_path, monkeypatch):
    db = tmp_path / "db.duckdb"
    build([ROOT / "data" / "reports" / "smolensk-agreements-2021-q2.xlsx"], db)
    corrected = write_xlsx(tmp_path / "исправленный.xlsx", [HEADER, "Департамент Смоленской области по культуре",
        ["1.", "Соглашение между Администрацией Смоленской области и Правительством Москвы о сотрудничестве",
         "Новая выставка", "6 мая 2021 года", "г. Смоленск", "100 человек", ""]],
        title=["Отчет о реализации соглашений в сфере межрегионального сотрудничества", "во II квартале 2021 года"])
    build([corrected], db, uploaded_by="admin@x.ru")
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert "Журнал загрузок" in [s.value for s in at.subheader]
    log = at.dataframe[-1].value
    assert list(log["uploaded_by"]) == ["admin@x.ru", "командная строка (" + log["uploaded_by"][1][18:]]
    assert list(log["file_name"]) == ["исправленный.xlsx", "smolensk-agreements-2021-q2.xlsx"]
    assert list(log["status"]) == ["исправленная версия", "новый отчёт"]
    assert list(log["replaced"]) == ["smolensk-agreements-2021-q2.xlsx", "—"]
    assert list(log["events"]) == ["36 → 1", "— → 36"]
