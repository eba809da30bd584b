"""The page script that puts Streamlit's own strings into Russian (ui/builtin_text.py)."""

from __future__ import annotations

import json
import re

from ui.builtin_text import EXACT_RU, PATTERNS_RU, script


def test_the_strings_the_walkthrough_saw_are_covered():
    assert EXACT_RU["No results"] == "Ничего не найдено"
    assert EXACT_RU["Upload"] == "Выбрать файлы"
    assert EXACT_RU["Page not found"] == "Страница не найдена"
    cases = {"20MB per file": "до 20 МБ на файл", "text/plain files are not allowed.": "Файлы типа text/plain не принимаются."}
    for english, russian in cases.items():
        hits = [(p, r) for p, r in PATTERNS_RU if re.match(p, english)]
        assert len(hits) == 1, english
        pattern, replacement = hits[0]
        assert re.sub(pattern, replacement.replace("$1", r"\1"), english) == russian


def test_script_carries_the_language_and_the_tables():
    ru, en = script("ru"), script("en")
    assert 'const lang = "ru"' in ru and 'const lang = "en"' in en
    assert json.dumps(EXACT_RU, ensure_ascii=False) in ru
    assert "<script" in ru and "MutationObserver" in ru and "fetch(" not in ru  # no network
