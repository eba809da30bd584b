"""The comparison without filters (what every visit to Обзор opens with) is a stored answer: written by the
build, read back equal to the live one, and made anew when the code it runs changes, helpers of other
analytics modules included."""

from __future__ import annotations

import duckdb
import pytest

from analytics import compare as compare_module
from analytics import queries
from analytics.filters import Filters
from analytics.stored_answers import STORED
from analytics.summaries import _source_parts


def _no_live_scan(*args, **kwargs):
    raise AssertionError("the comparison scanned the events")


def test_the_stored_comparison_is_the_live_one(sample_db, monkeypatch):
    with duckdb.connect(str(sample_db), read_only=True) as conn:
        live = compare_module._compare(conn, Filters())
        assert live is not None and live.numbers["events"] > 0
        monkeypatch.setattr(queries, "headline_sides", _no_live_scan)
        assert compare_module.compare(conn, Filters()) == live  # read back, not computed
        with pytest.raises(AssertionError, match="scanned"):
            compare_module.compare(conn, Filters(regions=("SPE",)))  # a filter: live


def test_an_empty_database_stores_that_there_is_no_comparison(empty_db):
    with duckdb.connect(str(empty_db)) as conn:
        STORED.refresh(conn)  # what a build that loaded nothing does
        assert conn.execute("SELECT value FROM summaries WHERE name = 'compared'").fetchall() == [
            ('{"comparison": null}',)]
        assert compare_module.compare(conn, Filters()) is None


def test_the_fingerprint_follows_the_query_layer_helpers_it_calls():
    """compare reaches queries.headline_sides and queries.filter_options through their module: a change
    there must make the stored comparison anew."""
    sources = "\n".join(_source_parts(compare_module.compared))
    assert "def headline_sides(" in sources
    assert "def filter_options(" in sources
    assert "compared" in [spec.name for spec in STORED]
