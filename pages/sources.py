"""Источники: the loaded report files, their row accounting, rejected rows and unrecognised fields."""

import pandas as pd
import streamlit as st

from analytics import queries
from analytics.export import table_to_csv_bytes
from ui.data import prefetch, query
from ui.i18n import t
from ui.labels import NO_VALUE, fmt_int, percent
from ui.page import start
from ui.safe import text as safe_text
from ui.sources_view import issues_view, rejects_view, reports_view
from ui.uploads_view import uploads_block
from ui.widgets import data_table

L, _ = start("page.sources", filtered=False)
MAX_EXPANDERS = 20  # per-report detail boxes shown at once
prefetch((queries.reports_table, None, ()), (queries.report_health_table, None, ()), (reports_view, None, (L,)),
         (rejects_view, None, (L,)), (issues_view, None, (L,)), (queries.report_columns_table, None, ()))

reports = query(queries.reports_table)
if reports.empty:
    st.info(t("src.empty", L))
    st.stop()
st.caption(t("src.not_filtered", L))


health = query(queries.report_health_table).set_index("report_id")


st.subheader(t("src.title", L))
table = query(reports_view, None, L)
health_col = table["health"].tolist()
bad = t("health.bad", L) + ": "
warned = [f"{name}: {h.removeprefix(bad)}" for name, h in zip(reports["file_name"], health_col) if h.startswith(bad)]
if warned:  # file names are user text: escaped, never read as markdown (ui.safe)
    st.error("\n\n".join([f"**{t('health.title', L)}**", *(f"- {safe_text(w)}" for w in warned)]))
data_table(table, hide_index=True, width="stretch", row_height=60, column_config={
    "file_name": t("col.file_name", L),
    "title": t("col.title", L),
    "template": t("src.template", L),
    "period": t("src.period", L),
    "events": st.column_config.NumberColumn(t("src.events", L), format="%d"),
    "rejects": st.column_config.NumberColumn(t("src.rejects", L), format="%d"),
    "issues": st.column_config.NumberColumn(t("src.issues", L), format="%d"),
    "rows": st.column_config.TextColumn(t("src.rows", L), width="medium"),
    "loaded_at": t("src.loaded_at", L),
    "health": st.column_config.TextColumn(t("src.health", L), width="medium"),
})
st.caption(t("src.rows_caption", L))

st.subheader(t("src.rejects_title", L))
rejects = query(rejects_view, None, L)
reject_labels = {"file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L),
                 "reason": t("ev.reason", L), "raw_text": t("src.raw_text", L)}
if rejects.empty:
    st.success(t("src.rejects_none", L))
else:
    data_table(rejects, hide_index=True, width="stretch", column_config=reject_labels)
    st.download_button(t("export.csv", L), lambda: table_to_csv_bytes(rejects, reject_labels),
                       file_name=t("file.rejects", "ru") + ".csv", mime="text/csv", key="src_rejects_csv")

st.subheader(t("src.issues_title", L))
issues = query(issues_view, None, L)
issue_labels = {"file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L),
                "name": t("col.name", L), "field": t("ev.field", L), "raw_text": t("src.raw_text", L),
                "reason": t("ev.reason", L)}
if issues.empty:
    st.success(t("src.issues_none", L))
else:
    data_table(issues, hide_index=True, width="stretch", column_config=issue_labels)
    st.download_button(t("export.csv", L), lambda: table_to_csv_bytes(issues, issue_labels),
                       file_name=t("file.issues", "ru") + ".csv", mime="text/csv", key="src_issues_csv")

st.subheader(t("src.health_title", L))
st.caption(t("src.health_caption", L))
columns = query(queries.report_columns_table)


def report_detail(rid: int) -> None:
    """One report's health figures and how each of its columns was read."""
    h = health.loc[rid] if rid in health.index else None
    if h is not None and not pd.isna(h["events"]):
        conf = NO_VALUE if pd.isna(h["layout_confidence"]) else f"{h['layout_confidence']:.2f}"
        st.markdown(f"{t('src.with_partner', L)}: **{percent(h['with_partner'], h['events'])}** · "
                    f"{t('src.with_date', L)}: **{percent(h['with_date'], h['events'])}** · "
                    f"{t('src.with_place', L)}: **{percent(h['with_place'], h['events'])}** · "
                    f"{t('src.confidence', L)}: **{conf}**")
    mine = columns[columns["report_id"] == rid]
    if not mine.empty:
        data_table(pd.DataFrame({
            t("col.col_no", L): mine["col_no"].astype(int),
            t("col.header_text", L): mine["header_text"],
            t("col.detected_field", L): [t(f"fld.{'none' if pd.isna(f) else f}", L) for f in mine["field"]],
            t("col.basis", L): [t(f"basis.{b}", L) for b in mine["basis"]],
            t("src.confidence", L): mine["confidence"],
            t("col.why", L): mine["reason"],
        }), hide_index=True, width="stretch")


# A few reports: one expander each. Thousands (a year of every office): an expander per report would be
# thousands of elements on one page (12 s at 4,000 reports), so the warned ones open first (up to a bound)
# and every report stays one choice away in a list.
names = dict(zip(reports["report_id"], reports["file_name"]))
health_of = dict(zip(reports["report_id"], health_col))
if len(names) <= MAX_EXPANDERS:
    shown = list(names)
else:
    warned_ids = [rid for rid in names if health_of[rid].startswith(bad)]
    shown = warned_ids[:MAX_EXPANDERS]
    if warned_ids:
        st.caption(t("src.health_warned_shown", L, n=fmt_int(len(shown)), total=fmt_int(len(warned_ids))))
    pick = st.selectbox(t("src.health_pick", L, n=fmt_int(len(names))), list(names), index=None,
                        format_func=lambda rid: f"{names[rid]} — {health_of[rid]}", key="src_report_pick",
                        placeholder=t("src.health_pick_placeholder", L))
    if pick is not None:
        with st.container(border=True):
            st.markdown(f"**{safe_text(names[pick])}** — {safe_text(health_of[pick])}")
            report_detail(pick)
for rid in shown:
    with st.expander(safe_text(f"{names[rid]} — {health_of[rid]}"), expanded=health_of[rid].startswith(bad)):
        report_detail(rid)
uploads_block(L)  # the load log: who loaded which file when, what it replaced
