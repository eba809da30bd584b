"""Источники: the loaded report files, their row accounting, rejected rows and unrecognised fields."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.export import table_to_csv_bytes
from analytics.i18n import fmt_int, t
from ui.data import query
from ui.page import start
from ui.uploads_view import uploads_block

L, _ = start("page.sources")

reports = query("reports_table")
if reports.empty:
    st.info(t("src.empty", L))
    st.stop()
st.caption(t("src.not_filtered", L))


def ddmmyyyy(value: object, with_time: bool = False) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")
    return str(value)


def accounting(r: pd.Series) -> str:
    parts = [r.rows_event, r.rows_heading, r.rows_header, r.rows_total, r.rows_blank, r.rows_reject]
    ok = int(r.rows_source) == sum(int(p) for p in parts)
    sign = "=" if ok else "≠"
    mark = "✓" if ok else "✗ " + t("src.check_bad", L) + ":"
    return f"{mark} {fmt_int(r.rows_source)} {sign} " + " + ".join(fmt_int(p) for p in parts)


st.subheader(t("src.title", L))
table = pd.DataFrame({
    "file_name": reports["file_name"],
    "title": reports["title"],
    "template": [t(f"template.{x}", L) for x in reports["template"]],
    "period": [f"{ddmmyyyy(a)} – {ddmmyyyy(b)}" for a, b in zip(reports["period_start"], reports["period_end"])],
    "events": reports["rows_event"].astype(int),
    "rejects": reports["rows_reject"].astype(int),
    "issues": reports["parse_issues"].astype(int),
    "rows": [accounting(r) for r in reports.itertuples()],
    "loaded_at": [ddmmyyyy(x, with_time=True) for x in reports["loaded_at"]],
})
table = table[["file_name", "period", "template", "events", "rejects", "issues", "rows", "loaded_at", "title"]]
st.dataframe(table, hide_index=True, width="stretch", row_height=60, column_config={
    "file_name": t("col.file_name", L),
    "title": t("col.title", L),
    "template": t("src.template", L),
    "period": t("src.period", L),
    "events": st.column_config.NumberColumn(t("src.events", L), format="%d"),
    "rejects": st.column_config.NumberColumn(t("src.rejects", L), format="%d"),
    "issues": st.column_config.NumberColumn(t("src.issues", L), format="%d"),
    "rows": st.column_config.TextColumn(t("src.rows", L), width="medium"),
    "loaded_at": t("src.loaded_at", L),
})
st.caption(t("src.rows_caption", L))

st.subheader(t("src.rejects_title", L))
rejects = query("rejects_table")
reject_labels = {"file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L),
                 "reason": t("ev.reason", L), "raw_text": t("src.raw_text", L)}
if rejects.empty:
    st.success(t("src.rejects_none", L))
else:
    rejects = rejects[["file_name", "source_ref", "reason", "raw_text"]]
    st.dataframe(rejects, hide_index=True, width="stretch", column_config=reject_labels)
    st.download_button(t("export.csv", L), table_to_csv_bytes(rejects, reject_labels),
                       file_name=t("file.rejects", "ru") + ".csv", mime="text/csv", key="src_rejects_csv")

st.subheader(t("src.issues_title", L))
issues = query("parse_issues_table")
issue_labels = {"file_name": t("col.file_name", L), "source_ref": t("col.source_ref", L),
                "name": t("col.name", L), "field": t("ev.field", L), "raw_text": t("src.raw_text", L),
                "reason": t("ev.reason", L)}
if issues.empty:
    st.success(t("src.issues_none", L))
else:
    issues = issues.assign(field=[t(f"field.{f}", L) for f in issues["field"]])
    issues = issues[["file_name", "source_ref", "field", "reason", "raw_text", "name"]]
    st.dataframe(issues, hide_index=True, width="stretch", column_config=issue_labels)
    st.download_button(t("export.csv", L), table_to_csv_bytes(issues, issue_labels),
                       file_name=t("file.issues", "ru") + ".csv", mime="text/csv", key="src_issues_csv")

uploads_block(L)  # the load log: who loaded which file when, what it replaced
