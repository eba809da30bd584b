"""ui.labels (the one way codes read: quarters, periods, departments, regions, event types, numbers, dates)
and the other pure display helpers that used to sit inside page scripts (ui.cells, ui.report_health)."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from tests.conftest import ROOT
from ui.cells import MUTED, heat_style
from ui.i18n import LABELS, t
from ui.labels import (
    NO_VALUE,
    count_texts,
    ddmmyyyy,
    ddmmyyyy_column,
    department_label,
    event_type_label,
    fmt_int,
    headcount,
    percent,
    period_label,
    quarter_key,
    quarter_keys,
    quarter_label,
    quarter_order,
    region_name,
    region_names,
    text_or_dash,
)
from ui.report_health import accounting, health_text

NNBSP = "\u202f"


@pytest.mark.parametrize("code,ru,en", [
    ("2021-Q1", "I кв. 2021", "Q1 2021"), ("2021-Q2", "II кв. 2021", "Q2 2021"),
    ("2022-Q3", "III кв. 2022", "Q3 2022"), ("2019-Q4", "IV кв. 2019", "Q4 2019"),
    ("ongoing", "весь период", "whole period"), ("undated", "дата не указана", "date not stated"),
    ("garbage", "garbage", "garbage"), (None, "", ""),
])
def test_quarter_label(code, ru, en):
    assert quarter_label(code, "ru") == ru
    assert quarter_label(code, "en") == en


@pytest.mark.parametrize("quarter,ongoing,key,ru", [
    ("2021-Q2", True, "2021-Q2", "II кв. 2021"),  # an ongoing event with a quarter belongs to it
    ("2021-Q2", False, "2021-Q2", "II кв. 2021"),
    (None, True, "ongoing", "весь период"),
    (None, False, "undated", "дата не указана"),
    (float("nan"), False, "undated", "дата не указана"),  # a NULL in a DataFrame
    (pd.NA, False, "undated", "дата не указана"),
])
def test_a_row_without_a_quarter_reads_by_its_ongoing_flag(quarter, ongoing, key, ru):
    assert quarter_key(quarter, ongoing) == key
    assert quarter_label(quarter, "ru", ongoing=ongoing) == ru


def test_quarter_keys_sort_quarters_then_whole_period_then_undated():
    keys = quarter_keys([None, "2021-Q3", None, "2021-Q1"], [False, False, True, False])
    assert sorted(keys, key=quarter_order) == ["2021-Q1", "2021-Q3", "ongoing", "undated"]


def test_period_label():
    assert period_label("2021-Q2", "2021-Q2") == "II кв. 2021"
    assert period_label("2021-Q1", "2021-Q3") == "I кв. 2021 – III кв. 2021"
    assert period_label("2021-Q2", None) == "с II кв. 2021"
    assert period_label(None, "2021-Q4", "en") == "until Q4 2021"
    assert period_label(None, None) == ""


def test_department_label_hook_keeps_the_name():
    assert department_label("Департамент Смоленской области по образованию и науке") == \
        "Департамент Смоленской области по образованию и науке"
    assert department_label(None) == NO_VALUE


@pytest.mark.parametrize("code,en", [("конференция", "Conference"), ("обмен опытом", "Experience exchange"),
                                     ("прочее", "Other"), (None, "Other"), ("новый тип", "новый тип")])
def test_event_type_label_english(code, en):
    assert event_type_label(code, "en") == en
    assert event_type_label(code, "ru") == (code or "прочее")


def test_region_names():
    names = {"SPE": "Saint Petersburg", "MOW": "Moscow"}
    assert region_name("SPE", names) == "Saint Petersburg"
    assert region_name("XXX", names) == "XXX"  # an unknown code shows as it is, never blank
    assert region_names(["SPE", "MOW"], names) == "Moscow, Saint Petersburg"
    assert region_names([], names) is None and region_names(None, names) is None


def test_numbers_in_one_style():
    assert fmt_int(12345) == f"12{NNBSP}345"
    assert fmt_int(1234567.0) == f"1{NNBSP}234{NNBSP}567"
    assert fmt_int(None) == NO_VALUE and fmt_int(math.nan) == NO_VALUE
    assert count_texts([1200, 0, None, 7]) == [f"1{NNBSP}200", NO_VALUE, NO_VALUE, "7"]
    assert headcount(1200, "at_least", "ru") == f"не менее 1{NNBSP}200"
    assert headcount(400, "approx", "en") == "approximately 400"
    assert headcount(350, None) == "350"
    assert headcount(None, "approx") == NO_VALUE
    assert percent(1, 3) == f"33{NNBSP}%" and percent(5, 0) == NO_VALUE and percent(None, 5) == NO_VALUE


def test_dates_and_texts():
    assert ddmmyyyy(dt.date(2021, 4, 5)) == "05.04.2021"
    assert ddmmyyyy(pd.Timestamp("2021-04-05 13:07"), with_time=True) == "05.04.2021 13:07"
    assert ddmmyyyy(None) == NO_VALUE and ddmmyyyy(pd.NaT) == NO_VALUE
    assert ddmmyyyy("в течение года") == "в течение года"


def test_ddmmyyyy_column_is_ddmmyyyy_of_each_value():
    stamps = pd.Series(pd.to_datetime(["2021-04-05 13:07", None, "2022-12-31 00:00"]))
    assert ddmmyyyy_column(stamps) == ["05.04.2021", NO_VALUE, "31.12.2022"]
    assert ddmmyyyy_column(stamps, with_time=True) == ["05.04.2021 13:07", NO_VALUE, "31.12.2022 00:00"]
    mixed = pd.Series([dt.date(2021, 4, 5), None, "в течение года"], dtype=object)
    assert ddmmyyyy_column(mixed) == ["05.04.2021", NO_VALUE, "в течение года"]
    assert text_or_dash("") == NO_VALUE and text_or_dash(None) == NO_VALUE and text_or_dash(3) == "3"


def test_heat_style():
    assert heat_style(0, 10) == MUTED and heat_style("x", 10) == MUTED and heat_style(math.nan, 10) == MUTED
    assert heat_style(10, 10) == "background-color: rgb(31,78,140); color: #ffffff"  # the peak: darkest
    assert heat_style(1, 10).endswith("color: #10243f")  # light cells keep dark text
    assert heat_style(20, 10) == heat_style(10, 10)  # never beyond the scale


def _report(**rows):
    base = {"rows_source": 10, "rows_event": 6, "rows_heading": 1, "rows_header": 1, "rows_total": 0,
            "rows_blank": 1, "rows_reject": 1}
    return SimpleNamespace(**{**base, **rows})


def test_accounting():
    assert accounting(_report()) == "✓ 10 = 6 + 1 + 1 + 0 + 1 + 1"
    assert accounting(_report(rows_source=11), "en") == "✗ does NOT add up: 11 ≠ 6 + 1 + 1 + 0 + 1 + 1"


def test_health_text():
    h = pd.Series({"events": 10, "with_partner": 4, "layout_confidence": 0.41,
                   "problems": ["no_partner", "low_confidence"]})
    assert health_text(h, "ru").startswith("⚠")
    assert "6" in health_text(h, "en") and "0.41" in health_text(h, "en")
    assert health_text(pd.Series({"events": 3, "problems": []}), "ru") == "✓ распознан"
    assert health_text(None) == NO_VALUE
    assert health_text(pd.Series({"events": math.nan, "problems": []})) == NO_VALUE


# ------------------------------------------------------------------------- the label dictionary (ui/i18n.py)
CODE = [ROOT / d for d in ("ui", "pages", "analytics", "loaders", "bench")] + [ROOT / "dashboard.py"]


def _code_text() -> str:
    files = [p for d in CODE for p in (sorted(d.rglob("*.py")) if d.is_dir() else [d])]
    return "\n".join(p.read_text(encoding="utf-8") for p in files if p != ROOT / "ui" / "i18n.py")


def test_every_label_is_used_and_every_label_used_is_defined():
    """A key is used when the code names it in a string, or builds it from a prefix (t(f"format.{x}"),
    "precision." + …, export_sql._labels("format", …)): a defined key used nowhere is dead text; a key named in a
    t("…") call that is not defined would show its tail on a page."""
    code = _code_text()
    named = set(re.findall(r"""["']([a-z_]+\.[a-z_0-9]+)["']""", code))
    prefixes = (set(re.findall(r"""f["']([a-z_]+)\.\{""", code)) | set(re.findall(r"""["']([a-z_]+)\.["']\s*\+""", code))
                | set(re.findall(r"""_labels\(\s*["']([a-z_]+)["']""", code)))
    unused = sorted(k for k in LABELS if k not in named and k.split(".", 1)[0] not in prefixes)
    assert unused == [], unused
    called = set(re.findall(r"""\bt\(\s*["']([^"'{}]+[^."'{}])["']""", code))
    assert sorted(called - set(LABELS)) == []


def test_t_raises_on_an_unknown_key_under_tests_and_reads_its_tail_for_users(monkeypatch):
    assert os.environ.get("COOP_STRICT_LABELS") == "1"  # tests/conftest.py
    with pytest.raises(KeyError, match="no.such_key"):
        t("no.such_key", "en")
    monkeypatch.delenv("COOP_STRICT_LABELS")
    assert t("no.such_key", "en") == "such_key"  # a user never gets an exception from a label
    assert t("page.events", "en") == "Events" and t("page.events") == "Мероприятия"
