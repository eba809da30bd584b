"""The справка: a Word document whose numbers are the overview page's, for the samples and for region=SPE."""

from __future__ import annotations

import io
from datetime import datetime

import docx
import pytest
from streamlit.testing.v1 import AppTest

from analytics.filters import Filters
from tests.conftest import ROOT
from ui.documents.spravka import build_docx, gather

APP = str(ROOT / "dashboard.py")
MADE = datetime(2026, 12, 1, 9, 30)


def page_metrics(db, monkeypatch, **params) -> dict[str, str]:
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return {m.label: m.value for m in at.metric}


def doc_tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


@pytest.mark.parametrize("params,filters", [({}, Filters()), ({"region": "SPE"}, Filters(regions=("SPE",)))])
def test_headline_numbers_equal_the_overview_page(sample_db, sample_conn, monkeypatch, params, filters) -> None:
    shown = page_metrics(sample_db, monkeypatch, **params)
    tables = doc_tables(build_docx(gather(sample_conn, filters, "ru", MADE)))
    headline = {row[0]: row[1] for row in tables[0]}
    for key in ("Мероприятий", "Уникальных мероприятий", "Регионов-партнёров", "Департаментов", "Участников"):
        assert headline[key] == shown[key], key


def test_spb_document_content(sample_conn) -> None:
    data = build_docx(gather(sample_conn, Filters(regions=("SPE",)), "ru", MADE))
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Справка о межрегиональном сотрудничестве" in text
    assert "Регионы-партнёры: Санкт-Петербург" in text
    assert "Сформировано 01.12.2026 09:30" in text
    assert len(document.inline_shapes) == 3  # region, department and quarter charts
    tables = doc_tables(data)
    headline = {row[0]: row for row in tables[0]}
    # no period chosen: the last loaded quarter is compared, and the year before is not loaded
    assert headline["Мероприятий"][2] == "IV кв. 2021: 17; +6 к III кв. 2021 · нет данных за IV кв. 2020"
    regions = tables[1]
    assert regions[0] == ["Регион-партнёр", "Мероприятий", "Участников"]
    assert regions[1][:2] == ["Санкт-Петербург", "57"]
    events = tables[-1]
    assert events[0] == ["Дата", "Департамент", "Мероприятие", "Место", "Участников"]
    assert len(events) - 1 == 57


def test_quarter_chosen_says_there_is_no_earlier_data(sample_conn) -> None:
    d = gather(sample_conn, Filters(quarter_from="2021-Q2", quarter_to="2021-Q2"), "ru", MADE)
    tables = doc_tables(build_docx(d))
    row = {r[0]: r for r in tables[0]}["Мероприятий"]
    assert row[1:] == ["57", "нет данных за I кв. 2021 · нет данных за II кв. 2020"]
    assert d.period == "II кв. 2021"


def test_english_document(sample_conn) -> None:
    data = build_docx(gather(sample_conn, Filters(regions=("SPE",)), "en", MADE))
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Interregional cooperation: summary" in text
    assert "Partner regions: Saint Petersburg" in text
    tables = doc_tables(data)
    assert tables[0][0][0] == "Events"
    assert tables[0][0][2] == "Q4 2021: 17; +6 vs Q3 2021 · no data for Q4 2020"
    assert tables[1][1][0] == "Saint Petersburg"


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
def test_pdf_of_the_spravka(sample_conn) -> None:
    from ui.documents.pdf import docx_to_pdf

    pdf = docx_to_pdf(build_docx(gather(sample_conn, Filters(regions=("SPE",)), "ru", MADE)))
    assert pdf is not None and pdf.startswith(b"%PDF-")


def test_pdf_without_libreoffice_is_none(monkeypatch) -> None:
    from ui.documents import pdf

    monkeypatch.setattr(pdf, "converter", lambda: None)
    assert pdf.docx_to_pdf(b"anything") is None


@pytest.mark.parametrize("lang,labels", [
    ("ru", ["Скачать .docx", "Скачать .pdf", "Скачать .docx", "Скачать .xlsx", "Скачать .xlsx"]),
    ("en", ["Download .docx", "Download .pdf", "Download .docx", "Download .xlsx", "Download .xlsx"]),
])
def test_documents_page(sample_db, monkeypatch, lang, labels) -> None:
    monkeypatch.setenv("COOP_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["region"] = "SPE"
    at.run()
    at.switch_page("pages/documents.py")
    at.run()
    assert not at.exception
    buttons = [b.proto.label for b in at.get("download_button")]
    if not __import__("shutil").which("soffice"):
        labels = [b for b in labels if not b.endswith(".pdf")]
    assert buttons == labels
