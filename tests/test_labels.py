"""ui.labels: the one way quarters and periods read."""

from __future__ import annotations

import pytest

from ui.labels import department_label, period_label, quarter_label


@pytest.mark.parametrize("code,ru,en", [
    ("2021-Q1", "I кв. 2021", "Q1 2021"), ("2021-Q2", "II кв. 2021", "Q2 2021"),
    ("2022-Q3", "III кв. 2022", "Q3 2022"), ("2019-Q4", "IV кв. 2019", "Q4 2019"),
    ("весь период", "весь период", "whole period"), ("дата не указана", "дата не указана", "date not stated"),
    ("garbage", "garbage", "garbage"), (None, "", ""),
])
def test_quarter_label(code, ru, en):
    assert quarter_label(code, "ru") == ru
    assert quarter_label(code, "en") == en


def test_period_label():
    assert period_label("2021-Q2", "2021-Q2") == "II кв. 2021"
    assert period_label("2021-Q1", "2021-Q3") == "I кв. 2021 – III кв. 2021"
    assert period_label("2021-Q2", None) == "с II кв. 2021"
    assert period_label(None, "2021-Q4", "en") == "until Q4 2021"
    assert period_label(None, None) == ""


def test_department_label_hook_keeps_the_name():
    assert department_label("Департамент Смоленской области по образованию и науке") == \
        "Департамент Смоленской области по образованию и науке"
