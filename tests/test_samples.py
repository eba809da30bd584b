"""The four sample files load to exactly the expected rows."""

from __future__ import annotations

import json

import pytest

from loaders.fields.departments import normalise_department
from loaders.read import read_document
from loaders.table.classify import RowKind, read_table
from loaders.table.columns import Col
from tests.conftest import AGREEMENTS, FIXTURES, ROADMAP, SAMPLES

LABELS = json.loads((FIXTURES / "labelled_events.json").read_text(encoding="utf-8"))
EXPECTED = {AGREEMENTS: ("agreements", 36), ROADMAP: ("roadmap", 50)}


def _table(path):
    return read_table(read_document(path))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_events_departments_and_no_rejects(path):
    template, count = EXPECTED[path.stem]
    table = _table(path)
    assert table.template == template
    assert len(table.events) == count
    assert table.count(RowKind.REJECT) == 0
    labels = [lab for lab in LABELS if lab["report"] == template]
    assert [normalise_department(r.department) for r in table.events] == [lab["department"] for lab in labels]
    assert [r.values[Col.ITEM].strip() for r in table.events] == [lab["item_no"] for lab in labels]


def test_agreements_row_12_inherits_department_and_agreement():
    events = _table(FIXTURES / f"{AGREEMENTS}.xlsx").events
    row11, row12 = events[10], events[11]
    assert row12.department == "Департамент экономического развития Смоленской области"
    assert row12.values[Col.AGREEMENT] == row11.values[Col.AGREEMENT]
    assert "Кемеровской области – Кузбасса" in row12.values[Col.AGREEMENT]
    assert row12.values[Col.ITEM] == "12."
    assert row12.ref == "sheet 'Отчет' row 21"


@pytest.mark.parametrize("base", [AGREEMENTS, ROADMAP])
def test_xlsx_and_docx_give_identical_event_rows(base):
    xlsx = _table(FIXTURES / f"{base}.xlsx")
    docx = _table(FIXTURES / f"{base}.docx")
    assert xlsx.title == docx.title
    assert [(r.department, r.values) for r in xlsx.events] == [(r.department, r.values) for r in docx.events]


def test_cells_keep_their_text_exactly():
    events = _table(FIXTURES / f"{AGREEMENTS}.docx").events
    assert events[0].values[Col.DATES] == "22-23 апреля\n2021 года"
    assert events[0].ref == "table 1 row 3"
    roadmap = _table(FIXTURES / f"{ROADMAP}.docx").events
    assert roadmap[-8].values[Col.ITEM] == "10.1\n10.2"
    assert roadmap[-8].values[Col.NAME] == "IV Всероссийское совещание региональных центров энергосбережения"


def test_titles():
    assert _table(FIXTURES / f"{AGREEMENTS}.docx").title == (
        "Отчет о реализации соглашений в сфере межрегионального сотрудничества во II квартале 2021 года")
    assert _table(FIXTURES / f"{ROADMAP}.xlsx").title.startswith("Отчет об исполнении в 2021 году Плана мероприятий")
