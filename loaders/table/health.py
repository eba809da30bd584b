"""How sure the loader is about one report: health figures, and the warning when they are poor.

A report whose events mostly have no partner region, whose required columns were not found, whose
layout was guessed with low confidence, whose table holds no event at all, or whose dated events mostly
lie outside the period its title names is not an ordinary OK: `warning_text` says what is missing, the
CLI prints it (`ВНИМАНИЕ …`), the upload preview shows it in red, Источники marks the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.table.columns import Col, Layout
from loaders.table.header_score import Field

MIN_PARTNER_SHARE = 0.5  # fewer events than this with a partner region: a warning
MIN_CONFIDENCE = 0.5  # the least sure key column below this: a warning
MAX_OUT_OF_PERIOD_SHARE = 0.5  # more dated events than this outside the title's period: a warning
OUT_OF_PERIOD = "даты вне отчетного периода"  # the start of the dates parser's issue (loaders/fields/dates.py)

# problem codes (labels in ui/i18n.py: health.<code>)
NO_PARTNER = "no_partner"
NO_PARTNER_SOURCE = "no_partner_column"
NO_DATES_COLUMN = "no_dates_column"
LOW_CONFIDENCE = "low_confidence"
NO_EVENTS = "no_events"
DATES_OUT_OF_PERIOD = "out_of_period"


@dataclass(frozen=True)
class Health:
    events: int
    with_partner: int
    with_date: int
    with_place: int
    template_known: bool
    columns_missing: tuple[str, ...]  # 'partner' (no agreement / partner column, none in the title), 'dates'
    layout_confidence: float
    problems: tuple[str, ...] = field(default=())
    out_of_period: int = 0  # dated events outside the title's period

    @property
    def ok(self) -> bool:
        return not self.problems


def assess(layout: Layout | None, template: str, title_partners: list[str], events: list) -> Health:
    """`events`: EventFields of the report's events."""
    n = len(events)
    with_partner = sum(1 for f in events if f.partners)
    with_date = sum(1 for f in events if f.date_start is not None or f.ongoing)
    with_place = sum(1 for f in events if f.city or f.place_region_code or f.format == "online")
    dated = sum(1 for f in events if f.date_start is not None)
    outside = sum(1 for f in events if any(name == "dates" and why.startswith(OUT_OF_PERIOD)
                                           for name, _raw, why in f.issues))
    missing: list[str] = []
    confidence = layout.confidence if layout else 0.0
    if layout is not None:
        if Col.AGREEMENT not in layout.columns and Field.PARTNER not in layout.roles and not title_partners:
            missing.append("partner")
        if Col.DATES not in layout.columns and Field.DATE_START not in layout.roles:
            missing.append("dates")
    problems: list[str] = []
    if n and with_partner < MIN_PARTNER_SHARE * n:
        problems.append(NO_PARTNER)
    if "partner" in missing:
        problems.append(NO_PARTNER_SOURCE)
    if "dates" in missing:
        problems.append(NO_DATES_COLUMN)
    if confidence < MIN_CONFIDENCE:
        problems.append(LOW_CONFIDENCE)
    if layout is not None and n == 0:
        problems.append(NO_EVENTS)
    if dated and outside > MAX_OUT_OF_PERIOD_SHARE * dated:
        problems.append(DATES_OUT_OF_PERIOD)
    return Health(n, with_partner, with_date, with_place, template != "other", tuple(missing),
                  round(confidence, 2), tuple(problems), outside)


def warning_text(h: Health) -> str | None:
    """The one-line Russian warning (None when the report is healthy)."""
    if h.ok:
        return None
    parts: list[str] = []
    if NO_PARTNER in h.problems:
        parts.append(f"регион-партнёр не найден у {h.events - h.with_partner} из {h.events} мероприятий")
    if NO_PARTNER_SOURCE in h.problems:
        parts.append("не найдена колонка соглашения или региона-партнёра, в заголовке отчёта регион не назван")
    if NO_DATES_COLUMN in h.problems:
        parts.append("не найдена колонка сроков проведения")
    if LOW_CONFIDENCE in h.problems:
        parts.append(f"колонки таблицы распознаны неуверенно (уверенность {h.layout_confidence:.2f})")
    if NO_EVENTS in h.problems:
        parts.append("в таблице не найдено ни одного мероприятия")
    if DATES_OUT_OF_PERIOD in h.problems:
        parts.append(f"у {h.out_of_period} из {h.events} мероприятий даты вне отчётного периода, названного в заголовке")
    return "; ".join(parts) + ": проверьте отчёт перед использованием"
