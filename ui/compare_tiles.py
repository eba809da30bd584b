"""The overview's comparison: a line under each headline tile, and the partners and departments that changed."""

from __future__ import annotations

import streamlit as st

from analytics.compare import Comparison
from ui.documents.compare_text import comparison_line, span_label
from ui.i18n import t


def tile_captions(c: Comparison | None, lang: str) -> dict[str, str]:
    """metric key → «+12 к I кв. 2021 · нет данных за II кв. 2020» (empty when nothing can be compared)."""
    if c is None:
        return {}
    return {m: comparison_line(c, m, lang)
            for m in ("events", "unique_events", "partner_regions", "departments", "participants")}


def changes_block(c: Comparison | None, lang: str, region_name, department_name) -> None:  # noqa: ANN001
    """«Новые регионы-партнёры за период» and «Департаменты без мероприятий за период», or why they are unknown."""
    if c is None:
        return
    now, before = span_label(c.current, lang), span_label(c.previous.span, lang)
    if c.new_partners is None or c.quiet_departments is None:
        st.caption(t("cmp.no_previous", lang, now=now, before=before))
        return
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('cmp.new_partners', lang, now=now, before=before)}**")
        st.text(", ".join(region_name(code) for code in c.new_partners) or t("cmp.none", lang))
    with right:
        st.markdown(f"**{t('cmp.quiet_departments', lang, now=now, before=before)}**")
        st.text("\n".join(department_name(d) for d in c.quiet_departments) or t("cmp.none", lang))
