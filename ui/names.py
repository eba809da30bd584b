"""Display names the pages share: short department names, partner regions in the chosen language."""

from __future__ import annotations

from collections.abc import Iterable

from analytics import queries
from analytics.department_names import short_names
from ui.data import query
from ui.labels import department_label


def department_short() -> dict[str, str]:
    """Full department name → its short name, unique over every department in the database."""
    return short_names(query(queries.filter_options)["departments"])


def short_departments(full: Iterable[str]) -> list[str]:
    """The short names of these departments (a name the database does not know stays as it is, none is «—»)."""
    names = department_short()
    return [names[d] if d in names else department_label(d) for d in full]  # NULL → «—»


def region_name_map(lang: str) -> dict[str, str]:
    """Region code → its name in the UI language (English names from data/regions.csv)."""
    names = query(queries.region_names)
    column = "name_en" if lang == "en" else "name_ru"
    return {code: (en if isinstance(en, str) and en else ru) for code, ru, en in
            zip(names["region_code"], names["name_ru"], names[column])}
