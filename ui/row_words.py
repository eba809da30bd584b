"""A frame of a loader's rows put into words for the UI: the row in the file (`source_ref`), the field (`field`)
and the reason (`reason`), each column only where the frame has it. Used by Источники, an event's panel and the
upload preview, so the same stored code reads the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from analytics.export import source_ref_text
from ui.i18n import reason_text, t


def labelled(codes: pd.Series, label: Callable[[Any], str]) -> list[str]:
    """label(code) for every row, each distinct code put into words once (10,000 rows share a few dozen)."""
    words: dict[Any, str] = {}
    out = []
    for code in codes.tolist():
        key = None if code is None or (isinstance(code, float) and code != code) else code
        if key not in words:
            words[key] = label(code)
        out.append(words[key])
    return out


def in_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with its source_ref, field and reason columns (those it has) in the UI language."""
    words: dict[str, Callable[[Any], Any]] = {
        "source_ref": lambda r: source_ref_text(r, lang),
        "field": lambda f: t(f"field.{f}", lang),
        "reason": lambda r: reason_text(r, lang),
    }
    return frame.assign(**{col: labelled(frame[col], label) for col, label in words.items() if col in frame})
