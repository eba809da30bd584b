"""Entry point: `streamlit run dashboard.py`. Sidebar filters, then the chosen page."""

from __future__ import annotations

import streamlit as st

from analytics.i18n import t
from ui.data import ROOT, db_version
from ui.sidebar import lang, render_sidebar

st.set_page_config(page_title="Межрегиональное сотрудничество", page_icon="🤝", layout="wide")

PAGES = [  # (file, label key, url path)
    ("pages/overview.py", "page.overview", "overview"),
    ("pages/regions.py", "page.regions", "regions"),
    ("pages/departments.py", "page.departments", "departments"),
    ("pages/agreements.py", "page.agreements", "agreements"),
    ("pages/events.py", "page.events", "events"),
    ("pages/sources.py", "page.sources", "sources"),
]
PAGES = [p for p in PAGES if (ROOT / p[0]).exists()]  # pages land one by one

L = lang()
navigation = st.navigation(
    [st.Page(path, title=t(key, L), url_path=url, default=(i == 0)) for i, (path, key, url) in enumerate(PAGES)]
)
if db_version() is None:
    st.title(t("app.title", L))
    st.info(t("app.no_db", L))
    st.stop()
st.session_state["filters"] = render_sidebar()
navigation.run()
