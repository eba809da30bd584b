"""Регионы-партнёры: a map and a ranking of partner regions (a click filters), then one region in detail.

The map needs no internet: plotly's base layer (land, borders) is read from static/topojson/, which
Streamlit serves at /app/static/topojson/ (see README, "Map data").
"""

from dataclasses import replace

import streamlit as st

from analytics import queries
from ui.chart_element import plotly_chart
from ui.charts import bar_chart, column_chart, partner_map
from ui.data import prefetch, query
from ui.drill import on_click_filter
from ui.i18n import t
from ui.labels import ONGOING, fmt_int, quarter_keys, quarter_labels
from ui.names import short_departments
from ui.page import start, stop_if_empty
from ui.widgets import data_table, metric_row, participants_text

TOPOJSON_URL = "/app/static/topojson/"  # plotly.js appends e.g. "world_50m.json"
MAP_CONFIG = {"topojsonURL": TOPOJSON_URL, "displayModeBar": False, "scrollZoom": False}

L, filters = start("page.regions")
prefetch((queries.count_events, filters, ()), (queries.by_region, filters, ()), (queries.home_regions, None, ()))
total = query(queries.count_events, filters)
stop_if_empty(total, L)

reg = query(queries.by_region, filters)
if reg.empty:
    st.info(t("region.other_partners", L))
    st.stop()


def name_of(row) -> str:
    name = row["name_en"] if L == "en" else row["name_ru"]
    return name if isinstance(name, str) and name else str(row["region_code"])


reg = reg.assign(label=[name_of(r) for _, r in reg.iterrows()])
st.caption(t("drill.region", L))


def region_map(reg, home) -> dict:
    located = reg.dropna(subset=["lat", "lon"])
    partners = [{"lon": float(lon), "lat": float(lat), "events": int(n), "code": code, "label": label}
                for lon, lat, n, code, label in zip(located["lon"], located["lat"], located["events"],
                                                    located["region_code"], located["label"])]
    names = home["name_en"] if L == "en" else home["name_ru"]
    homes = [{"lon": float(lon), "lat": float(lat), "label": name}
             for lon, lat, name in zip(home["lon"], home["lat"], names)]
    return partner_map(partners, homes)


st.subheader(t("chart.map", L))
plotly_chart(region_map(reg, query(queries.home_regions)), key="rg_map", config=MAP_CONFIG,
                on_select=on_click_filter("rg_map", "f_regions"), selection_mode="points")
st.caption(t("map.note", L))

# the ranking, and one region in detail
st.divider()
left, right = st.columns(2)
with left:
    st.subheader(t("chart.region_ranking", L))
    if int(reg["events"].sum()) > total:  # an event with several partner regions is a bar of each
        st.caption(t("chart.shared_events", L, n=fmt_int(query(queries.headline, filters)["multi_partner"])))
    plotly_chart(
        bar_chart(reg["label"].tolist(), reg["events"].astype(int).tolist(), x_title=t("axis.events", L),
                  custom=reg["region_code"].tolist()),
        key="rg_rank", on_select=on_click_filter("rg_rank", "f_regions"), selection_mode="points",
        config={"displayModeBar": False},
    )
codes = reg["region_code"].tolist()
labels = dict(zip(codes, reg["label"]))
single = filters.regions[0] if len(filters.regions) == 1 and filters.regions[0] in codes else None
if single and st.session_state.get("_rg_filtered") != filters.regions:
    st.session_state["rg_pick"] = single  # a click / the sidebar chose one region: show it in detail
elif st.session_state.get("rg_pick") not in codes:
    st.session_state["rg_pick"] = single or codes[0]
st.session_state["_rg_filtered"] = filters.regions
with right:
    code = st.selectbox(t("region.pick", L), codes, key="rg_pick", format_func=lambda c: labels.get(c, c))
    one = replace(filters, regions=(code,))
    prefetch((queries.headline, one, ()), (queries.region_agreements, one, (code,)), (queries.by_quarter, one, ()),
             (queries.by_department, one, ()))
    h = query(queries.headline, one)
    st.subheader(labels.get(code, code))
    metric_row([(t("m.events", L), fmt_int(h["events"])), (t("m.departments", L), fmt_int(h["departments"]))])
    st.metric(t("m.participants", L), participants_text(h, L))
    st.markdown(f"**{t('region.agreements', L)}**")
    agr = query(queries.region_agreements, one, code)
    if agr.empty:
        st.info(t("region.no_agreements", L))
    else:
        agr = agr.assign(kind=[t(f"kind.{k}", L) for k in agr["kind"]])
        data_table(agr[["kind", "title", "events"]], hide_index=True,
                     column_config={"kind": t("col.kind", L), "title": t("col.title", L),
                                    "events": t("col.events", L)})

left, right = st.columns(2)
with left:
    st.subheader(f"{t('region.over_time', L)} — {labels.get(code, code)}")
    qrt = query(queries.by_quarter, one)
    keys = quarter_keys(qrt["quarter"], qrt["ongoing"])
    plotly_chart(
        column_chart(quarter_labels(keys, L), qrt["events"].astype(int).tolist(),
                     y_title=t("axis.events", L), custom=keys),
        key="rg_quarter", on_select=on_click_filter("rg_quarter", "", mode="quarter"), selection_mode="points",
        config={"displayModeBar": False},
    )
    if ONGOING in keys:
        st.caption(t("drill.whole_period", L))
with right:
    st.subheader(f"{t('region.departments', L)} — {labels.get(code, code)}")
    dep = query(queries.by_department, one)
    plotly_chart(
        bar_chart(short_departments(dep["department"]), dep["events"].astype(int).tolist(),
                  x_title=t("axis.events", L), custom=dep["department"].tolist(), hover=dep["department"].tolist()),
        key="rg_department", on_select=on_click_filter("rg_department", "f_departments"), selection_mode="points",
        config={"displayModeBar": False},
    )
