"""The sidebar: language switch and the one set of filters, kept in the URL.

The filter values live in session state under the widget keys (f_regions, …) as codes; the widgets only
show them. Three things keep what is shown equal to what is applied:
- a language switch hands every widget its value again (the browser keeps a multiselect's value as the
  text it displays, which differs between languages: without this the partner regions were lost);
- a typed search + Enter selects one item, never "Select N matches" (select_all=False, substring match);
- a link's values the dashboard cannot use are reported («В ссылке не распознано: region=XXX»), and a
  period given backwards is put in order with a message, never silently applied or dropped.
"""

from __future__ import annotations

import streamlit as st

from analytics import queries
from analytics.filters import Filters
from ui.data import query
from ui.i18n import t
from ui.labels import department_formatter, event_type_label, fmt_int, quarter_label

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
URL_KEY = {key: Filters.KEYS[name] for name, key in WIDGETS.items()}  # widget key → URL parameter
IGNORED = "_url_ignored"  # [(url key, value)] a link gave that the dashboard could not use
IGNORED_FOR = "_url_ignored_for"  # the filters the notice belongs to (it goes when they change)
SWAPPED = "_period_swapped"  # (from, to) after an inverted period was put in order
REPORTS_LISTED = 100  # above this many reports the reports filter lists those a search box finds (_reports)
CHOOSER = {"select_all": False, "filter_mode": "contains", "wrap": True}  # every multiselect's behaviour


def lang() -> str:
    return st.session_state.get("lang", "ru")


def init_from_url() -> None:
    """On a session's first run, the URL sets the widgets (what it could not use is kept for the notice)."""
    if st.session_state.get("_filters_from_url"):
        return
    st.session_state["_filters_from_url"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    f, ignored = Filters.parse_query(params)
    for name, key in WIDGETS.items():
        value = getattr(f, name)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "ru"
    st.session_state[IGNORED] = ignored
    order_period()


def reset_filters() -> None:
    """Every filter back to "all" (a button callback, so it runs before the widgets are drawn)."""
    for name, key in WIDGETS.items():
        st.session_state[key] = EMPTY[name]
    st.session_state["f_reports_find"] = ""
    st.session_state.pop(SWAPPED, None)


def keep_values_on_language_switch() -> None:
    """The language radio's callback: give every filter widget its value (codes) again.

    The browser sends a multiselect's or selectbox's value as the text it shows; after the switch the
    widget shows other text, the old text matches no option and the value would be dropped. Set here,
    before the widgets are drawn in the new language, the values are sent back in the new text."""
    for key in WIDGETS.values():
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def order_period() -> None:
    """A period whose start is after its end: swap the two (and say so), never an empty or whole-year view."""
    s = st.session_state
    q_from, q_to = s.get("f_quarter_from"), s.get("f_quarter_to")
    if q_from and q_to and q_from > q_to:
        s["f_quarter_from"], s["f_quarter_to"] = q_to, q_from
        s[SWAPPED] = (q_to, q_from)
    elif s.get(SWAPPED) != (q_from, q_to):
        s.pop(SWAPPED, None)


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


def ignored_notice(filters: Filters, language: str) -> str | None:
    """«В ссылке не распознано: region=XXX, qf=garbage» while the view is still the one the link gave."""
    ignored = st.session_state.get(IGNORED) or []
    if not ignored:
        return None
    if IGNORED_FOR not in st.session_state:
        st.session_state[IGNORED_FOR] = filters
    elif st.session_state[IGNORED_FOR] != filters:  # the user has changed the filters since
        st.session_state[IGNORED] = []
        return None
    items = ", ".join(f"{k}={v}" if v else k for k, v in dict.fromkeys(ignored))
    return t("filter.url_ignored", language, items=items)


def render_sidebar() -> Filters:
    init_from_url()
    options = query(queries.filter_options)
    L = lang()
    with st.sidebar:
        st.radio(t("app.lang", L), ["ru", "en"], key="lang", horizontal=True, on_change=keep_values_on_language_switch,
                 format_func=lambda x: {"ru": "Русский", "en": "English"}[x])
        L = lang()
        st.header(t("filter.title", L))
        region_names = {code: (en if L == "en" and en else ru) or code for code, ru, en in options["regions"]}
        _keep_known("f_regions", region_names)
        st.multiselect(t("filter.regions", L), list(region_names), key="f_regions", **CHOOSER,
                       format_func=lambda c: region_names.get(c, c), placeholder=t("filter.all", L))
        _period(options["quarters"], L)
        _keep_known("f_departments", options["departments"])
        st.multiselect(t("filter.departments", L), options["departments"], key="f_departments", **CHOOSER,
                       format_func=department_formatter(L, options["departments"]), placeholder=t("filter.all", L))
        _keep_known("f_event_types", options["event_types"])
        st.multiselect(t("filter.event_types", L), options["event_types"], key="f_event_types", **CHOOSER,
                       format_func=lambda x: event_type_label(x, L), placeholder=t("filter.all", L))
        _keep_known("f_formats", options["formats"])
        st.multiselect(t("filter.formats", L), options["formats"], key="f_formats", **CHOOSER,
                       format_func=lambda x: t(f"format.{x}", L), placeholder=t("filter.all", L))
        _reports(options["reports"], L)
        st.text_input(t("filter.search", L), key="f_search")
        st.button(t("filter.reset", L), on_click=reset_filters, width="stretch", key="f_reset")
    filters = current_filters()
    sync_url(filters)
    return filters


def _reports(reports: list[tuple[int, str, str]], L: str) -> None:
    """The reports filter. Its options are sent to the browser on every rerun, so above REPORTS_LISTED reports
    (4,000 at the bench's scale were 576 KB of every rerun's 742 KB) a «Найти отчёт» box narrows the list to
    the newest REPORTS_LISTED that match it, a caption says how many of how many are listed, and the chosen
    reports are always among the options (a selection is never hidden)."""
    names = {rid: f"{title[:60]}… ({fname})" if len(title) > 60 else f"{title} ({fname})"
             for rid, title, fname in reports}
    _keep_known("f_reports", names)
    listed = list(names)
    if len(listed) > REPORTS_LISTED:
        needle = st.text_input(t("filter.reports_find", L), key="f_reports_find").strip().casefold()
        matching = [r for r in listed if needle in names[r].casefold()] if needle else listed
        matching = matching[-REPORTS_LISTED:]
        chosen = [r for r in st.session_state.get("f_reports") or [] if r in names]
        listed = [*chosen, *(r for r in matching if r not in chosen)]
        st.caption(t("filter.reports_listed", L, shown=fmt_int(len(matching)), total=fmt_int(len(names))))
    st.multiselect(t("filter.reports", L), listed, key="f_reports", **CHOOSER,
                   format_func=lambda r: names.get(r, str(r)), placeholder=t("filter.all", L))


def _period(quarters: list[str], L: str) -> None:
    """«Период: с [I кв. 2021] по [IV кв. 2021]»; a quarter the data does not have is reported and dropped."""
    for key in ("f_quarter_from", "f_quarter_to"):
        value = st.session_state.get(key)
        if value is not None and value not in quarters:
            _report_ignored(key, [value])
            st.session_state[key] = None
    order_period()
    fmt = {"format_func": lambda q: quarter_label(q, L), "index": None, "placeholder": t("filter.all", L),
           "on_change": order_period}
    st.selectbox(t("filter.quarter_from", L), quarters, key="f_quarter_from", **fmt)  # one above the other:
    st.selectbox(t("filter.quarter_to", L), quarters, key="f_quarter_to", **fmt)  # the chosen quarter reads whole
    swapped = st.session_state.get(SWAPPED)
    if swapped:
        st.warning(t("filter.period_swapped", L, start=quarter_label(swapped[0], L), end=quarter_label(swapped[1], L)))


def _keep_known(key: str, known) -> None:
    """Drop values the database does not have (a stale or hand-edited link), and say which."""
    value = st.session_state.get(key)
    if value and any(v not in known for v in value):
        _report_ignored(key, [v for v in value if v not in known])
        st.session_state[key] = list(dict.fromkeys(v for v in value if v in known))


def _report_ignored(key: str, values: list) -> None:
    ignored = list(st.session_state.get(IGNORED) or [])
    ignored += [(URL_KEY[key], str(v)) for v in values]
    st.session_state[IGNORED] = ignored
    st.session_state.pop(IGNORED_FOR, None)
