"""Comparison in words: «+12 к I кв. 2021», «нет данных за I кв. 2021» (labels for analytics.compare)."""

from __future__ import annotations

from analytics.compare import Comparison, Side, Span
from ui.labels import ROMAN, fmt_int, quarter_label

METRICS = ("events", "unique_events", "partner_regions", "departments", "participants")


def span_label(span: Span, lang: str) -> str:
    if span.first == span.last:
        return quarter_label(span.first, lang)
    if span.first[:4] == span.last[:4] and lang != "en":
        return f"{ROMAN[int(span.first[-1])]}–{ROMAN[int(span.last[-1])]} кв. {span.first[:4]}"
    return f"{quarter_label(span.first, lang)} – {quarter_label(span.last, lang)}"


def _signed(n: int) -> str:
    if n > 0:
        return f"+{fmt_int(n)}"
    if n < 0:
        return f"−{fmt_int(-n)}"
    return "±0"


def _approx(numbers: dict[str, object]) -> bool:
    return bool(numbers.get("approx") or numbers.get("at_least"))


def delta_text(c: Comparison, side: Side, metric: str, lang: str) -> str:
    """One comparison of one headline number, in words."""
    where = span_label(side.span, lang)
    if side.numbers is None:
        return f"no data for {where}" if lang == "en" else f"нет данных за {where}"
    now, before = int(c.numbers[metric] or 0), int(side.numbers[metric] or 0)  # type: ignore[call-overload]
    text = _signed(now - before)
    if metric == "participants" and (_approx(c.numbers) or _approx(side.numbers)):
        text = f"≈ {text}"
    return f"{text} vs {where}" if lang == "en" else f"{text} к {where}"


def comparison_line(c: Comparison, metric: str, lang: str) -> str:
    """«+12 к I кв. 2021 · −3 к II кв. 2020».

    With no period chosen the headline counts every period, so the line names the quarter it compares and
    that quarter's own number first: «IV кв. 2021: 17; +6 к III кв. 2021 · нет данных за IV кв. 2020».
    """
    line = " · ".join(delta_text(c, side, metric, lang) for side in (c.previous, c.year_ago))
    if c.chosen:
        return line
    shown = fmt_int(c.numbers[metric])  # type: ignore[arg-type]
    if metric == "participants":
        if not c.numbers.get("with_count"):
            shown = "—"
        elif c.numbers.get("at_least"):
            shown = f"{'at least' if lang == 'en' else 'не менее'} {shown}"
        elif c.numbers.get("approx"):
            shown = f"≈ {shown}"
    return f"{span_label(c.current, lang)}: {shown}; {line}"
