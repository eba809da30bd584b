"""The sidebar: language switch and the one set of filters, kept in the URL."""

from __future__ import annotations

import streamlit as st

from analytics.department_names import short_names
from analytics.filters import Filters
from analytics.i18n import event_type_label, t
from ui.data import query

EMPTY = {"quarter_from": None, "quarter_to": None, "regions": [], "departments": [], "event_types": [],
         "formats": [], "reports": [], "search": ""}
WIDGETS = {  # Filters field → widget key
    "quarter_from": "f_quarter_from",
    "quarter_to": "f_quarter_to",
    "regions": "f_regions",
    "departments": "f_departments",
    "event_types": "f_event_types",
    "formats": "f_formats",
    "reports": "f_reports",
    "search": "f_search",
}


def lang() -> str:
    return st.session_state.get("lang", "ru")


def init_from_url() -> None:
    """On a session's first run, the URL sets the widgets."""
    if st.session_state.get("_filters_from_url"):
        return
    st.session_state["_filters_from_url"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    f = Filters.from_query(params)
    for name, key in WIDGETS.items():
        value = getattr(f, name)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "ru"


def reset_filters() -> None:
    """Every filter back to "all" (a button callback, so it runs before the widgets are drawn)."""
    for name, key in WIDGETS.items():
        st.session_state[key] = EMPTY[name]


def current_filters() -> Filters:
    s = st.session_state
    return Filters(
        quarter_from=s.get("f_quarter_from") or None,
        quarter_to=s.get("f_quarter_to") or None,
        regions=tuple(s.get("f_regions") or ()),
        departments=tuple(s.get("f_departments") or ()),
        event_types=tuple(s.get("f_event_types") or ()),
        formats=tuple(s.get("f_formats") or ()),
        reports=tuple(int(r) for r in s.get("f_reports") or ()),
        search=s.get("f_search") or "",
    )


def sync_url(filters: Filters) -> None:
    wanted = filters.to_query()
    if lang() == "en":
        wanted["lang"] = "en"
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normal:
        st.query_params.from_dict(wanted)


def render_sidebar() -> Filters:
    init_from_url()
    options = query("filter_options")
    L = lang()
    with st.sidebar:
        st.radio(t("app.lang", L), ["ru", "en"], key="lang", horizontal=True,
                 format_func=lambda x: {"ru": "Русский", "en": "English"}[x])
        L = lang()
        st.header(t("filter.title", L))
        region_names = {code: (en if L == "en" and en else ru) or code for code, ru, en in options["regions"]}
        _keep_known("f_regions", region_names)
        st.multiselect(t("filter.regions", L), list(region_names), key="f_regions",
                       format_func=lambda c: region_names.get(c, c), placeholder=t("filter.all", L), select_all=False)
        quarters = options["quarters"]
        for key in ("f_quarter_from", "f_quarter_to"):
            if st.session_state.get(key) is not None and st.session_state.get(key) not in quarters:
                st.session_state[key] = None
        c1, c2 = st.columns(2)
        c1.selectbox(t("filter.quarter_from", L), quarters, key="f_quarter_from", index=None,
                     placeholder=t("filter.all", L))
        c2.selectbox(t("filter.quarter_to", L), quarters, key="f_quarter_to", index=None,
                     placeholder=t("filter.all", L))
        _keep_known("f_departments", options["departments"])
        short = short_names(options["departments"])  # the chips show the part that tells departments apart
        st.multiselect(t("filter.departments", L), options["departments"], key="f_departments",
                       format_func=lambda d: short.get(d, d), placeholder=t("filter.all", L), select_all=False)
        _keep_known("f_event_types", options["event_types"])
        st.multiselect(t("filter.event_types", L), options["event_types"], key="f_event_types",
                       format_func=lambda x: event_type_label(x, L), placeholder=t("filter.all", L),
                       select_all=False)
        _keep_known("f_formats", options["formats"])
        st.multiselect(t("filter.formats", L), options["formats"], key="f_formats",
                       format_func=lambda x: t(f"format.{x}", L), placeholder=t("filter.all", L), select_all=False)
        report_names = {rid: f"{title[:60]}… ({fname})" if len(title) > 60 else f"{title} ({fname})"
                        for rid, title, fname in options["reports"]}
        _keep_known("f_reports", report_names)
        st.multiselect(t("filter.reports", L), list(report_names), key="f_reports",
                       format_func=lambda r: report_names.get(r, str(r)), placeholder=t("filter.all", L),
                       select_all=False)
        st.text_input(t("filter.search", L), key="f_search")
        st.button(t("filter.reset", L), on_click=reset_filters, width="stretch")
    filters = current_filters()
    sync_url(filters)
    return filters


def _keep_known(key: str, known) -> None:
    """Drop URL values the database does not have (a stale or hand-edited link)."""
    value = st.session_state.get(key)
    if value and any(v not in known for v in value):
        st.session_state[key] = [v for v in value if v in known]
