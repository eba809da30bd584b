"""Соглашения: each agreement / road map with its events per quarter; dormant ones first."""

import streamlit as st

from analytics import queries
from ui.data import prefetch, query
from ui.heat_table import heat_table
from ui.i18n import t
from ui.labels import ONGOING, fmt_int, quarter_keys, quarter_label, quarter_order, region_name
from ui.page import start, stop_if_empty
from ui.widgets import data_table

L, filters = start("agr.title")
prefetch(*[(fn, filters, ()) for fn in (queries.count_events, queries.agreements_by_quarter,
                                        queries.agreement_activity)])  # side by side (ui.prefetch)
stop_if_empty(query(queries.count_events, filters), L)

raw = query(queries.agreements_by_quarter, filters)
if raw.empty:
    st.info(t("agr.no_agreements", L))
    st.stop()

names = query(queries.region_names)
name_of = dict(zip(names["region_code"], names["name_en" if L == "en" else "name_ru"]))
whole = quarter_label(ONGOING, L)


def partners(codes) -> str:
    return ", ".join(region_name(c, name_of) for c in (list(codes) if codes is not None else []))


# one column per quarter key ("2021-Q2", "ongoing", "undated"), in order, headed by its label
raw = raw.assign(quarter=quarter_keys(raw["quarter"], raw["ongoing"]))
base = (raw.drop_duplicates("agreement_id").set_index("agreement_id")[["kind", "title", "partner_codes"]])
base = base.assign(kind=[t(f"kind.{k}", L) for k in base["kind"]],
                   partners=[partners(c) for c in base["partner_codes"]]).drop(columns="partner_codes")
counted = raw[raw["events"] > 0]
grid = counted.pivot_table(index="agreement_id", columns="quarter", values="events", aggfunc="sum", fill_value=0)
keys = sorted(grid.columns, key=quarter_order)
grid = grid.reindex(index=base.index, columns=keys, fill_value=0).astype(int)
grid.columns = quarters = [quarter_label(q, L) for q in keys]
table = base.join(grid)
table[t("col.total", L)] = grid.sum(axis=1) if quarters else 0
total_col = t("col.total", L)

labels = {"title": t("col.title", L), "kind": t("col.kind", L), "partners": t("col.partner_regions", L)}

# 1. dormant agreements first: what leaders ask about. Only the filters that apply to an agreement count
# (the period and its parties among the chosen partner regions); agreements with other parties are not listed.
activity = query(queries.agreement_activity, filters)
dormant = base.loc[activity.loc[activity["events"] == 0, "agreement_id"]]
st.subheader(t("agr.dormant", L))
if activity.empty:
    st.info(t("agr.none_with_regions", L))
elif dormant.empty:
    st.success(t("agr.dormant_none", L))
else:
    st.warning(t("agr.dormant_count", L, n=fmt_int(len(dormant)), total=fmt_int(len(activity))))
    data_table(dormant[["partners", "kind", "title"]], hide_index=True, width="stretch",
                 height=35 * (len(dormant) + 1) + 3, column_config=labels)
if filters.regions:
    st.caption(t("agr.regions_apply", L))
if filters != type(filters)(quarter_from=filters.quarter_from, quarter_to=filters.quarter_to,
                            regions=filters.regions):
    st.caption(t("agr.other_filters", L))

# 2. the others, with events per quarter (cells coloured by count)
active = table[table[total_col] > 0].sort_values(total_col, ascending=False)
if not active.empty:
    st.subheader(t("agr.active", L))
    st.caption(t("agr.active_caption", L))
    peak = max(int(grid.to_numpy().max()) if quarters else 1, 1)
    shown = active[["partners", "kind", *quarters, total_col, "title"]]
    styled = heat_table(shown, quarters, peak, uuid="agr_active")  # styles kept per content (ui.heat_table)
    config = {**labels, total_col: st.column_config.NumberColumn(total_col, format="%d", width="small")}
    for q in quarters:
        config[q] = st.column_config.Column(q, width="small" if q != whole else None)
    data_table(styled, hide_index=True, column_config=config, width="stretch",
                 height=35 * (len(shown) + 1) + 3)
