"""The one AppTest page helper of the dashboard tests: open dashboard.py on a database, with URL parameters,
and switch to a page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")
OVERVIEW = "pages/overview.py"
FILTERED_PAGES = ["pages/overview.py", "pages/regions.py", "pages/departments.py", "pages/agreements.py",
                  "pages/events.py"]
ALL_PAGES = [*FILTERED_PAGES, "pages/sources.py", "pages/documents.py"]


def open_page(db, monkeypatch: pytest.MonkeyPatch, page: str | None = None, *, check: bool = True,
              **params: str) -> AppTest:
    """Run the app on `db` with `params` as the URL's query parameters, then switch to `page` (the overview,
    the default page, is not switched to). `check`: assert that no exception was shown."""
    monkeypatch.setenv("COOP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page and page != OVERVIEW:
        at.switch_page(page)
        at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
