"""Обзор: headline numbers, events by department and by report, the events table with export."""

import streamlit as st

from analytics.i18n import fmt_int, t
from ui.data import query
from ui.sidebar import lang
from ui.widgets import bar_chart, download_buttons, metric_row, participants_text

L = lang()
filters = st.session_state["filters"]
st.title(t("app.title", L))

h = query("headline", filters)
if not h["events"]:
    st.info(t("app.empty", L))
    st.stop()

share = f"{round(100 * h['with_count'] / h['events'])}%"
metric_row([
    (t("m.events", L), fmt_int(h["events"])),
    (t("m.unique_events", L), fmt_int(h["unique_events"])),
    (t("m.partner_regions", L), fmt_int(h["partner_regions"])),
    (t("m.departments", L), fmt_int(h["departments"])),
    (t("m.participants", L), participants_text(h, L)),
    (t("m.with_count", L), share),
])

left, right = st.columns(2)
with left:
    st.subheader(t("chart.by_department", L))
    dep = query("by_department", filters)
    st.plotly_chart(bar_chart(dep["department"].tolist(), dep["events"].tolist(), x_title=t("axis.events", L)))
with right:
    st.subheader(t("chart.by_report", L))
    rep = query("by_report", filters)
    st.plotly_chart(bar_chart(rep["title"].tolist(), rep["events"].tolist(), x_title=t("axis.events", L)))

st.subheader(t("table.events", L))
events = query("events_for_export", filters)
st.dataframe(
    events[["name", "partners", "department", "dates_text", "place_text", "participants_total", "file_name"]],
    hide_index=True,
    column_config={c: t(f"col.{c}", L) for c in
                   ["name", "partners", "department", "dates_text", "place_text", "participants_total", "file_name"]},
)
download_buttons(events, filters, L, [], key="overview")
