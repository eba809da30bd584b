"""Recognise a report table's header by meaning and map its columns to fields."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field


class Col(enum.StrEnum):
    ITEM = "item_no"
    AGREEMENT = "agreement_text"
    NAME = "name"
    DATES = "dates_text"
    PLACE = "place_text"
    PARTICIPANTS = "participants_text"
    RESULT = "result_text"


# Keyword stems per field. A header cell is given the field whose keyword appears
# earliest in its text ("Сроки проведения мероприятия" → dates, not name); ties go
# to the field listed first.
KEYWORDS: tuple[tuple[Col, tuple[str, ...]], ...] = (
    (Col.AGREEMENT, ("соглашени", "договор", "в рамках которого", "документ о сотрудничеств")),
    (Col.DATES, ("срок", "дата", "даты", "период проведения", "время проведения", "когда")),
    (Col.PLACE, ("место", "места", "площадк", "локаци", "адрес")),
    (Col.PARTICIPANTS, ("участник", "состав", "количество", "делегаци")),
    (Col.RESULT, ("содержание", "результат", "итоги", "краткая информация", "описание", "достигнут")),
    (Col.ITEM, ("№", "n п/п", "п/п", "пункт", "номер")),
    (Col.NAME, ("наименование", "название", "мероприяти", "тема")),
)
NOTE_WORDS = ("примечани", "комментари", "ответственн", "исполнител")
REQUIRED_OTHERS = 2  # besides the name column, how many fields make a header

def collapse(text: str) -> str:
    """Runs of whitespace (line breaks, non-breaking spaces) → one space; ends stripped."""
    return " ".join(text.split())


_NAME_WORDS = next(words for col, words in KEYWORDS if col is Col.NAME)


@functools.lru_cache(maxsize=4096)
def classify_header_cell(text: str) -> Col | None:
    low = collapse(text).lower()
    if not low or len(low) > 300:
        return None
    if any(low.startswith(w) for w in NOTE_WORDS):
        return None
    best: tuple[int, int, Col] | None = None
    for order, (col, words) in enumerate(KEYWORDS):
        positions = [low.find(w) for w in words if w in low]
        if positions:
            cand = (min(positions), order, col)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None


@dataclass
class Layout:
    """Where each field sits in a grid; other non-empty header cells are extra columns."""

    columns: dict[Col, int]
    extra: dict[int, str] = field(default_factory=dict)
    header_texts: dict[int, str] = field(default_factory=dict)

    def get(self, cells: list[str], col: Col) -> str:
        idx = self.columns.get(col)
        return cells[idx] if idx is not None and idx < len(cells) else ""


def layout_from_row(cells: list[str]) -> Layout | None:
    """Return the layout if this row reads as a table header, else None."""
    # Fast exits (every row of every report comes through here): a header needs a name column, so some
    # cell holds a name keyword, and has short label cells (the average-length rule below).
    joined = "\n".join(cells).lower()
    if not any(w in joined for w in _NAME_WORDS):
        return None
    filled = [collapse(t) for t in cells if t.strip()]
    if sum(len(t) for t in filled) / max(len(filled), 1) > 160:
        return None
    columns: dict[Col, int] = {}
    extra: dict[int, str] = {}
    texts: dict[int, str] = {}
    for i, text in enumerate(cells):
        if not text.strip():
            continue
        texts[i] = collapse(text)
        col = classify_header_cell(text)
        if col is None or col in columns:
            extra[i] = collapse(text)
        else:
            columns[col] = i
    if Col.NAME not in columns:
        return None
    if len(columns) - 1 < REQUIRED_OTHERS:
        return None
    # A header has short label cells; an event row that happens to contain these words has long ones.
    if sum(len(t) for t in texts.values()) / max(len(texts), 1) > 160:
        return None
    return Layout(columns=columns, extra=extra, header_texts=texts)


def is_number_row(cells: list[str]) -> bool:
    """The row of column numbers (1 2 3 …) printed under many headers."""
    texts = [c.strip() for c in cells if c.strip()]
    if len(texts) < 2 or not all(t[0].isdigit() for t in texts):
        return False
    nums = []
    for t in texts:
        t = t.rstrip(".")
        if not t.isdigit():
            return False
        nums.append(int(t))
    return nums == sorted(nums) and len(set(nums)) == len(nums) and max(nums) <= len(cells) + 1
