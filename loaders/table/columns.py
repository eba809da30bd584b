"""Recognise a report table's header by meaning and map its columns to fields.

The header cells are scored against every field (loaders.table.header_score) and the columns are chosen
jointly; the cells below then confirm or overrule the choice (loaders.table.content_score). Every column's
decision — the field it was given, on what basis, how sure — is kept on the Layout and stored per report.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from loaders.table.content_score import adjust, profile, wanted_tests
from loaders.table.header_score import Field, assign, header_matrix, keyword_of, normalise


class Col(enum.StrEnum):
    ITEM = "item_no"
    AGREEMENT = "agreement_text"
    NAME = "name"
    DATES = "dates_text"
    PLACE = "place_text"
    PARTICIPANTS = "participants_text"
    RESULT = "result_text"


COL_FIELDS = {Field(c.value): c for c in Col}
REQUIRED_OTHERS = 2  # besides the name column, how many fields make a header
NAME_HINTS = ("наименование", "название", "мероприяти", "тема", "событи")


def collapse(text: str) -> str:
    """Runs of whitespace (line breaks, non-breaking spaces) → one space; ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Decision:
    """What one source column was taken for (field None: an extra column, kept in extra_text)."""

    col: int
    header: str
    field: Field | None
    basis: str  # 'header' | 'header_content' | 'content' | 'none'
    confidence: float  # 0..1
    reason: str


@dataclass
class Layout:
    """Where each field sits in a grid; other non-empty header cells are extra columns."""

    columns: dict[Col, int]
    extra: dict[int, str] = field(default_factory=dict)
    header_texts: dict[int, str] = field(default_factory=dict)
    roles: dict[Field, int] = field(default_factory=dict)  # fields that are not events text columns
    decisions: list[Decision] = field(default_factory=list)
    header_name: int | None = None  # the name column by the header alone (to spot repeated headers)
    sub: dict[int, tuple[str, str]] = field(default_factory=dict)  # multi-row header: col → (group, sub)

    def get(self, cells: list[str], col: Col) -> str:
        idx = self.columns.get(col)
        return cells[idx] if idx is not None and idx < len(cells) else ""

    def index(self, fld: Field) -> int | None:
        col = COL_FIELDS.get(fld)
        return self.columns.get(col) if col is not None else self.roles.get(fld)

    @property
    def confidence(self) -> float:
        """The least sure of the columns that matter: name, dates, and the partner source."""
        key = {Field.NAME, Field.DATES, Field.DATE_START, Field.AGREEMENT, Field.PARTNER}
        sure = [d.confidence for d in self.decisions if d.field in key]
        return min(sure) if sure else 0.0


def _layout(texts: dict[int, str], scores: dict[int, dict[Field, float]], header_only: dict[Field, int],
            notes: dict[int, dict[Field, str]], sub: dict[int, tuple[str, str]]) -> Layout | None:
    chosen = assign(scores)
    if Field.NAME not in chosen:
        return None
    by_col = {c: f for f, c in chosen.items()}
    columns = {COL_FIELDS[f]: c for f, c in chosen.items() if f in COL_FIELDS}
    roles = {f: c for f, c in chosen.items() if f not in COL_FIELDS}
    if Field.PARTICIPANTS_TOTAL in roles and Col.PARTICIPANTS not in columns:
        columns[Col.PARTICIPANTS] = roles[Field.PARTICIPANTS_TOTAL]  # the one participants column: its text too
    extra: dict[int, str] = {}
    decisions: list[Decision] = []
    for col, text in texts.items():
        fld = by_col.get(col)
        if fld is None or (fld not in COL_FIELDS and col not in columns.values()):
            extra[col] = text  # kept in extra_text (roles too: the partner / department cell stays traceable)
        decisions.append(_decision(col, text, fld, scores[col], header_only, notes.get(col, {}), sub.get(col)))
    if len(chosen) - 1 < REQUIRED_OTHERS:
        return None
    return Layout(columns=columns, extra=extra, header_texts=dict(texts), roles=roles, decisions=decisions,
                  header_name=header_only.get(Field.NAME), sub=dict(sub))


def _decision(col: int, text: str, fld: Field | None, scores: dict[Field, float], header_only: dict[Field, int],
              notes: dict[Field, str], sub: tuple[str, str] | None) -> Decision:
    was = next((f for f, c in header_only.items() if c == col), None)
    if fld is None:
        why = "колонка не распознана: сохраняется как дополнительная"
        if was is not None:
            why = f"по заголовку — {was.value}, но {notes.get(was, 'поле отдано другой колонке')}: сохраняется как дополнительная"
        return Decision(col, text, None, "none", 0.0, why)
    kw = keyword_of(text, fld, sub)
    by_header = was is fld
    confirmed = fld in notes and not notes[fld].startswith("лишь")
    basis = ("header_content" if confirmed else "header") if by_header else ("content" if fld in notes else "header")
    parts = [f"заголовок: «{kw}»" if kw else "заголовок не указывает на это поле"]
    if not by_header and was is not None:
        parts.append(f"содержимое важнее заголовка (по заголовку — {was.value}"
                     + (f", но {notes[was]}" if was in notes else "") + ")")
    if fld in notes:
        parts.append(notes[fld])
    return Decision(col, text, fld, basis, round(min(1.0, max(0.0, scores.get(fld, 0.0))), 2), "; ".join(parts))


def layout_from_row(cells: list[str], sub: dict[int, tuple[str, str]] | None = None) -> Layout | None:
    """Return the layout if this row reads as a table header (by its texts alone), else None."""
    # Fast exits (every row of every report comes through here): a header needs a name column, so some
    # cell holds a name keyword, and has short label cells.
    joined = normalise("\n".join(cells))
    if not any(w in joined for w in NAME_HINTS):
        return None
    texts = {i: collapse(t) for i, t in enumerate(cells) if t.strip()}
    if not texts or sum(len(t) for t in texts.values()) / len(texts) > 160:
        return None
    if sub:
        texts.update({i: collapse(f"{g} {s}") for i, (g, s) in sub.items()})
    scores = header_matrix(texts, sub)
    strong = sum(1 for c in scores.values() if max(c.values(), default=0.0) >= 0.7)
    if strong < REQUIRED_OTHERS + 1 or not any(c.get(Field.NAME, 0.0) > 0 for c in scores.values()):
        return None  # cheap exit before the joint assignment: most rows are events, not headers
    header_only = assign(scores)
    return _layout(texts, scores, header_only, {}, sub or {})


def confirm(layout: Layout, rows: Sequence[Sequence[str]]) -> Layout:
    """The layout re-chosen with the cells below the header (`rows`: sample rows' cells)."""
    scores = header_matrix(layout.header_texts, layout.sub)
    header_only = assign(scores)
    notes: dict[int, dict[Field, str]] = {}
    adjusted: dict[int, dict[Field, float]] = {}
    for col, header in scores.items():
        prof = profile([r[col] for r in rows if col < len(r)], wanted_tests(header))
        adjusted[col], notes[col] = adjust(header, prof)
    return _layout(layout.header_texts, adjusted, header_only, notes, layout.sub) or layout


def subheader(header: Sequence[str], header_cont: Sequence[bool], row: Sequence[str],
              row_cont: Sequence[bool]) -> dict[int, tuple[str, str]] | None:
    """If `row` is the second row of a two-row header (sub-columns under merged group cells), the
    (group text, sub text) of every column under a group; else None."""
    groups: dict[int, tuple[str, str]] = {}
    owner = ""
    for i, text in enumerate(header):
        if not header_cont[i]:
            owner = text
        own = row[i] if i < len(row) and not row_cont[i] else ""
        spans = (i + 1 < len(header) and header_cont[i + 1] and not header_cont[i]) or header_cont[i]
        if own.strip():
            if len(own) > 60 or own.strip().rstrip(".").isdigit() or not spans:
                return None
            groups[i] = (collapse(owner), collapse(own))
    return groups or None


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
