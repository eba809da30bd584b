"""The selection bar at the top of every page: «Отбор: Санкт-Петербург · II кв. 2021 · … ✕ | Сбросить всё».

It shows every filter that is in force, in words, each part removable on its own (a chart click sets a
filter, so it shows up here too). `parts` is pure (tested without Streamlit); `render` draws it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from analytics.filters import Filters
from ui.i18n import t
from ui.labels import department_label, event_type_label, period_label
from ui.sidebar import ignored_notice, reset_filters

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$])")


@dataclass(frozen=True)
class Part:
    field: str  # a Filters field, or "period" (both quarter bounds)
    value: object  # the code to remove (None for the period and the search)
    text: str  # what the user reads


def parts(filters: Filters, lang: str, options: dict | None = None) -> list[Part]:
    """The chosen filters in reading order: regions, period, departments, types, formats, reports, search."""
    options = options or {}
    region_names = {code: (en if lang == "en" and en else ru) or code for code, ru, en in options.get("regions", [])}
    report_names = {rid: fname for rid, _title, fname in options.get("reports", [])}
    out = [Part("regions", c, region_names.get(c, c)) for c in filters.regions]
    period = period_label(filters.quarter_from, filters.quarter_to, lang)
    if period:
        out.append(Part("period", None, period))
    out += [Part("departments", d, department_label(d, lang, options.get("departments")))
            for d in filters.departments]
    out += [Part("event_types", x, event_type_label(x, lang)) for x in filters.event_types]
    out += [Part("formats", x, t(f"format.{x}", lang)) for x in filters.formats]
    out += [Part("reports", r, report_names.get(r, str(r))) for r in filters.reports]
    if filters.search.strip():
        out.append(Part("search", None, f"«{filters.search.strip()}»"))
    return out


def summary(filters: Filters, lang: str, options: dict | None = None) -> str:
    """The bar as one line of text: «Отбор: Санкт-Петербург · II кв. 2021» / «Отбор: все мероприятия»."""
    chosen = parts(filters, lang, options)
    body = " · ".join(p.text for p in chosen) if chosen else t("sel.everything", lang)
    return f"{t('sel.title', lang)}: {body}"


def remove(part: Part) -> None:
    """A chip's callback (runs before the sidebar is drawn): take this one value out of its filter."""
    s = st.session_state
    if part.field == "period":
        s["f_quarter_from"] = s["f_quarter_to"] = None
    elif part.field == "search":
        s["f_search"] = ""
    else:
        key = f"f_{part.field}"
        s[key] = [v for v in (s.get(key) or []) if v != part.value]


def _escape(text: str) -> str:
    """Button labels are markdown; names are data, shown as written."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render(filters: Filters, lang: str, options: dict | None = None) -> None:
    """The bar (and the notice about a link's unusable values) under the page title."""
    notice = ignored_notice(filters, lang)
    if notice:
        st.warning(notice)
    chosen = parts(filters, lang, options)
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="sel_bar"):
        st.markdown(f"**{t('sel.title', lang)}:**" + ("" if chosen else f" {t('sel.everything', lang)}"))
        for i, part in enumerate(chosen):
            st.button(f"{_escape(part.text)} ✕", key=f"sel_x_{i}", on_click=remove, args=(part,),
                      help=t("sel.remove", lang), type="secondary")
        if chosen:
            st.button(t("sel.reset", lang), key="sel_reset", on_click=reset_filters, type="tertiary",
                      icon=":material/filter_alt_off:")
