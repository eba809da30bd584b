"""The one set of filters every page shares, its SQL and its URL form."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from analytics.search import clause as search_clause

QUARTER_RE = re.compile(r"^\d{4}-Q[1-4]$")
REPORT_ID_RE = re.compile(r"[0-9]{1,9}")


def quarter_bounds(quarter: str) -> tuple[str, str]:
    """'2021-Q2' → ('2021-04-01', '2021-06-30')."""
    year, q = int(quarter[:4]), int(quarter[-1])
    start_month = 3 * (q - 1) + 1
    end_day = {3: 31, 6: 30, 9: 30, 12: 31}[start_month + 2]
    return f"{year}-{start_month:02d}-01", f"{year}-{start_month + 2:02d}-{end_day}"


@dataclass(frozen=True)
class Filters:
    quarter_from: str | None = None
    quarter_to: str | None = None
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    reports: tuple[int, ...] = ()
    search: str = ""

    def is_empty(self) -> bool:
        return self == Filters()

    def where(self, alias: str = "e") -> tuple[str, dict[str, object]]:
        """SQL condition over `events` (aliased) and its named parameters."""
        a = alias
        parts: list[str] = ["TRUE"]
        params: dict[str, object] = {}
        if self.quarter_from or self.quarter_to:
            q_from = self.quarter_from or "0000-Q1"
            q_to = self.quarter_to or "9999-Q4"
            start = quarter_bounds(q_from)[0] if self.quarter_from else "0001-01-01"
            end = quarter_bounds(q_to)[1] if self.quarter_to else "9999-12-31"
            # ongoing events without a quarter count when their period overlaps the range
            parts.append(
                f"(({a}.quarter BETWEEN $q_from AND $q_to) OR ({a}.quarter IS NULL AND {a}.ongoing "
                f"AND {a}.date_start <= CAST($p_end AS DATE) AND {a}.date_end >= CAST($p_start AS DATE)))"
            )
            params.update(q_from=q_from, q_to=q_to, p_start=start, p_end=end)
        if self.regions:
            # partner_list ('|KOS|SPE|') holds the event's event_partners codes: a substring test on this
            # dictionary-compressed column is ~4x faster than a semi-join over the link table, ~2x faster
            # than list_contains(partner_codes, …)
            tests = [f"contains({a}.partner_list, $region_{i})" for i in range(len(self.regions))]
            parts.append("(" + " OR ".join(tests) + ")")
            params.update({f"region_{i}": f"|{code}|" for i, code in enumerate(self.regions)})
        if self.departments:
            parts.append(f"{a}.department IN (SELECT unnest($departments))")
            params["departments"] = list(self.departments)
        if self.event_types:
            parts.append(f"{a}.event_type IN (SELECT unnest($event_types))")
            params["event_types"] = list(self.event_types)
        if self.formats:
            parts.append(f"coalesce({a}.format, 'unknown') IN (SELECT unnest($formats))")
            params["formats"] = list(self.formats)
        if self.reports:
            parts.append(f"{a}.report_id IN (SELECT unnest($reports))")
            params["reports"] = [int(r) for r in self.reports]
        if self.search.strip():
            # by word form, through the search index (analytics/search.py)
            sql, search_params = search_clause(self.search, a)
            parts.append(sql)
            params.update(search_params)
        return " AND ".join(parts), params

    # URL form: short keys; a list is a repeated key (?region=SPE&region=MOW)
    KEYS = {"quarter_from": "qf", "quarter_to": "qt", "regions": "region", "departments": "dept",
            "event_types": "type", "formats": "format", "reports": "report", "search": "q"}

    def to_query(self) -> dict[str, str | list[str]]:
        out: dict[str, str | list[str]] = {}
        for name, value in asdict(self).items():
            if not value:
                continue
            key = self.KEYS[name]
            out[key] = [str(v) for v in value] if isinstance(value, tuple | list) else str(value)
        return out

    @classmethod
    def from_query(cls, query: dict[str, str | list[str]]) -> Filters:
        return cls.parse_query(query)[0]

    @classmethod
    def parse_query(cls, query: dict[str, str | list[str]]) -> tuple[Filters, list[tuple[str, str]]]:
        """The filters a URL's parameters give, and the (key, value) pairs it could not use.

        Repeated values count once; a malformed quarter or report id and a parameter this dashboard does
        not know are returned as ignored (the caller says so), never dropped silently. Values are not checked
        against the data here (see ui.sidebar)."""
        values: dict[str, object] = {}
        ignored: list[tuple[str, str]] = []
        by_key = {key: name for name, key in cls.KEYS.items()}
        for key, raw in query.items():
            if key not in by_key and key not in NON_FILTER_KEYS:
                items = [raw] if isinstance(raw, str) else list(raw)
                ignored += [(key, str(x)) for x in items] or [(key, "")]
        for f in fields(cls):
            key = cls.KEYS[f.name]
            raw = query.get(key)  # type: ignore[assignment]
            if raw is None:
                continue
            items = [raw] if isinstance(raw, str) else list(raw)
            if f.name in ("quarter_from", "quarter_to"):
                good = [x.strip() for x in items if QUARTER_RE.match(x.strip())]
                ignored += [(key, x) for x in items if not QUARTER_RE.match(x.strip()) and x.strip()]
                ignored += [(key, x) for x in dict.fromkeys(good[:-1]) if x != (good[-1] if good else None)]
                values[f.name] = good[-1] if good else None
            elif f.name == "search":
                values[f.name] = (items[-1] if items else "")[:200]
            elif f.name == "reports":
                # ASCII digits only ("²".isdigit() is True), and a length an id can have (int() of 5,000 digits raises)
                ignored += [(key, x) for x in items if not REPORT_ID_RE.fullmatch(x.strip())]
                values[f.name] = tuple(dict.fromkeys(int(x) for x in items if REPORT_ID_RE.fullmatch(x.strip())))
            else:
                values[f.name] = tuple(dict.fromkeys(x.strip() for x in items if x.strip()))
        return cls(**values), ignored  # type: ignore[arg-type]


NON_FILTER_KEYS = {"lang", "embed", "embed_options"}  # URL parameters understood that are not filters
