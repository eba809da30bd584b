"""Where a page shows the row an event or a rejected row came from, it reads in the UI language: «таблица 1,
строка 9» / «лист «Отчет», строка 26» in Russian, the stored «table 1 row 9» in English (ui.row_words.in_words)
on Источники, in an event's panel and in the upload preview."""

from __future__ import annotations

import pandas as pd

from tests.apptest import open_page
from ui.row_words import in_words

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


def test_upload_preview_rows_in_both_languages():
    """The preview's tables are loaders.preview.Preview.rejects / .issues through in_words (pages/upload.py)."""
    rejects = pd.DataFrame([("sheet 'Отчет' row 7", "нет наименования мероприятия", "2. | строка без названия")],
                           columns=["source_ref", "reason", "raw_text"])
    assert in_words(rejects, "ru").values.tolist() == [
        ["лист «Отчет», строка 7", "нет наименования мероприятия", "2. | строка без названия"]]
    assert in_words(rejects, "en").values.tolist() == [
        ["sheet 'Отчет' row 7", "no event name", "2. | строка без названия"]]
    issues = pd.DataFrame([("table 1 row 9", "participants", REASON)], columns=["source_ref", "field", "reason"])
    assert in_words(issues, "ru").values.tolist() == [["таблица 1, строка 9", "участники", REASON]]
    assert in_words(issues, "en").values.tolist() == [
        ["table 1 row 9", "participants", "the cell has numbers but no headcount"]]


def test_in_words_leaves_other_columns_and_missing_values():
    frame = pd.DataFrame({"name": ["таблица"], "source_ref": [None], "field": ["dates"]})
    assert in_words(frame, "ru").to_dict("records") == [{"name": "таблица", "source_ref": None, "field": "сроки"}]
