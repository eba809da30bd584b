"""ui.heat_table keeps a Styler's translation per table content: what Streamlit sends is byte for byte what a
plain Styler with the same styles sends, on the first call and from the kept translation."""

from __future__ import annotations

import pandas as pd
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from ui.cells import heat_style
from ui.heat_table import _kept, heat_table
from ui.labels import fmt_int

QUARTERS = ["I кв. 2021", "II кв. 2021", "весь период"]


def table(first: int = 12) -> pd.DataFrame:
    return pd.DataFrame({"partners": ["Москва", "Тверская область"], "kind": ["соглашение", "дорожная карта"],
                         QUARTERS[0]: [first, 0], QUARTERS[1]: [3, 1500], QUARTERS[2]: [0, 7],
                         "Всего": [first + 3, 1507], "title": ["Соглашение о сотрудничестве", "План"]})


def sent(styler) -> bytes:
    proto = ArrowData()
    marshall_styler(proto, styler, "default")
    return proto.SerializeToString()


def plain(frame: pd.DataFrame, peak: int) -> bytes:
    styler = frame.style.map(heat_style, subset=QUARTERS, peak=peak)
    styler = styler.format(lambda v: fmt_int(v) if v else "·", subset=QUARTERS)
    styler.set_uuid("agr_active")
    return sent(styler)


def test_kept_translation_sends_what_a_plain_styler_sends():
    _kept.clear()
    expected = plain(table(), 1500)
    assert sent(heat_table(table(), QUARTERS, 1500, "agr_active")) == expected  # computed
    assert len(_kept.items) == 1
    assert sent(heat_table(table(), QUARTERS, 1500, "agr_active")) == expected  # from the kept translation


def test_another_content_or_peak_is_translated_anew():
    _kept.clear()
    sent(heat_table(table(), QUARTERS, 1500, "agr_active"))
    changed = sent(heat_table(table(first=40), QUARTERS, 1500, "agr_active"))
    assert changed == plain(table(first=40), 1500) and changed != plain(table(), 1500)
    assert sent(heat_table(table(), QUARTERS, 20, "agr_active")) == plain(table(), 20)
    assert len(_kept.items) == 3
