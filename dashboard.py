"""Entry point: `streamlit run dashboard.py`. Access check, sidebar filters, then the chosen page."""

from __future__ import annotations

import streamlit as st

from analytics.filters import Filters
from ui.auth import ADMIN, ANONYMOUS, apply, auth_configured, current_role
from ui.builtin_text import localise_builtins
from ui.data import ROOT, bring_up_to_date, db_version, outdated
from ui.i18n import t
from ui.page import FLAG as ENTRY_FLAG
from ui.sidebar import init_from_url, lang, render_sidebar
from ui.turns import turn

st.set_page_config(page_title="Межрегиональное сотрудничество", page_icon="🤝", layout="wide")
STYLE = (ROOT / "static" / "app.css").read_text(encoding="utf-8")  # chips, the selection bar, print

PAGES = [  # (file, label key, url path)
    ("pages/overview.py", "page.overview", "overview"),
    ("pages/regions.py", "page.regions", "regions"),
    ("pages/departments.py", "page.departments", "departments"),
    ("pages/agreements.py", "page.agreements", "agreements"),
    ("pages/events.py", "page.events", "events"),
    ("pages/sources.py", "page.sources", "sources"),
    ("pages/documents.py", "page.documents", "documents"),
]
UPLOAD_PAGE = ("pages/upload.py", "page.upload", "upload")


def main() -> None:
    """Access check, sidebar filters, then the chosen page."""
    st.html(f"<style>{STYLE}</style>")
    init_from_url()  # the URL sets filters and language on a session's first run
    L = lang()
    localise_builtins(L)  # Streamlit's own strings (uploader, "No results", "Page not found") in Russian
    role = current_role()
    if role == ANONYMOUS:
        st.title(t("app.title", L))
        st.info(t("auth.login_needed", L))
        if st.button(t("auth.login", L), type="primary"):
            st.login()
        st.stop()

    apply(role, L)  # the server's upload gate for this session; the sidebar note when uploads need a login
    pages = PAGES + ([UPLOAD_PAGE] if role == ADMIN else [])
    navigation = st.navigation(
        [st.Page(path, title=t(key, L), url_path=url, default=(i == 0)) for i, (path, key, url) in enumerate(pages)]
    )
    if auth_configured():
        st.sidebar.button(t("auth.logout", L), on_click=st.logout)
    if db_version() is None:
        if navigation.url_path != UPLOAD_PAGE[2]:
            st.title(t("app.title", L))
            st.info(t("app.no_db", L))
            st.stop()
        st.session_state["filters"] = Filters()
    else:
        if outdated():  # written by an older version: add what this one reads (once, a few seconds)
            with st.spinner(t("app.migrating", L)):
                bring_up_to_date()
        st.session_state["filters"] = render_sidebar()
    st.session_state[ENTRY_FLAG] = True  # pages check it (ui.page.entry)
    try:
        navigation.run()
    finally:
        st.session_state[ENTRY_FLAG] = False


with turn():  # sessions' script runs take turns (ui.turns)
    main()
