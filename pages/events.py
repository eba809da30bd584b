"""Мероприятия: text search, the filtered events page by page, one event in full, export."""

import math

import streamlit as st

from analytics import queries
from analytics.export import source_ref_text
from analytics.search import found_column
from ui import labels
from ui.data import query
from ui.i18n import t
from ui.labels import NO_VALUE, ddmmyyyy, event_type_label, fmt_int, headcount, quarter_label, text_or_dash
from ui.names import region_name_map
from ui.page import start, stop_if_empty
from ui.row_words import in_words
from ui.widgets import data_table, download_buttons

PAGE_SIZE = 50
# date, quarter and city first: at 1440 px they stay on screen next to the name (the department, long, last)
COLUMNS = ["date_start", "quarter", "name", "city", "partners", "participants_total", "event_type", "department",
           "dates_text", "file_name"]

L, filters = start("page.events")


def _search_changed() -> None:
    # runs before the next script run, i.e. before the sidebar's own search box is drawn
    st.session_state["f_search"] = st.session_state.get("ev_search", "")


st.session_state["ev_search"] = st.session_state.get("f_search", "")  # the same search as the sidebar's
st.text_input(t("ev.search", L), key="ev_search", on_change=_search_changed)

total = query(queries.count_events, filters)
stop_if_empty(total, L)

# paging: back to page 1 whenever the filters change
pages = max(1, math.ceil(total / PAGE_SIZE))
if st.session_state.get("_ev_filters") != repr(filters) or st.session_state.get("ev_page", 1) > pages:
    st.session_state["_ev_filters"] = repr(filters)
    st.session_state["ev_page"] = 1
c1, c2 = st.columns([1, 5])
page = c1.number_input(t("ev.page", L), min_value=1, max_value=pages, step=1, key="ev_page")
offset = (int(page) - 1) * PAGE_SIZE
rows = query(queries.events_page, filters, PAGE_SIZE, offset)
shown_to = offset + len(rows)
c2.markdown(f"{t('ev.pages', L, n=fmt_int(pages))} · "
            + t("table.shown", L, shown=f"{fmt_int(offset + 1)}–{fmt_int(shown_to)}", total=fmt_int(total)))

# a selection belongs to one page of one filter set: forget it when either changes
if st.session_state.get("_ev_view") != (repr(filters), int(page)):
    st.session_state["_ev_view"] = (repr(filters), int(page))
    st.session_state.pop("ev_table", None)

REGION = region_name_map(L)


def region_names(codes) -> str | None:
    """Partner region codes → their names in the UI language, sorted."""
    return labels.region_names(codes, REGION)


view = rows.assign(partners=[region_names(c) or NO_VALUE for c in rows["partner_codes"]],
                   event_type=[event_type_label(v, L) for v in rows["event_type"]],
                   participants_total=[headcount(n, q, L) for n, q in zip(rows["participants_total"],
                                                                        rows["participants_qualifier"])],
                   city=[text_or_dash(c) for c in rows["city"]],
                   # as Обзор counts them: no quarter and ongoing → «весь период», no date at all → «дата не указана»
                   quarter=[quarter_label(q, L, ongoing=o) for q, o in zip(rows["quarter"], rows["ongoing"])],
                   )[COLUMNS].copy()
if filters.search.strip():  # the words the search matched, as written in each row
    view.insert(0, "found", found_column(rows, filters.search))
st.caption(t("ev.select", L))
state = data_table(
    view, hide_index=True, key="ev_table", on_select="rerun",
    selection_mode="single-row", width="stretch", height=min(38 * len(view) + 40, 560),
    column_config={
        **{c: t(f"col.{c}", L) for c in COLUMNS}, "found": t("ev.found", L),
        "date_start": st.column_config.DateColumn(t("col.date", L), format="DD.MM.YYYY", width=92),
        "quarter": st.column_config.TextColumn(t("col.quarter", L), width=108),
        "name": st.column_config.TextColumn(t("col.name", L), width=380),
        "city": st.column_config.TextColumn(t("col.city", L), width=130),
        "participants_total": st.column_config.TextColumn(t("col.participants_total", L), width=105),
    },
)
selection = state.get("selection") if isinstance(state, dict) else getattr(state, "selection", None)
rows_selected = (selection.get("rows") if isinstance(selection, dict) else getattr(selection, "rows", None)) or []
selected = [i for i in rows_selected if isinstance(i, int) and 0 <= i < len(rows)]


def field(label: str, value: object) -> None:
    """A label and the value as plain text (never markup: cell text is data)."""
    st.caption(label)
    st.text(text_or_dash(value))


def _dismissed() -> None:
    st.session_state["_ev_dismissed"] = st.session_state.get("_ev_shown")


@st.dialog(t("ev.detail", L), width="large", position="right", on_dismiss=_dismissed)
def show_event(event_id: int) -> None:
    """The whole event in a side panel: as written, as recognised, its source, issues and twins."""
    ev = query(queries.event_detail, None, event_id)
    if not ev:
        st.info(t("ev.gone", L))
        return
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
        field(t("col.quarter", L), quarter_label(ev.get("quarter"), L, ongoing=bool(ev.get("ongoing"))))
        field(t("ev.participants", L), headcount(ev.get("participants_total"), ev.get("participants_qualifier"), L))
        field(t("ev.delegation", L), ev.get("delegation_size"))
        field(t("ev.regions_count", L), ev.get("regions_count"))
        field(t("col.city", L), ev.get("city"))
        place = ev.get("place_region_code")
        field(t("ev.place_region", L), REGION.get(place, place) if place else None)
        field(t("col.format", L), t(f"format.{ev.get('format') or 'unknown'}", L))
        field(t("col.event_type", L), event_type_label(ev.get("event_type"), L))
        field(t("col.department", L), ev.get("department"))
        field(t("col.partners", L), region_names(ev.get("partner_codes")))
        field(t("ev.mentioned", L), region_names(ev.get("mentioned_codes")))
    st.markdown(f"**{t('ev.source', L)}**")
    s1, s2, s3 = st.columns([2, 1, 1])
    with s1:
        field(t("ev.report", L), ev.get("report_title"))
    with s2:
        field(t("col.file_name", L), ev.get("file_name"))
    with s3:
        field(t("col.source_ref", L), source_ref_text(ev.get("source_ref"), L))
        field(t("ev.item_no", L), ev.get("item_no"))

    st.markdown(f"**{t('ev.issues', L)}**")
    issues = query(queries.event_issues, None, event_id)
    if issues.empty:
        st.caption(t("ev.no_issues", L))
    else:
        data_table(in_words(issues, L), hide_index=True, width="stretch", column_config={
            "field": t("ev.field", L), "raw_text": t("src.raw_text", L), "reason": t("ev.reason", L)})

    st.markdown(f"**{t('ev.twins', L)}**")
    twins = query(queries.event_twins, None, event_id)
    if twins.empty:
        st.caption(t("ev.no_twins", L))
    else:
        data_table(in_words(twins.drop(columns="event_id"), L), hide_index=True, width="stretch", column_config={
            "name": t("col.name", L), "dates_text": t("col.dates_text", L),
            "file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L)})


# the selected row opens in the side panel, once: closing it keeps the table as it was
chosen = int(rows.iloc[selected[0]]["event_id"]) if selected else None
if chosen is None:
    st.session_state.pop("_ev_dismissed", None)
st.session_state["_ev_shown"] = chosen
if chosen is not None and st.session_state.get("_ev_dismissed") != chosen:
    show_event(chosen)

# export of exactly the filtered rows
st.divider()
st.subheader(t("ev.download", L, n=fmt_int(total)))
name_parts = [REGION.get(code, code) for code in filters.regions]
if filters.quarter_from or filters.quarter_to:
    if filters.quarter_from == filters.quarter_to:
        name_parts.append(filters.quarter_from)
    else:
        name_parts.append(f"{filters.quarter_from or ''}-{filters.quarter_to or ''}".strip("-"))
download_buttons(filters, L, name_parts, key="events")
