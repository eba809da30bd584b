"""Agreements named anywhere in the database, each spelling variant folded into one row."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb
from rapidfuzz import fuzz

from loaders.db.insert import arrow_table, insert_records
from loaders.db.rows import Agreement, AgreementCell
from loaders.fields.enrich import Parts, agreement_parts, partners_of, roadmap_title

SAME_AGREEMENT = 85  # token_sort_ratio of stemmed texts with the same parties
_WORD = re.compile(r"[а-яёa-z0-9]+")


@functools.lru_cache(maxsize=65536)
def stem_key(text: str) -> str:
    """Lower-case, ё→е, hyphenated words joined, every word cut to 5 letters."""
    text = re.sub(r"\s*-\s*", "", text.lower().replace("ё", "е"))
    return " ".join(w[:5] for w in _WORD.findall(text))


def _cell_parts(conn: duckdb.DuckDBPyConnection, known: dict[tuple[str, str | None], Parts]) -> list[tuple]:
    """Every agreement cell of the events, split into its agreements (rows of `agreement_cells`).

    `agreement_cells` keeps the split of every cell between builds, so a build parses only the cells
    that are new (and `known` holds those the worker processes already parsed)."""
    conn.execute(
        """DELETE FROM agreement_cells c WHERE NOT EXISTS (
               SELECT 1 FROM events e JOIN reports r USING (report_id)
               WHERE e.agreement_text = c.agreement_text
                 AND r.home_region_code IS NOT DISTINCT FROM c.home_region_code)""")
    new = conn.execute(
        """SELECT DISTINCT e.agreement_text, r.home_region_code
           FROM events e JOIN reports r USING (report_id)
           WHERE e.agreement_text IS NOT NULL AND trim(e.agreement_text) <> ''
             AND NOT EXISTS (SELECT 1 FROM agreement_cells c WHERE c.agreement_text = e.agreement_text
                             AND c.home_region_code IS NOT DISTINCT FROM r.home_region_code)"""
    ).fetchall()
    insert_records(conn, "agreement_cells", AgreementCell, [
        AgreementCell(text, home, no, part, list(codes))
        for text, home in new
        for no, (part, codes) in enumerate(known.get((text, home)) or agreement_parts(text, home))
    ])
    return conn.execute(
        "SELECT agreement_text, home_region_code, part, partner_codes FROM agreement_cells "
        "ORDER BY agreement_text, home_region_code, part_no").fetchall()


@dataclass(frozen=True)
class _Link:
    """An agreement cell (or a road map's report id) → the agreement it names: joined to the events."""

    source: str
    home: str | None
    kind: str
    agreement_id: int


def rebuild_agreements(
    conn: duckdb.DuckDBPyConnection, known: dict[tuple[str, str | None], Parts] | None = None
) -> int:
    """Recompute `agreements` and `event_agreements` from the events' agreement cells and report titles."""
    roadmaps = conn.execute(
        """SELECT DISTINCT r.report_id, r.title, r.home_region_code FROM reports r
           WHERE r.template = 'roadmap'"""
    ).fetchall()

    groups: dict[tuple[str, tuple[str, ...]], list[list[str]]] = defaultdict(list)  # clusters of texts
    spelling: Counter[str] = Counter()
    links_cell: list[tuple[str, str | None, str, str, tuple[str, ...]]] = []
    for text, home, part, codes in _cell_parts(conn, known or {}):
        spelling[part] += 1
        links_cell.append((text, home, "agreement", part, tuple(codes)))
    for report_id, title, home in roadmaps:
        part = roadmap_title(title)
        codes = tuple(sorted(partners_of(title, home)))
        spelling[part] += 1
        links_cell.append((str(report_id), home, "roadmap", part, codes))

    cluster_of: dict[tuple[str, str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], int]] = {}
    for _, _, kind, part, codes in links_cell:
        key = (kind, codes)
        if (kind, part, codes) in cluster_of:
            continue
        clusters = groups[key]
        stem = stem_key(part)
        for idx, members in enumerate(clusters):
            if fuzz.token_sort_ratio(stem, stem_key(members[0])) >= SAME_AGREEMENT:
                members.append(part)
                cluster_of[(kind, part, codes)] = (key, idx)
                break
        else:
            clusters.append([part])
            cluster_of[(kind, part, codes)] = (key, len(clusters) - 1)

    ids: dict[tuple[tuple[str, tuple[str, ...]], int], int] = {}
    agreement_rows = []
    for (kind, codes), clusters in sorted(groups.items()):
        for idx, members in enumerate(clusters):
            agreement_id = len(ids) + 1
            ids[((kind, codes), idx)] = agreement_id
            title = max(members, key=lambda m: (spelling[m], -len(m)))
            agreement_rows.append(Agreement(agreement_id, kind, title, stem_key(title), list(codes)))

    links = list(dict.fromkeys(
        _Link(source, home, kind, ids[cluster_of[(kind, part, codes)]])
        for source, home, kind, part, codes in links_cell))
    conn.execute("DELETE FROM event_agreements")
    conn.execute("DELETE FROM agreements")
    insert_records(conn, "agreements", Agreement, agreement_rows)
    conn.register("_links", arrow_table(_Link, links))
    conn.execute(
        """INSERT INTO event_agreements BY NAME
           SELECT DISTINCT e.event_id, l.agreement_id
           FROM events e JOIN reports r USING (report_id)
           JOIN _links l ON l.kind = 'agreement' AND l.source = e.agreement_text
                        AND l.home IS NOT DISTINCT FROM r.home_region_code
           UNION
           SELECT e.event_id, l.agreement_id
           FROM events e JOIN _links l ON l.kind = 'roadmap' AND l.source = CAST(e.report_id AS VARCHAR)
           WHERE e.agreement_text IS NULL OR trim(e.agreement_text) = ''"""
    )
    conn.unregister("_links")
    return len(agreement_rows)
