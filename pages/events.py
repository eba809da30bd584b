"""Мероприятия: text search, the filtered events page by page, one event in full, export."""

import datetime as dt
import math

import pandas as pd
import streamlit as st

from analytics.i18n import fmt_int, t
from analytics.search import found_column
from ui.data import query
from ui.page import start, stop_if_empty
from ui.widgets import download_buttons

PAGE_SIZE = 50
COLUMNS = ["name", "partners", "department", "dates_text", "quarter", "city", "participants_total", "file_name"]

L, filters = start("page.events")


def _search_changed() -> None:
    # runs before the next script run, i.e. before the sidebar's own search box is drawn
    st.session_state["f_search"] = st.session_state.get("ev_search", "")


st.session_state["ev_search"] = st.session_state.get("f_search", "")  # the same search as the sidebar's
st.text_input(t("ev.search", L), key="ev_search", on_change=_search_changed)

total = query("count_events", filters)
stop_if_empty(total, L)

# paging: back to page 1 whenever the filters change
pages = max(1, math.ceil(total / PAGE_SIZE))
if st.session_state.get("_ev_filters") != repr(filters) or st.session_state.get("ev_page", 1) > pages:
    st.session_state["_ev_filters"] = repr(filters)
    st.session_state["ev_page"] = 1
c1, c2 = st.columns([1, 5])
page = c1.number_input(t("ev.page", L), min_value=1, max_value=pages, step=1, key="ev_page")
offset = (int(page) - 1) * PAGE_SIZE
rows = query("events_page", filters, PAGE_SIZE, offset)
shown_to = offset + len(rows)
c2.markdown(f"{t('ev.pages', L, n=fmt_int(pages))} · "
            + t("table.shown", L, shown=f"{fmt_int(offset + 1)}–{fmt_int(shown_to)}", total=fmt_int(total)))

# a selection belongs to one page of one filter set: forget it when either changes
if st.session_state.get("_ev_view") != (repr(filters), int(page)):
    st.session_state["_ev_view"] = (repr(filters), int(page))
    st.session_state.pop("ev_table", None)

view = rows[COLUMNS].copy()
view["quarter"] = view["quarter"].fillna(t("quarter.whole", L))
if filters.search.strip():  # the words the search matched, as written in each row
    view.insert(0, "found", found_column(rows, filters.search))
st.caption(t("ev.select", L))
state = st.dataframe(
    view, hide_index=True, key="ev_table", on_select="rerun",
    selection_mode="single-row", width="stretch", height=min(38 * len(view) + 40, 560),
    column_config={
        **{c: t(f"col.{c}", L) for c in COLUMNS}, "found": t("ev.found", L),
        "name": st.column_config.TextColumn(t("col.name", L), width="large"),
        "participants_total": st.column_config.NumberColumn(t("col.participants_total", L), format="%d"),
    },
)
selection = state.get("selection") if isinstance(state, dict) else getattr(state, "selection", None)
rows_selected = (selection.get("rows") if isinstance(selection, dict) else getattr(selection, "rows", None)) or []
selected = [i for i in rows_selected if isinstance(i, int) and 0 <= i < len(rows)]


def ddmmyyyy(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.strftime("%d.%m.%Y")
    return str(value)


def text_or_dash(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return "—"
    return str(value)


def field(label: str, value: object) -> None:
    """A label and the value as plain text (never markup: cell text is data)."""
    st.caption(label)
    st.text(text_or_dash(value))


if selected:
    event_id = int(rows.iloc[selected[0]]["event_id"])
    ev = query("event_detail", None, event_id)
    if ev:
        st.divider()
        st.subheader(t("ev.detail", L))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('ev.as_written', L)}**")
            field(t("col.agreement_text", L), ev.get("agreement_text"))
            field(t("col.name", L), ev.get("name"))
            field(t("col.dates_text", L), ev.get("dates_text"))
            field(t("col.place_text", L), ev.get("place_text"))
            field(t("col.participants_text", L), ev.get("participants_text"))
            field(t("col.result_text", L), ev.get("result_text"))
            field(t("ev.extra", L), ev.get("extra_text"))
        with right:
            st.markdown(f"**{t('ev.parsed', L)}**")
            dates = f"{ddmmyyyy(ev.get('date_start'))} – {ddmmyyyy(ev.get('date_end'))}"
            if ev.get("date_precision"):
                dates += f" ({t('ev.precision', L).lower()}: {t('precision.' + str(ev['date_precision']), L)})"
            if ev.get("ongoing"):
                dates += f", {t('ev.ongoing', L)}"
            field(t("ev.dates", L), dates)
            field(t("col.quarter", L), ev.get("quarter") or t("quarter.whole", L))
            people = ev.get("participants_total")
            if people is not None and not pd.isna(people):
                qualifier = ev.get("participants_qualifier")
                prefix = t(f"qualifier.{qualifier}", L) if qualifier in ("approx", "at_least") else ""
                people = f"{prefix} {fmt_int(people)}".strip()
            field(t("ev.participants", L), people)
            field(t("ev.delegation", L), ev.get("delegation_size"))
            field(t("ev.regions_count", L), ev.get("regions_count"))
            field(t("col.city", L), ev.get("city"))
            field(t("ev.place_region", L), ev.get("place_region"))
            field(t("col.format", L), t(f"format.{ev.get('format') or 'unknown'}", L))
            field(t("col.event_type", L), ev.get("event_type"))
            field(t("col.department", L), ev.get("department"))
            field(t("col.partners", L), ev.get("partners"))
            field(t("ev.mentioned", L), ev.get("mentioned_regions"))
        st.markdown(f"**{t('ev.source', L)}**")
        s1, s2, s3 = st.columns([2, 1, 1])
        with s1:
            field(t("ev.report", L), ev.get("report_title"))
        with s2:
            field(t("col.file_name", L), ev.get("file_name"))
        with s3:
            field(t("col.source_ref", L), ev.get("source_ref"))
            field(t("ev.item_no", L), ev.get("item_no"))

        st.markdown(f"**{t('ev.issues', L)}**")
        issues = query("event_issues", None, event_id)
        if issues.empty:
            st.caption(t("ev.no_issues", L))
        else:
            issues = issues.assign(field=[t(f"field.{f}", L) for f in issues["field"]])
            st.dataframe(issues, hide_index=True, width="stretch", column_config={
                "field": t("ev.field", L), "raw_text": t("src.raw_text", L), "reason": t("ev.reason", L)})

        st.markdown(f"**{t('ev.twins', L)}**")
        twins = query("event_twins", None, event_id)
        if twins.empty:
            st.caption(t("ev.no_twins", L))
        else:
            st.dataframe(twins.drop(columns="event_id"), hide_index=True, width="stretch", column_config={
                "name": t("col.name", L), "dates_text": t("col.dates_text", L),
                "file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L)})

# export of exactly the filtered rows
st.divider()
st.subheader(t("ev.download", L, n=fmt_int(total)))
options = query("filter_options")
region_names = {code: (en if L == "en" and en else ru) or code for code, ru, en in options["regions"]}
name_parts = [region_names.get(code, code) for code in filters.regions]
if filters.quarter_from or filters.quarter_to:
    if filters.quarter_from == filters.quarter_to:
        name_parts.append(filters.quarter_from)
    else:
        name_parts.append(f"{filters.quarter_from or ''}-{filters.quarter_to or ''}".strip("-"))
download_buttons(filters, L, name_parts, key="events")
