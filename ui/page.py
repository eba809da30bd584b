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

from analytics.filters import Filters
from analytics.i18n import t
from ui.data import ROOT
from ui.sidebar import lang

FLAG = "_entry_running"


def entry() -> None:
    """Call first in every page script."""
    if st.session_state.get(FLAG):
        return
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()


def start(title_key: str) -> tuple[str, Filters]:
    """Every page's first line: go through dashboard.py, then the language, the shared filters and the title."""
    entry()
    language = lang()
    st.title(t(title_key, language))
    return language, st.session_state.get("filters", Filters())


def stop_if_empty(events: int, language: str) -> None:
    """The early guard: a clear message instead of empty charts when nothing matches the filters."""
    if not events:
        st.info(t("app.empty", language))
        st.stop()
