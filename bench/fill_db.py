"""Fill a database with N synthetic events for query benchmarks, without parsing any file.

    .venv/bin/python bench/fill_db.py --events 1000000 --db /tmp/bench-1m.duckdb [--seed 0]

Rows are drawn in bulk with numpy (integer codes into small vocabularies) and inserted with one
``INSERT … BY NAME SELECT`` per table from registered DataFrames, where DuckDB joins the codes to their
texts: never row by row. The layout is the loader's (loaders.db.store.ensure_schema, docs/schema.md):
quarterly and annual reports 2019–2024 of ~50–450 events, ~40 departments, all partner regions
(skewed towards neighbours), event types, formats, participant counts with qualifiers, ~10% ongoing
events, ~2% duplicates linked to an earlier twin, agreements and road maps with their links.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics.stored_answers import STORED  # noqa: E402
from bench.synth import (  # noqa: E402
    HOME,
    MONTHS_GEN,
    NAME_FORMS,
    RESULTS,
    SPHERES,
    SPORTS,
    TOPICS,
    VENUES,
    departments,
    partners,
)
from loaders.db.store import PARTNER_LIST_SQL, ensure_schema  # noqa: E402
from loaders.derive import search_index  # noqa: E402

TYPES = [("конференция", 10), ("форум", 8), ("конкурс", 8), ("выставка", 7), ("соревнования", 9), ("фестиваль", 8),
         ("семинар/совещание", 14), ("рабочая встреча", 12), ("обмен опытом", 10), ("повышение квалификации", 4),
         ("бизнес-миссия/тур", 3), ("учения", 1), ("прочее", 6)]
FORMATS = [("offline", 55), ("online", 25), ("hybrid", 5), (None, 15)]
QUALIFIERS = [("exact", 70), ("approx", 20), ("at_least", 10)]


def _p(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _vocab(name: str, values: list) -> pd.DataFrame:
    return pd.DataFrame({"i": np.arange(len(values), dtype=np.int32), name: values})


def fill(db_path: str | Path, n_events: int, seed: int = 0, chunk: int = 250_000) -> dict[str, float]:
    """Create `db_path` (replacing it) with `n_events` events. Returns timings."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    db_path = Path(db_path)
    for p in (db_path, db_path.with_name(db_path.name + ".wal")):
        p.unlink(missing_ok=True)
    conn = duckdb.connect(str(db_path))
    ensure_schema(conn)

    regions = partners()
    codes = [p.code for p in regions]
    n_reg = len(codes)
    reg_w = _p(1.0 / (1 + np.arange(n_reg)) ** 0.8)  # a few partners dominate
    rng.shuffle(reg_w)
    depts = departments()
    dept_w = _p(1.0 / (1 + np.arange(len(depts))) ** 0.6)

    # ---- reports: sizes 50..450 summing to n_events
    sizes = []
    left = n_events
    while left > 0:
        s = int(min(left, rng.integers(50, 451)))
        sizes.append(s)
        left -= s
    n_rep = len(sizes)
    sizes = np.array(sizes, dtype=np.int64)
    report_id = np.arange(1, n_rep + 1, dtype=np.int64)
    annual = rng.random(n_rep) < 0.2
    year = rng.integers(2019, 2025, n_rep)
    q = rng.integers(1, 5, n_rep)
    p_start = pd.to_datetime(pd.DataFrame({"year": year, "month": np.where(annual, 1, 3 * (q - 1) + 1), "day": 1}))
    p_end = np.where(annual, pd.to_datetime(pd.DataFrame({"year": year, "month": 12, "day": 31})),
                     p_start + pd.offsets.QuarterEnd(0))
    p_end = pd.Series(pd.to_datetime(p_end))
    template = np.where(rng.random(n_rep) < 0.6, "agreements", "roadmap")
    fmt = np.where(rng.random(n_rep) < 0.5, "xlsx", "docx")
    rm_partner = rng.choice(n_reg, n_rep, p=reg_w)
    roman = np.array(["", "I", "II", "III", "IV"])
    period_txt = np.where(annual, np.char.add(np.char.add("в ", year.astype(str)), " году"),
                          np.char.add(np.char.add(np.char.add(np.where(q == 2, "во ", "в "), roman[q]), " квартале "),
                                      np.char.add(year.astype(str), " года")))
    ablt = np.array([p.ablt for p in regions], dtype=object)
    title = np.where(
        template == "agreements",
        "Отчет о реализации соглашений в сфере межрегионального сотрудничества " + period_txt.astype(object),
        "Отчет об исполнении " + period_txt.astype(object)
        + " Плана мероприятий «Дорожной карты» по развитию сотрудничества между " + ablt[rm_partner]
        + " и Смоленской областью")
    title = title + " (Часть " + report_id.astype(str).astype(object) + ")"
    rejects_n = rng.choice([0, 0, 0, 1, 2], n_rep)
    reports = pd.DataFrame({
        "report_id": report_id.astype(np.int32),
        "file_name": [f"bench-{i:05d}-{t}.{f}" for i, t, f in zip(report_id, template, fmt)],
        "sha256": [f"{x:064x}" for x in rng.integers(0, 2**62, n_rep)],
        "format": fmt, "template": template, "title": title,
        "period_start": p_start.dt.date, "period_end": p_end.dt.date,
        "period_kind": np.where(annual, "year", "quarter"), "home_region_code": HOME,
        "loaded_at": pd.Timestamp("2025-01-15 10:00:00"),
        "rows_source": sizes + rejects_n + 8, "rows_event": sizes, "rows_heading": 6, "rows_header": 2,
        "rows_total": 0, "rows_blank": 0, "rows_reject": rejects_n,
    })
    conn.register("_r", reports)
    conn.execute("INSERT INTO reports BY NAME SELECT * FROM _r")
    conn.unregister("_r")
    rej = reports.loc[reports.rows_reject > 0, ["report_id", "file_name", "rows_reject"]]
    rej = rej.loc[rej.index.repeat(rej.rows_reject)]
    conn.register("_rej", rej)
    conn.execute("""INSERT INTO rejects BY NAME SELECT report_id, file_name,
                    'sheet ''Отчет'' row ' || (10 + row_number() OVER ()) AS source_ref,
                    '7. | 12 мая 2021 года | г. Смоленск' AS raw_text, 'нет наименования мероприятия' AS reason FROM _rej""")
    conn.unregister("_rej")

    # ---- vocabularies (DuckDB joins the codes to these)
    names = sorted({f.format(t=t, z=z[2], sport=s) for f in NAME_FORMS for t in TOPICS for z in SPHERES[:6]
                    for s in SPORTS[:2]})
    cities = [(p.cities[0], p.code) for p in regions] + [("Смоленск", HOME)]
    agr_titles = [f"Соглашение между Администрацией Смоленской области и Правительством {p.gent} о сотрудничестве"
                  for p in regions]
    vocab = {
        "v_name": _vocab("name", names), "v_dept": _vocab("department", depts),
        "v_result": _vocab("result_text", [r or None for r in RESULTS]),
        "v_venue": _vocab("venue", VENUES), "v_city": pd.DataFrame({"i": np.arange(len(cities)),
                                                                    "city": [c for c, _ in cities],
                                                                    "code": [r for _, r in cities]}),
        "v_region": pd.DataFrame({"i": np.arange(n_reg), "code": codes, "gent": [p.gent for p in regions],
                                  "agr": agr_titles}),
        "v_type": _vocab("event_type", [t for t, _ in TYPES]),
        "v_format": _vocab("format", [f for f, _ in FORMATS]),
        "v_qual": _vocab("qual", [x for x, _ in QUALIFIERS]),
        "v_month": _vocab("month", MONTHS_GEN),
    }
    for k, v in vocab.items():
        conn.register(k, v)
    regions_lookup = conn.execute("SELECT region_code, name_ru FROM regions").fetchall()
    name_ru = dict(regions_lookup)

    # ---- agreements: one or two per partner region, plus each road map partner
    agr_rows = []
    agr_of_region: dict[int, list[int]] = {}
    for i, p in enumerate(regions):
        for k in range(1 + (i % 2)):
            agr_rows.append((len(agr_rows) + 1, "agreement", agr_titles[i] + (" (новая редакция)" if k else ""),
                             f"agr-{p.code}-{k}", [p.code]))
            agr_of_region.setdefault(i, []).append(len(agr_rows))
    rm_agr = {}
    for i in sorted(set(rm_partner[template == "roadmap"].tolist())):
        agr_rows.append((len(agr_rows) + 1, "roadmap", f"«Дорожная карта» по развитию сотрудничества между "
                         f"{regions[i].ablt} и Смоленской областью", f"rm-{regions[i].code}", [regions[i].code]))
        rm_agr[i] = len(agr_rows)
    agr_df = pd.DataFrame(agr_rows, columns=["agreement_id", "kind", "title", "norm_key", "partner_codes"])
    conn.register("_a", agr_df)
    conn.execute("INSERT INTO agreements BY NAME SELECT * FROM _a")
    conn.unregister("_a")
    first_agr = np.array([agr_of_region[i][0] for i in range(n_reg)])
    n_agr = np.array([len(agr_of_region[i]) for i in range(n_reg)])
    rm_agr_arr = np.zeros(n_reg, dtype=np.int64)
    for i, a in rm_agr.items():
        rm_agr_arr[i] = a

    # ---- events, in chunks of whole reports
    t_gen = time.perf_counter()
    rep_index = np.repeat(np.arange(n_rep), sizes)
    row_no = np.concatenate([np.arange(1, s + 1) for s in sizes])
    all_ids = report_id[rep_index] * 1_000_000 + row_no
    root = np.arange(n_events)  # as the loader links twins: each points at its group's earliest event
    for lo in range(0, n_events, chunk):
        hi = min(lo + chunk, n_events)
        n = hi - lo
        ri = rep_index[lo:hi]
        rid = report_id[ri]
        event_id = rid * 1_000_000 + row_no[lo:hi]
        ps = p_start.values[ri].astype("datetime64[D]")
        pe = p_end.values[ri].astype("datetime64[D]")
        span = (pe - ps).astype(np.int64) + 1
        start = ps + (rng.random(n) * span).astype(np.int64)
        kind = rng.choice(4, n, p=[0.6, 0.15, 0.15, 0.10])  # day, month, range, ongoing
        ongoing = kind == 3
        months = start.astype("datetime64[M]")
        d_start = np.where(kind == 1, months.astype("datetime64[D]"), np.where(ongoing, ps, start))
        month_end = (months + 1).astype("datetime64[D]") - 1
        d_end = np.where(kind == 1, month_end,
                         np.where(kind == 2, np.minimum(start + rng.integers(1, 3, n), pe), np.where(ongoing, pe, start)))
        nodate = rng.random(n) < 0.01
        is_annual = annual[ri]
        qy = d_start.astype("datetime64[Y]").astype(np.int64) + 1970
        qn = (d_start.astype("datetime64[M]").astype(np.int64) % 12) // 3 + 1
        quarter = np.char.add(np.char.add(qy.astype(str), "-Q"), qn.astype(str)).astype(object)
        quarter[nodate | (ongoing & is_annual)] = None
        partner = np.where(template[ri] == "roadmap", rm_partner[ri], rng.choice(n_reg, n, p=reg_w))
        has_count = rng.random(n) < 0.65
        total = np.round(np.exp(rng.normal(3.6, 1.0, n))).astype(np.int64) + 2
        qual = rng.choice(len(QUALIFIERS), n, p=_p([w for _, w in QUALIFIERS]))
        place_kind = rng.choice(4, n, p=[0.5, 0.2, 0.1, 0.2])  # partner city, Smolensk, venue, remote
        dup = (rng.random(n) < 0.02) & (lo + np.arange(n) > 1000)
        target = (rng.random(n) * (lo + np.arange(n))).astype(np.int64)  # an earlier event
        for k in np.flatnonzero(dup):
            root[lo + k] = root[target[k]]
        # partners: the event's partner, and a second one for ~5% (three-party agreements)
        second = rng.random(n) < 0.05
        other = (partner + rng.integers(1, n_reg, n)) % n_reg
        code_arr = np.array(codes, dtype=object)
        frame = pd.DataFrame({
            "event_id": event_id, "report_id": rid.astype(np.int32), "row_no": row_no[lo:hi].astype(np.int32),
            "dept": rng.choice(len(depts), n, p=dept_w).astype(np.int32),
            "agr": np.where(template[ri] == "agreements", partner, -1).astype(np.int32),
            "name_i": rng.integers(0, len(names), n).astype(np.int32),
            "date_kind": kind.astype(np.int8),
            "date_start": np.where(nodate, np.datetime64("NaT"), d_start),
            "date_end": np.where(nodate, np.datetime64("NaT"), d_end),
            "ongoing": ongoing, "quarter": quarter,
            "total": np.where(has_count, total, -1), "qual": np.where(has_count, qual, -1).astype(np.int8),
            "regions_count": np.where(rng.random(n) < 0.05, rng.integers(2, 60, n), -1),
            "delegation": np.where(rng.random(n) < 0.08, rng.integers(2, 20, n), -1),
            "place_kind": place_kind.astype(np.int8), "partner": partner.astype(np.int32),
            "venue": rng.integers(0, len(VENUES), n).astype(np.int16),
            "fmt": rng.choice(len(FORMATS), n, p=_p([w for _, w in FORMATS])).astype(np.int8),
            "type": rng.choice(len(TYPES), n, p=_p([w for _, w in TYPES])).astype(np.int8),
            "result": rng.integers(0, len(RESULTS), n).astype(np.int8),
            "dup_of": np.where(dup, all_ids[root[lo:hi]], -1),
            "p_code": code_arr[partner], "p2_code": np.where(second, code_arr[other], None),
        })
        conn.register("_e", frame)
        conn.execute(f"""
            INSERT INTO events BY NAME
            SELECT *, {PARTNER_LIST_SQL} AS partner_list FROM (
            SELECT e.event_id, e.report_id, e.row_no, e.row_no || '.' AS item_no, d.department,
                   CASE WHEN e.agr >= 0 THEN g.agr END AS agreement_text,
                   n.name,
                   CASE WHEN e.date_start IS NULL THEN 'дата уточняется'
                        WHEN e.date_kind = 3 THEN 'в течение всего периода'
                        WHEN e.date_kind = 1 THEN strftime(e.date_start, '%m.%Y')
                        WHEN e.date_kind = 2 THEN day(e.date_start) || '-' || day(e.date_end) || ' ' || mo.month
                                               || chr(10) || year(e.date_start) || ' года'
                        ELSE day(e.date_start) || ' ' || mo.month || ' ' || year(e.date_start) || ' года' END
                   AS dates_text,
                   CASE e.place_kind WHEN 0 THEN 'г. ' || c.city WHEN 1 THEN 'г. Смоленск'
                        WHEN 2 THEN v.venue || ',' || chr(10) || 'г. ' || c.city ELSE 'Дистанционный формат' END
                   AS place_text,
                   CASE WHEN e.total >= 0 THEN
                        CASE e.qual WHEN 1 THEN 'около ' WHEN 2 THEN 'более ' ELSE 'Общее количество участников ' END
                        || e.total || ' человек'
                        ELSE 'Представители органов власти Смоленской области и ' || g.gent END
                   AS participants_text,
                   res.result_text, NULL AS extra_text,
                   'sheet ''Отчет'' row ' || (e.row_no + 8) AS source_ref,
                   e.date_start::DATE AS date_start, e.date_end::DATE AS date_end,
                   CASE WHEN e.date_start IS NULL THEN NULL
                        ELSE ['day', 'month', 'day', 'period'][e.date_kind + 1] END AS date_precision,
                   e.ongoing, e.quarter,
                   CASE WHEN e.total >= 0 THEN e.total END AS participants_total,
                   CASE WHEN e.total >= 0 THEN q.qual END AS participants_qualifier,
                   CASE WHEN e.regions_count >= 0 THEN e.regions_count END AS regions_count,
                   CASE WHEN e.delegation >= 0 THEN e.delegation END AS delegation_size,
                   CASE e.place_kind WHEN 1 THEN 'Смоленск' WHEN 3 THEN NULL ELSE c.city END AS city,
                   CASE e.place_kind WHEN 1 THEN 'SMO' WHEN 3 THEN NULL ELSE c.code END AS place_region_code,
                   CASE WHEN e.place_kind = 3 THEN 'online' ELSE f.format END AS format,
                   t.event_type,
                   CASE WHEN e.dup_of >= 0 THEN CAST(e.dup_of AS VARCHAR) ELSE CAST(e.event_id AS VARCHAR) END
                   AS event_key,
                   CASE WHEN e.dup_of >= 0 THEN e.dup_of END AS duplicate_of,
                   list_sort(list_filter([e.p_code, e.p2_code], lambda x: x IS NOT NULL)) AS partner_codes
            FROM _e e
            JOIN v_dept d ON d.i = e.dept
            JOIN v_region g ON g.i = e.partner
            JOIN v_city c ON c.i = e.partner
            JOIN v_name n ON n.i = e.name_i
            JOIN v_venue v ON v.i = e.venue
            JOIN v_format f ON f.i = e.fmt
            JOIN v_type t ON t.i = e.type
            JOIN v_result res ON res.i = e.result
            LEFT JOIN v_qual q ON q.i = e.qual
            LEFT JOIN v_month mo ON mo.i = month(coalesce(e.date_start, DATE '2000-01-01')) - 1
            ORDER BY e.event_id)""")
        conn.unregister("_e")
        pe_ids = np.concatenate([event_id, event_id[second]])
        pe_reg = np.concatenate([partner, other[second]])
        pf = pd.DataFrame({"event_id": pe_ids, "region_code": np.array(codes, dtype=object)[pe_reg]})
        pf["region_name"] = pf["region_code"].map(name_ru)
        conn.register("_p", pf)
        conn.execute("INSERT INTO event_partners BY NAME SELECT * FROM _p")
        conn.unregister("_p")
        mention = rng.random(n) < 0.2
        mf = pd.DataFrame({"event_id": event_id[mention],
                           "region_code": np.array(codes, dtype=object)[rng.choice(n_reg, mention.sum(), p=reg_w)]})
        conn.register("_m", mf)
        conn.execute("INSERT INTO event_mentioned_regions BY NAME SELECT * FROM _m")
        conn.unregister("_m")
        # event_agreements: agreement reports → one of the partner's agreements; road maps → the road map
        is_agr = template[ri] == "agreements"
        agr_id = np.where(is_agr, first_agr[partner] + (rng.integers(0, 2, n) % n_agr[partner]), rm_agr_arr[partner])
        ea = pd.DataFrame({"event_id": event_id, "agreement_id": agr_id.astype(np.int32)})
        conn.register("_ea", ea)
        conn.execute("INSERT INTO event_agreements BY NAME SELECT * FROM _ea")
        conn.unregister("_ea")
        issue = rng.random(n) < 0.01
        pi = pd.DataFrame({"event_id": event_id[issue], "field": "dates_text", "raw_text": "дата уточняется",
                           "reason": "дата не распознана"})
        conn.register("_pi", pi)
        conn.execute("INSERT INTO parse_issues BY NAME SELECT * FROM _pi")
        conn.unregister("_pi")
    conn.execute(f"DROP SEQUENCE report_ids; CREATE SEQUENCE report_ids START {n_rep + 1}")
    for k in vocab:
        conn.unregister(k)
    t_ins = time.perf_counter()
    search_index.update(conn)  # as a build ends: the text-search index, then the stored "no filter" answers
    t_idx = time.perf_counter()
    STORED.refresh(conn)
    t_sum = time.perf_counter()
    conn.execute("CHECKPOINT")
    conn.close()
    t_end = time.perf_counter()
    return {"reports": n_rep, "prepare_s": t_gen - t0, "events_s": t_ins - t_gen, "index_s": t_idx - t_ins,
            "summaries_s": t_sum - t_idx,
            "checkpoint_s": t_end - t_sum, "total_s": t_end - t0}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    stats = fill(args.db, args.events, args.seed)
    print(f"{args.events} events in {stats['reports']} reports → {args.db}: {stats['total_s']:.1f} s "
          f"(prepare {stats['prepare_s']:.1f}, events {stats['events_s']:.1f}, search index {stats['index_s']:.1f}, "
          f"summaries {stats['summaries_s']:.1f}, "
          f"checkpoint {stats['checkpoint_s']:.1f})")


if __name__ == "__main__":
    main()
