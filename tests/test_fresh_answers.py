"""ui.data keeps one answer per query and version for every session: what a caller changes in its copy never
reaches the next caller (ui.data.fresh)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pytest

from analytics import queries
from analytics.compare import compare
from analytics.filters import Filters
from ui import data


@pytest.fixture()
def app_db(sample_db, monkeypatch):
    monkeypatch.setenv("COOP_DB", str(sample_db))
    data._cached.clear()
    yield sample_db
    data._cached.clear()


def test_a_changed_frame_dict_or_comparison_is_not_what_the_next_caller_gets(app_db):
    f = Filters(regions=("SPE",))
    frame = data.query(queries.by_region, f)
    expected = frame.copy(deep=True)
    frame["events"] = 0  # a page writing into its answer
    frame.loc[0, "name_ru"] = "изменено"
    frame["extra"] = 1
    pd.testing.assert_frame_equal(data.query(queries.by_region, f), expected)

    options = data.query(queries.filter_options)
    departments = list(options["departments"])
    options["departments"].append("не из базы")
    options["regions"].clear()
    again = data.query(queries.filter_options)
    assert again["departments"] == departments and again["regions"]

    cmp = data.query(compare, f)
    events = cmp.numbers["events"]
    cmp.numbers["events"] = -1
    assert data.query(compare, f).numbers["events"] == events


def test_fresh_shares_only_what_cannot_change():
    @dataclass(frozen=True)
    class Box:
        items: list
        name: str

    day = dt.date(2021, 5, 5)
    value = {"a": [1, ("x", 2)], "b": Box([{"k": 1}], "n"), "c": {3}, "d": ("t", [4]), "e": day}
    got = data.fresh(value)
    assert got == value
    assert got is not value and got["a"] is not value["a"] and got["b"] is not value["b"]
    assert got["b"].items[0] is not value["b"].items[0] and got["c"] is not value["c"]
    assert got["d"][1] is not value["d"][1]  # a list inside a tuple (not flat): rebuilt
    assert got["e"] is day and got["b"].name is value["b"].name  # immutable: shared


def test_rows_read_back_as_lists_are_kept_as_tuples_so_a_copy_is_one_list_copy():
    answer = {"reports": [[1, "Отчёт", "a.xlsx"], [2, "Другой", "b.docx"]], "quarters": ["2021-Q1"],
              "nested": [[1, [2]]]}
    kept = data.settled(answer)
    assert kept == {"reports": [(1, "Отчёт", "a.xlsx"), (2, "Другой", "b.docx")], "quarters": ["2021-Q1"],
                    "nested": [[1, [2]]]}  # a row holding a list stays a list (fresh rebuilds it)
    copy = data.fresh(kept)
    assert copy["reports"] == kept["reports"] and copy["reports"] is not kept["reports"]
    assert copy["reports"][0] is kept["reports"][0]  # a tuple of strings and numbers: shared
