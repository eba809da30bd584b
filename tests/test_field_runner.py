"""The field parsers' one interface and its runner: columns, cache, guard, strict mode."""

from __future__ import annotations

import dataclasses
from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.build import build
from loaders.fields import parsers, runner
from loaders.fields.calendar_words import Period
from loaders.fields.enrich import EventFields, enrich_event
from loaders.fields.parsers import PARSERS
from loaders.fields.runner import STRICT_ENV, FieldContext, FieldResult, run_parsers
from loaders.table.classify import RowKind, TableRow
from loaders.table.columns import Col
from tests.builders import AGR_TVER, DEPT_A, HEADER, write_xlsx
from ui.i18n import LABELS, reason_text

Q2 = Period(date(2021, 4, 1), date(2021, 6, 30), "quarter")
CTX = FieldContext(template="agreements", period=Q2, home="SMO", regions=frozenset({"SMO", "TVE"}))
ROW = TableRow(RowKind.EVENT, "Лист1!A5", "", {
    Col.AGREEMENT: "Соглашение между Смоленской и Тверской областями", Col.NAME: "Конференция «Наука»",
    Col.DATES: "22 апреля 2021 г.", Col.PLACE: "г. Тверь", Col.PARTICIPANTS: "30 человек из Тверской области",
    Col.RESULT: ""}, department="Департамент Смоленской области по образованию")
EVENT_COLUMNS = {f.name for f in dataclasses.fields(EventFields)} - {"issues"}


def test_strict_mode_is_on_for_the_test_run() -> None:
    assert runner.strict()


def test_parsers_fill_every_column_once_and_only_the_ones_they_declare() -> None:
    declared = [c for p in PARSERS for c in p.columns]
    assert sorted(declared) == sorted(EVENT_COLUMNS)  # every EventFields column, each by one parser
    for parser in PARSERS:
        result = parser.parse(ROW, CTX)
        assert isinstance(result, FieldResult)
        assert set(result.values) == set(parser.columns), parser.name


def test_a_parse_issue_of_every_parser_names_a_field_the_dashboard_can_label() -> None:
    assert {f"field.{p.name}" for p in PARSERS} <= set(LABELS)
    assert reason_text("ошибка разбора (TypeError)", "en") == "parsing error (TypeError)"


def test_the_runner_fills_the_sample_row() -> None:
    out = enrich_event(ROW, template="agreements", period=Q2, home="SMO", title_partners=[], context=CTX.regions)
    assert (out.department, out.date_start, out.quarter, out.city, out.place_region_code) == (
        "Департамент Смоленской области по образованию", date(2021, 4, 22), "2021-Q2", "Тверь", "TVE")
    assert (out.participants_total, out.partners, out.mentioned_regions) == (30, ["TVE"], ["TVE"])
    assert (out.format, out.event_type, out.issues) == ("offline", "конференция", [])


def test_equal_keys_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = parsers.classify_event
    monkeypatch.setattr(parsers, "classify_event", lambda name: calls.append(name) or real(name))
    runner.clear_caches()
    for _ in range(3):
        enrich_event(ROW, template="agreements", period=Q2, home="SMO", title_partners=[])
    assert calls == [ROW.values[Col.NAME]]


def _broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """The place parser divides by zero (a bug), and the runner's cache is empty."""
    def parse_place(text: str) -> None:
        return 1 // 0  # type: ignore[return-value]

    monkeypatch.setattr(parsers, "parse_place", parse_place)
    runner.clear_caches()


def test_strict_mode_raises_a_parser_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(monkeypatch)
    with pytest.raises(ZeroDivisionError) as caught:
        enrich_event(ROW, template="agreements", period=Q2, home="SMO", title_partners=[])
    assert "field parser 'place'" in str(caught.value.__notes__)


def test_outside_strict_mode_a_parser_bug_is_a_parse_issue_and_the_event_keeps_its_other_fields(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(monkeypatch)
    monkeypatch.delenv(STRICT_ENV)
    outcome = run_parsers(PARSERS, ROW, CTX)
    assert outcome.failed == ["place"]
    out = enrich_event(ROW, template="agreements", period=Q2, home="SMO", title_partners=[])
    assert (out.city, out.place_region_code) == (None, None)
    assert out.issues == [("place", "г. Тверь", "ошибка разбора (ZeroDivisionError)")]
    assert (out.date_start, out.participants_total, out.event_type) == (date(2021, 4, 22), 30, "конференция")


def test_outside_strict_mode_the_build_loads_the_event_with_the_issue(
        monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    _broken(monkeypatch)
    monkeypatch.delenv(STRICT_ENV)
    path = write_xlsx(tmp_path / "tver-2021-q2.xlsx", [HEADER, DEPT_A, ["1", AGR_TVER, "Семинар", "5 мая 2021",
                                                                          "г. Тверь", "20 человек", ""]])
    db = tmp_path / "t.duckdb"
    assert [r.ok for r in build([path], db)] == [True]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT name, city, participants_total FROM events").fetchall() == [("Семинар", None, 20)]
        assert conn.execute("SELECT field, raw_text, reason FROM parse_issues").fetchall() == [
            ("place", "г. Тверь", "ошибка разбора (ZeroDivisionError)")]


TEXT = st.text(alphabet=st.sampled_from(list("абвгдеёжзклмнопрстуфхцчшщыэюя АОСТ.,-–«»\"()0123456789\n")), max_size=60)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({c: TEXT for c in (Col.AGREEMENT, Col.NAME, Col.DATES, Col.PLACE, Col.PARTICIPANTS,
                                                Col.RESULT)}), st.one_of(st.none(), TEXT),
       st.dictionaries(st.sampled_from(["partner", "participants_total", "delegation_size"]), TEXT, max_size=3),
       st.sampled_from(["agreements", "roadmap", "other"]))
def test_the_guard_never_fires_on_arbitrary_rows(values, department, aux, template) -> None:
    """Every parser on any row: in strict mode a bug raises; outside it, no parser's guard fired."""
    row = TableRow(RowKind.EVENT, "A1", "", dict(values), department=department, aux=aux)
    ctx = FieldContext(template=template, period=Q2, home="SMO", title_partners=("TVE",),
                       regions=frozenset({"SMO"}))
    outcome = run_parsers(PARSERS, row, ctx)
    assert outcome.failed == []
    assert not any(reason.startswith("ошибка разбора") for _, _, reason in outcome.issues)
