"""The load log block on Источники: who loaded which file when, and what it replaced (table `uploads`)."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from analytics.uploads import uploads_table
from ui.data import connection
from ui.i18n import t
from ui.labels import fmt_int
from ui.widgets import data_table


def _who(value: str, language: str) -> str:
    if value.startswith("local:"):
        return ("без входа, с этого компьютера" if language == "ru" else "no login, this computer") + f" ({value[6:]})"
    if value.startswith("cli:"):
        return ("командная строка" if language == "ru" else "command line") + f" ({value[4:]})"
    return value


def uploads_block(language: str) -> None:
    st.subheader(t("src.uploads_title", language))
    conn = connection()
    if conn is None:
        return
    try:
        log = uploads_table(conn)
    except duckdb.Error:
        return
    finally:
        conn.close()
    if log.empty:
        st.caption(t("src.uploads_none", language))
        return

    def count(v: object) -> str:
        return "—" if v is None or pd.isna(v) else fmt_int(int(v))

    table = pd.DataFrame({
        "uploaded_at": [x.strftime("%d.%m.%Y %H:%M") for x in log["uploaded_at"]],
        "uploaded_by": [_who(str(x), language) for x in log["uploaded_by"]],
        "file_name": log["file_name"],
        "status": [t(f"upload_status.{x}", language) for x in log["status"]],
        "replaced": log["replaced"].fillna("—"),
        "events": [f"{count(a)} → {count(b)}" for a, b in zip(log["events_before"], log["events_after"])],
    })
    data_table(table, hide_index=True, width="stretch", column_config={
        "uploaded_at": t("src.uploaded_at", language), "uploaded_by": t("src.uploaded_by", language),
        "file_name": t("col.file_name", language), "status": t("src.upload_status", language),
        "replaced": t("src.upload_replaced", language), "events": t("src.upload_events", language)})
