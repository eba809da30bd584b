"""Score a report table's header cells against the fields, and choose the columns jointly.

A header cell is read as a phrase: a generic head noun («Наименование», «Название», «Информация о»,
«Сведения о») says little, its complement says what the column holds («Наименование документа о
сотрудничестве» is the agreement, «Наименование мероприятия» the event name). Every field whose keywords
occur in the text gets a score, highest for the keyword met first; `assign` then gives each field at most
one column, maximising the total score over the whole header (not cell by cell).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence


class Field(enum.StrEnum):
    """What a source column can hold. The first seven are the `events` text columns (loaders.table.columns.Col)."""

    ITEM = "item_no"
    AGREEMENT = "agreement_text"
    NAME = "name"
    DATES = "dates_text"
    PLACE = "place_text"
    PARTICIPANTS = "participants_text"
    RESULT = "result_text"
    DATE_START = "date_start"
    DATE_END = "date_end"
    PARTICIPANTS_TOTAL = "participants_total"
    DELEGATION = "delegation_size"
    DEPARTMENT = "department"
    PARTNER = "partner"


# (field, keyword pattern). Patterns run on the lower-cased text with «ё» → «е».
RULES: tuple[tuple[Field, str], ...] = (
    (Field.ITEM, r"^№|^n\b|^#|п/п|^пункт|^номер|№ (пункта|плана)"),
    (Field.AGREEMENT, r"соглашени|договор(?!енност)|меморандум|документ\w* о сотрудничеств|в рамках как|"
                      r"в рамках котор|реквизит|дорожн\w* карт|основани\w* (проведения|для)"),
    (Field.DATE_START, r"дата начала|начал[оа]\b|с какого"),
    (Field.DATE_END, r"дата окончания|окончани|завершени|по какое"),
    (Field.DATES, r"срок|дата|даты|период|время проведения|когда|месяц"),
    (Field.PLACE, r"\bмест[оаеу]\b|площадк|локаци|адрес|\bгде\b"),
    (Field.PARTICIPANTS_TOTAL, r"\bвсего\b|общее (количество|число)"),
    (Field.DELEGATION, r"в т\.\s?ч\.|в том числе|из них"),
    (Field.PARTICIPANTS, r"участ|состав|количеств|кол-во|кол\.|численност|делегаци|\bкто\b|охват"),
    (Field.RESULT, r"содержани|результат|итог|краткая информация|описани|достигнут|эффект|"
                   r"информация о (выполнени|проведени|ходе|реализаци)|отметка о|ход (выполнения|реализации)"),
    (Field.DEPARTMENT, r"исполнител|ответственн|подразделени|орган\w* (исполнительной )?власти|ведомств|"
                       r"департамент|структурн"),
    (Field.PARTNER, r"регион\w*[- ]партн|партнер|субъект|регион"),
    (Field.NAME, r"мероприяти|\bтема\b|событи|название|наименование"),
)
_COMPILED = tuple((f, re.compile(p)) for f, p in RULES)
GENERIC_HEAD = re.compile(r"^(наименование|название|информация|сведения|перечень|данные)(\s+(о|об|по|в части))?\b\s*")
NOTE_HEAD = re.compile(r"^(примечани|комментари|дополнительн\w* (информаци|сведени)|прочее|иное|особые отметки|прим\.)")
RANK_WEIGHT = (1.0, 0.45, 0.3)  # the keyword met first carries the meaning; later ones are alternatives
GENERIC_ONLY = 0.7  # «Наименование» alone: most likely the event's name
MIN_SCORE = 0.25  # below this a field is not offered for a column


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@functools.lru_cache(maxsize=8192)
def score_header(text: str) -> tuple[tuple[Field, float, str], ...]:
    """(field, score 0..1, the keyword that matched), best first; () for an empty, note or overlong cell."""
    low = normalise(text)
    if not low or len(low) > 300 or NOTE_HEAD.match(low):
        return ()
    head = GENERIC_HEAD.match(low)
    rest = low[head.end():] if head else low
    hits: list[tuple[int, int, int, Field, str]] = []  # (position, -length, rule order, field, keyword)
    for order, (fld, pattern) in enumerate(_COMPILED):
        m = pattern.search(rest)
        if m:
            hits.append((m.start(), -len(m.group(0)), order, fld, m.group(0)))
    hits.sort()
    out = [(fld, RANK_WEIGHT[i], kw) for i, (_, _, _, fld, kw) in enumerate(hits[: len(RANK_WEIGHT)])]
    if head and not out:
        word = head.group(1)
        if word in ("наименование", "название"):
            out = [(Field.NAME, GENERIC_ONLY if not rest else 0.6, word)]
        elif word in ("информация", "сведения"):
            out = [(Field.RESULT, 0.5, word)]
    return tuple(out)


def score_subheader(group: str, sub: str) -> tuple[tuple[Field, float, str], ...]:
    """A sub-column under a merged group cell («Участники» → «всего»): the sub text decides within the group."""
    group_scores = score_header(group)
    sub_scores = score_header(sub) if sub.strip() else ()
    if not sub_scores:
        return tuple((f, s * 0.9, kw) for f, s, kw in group_scores)
    top = group_scores[0][0] if group_scores else None
    if top in (Field.PARTICIPANTS, Field.PARTICIPANTS_TOTAL):
        low = normalise(sub)
        if re.search(r"в т\.\s?ч|в том числе|из них|от \w+", low) and not re.search(r"всего|общ", low):
            return ((Field.DELEGATION, 1.0, sub), (Field.PARTICIPANTS, 0.3, group))
        if re.search(r"всего|общ|итого|кол", low):
            return ((Field.PARTICIPANTS_TOTAL, 1.0, sub), (Field.PARTICIPANTS, 0.45, group))
    if top in (Field.DATES, Field.DATE_START, Field.DATE_END):
        if sub_scores[0][0] in (Field.DATE_START, Field.DATE_END):
            return sub_scores[:1] + ((Field.DATES, 0.3, group),)
    return sub_scores


Scores = Mapping[int, Mapping[Field, float]]


def assign(scores: Scores, min_score: float = MIN_SCORE) -> dict[Field, int]:
    """Each field at most once, each column at most one field, maximising the summed score.

    An exact search over the sparse matrix (a column offers only its few scored fields): the best total
    for every set of fields used so far, column by column. Ties go to the earlier column."""
    best: dict[frozenset[Field], tuple[float, tuple[tuple[Field, int], ...]]] = {frozenset(): (0.0, ())}
    for col in sorted(scores):
        offers = [(f, s) for f, s in scores[col].items() if s >= min_score]
        if not offers:
            continue
        nxt = dict(best)
        for used, (total, chosen) in best.items():
            for fld, s in offers:
                if fld in used:
                    continue
                key = used | {fld}
                cand = (total + s, chosen + ((fld, col),))
                if key not in nxt or cand[0] > nxt[key][0] + 1e-9:
                    nxt[key] = cand
        best = nxt
    _, chosen = max(best.values(), key=lambda v: (round(v[0], 9), -len(v[1])))
    return {f: c for f, c in chosen}


def header_matrix(texts: Mapping[int, str], sub: Mapping[int, tuple[str, str]] | None = None) -> dict[int, dict[Field, float]]:
    """Column → field → header score; `sub`: column → (group text, sub text) for multi-row headers."""
    out: dict[int, dict[Field, float]] = {}
    for col, text in texts.items():
        scored = score_subheader(*sub[col]) if sub and col in sub else score_header(text)
        out[col] = {f: s for f, s, _ in scored}
    return out


def keyword_of(text: str, fld: Field, sub: Sequence[str] | None = None) -> str | None:
    scored = score_subheader(*sub) if sub else score_header(text)
    return next((kw for f, _, kw in scored if f is fld), None)
