"""Обзор: headline numbers, events by region / department / quarter / format, a page of the events, export.

Everything on the page comes from the one Filters value, so the numbers, the charts, the table and the
export add up. A bar click sets a sidebar filter (ui.drill).
"""

import streamlit as st

from analytics import queries
from analytics.compare import compare
from ui import labels
from ui.chart_element import plotly_chart
from ui.charts import GREEN, PURPLE, bar_chart, column_chart
from ui.compare_tiles import changes_block, tile_captions
from ui.data import prefetch, query
from ui.drill import on_click_filter
from ui.i18n import t
from ui.labels import department_label, fmt_int
from ui.names import region_name_map, short_departments
from ui.page import start, stop_if_empty
from ui.top_bars import Bars, fold
from ui.widgets import data_table, download_buttons, metric_row, participants_text

TABLE_ROWS = 100  # rows shown on the page; the export has all of them
TABLE_COLUMNS = ["name", "partners", "department", "date_start", "dates_text", "place_text",
                 "participants_total", "file_name"]

L, filters = start("app.title")
prefetch(*[(fn, filters, ()) for fn in (queries.headline, compare, queries.by_region, queries.by_department,
                                        queries.by_quarter, queries.by_format, queries.count_events)],
         (queries.events_page, filters, (TABLE_ROWS, 0)))  # side by side (ui.prefetch)
h = query(queries.headline, filters)
stop_if_empty(h["events"], L)

unique = h["unique_events"] or h["events"]
share = labels.percent(h["with_count"], unique)  # of the unique events: participants count each once
cmp = query(compare, filters)
vs = tile_captions(cmp, L)
metric_row([
    (t("m.events", L), fmt_int(h["events"])),
    (t("m.unique_events", L), fmt_int(h["unique_events"])),
    (t("m.partner_regions", L), fmt_int(h["partner_regions"])),
], [vs.get("events", ""), vs.get("unique_events", ""), vs.get("partner_regions", "")])
metric_row([
    (t("m.departments", L), fmt_int(h["departments"])),
    (t("m.participants", L), participants_text(h, L)),
    (t("m.with_count", L), share),
], [vs.get("departments", ""), vs.get("participants", ""), ""])
st.caption(t("chart.participants_note", L, known=fmt_int(h["with_count"]), total=fmt_int(unique)))
names = region_name_map(L)
changes_block(cmp, L, lambda code: names.get(code, code), lambda dept: dept)
st.caption(t("drill.overview", L))


def region_labels(df) -> list[str]:
    names = df["name_en"] if L == "en" else df["name_ru"]
    return [str(n) if isinstance(n, str) and n else str(c) for n, c in zip(names, df["region_code"])]


FOLDED = {"regions": ("chart.rest_regions", "chart.top_regions"),  # (the folded bar's hover, the caption)
          "departments": ("chart.rest_departments", "chart.top_departments")}


def top(labels_: list[str], values: list[int], custom: list, hover: list[str], kind: str) -> Bars:
    """At most TOP_BARS bars, the others as one (ui.top_bars); the caption says so."""
    hover_key, caption_key = FOLDED[kind]
    bars = fold(labels_, values, custom, hover, rest_label=lambda n: t("chart.rest", L, n=fmt_int(n)),
                rest_hover=lambda n: t(hover_key, L, n=fmt_int(n)))
    if bars.folded:
        st.caption(t(caption_key, L, shown=fmt_int(len(bars.labels) - 1), total=fmt_int(len(labels_))))
    return bars


def chart(spec, key: str, widget: str, mode: str = "set") -> None:
    plotly_chart(spec, key=key, on_select=on_click_filter(key, widget, mode), selection_mode="points",
                    config={"displayModeBar": False})


reg = query(queries.by_region, filters)
dep = query(queries.by_department, filters)
qrt = query(queries.by_quarter, filters)
fmt = query(queries.by_format, filters)

left, right = st.columns(2)
with left:
    st.subheader(t("chart.by_region", L))
    if int(reg["events"].sum()) > h["events"]:
        st.caption(t("chart.shared_events", L, n=fmt_int(h["multi_partner"])))
    if reg.empty:
        st.info(t("region.other_partners", L))
    else:
        names_ = region_labels(reg)
        bars = top(names_, reg["events"].astype(int).tolist(), reg["region_code"].tolist(), names_, "regions")
        chart(bar_chart(bars.labels, bars.values, x_title=t("axis.events", L), custom=bars.custom, hover=bars.hover,
                        rest_last=bars.folded > 0), "ov_region", "f_regions")
with right:
    st.subheader(t("chart.by_department", L))
    bars = top(short_departments(dep["department"]), dep["events"].astype(int).tolist(), dep["department"].tolist(),
               [department_label(d, L) for d in dep["department"]], "departments")
    chart(bar_chart(bars.labels, bars.values, x_title=t("axis.events", L), custom=bars.custom, hover=bars.hover,
                    rest_last=bars.folded > 0), "ov_department", "f_departments")

quarters = labels.quarter_keys(qrt["quarter"], qrt["ongoing"])  # "2021-Q2" …, "ongoing", "undated"
quarter_labels = labels.quarter_labels(quarters, L)
left, right = st.columns(2)
with left:
    st.subheader(t("chart.by_quarter", L))
    chart(column_chart(quarter_labels, qrt["events"].astype(int).tolist(), y_title=t("axis.events", L),
                       custom=quarters), "ov_quarter", "", mode="quarter")
with right:
    st.subheader(t("chart.participants_by_quarter", L))
    counts = qrt["participants"].astype(int).tolist()
    chart(column_chart(quarter_labels, counts, y_title=t("axis.participants", L), custom=quarters,
                       color=GREEN, text=labels.count_texts(counts)), "ov_quarter_people", "", mode="quarter")
if labels.ONGOING in quarters:
    st.caption(t("drill.whole_period", L))

left, right = st.columns(2)
with left:
    st.subheader(t("chart.participants_by_region", L))
    known = reg[reg["participants"] > 0].sort_values(["participants", "events"], ascending=False)
    if int(known["participants"].sum()) > h["participants"]:
        # an event with several partner regions gives its whole headcount to each: the bars add up to more
        st.caption(t("chart.shared_participants", L, n=fmt_int(h["multi_partner"]),
                     bars=fmt_int(int(known["participants"].sum())), total=fmt_int(h["participants"])))
    if known.empty:
        st.info(t("region.other_partners", L) if reg.empty else t("chart.no_participants", L))
    else:
        names_ = region_labels(known)
        bars = top(names_, known["participants"].astype(int).tolist(), known["region_code"].tolist(), names_, "regions")
        chart(bar_chart(bars.labels, bars.values, x_title=t("axis.participants", L), custom=bars.custom,
                        hover=bars.hover, color=GREEN, text=labels.count_texts(bars.values), rest_last=bars.folded > 0),
              "ov_region_people", "f_regions")
with right:
    st.subheader(t("chart.by_format", L))
    chart(bar_chart([t(f"format.{x}", L) for x in fmt["format"]], fmt["events"].astype(int).tolist(),
                    x_title=t("axis.events", L), custom=fmt["format"].tolist(), color=PURPLE),
          "ov_format", "f_formats")

st.subheader(t("table.events", L))
page = query(queries.events_page, filters, TABLE_ROWS, 0)
REGION = region_name_map(L)
page = page.assign(partners=[", ".join(sorted(REGION.get(c, c) for c in codes)) if codes is not None and len(codes)
                             else None for codes in page["partner_codes"]])
st.caption(t("table.shown", L, shown=fmt_int(len(page)), total=fmt_int(h["events"])))
column_config = {c: t(f"col.{c}", L) for c in TABLE_COLUMNS}
column_config["date_start"] = st.column_config.DateColumn(t("col.date_start", L), format="DD.MM.YYYY")
data_table(page[TABLE_COLUMNS], hide_index=True, column_config=column_config)
download_buttons(filters, L, [], key="overview")
