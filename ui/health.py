"""A report's health warning as the upload page shows it (the loader gives codes, the UI words them)."""

from __future__ import annotations

from loaders.preview import Preview
from loaders.table.health import LOW_CONFIDENCE, NO_PARTNER
from ui.i18n import t


def health_message(p: Preview, lang: str = "ru") -> list[str]:
    """The preview's health warning in the UI language: a title line, one line per problem, advice;
    [] when the report is healthy. The upload page shows these in red before the confirm button."""
    h = p.health
    if h is None or h.ok:
        return []
    lines = [t("health.title", lang)]
    for code in h.problems:
        if code == NO_PARTNER:
            lines.append(t("health.no_partner", lang, n=h.events - h.with_partner, total=h.events))
        elif code == LOW_CONFIDENCE:
            lines.append(t("health.low_confidence", lang, c=f"{h.layout_confidence:.2f}"))
        else:
            lines.append(t(f"health.{code}", lang))
    lines.append(t("health.advice", lang))
    return lines
