"""What Источники says about each loaded report: its row accounting and its health (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ui.i18n import t
from ui.labels import NO_VALUE, fmt_int

ROW_PARTS = ("rows_event", "rows_heading", "rows_header", "rows_total", "rows_blank", "rows_reject")


def accounting(r: Any, lang: str = "ru") -> str:
    """«✓ 120 = 86 + 3 + 2 + 1 + 28 + 0»: the source rows and where each went; ✗ when they do not add up."""
    parts = [getattr(r, name) for name in ROW_PARTS]
    ok = int(r.rows_source) == sum(int(p) for p in parts)
    sign = "=" if ok else "≠"
    mark = "✓" if ok else "✗ " + t("src.check_bad", lang) + ":"
    return f"{mark} {fmt_int(r.rows_source)} {sign} " + " + ".join(fmt_int(p) for p in parts)


def health_text(h: Mapping[str, Any] | None, lang: str = "ru") -> str:
    """A report's health row (report_health_table) → ✓, or ⚠ and what is missing; «—» when not known."""
    if h is None or pd.isna(h["events"]):
        return NO_VALUE
    problems = list(h["problems"])
    if not problems:
        return t("health.ok", lang)
    words = []
    for code in problems:
        if code == "no_partner":
            words.append(t("health.no_partner", lang, n=int(h["events"] - h["with_partner"]), total=int(h["events"])))
        elif code == "low_confidence":
            words.append(t("health.low_confidence", lang, c=f"{h['layout_confidence']:.2f}"))
        else:
            words.append(t(f"health.{code}", lang))
    return t("health.bad", lang) + ": " + "; ".join(words)
