"""The row-level memo (loaders/row_memo.py) gives exactly what the field parsers give, row by row: a row is
reused only under the same home region, template, title partners and deciding context, and its dates are
recomputed for another period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loaders import row_memo
from loaders.fields import enrich
from loaders.fields.enrich import detect_home_region, document_regions, enrich_event, report_partners
from loaders.fields.period import Period, parse_period
from loaders.read import read_document
from loaders.table.classify import RowKind, TableRow, read_table
from loaders.table.columns import Col

FIXTURES = Path(__file__).parent / "fixtures"
Q1_2020 = Period(dt.date(2020, 1, 1), dt.date(2020, 3, 31), "quarter")
Q2_2021 = Period(dt.date(2021, 4, 1), dt.date(2021, 6, 30), "quarter")
Q3_2021 = Period(dt.date(2021, 7, 1), dt.date(2021, 9, 30), "quarter")
YEAR_2021 = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year")
DEPT = "Министерство культуры Смоленской области"


@pytest.fixture(autouse=True)
def fresh_memo():
    row_memo.clear()
    yield
    row_memo.clear()


@pytest.fixture
def parser_calls(monkeypatch):
    """How many rows the memo sent to the field parsers."""
    calls: list[TableRow] = []

    def counting(row, **kw):
        calls.append(row)
        return enrich_event(row, **kw)

    monkeypatch.setattr(row_memo, "enrich_event", counting)
    return calls


def row(department: str | None = DEPT, item: str = "1.", **cells: str) -> TableRow:
    values = {Col.ITEM: item, Col.NAME: "Фестиваль народного творчества", Col.DATES: "12 мая 2021 г.",
              Col.PLACE: "г. Смоленск", Col.PARTICIPANTS: "около 40 человек", Col.RESULT: "",
              Col.AGREEMENT: "Соглашение с Правительством Тверской области"}
    values.update({Col(k): v for k, v in cells.items()})
    return TableRow(RowKind.EVENT, "R1", "", values, {}, department)


def both(r: TableRow, **kw):
    """(memo, parsers), each computed on its own."""
    kw = {"template": "agreements", "period": Q3_2021, "home": "SMO", "title_partners": [],
          "context": frozenset(), **kw}
    return row_memo.enrich_row(r, **kw), enrich_event(r, **kw)


def test_copied_row_parsed_once_and_its_dates_judged_by_each_period(parser_calls):
    r = row()
    first, direct = both(r, period=Q2_2021)
    assert first == direct and not [i for i in first.issues if i[0] == "dates"]
    later, direct = both(row(item="17."), period=Q3_2021)  # the next quarter's copy: another item number
    assert later == direct
    assert [i for i in later.issues if i[0] == "dates"] == [
        ("dates", "12 мая 2021 г.", "даты вне отчетного периода (2021-07-01..2021-09-30)")]
    assert later.quarter == "2021-Q2" and later.date_start == dt.date(2021, 5, 12)
    back, direct = both(r, period=Q2_2021)  # and back: the issue goes again
    assert back == direct and not [i for i in back.issues if i[0] == "dates"]
    assert len(parser_calls) == 1


@pytest.mark.parametrize("department", [DEPT, None])  # the date issue follows the department issue
@pytest.mark.parametrize("dates", ["весь период", "с 1 марта 2021 г.", "15 мая", "II квартал", "12.05.2021",
                                   "не установлено", ""])
def test_dates_under_every_period_equal_the_parsers(dates, department, parser_calls):
    r = row(department=department, dates_text=dates)
    for period in (Q3_2021, Q1_2020, YEAR_2021, None, Q3_2021):
        assert both(r, period=period)[0] == both(r, period=period)[1], (dates, period)
    assert len(parser_calls) == 1


def test_other_home_region_template_or_title_partners_parse_again(parser_calls):
    r = row()
    both(r, home="SMO")
    memo, direct = both(r, home="TVE")  # the same row in another region's report: the partner differs
    assert memo == direct and memo.partners == [] and len(parser_calls) == 2
    both(r, template="roadmap")
    both(r, title_partners=["SPE"])
    assert len(parser_calls) == 4


def test_context_matters_only_for_an_abbreviation_it_settles(parser_calls):
    r = row(agreement_text="Соглашение о сотрудничестве с Правительством РБ")
    for_ba, direct = both(r, context=frozenset({"SMO", "BA"}))
    assert for_ba == direct and for_ba.partners == ["BA"]
    for_bu, direct = both(r, context=frozenset({"SMO", "BU"}))  # another document: РБ is Бурятия there
    assert for_bu == direct and for_bu.partners == ["BU"]
    neither, direct = both(r, context=frozenset({"SMO", "TVE"}))
    assert neither == direct and neither.partners == [] and any("РБ" in i[2] for i in neither.issues)
    assert len(parser_calls) == 3
    both(r, context=frozenset({"SMO", "BA", "TVE", "KLU"}))  # other regions do not decide РБ: reused
    assert len(parser_calls) == 3

    plain = row()  # no abbreviation: the same row in every document
    for ctx in (frozenset(), frozenset({"SMO", "BA"}), frozenset({"SMO", "BU", "MOS"})):
        assert both(plain, context=ctx)[0] == both(plain, context=ctx)[1]
    assert len(parser_calls) == 4


def test_any_other_cell_is_another_row(parser_calls):
    base = row()
    both(base)
    for changed in (row(name="Фестиваль народного творчества «Родники»"), row(participants_text="около 50 человек"),
                    row(result_text="подписан протокол"), row(place_text="г. Тверь"),
                    row(department="Министерство спорта Смоленской области")):
        memo, direct = both(changed)
        assert memo == direct
    aux = row()
    aux.aux["partner"] = "Тверская область"
    assert both(aux)[0] == both(aux)[1]
    assert len(parser_calls) == 7


def test_results_are_the_callers_own():
    r = row()
    for _ in range(2):  # the parsed row, then the memo's
        first, _ = both(r)
        first.issues.append(("x", "y", "z"))
        first.partners.append("XX")
    again, direct = both(r)
    assert again == direct


@pytest.mark.parametrize("name", ["smolensk-agreements-2021-q2.xlsx", "smolensk-spb-roadmap-2021.docx"])
def test_sample_rows_under_other_periods_and_contexts(name):
    table = read_table(read_document(FIXTURES / name))
    events = table.events
    own = parse_period(table.title)
    home = detect_home_region(table.title, [r.department or "" for r in events],
                              [r.values.get(Col.AGREEMENT, "") for r in events])
    partners = report_partners(table.title, home)
    context = document_regions(table.title, home, [r.values.get(Col.AGREEMENT, "") for r in events])
    for period, ctx in ((own, context), (Q1_2020, context), (None, frozenset()), (own, context | {"BA", "MOS"}),
                        (YEAR_2021, context)):
        for r in events:
            kw = {"template": table.template, "period": period, "home": home, "title_partners": partners,
                  "context": ctx}
            assert row_memo.enrich_row(r, **kw) == enrich_event(r, **kw), (r.ref, period, sorted(ctx))


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(row_memo, "MEMO_SIZE", 3)
    for k in range(5):
        both(row(name=f"Выставка {k}"))
    assert len(row_memo._memo) == 3


def test_memo_key_sees_every_field_enrich_reads():
    """enrich_event reads these cells; the memo keys on all of them (and the item number is not read)."""
    assert enrich._dates is not None  # the memoised date parser the memo reuses for another period
    r1, r2 = row(item="1."), row(item="2.")
    assert row_memo._row_key(r1) == row_memo._row_key(r2)
    assert enrich_event(r1, template="agreements", period=Q3_2021, home="SMO", title_partners=[]) == \
        enrich_event(r2, template="agreements", period=Q3_2021, home="SMO", title_partners=[])
