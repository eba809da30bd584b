"""What Источники says about each loaded report: its row accounting and its health (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ui.i18n import t
from ui.labels import NO_VALUE, fmt_int

ROW_PARTS = ("rows_event", "rows_heading", "rows_header", "rows_total", "rows_blank", "rows_reject")


def accounting(r: Any, lang: str = "ru") -> str:
    """«✓ 120 = 86 + 3 + 2 + 1 + 28 + 0»: the source rows and where each went; ✗ when they do not add up."""
    return accounting_texts({name: [getattr(r, name)] for name in ("rows_source", *ROW_PARTS)}, lang)[0]


def accounting_texts(columns: Mapping[str, Sequence[Any]], lang: str = "ru") -> list[str]:
    """accounting() of every row of `columns` (rows_source and ROW_PARTS, each a column of whole numbers), each
    distinct number written once (thousands of reports share a few hundred numbers)."""
    written: dict[int, str] = {}

    def num(n: Any) -> str:
        n = int(n)
        if n not in written:
            written[n] = fmt_int(n)
        return written[n]

    good = "✓"
    bad = "✗ " + t("src.check_bad", lang) + ":"
    out = []
    for source, *parts in zip(columns["rows_source"], *(columns[name] for name in ROW_PARTS)):
        ok = int(source) == sum(int(p) for p in parts)
        out.append(f"{good if ok else bad} {num(source)} {'=' if ok else '≠'} " + " + ".join(num(p) for p in parts))
    return out


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
