"""Департаменты: activity per department, its partner regions and its quarters. A bar click filters."""

import streamlit as st

from analytics import queries
from ui.chart_element import plotly_chart
from ui.charts import GREEN, bar_chart, heatmap, stacked_columns
from ui.data import prefetch, query
from ui.drill import on_click_filter
from ui.i18n import t
from ui.labels import NO_VALUE, count_texts, department_label, quarter_keys, quarter_labels, quarter_order
from ui.names import department_short
from ui.page import start, stop_if_empty

L, filters = start("dep.title")
prefetch(*[(fn, filters, ()) for fn in (queries.count_events, queries.by_department, queries.department_region_matrix,
                                        queries.department_quarter)])  # side by side (ui.prefetch)
stop_if_empty(query(queries.count_events, filters), L)


dep = query(queries.by_department, filters)
SHORT = department_short()  # unique short names: the full name is on hover, in tables and exports


def shorts(full) -> list[str]:
    return [SHORT[d] if d in SHORT else department_label(d, L) for d in full]  # NULL → «—»


st.caption(t("dep.click", L))
left, right = st.columns(2)
with left:
    st.subheader(t("dep.events", L))
    plotly_chart(
        bar_chart(shorts(dep["department"]), dep["events"].astype(int).tolist(), x_title=t("axis.events", L),
                  custom=dep["department"].tolist(), hover=dep["department"].tolist()),
        key="dep_events", on_select=on_click_filter("dep_events", "f_departments"), selection_mode="points",
    )
with right:
    st.subheader(t("dep.participants", L))
    by_people = dep.sort_values(["participants", "events"], ascending=False)
    people_chart = bar_chart(shorts(by_people["department"]), by_people["participants"].astype(int).tolist(),
                  x_title=t("axis.participants", L), color=GREEN, custom=by_people["department"].tolist(),
                  hover=by_people["department"].tolist(), text=count_texts(by_people["participants"].astype(int).tolist()))
    people_chart["data"][0].update(textposition="outside", cliponaxis=False)  # «—» beside an empty bar, readable
    plotly_chart(
        people_chart, key="dep_people", on_select=on_click_filter("dep_people", "f_departments"), selection_mode="points",
    )

# department × partner region
st.subheader(t("dep.matrix", L))
matrix = query(queries.department_region_matrix, filters)
if matrix.empty:
    st.info(t("dep.no_partners", L))
else:
    names = query(queries.region_names)
    if L == "en":
        en = dict(zip(names["region_code"], names["name_en"]))
        matrix = matrix.assign(region=[en.get(c) or r or c for c, r in zip(matrix["region_code"], matrix["region"])])
    matrix = matrix.assign(region=matrix["region"].fillna(matrix["region_code"]),
                           department=matrix["department"].fillna(NO_VALUE))  # a row without a department
    grid = matrix.pivot_table(index="department", columns="region", values="events", aggfunc="sum", fill_value=0)
    grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False).index,
                    grid.sum(axis=0).sort_values(ascending=False).index]
    departments = grid.index.tolist()
    regions = grid.columns.tolist()
    z = grid.to_numpy().astype(int)
    fig = heatmap(z.tolist(), regions, [department_label(d, L) for d in departments], shorts(departments))
    st.caption(t("dep.matrix_caption", L))
    plotly_chart(fig, key="dep_matrix")

# department × quarter
st.subheader(t("dep.trend", L))
trend = query(queries.department_quarter, filters)
trend = trend.assign(quarter=quarter_keys(trend["quarter"], trend["ongoing"]),  # "2021-Q2", "ongoing", "undated"
                     department=trend["department"].fillna(NO_VALUE))
quarters = sorted(trend["quarter"].unique(), key=quarter_order)
# one department × quarter grid (not a scan of the rows per department), busiest department first
counts = trend.pivot_table(index="department", columns="quarter", values="events", aggfunc="sum", fill_value=0)
counts = counts.reindex(columns=quarters, fill_value=0)
order = counts.sum(axis=1).sort_values(ascending=False, kind="stable").index
series = [(short, department, [int(v) for v in counts.loc[department]])
          for short, department in zip(shorts(order), order)]
fig = stacked_columns(quarter_labels(quarters, L), series, x_title=t("axis.quarter", L), y_title=t("axis.events", L))
plotly_chart(fig, key="dep_trend", on_select=on_click_filter("dep_trend", "f_departments"), selection_mode="points")
st.caption(t("dep.click", L))
