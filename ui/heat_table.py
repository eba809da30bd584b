"""Соглашения's table of events per quarter, each count's cell coloured by its share of the busiest one.

pandas' Styler computes and translates every cell's style in Python on each rerun (~0.1 s for 187
agreements × 24 quarters, holding the GIL, for every session on the page). The styles depend only on the
table's content, so `heat_table` returns a Styler whose translation is kept per content (and style
settings): a second session, or a rerun, with the same table reuses it. Streamlit reads any Styler through
`_compute()` and `_translate(False, False)`; these two answer from what is kept."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from ui.cells import heat_style
from ui.labels import fmt_int


def _count_text(value: object) -> str:
    return fmt_int(value) if value else "·"


class _Kept:
    """Translations of Stylers (`Styler._translate`'s answer), kept per key: the content and style settings.
    Streamlit always asks for the same translation (`_translate(False, False)`)."""

    MAX = 32

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: OrderedDict[str, dict] = OrderedDict()

    def get(self, key: str) -> dict | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: str, translation: dict) -> None:
        with self.lock:
            self.items[key] = translation
            while len(self.items) > self.MAX:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_kept = _Kept()


def _keep(styler: Styler, key: str) -> Styler:
    """`styler` (a plain Styler: Streamlit recognises Stylers by their exact type) answering `_compute` and
    `_translate` from the kept translation of `key`, or computing it once and keeping it."""
    found = _kept.get(key)
    if found is not None:
        styler._compute = lambda: styler  # type: ignore[method-assign]
        styler._translate = lambda *args, **kwargs: found  # type: ignore[method-assign]
        return styler
    translate = styler._translate

    def translate_and_keep(*args: Any, **kwargs: Any) -> dict:
        translation = translate(*args, **kwargs)
        _kept.put(key, translation)
        return translation

    styler._translate = translate_and_keep  # type: ignore[method-assign]
    return styler


def heat_table(table: pd.DataFrame, counts: Sequence[str], peak: int, uuid: str) -> Styler:
    """`table` with its `counts` columns coloured by ui.cells.heat_style (share of `peak`) and shown as
    «12 345», a zero as «·»; `uuid` names the table's CSS (one per table on a page)."""
    content = pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes()
    settings = repr((list(table.columns), list(table.dtypes.astype(str)), list(counts), peak, uuid)).encode()
    key = hashlib.sha256(content + settings).hexdigest()
    styler = Styler(table, uuid=uuid).map(heat_style, subset=list(counts), peak=peak)
    return _keep(styler.format(_count_text, subset=list(counts)), key)
