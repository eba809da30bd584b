"""Make every page run through dashboard.py, whatever URL the visitor opened first.

Streamlit treats an app with a `pages/` folder as a legacy multipage app until the
entry script has called `st.navigation` once in the server process. Until then a
direct link to a page (e.g. /regions?region=SPE) runs the page script on its own:
no access check, no sidebar, no filters. `entry()` detects that and runs the entry
script instead, which sets everything up and runs the requested page.
"""

from __future__ import annotations

import runpy

import streamlit as st

from analytics import queries
from analytics.filters import Filters
from ui import prefetch, selection
from ui.data import ROOT, db_version, query
from ui.i18n import t
from ui.sidebar import lang, reset_filters

FLAG = "_entry_running"


def entry() -> None:
    """Call first in every page script."""
    if st.session_state.get(FLAG):
        return
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()


def start(title_key: str, filtered: bool = True) -> tuple[str, Filters]:
    """Every page's first line: go through dashboard.py, then the language, the shared filters, the title and
    (on pages that show filtered data) the selection bar."""
    entry()
    prefetch.new_run()  # what the previous run started ahead and never claimed is dropped
    language = lang()
    st.title(t(title_key, language))
    filters = st.session_state.get("filters", Filters())
    if filtered and db_version() is not None:
        selection.render(filters, language, query(queries.filter_options))
    return language, filters


def stop_if_empty(events: int, language: str) -> None:
    """The early guard: a clear message instead of empty charts when nothing matches the filters."""
    if not events:
        st.info(t("app.empty", language))
        st.button(t("app.empty_reset", language), key="empty_reset", on_click=reset_filters, type="primary",
                  icon=":material/filter_alt_off:")
        st.stop()
