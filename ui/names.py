"""Display names the pages share: short department names, partner regions in the chosen language."""

from __future__ import annotations

from collections.abc import Iterable

from analytics import queries
from ui.data import query
from ui.labels import department_label


# Both are asked for several times a rerun: computed once per database version (and language) through
# ui.data.query, shared by every session.
def department_short() -> dict[str, str]:
    """Full department name → its short name, unique over every department in the database."""
    return query(queries.department_short_names)


def short_departments(full: Iterable[str]) -> list[str]:
    """The short names of these departments (a name the database does not know stays as it is, none is «—»)."""
    names = department_short()
    return [names[d] if d in names else department_label(d) for d in full]  # NULL → «—»


def region_name_map(lang: str) -> dict[str, str]:
    """Region code → its name in the UI language (English names from data/regions.csv)."""
    return query(queries.region_name_map, None, lang)
