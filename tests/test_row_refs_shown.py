"""Where a page shows the row an event or a rejected row came from, it reads in the UI language: «таблица 1,
строка 9» / «лист «Отчет», строка 26» in Russian, the stored «table 1 row 9» in English (analytics.export's
source_ref_text), on Источники, in an event's panel and in the upload preview."""

from __future__ import annotations

from tests.apptest import open_page
from ui.preview_view import issues_frame, rejects_frame

REASON = "в ячейке есть числа, но не найдено число людей"


def _issues_refs(at) -> list[str]:
    issues = next(d.value for d in at.dataframe if "field" in d.value.columns and "source_ref" in d.value.columns)
    return sorted(issues["source_ref"])


def test_sources_page_issue_rows_in_russian(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/sources.py")
    assert _issues_refs(at) == ["лист «Отчет», строка 26", "таблица 1, строка 9"]


def test_sources_page_issue_rows_in_english(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/sources.py", lang="en")
    assert _issues_refs(at) == ["sheet 'Отчет' row 26", "table 1 row 9"]


def test_event_panel_row_in_english(sample_db, monkeypatch):
    at = open_page(sample_db, monkeypatch, "pages/events.py", region="SPE", report="2", q="полумарафон", lang="en")
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    texts = [t.value for t in at.text]
    assert "table 1 row 59" in texts and "таблица 1, строка 59" not in texts


def test_upload_preview_tables_in_both_languages():
    rejects = [("sheet 'Отчет' row 7", "нет наименования мероприятия", "2. | строка без названия")]
    assert rejects_frame(rejects, "ru").values.tolist() == [
        ["лист «Отчет», строка 7", "нет наименования мероприятия", "2. | строка без названия"]]
    assert rejects_frame(rejects, "en").values.tolist() == [
        ["sheet 'Отчет' row 7", "no event name", "2. | строка без названия"]]
    issues = [("table 1 row 9", "participants", REASON)]
    ru, en = issues_frame(issues, "ru"), issues_frame(issues, "en")
    assert ru.columns.tolist() == ["Строка в файле", "Поле", "Причина"]
    assert ru.values.tolist() == [["таблица 1, строка 9", "участники", REASON]]
    assert en.values.tolist() == [["table 1 row 9", "participants", "the cell has numbers but no headcount"]]
