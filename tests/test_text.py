"""The one text normaliser of the field parsers (loaders/fields/text.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loaders.fields.text import blank_quotes, calendar_fold, fold, fold_lower, lower_yo, same_width


def test_fold_unifies_dashes_yo_and_invisible_characters() -> None:
    assert fold("Ёлка\u2013ёж \u2014 онлайн\u2011встреча\u00adи\n\n  всё\u2015") == "Елка-еж - онлайн-встреча и все-"
    assert fold_lower("  Круглый\u00a0СТОЛ — «Ёж» ") == "круглый стол - «еж»"
    assert fold_lower(None) == fold_lower(42) == ""
    assert lower_yo("ПРИЁМ") == "прием"


def test_same_width_keeps_en_and_em_dashes_and_every_offset() -> None:
    text = "Кемеровской области\u00a0– Кузбасса\u2011Югры\tи\u2212"
    assert same_width(text) == "Кемеровской области – Кузбасса-Югры и-"


@given(st.text())
def test_same_width_is_one_character_for_one(text: str) -> None:
    assert len(same_width(text)) == len(text)


def test_calendar_fold_drops_zero_width_and_unifies_every_dash() -> None:
    assert calendar_fold("1\u200b5\ufe63\u00ad6\uff0d7\u2e3b8\u2013\u20609") == "15-6-7-8-9"


def test_blank_quotes_innermost_first_by_one_space_or_by_length() -> None:
    text = 'Форум «АНО «Центр "Дом"»» и „Ярмарка“ и “Бал”'
    assert blank_quotes(text) == "Форум   и   и  "
    same = blank_quotes(text, same_length=True)
    assert len(same) == len(text) and same.split() == ["Форум", "и", "и"]
    assert blank_quotes("без кавычек «не закрыта") == "без кавычек «не закрыта"
