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

from ui.data import ROOT

FLAG = "_entry_running"


def entry() -> None:
    """Call first in every page script."""
    if st.session_state.get(FLAG):
        return
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()
