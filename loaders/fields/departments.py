"""Department headings: written as a heading row, sometimes in the genitive."""

from __future__ import annotations

import re

from loaders.fields.cap import clip
from loaders.fields.morph import morph
from loaders.table.columns import collapse


def normalise_department(text: str) -> str:
    """Collapse whitespace and put the heading's leading noun phrase in the nominative.

    "Департамента экономического развития Смоленской области" →
    "Департамент экономического развития Смоленской области".
    """
    text = collapse(clip(text))
    words = text.split(" ")
    lead: list[int] = []  # leading adjective(s) + the head noun
    for i, word in enumerate(words[:3]):
        if not re.fullmatch(r"[А-ЯЁа-яё-]+", word):
            break
        parses = morph().parse(word.lower())
        if any("ADJF" in p.tag for p in parses):
            lead.append(i)
            continue
        if any("NOUN" in p.tag for p in parses):
            lead.append(i)
        break
    if not lead:
        return text
    head = words[lead[-1]]
    noun = next((p for p in morph().parse(head.lower()) if "NOUN" in p.tag), None)
    if noun is None or noun.tag.case == "nomn" or "gent" not in str(noun.tag):
        return text
    number = noun.tag.number or "sing"
    for i in lead:
        parse = next((p for p in morph().parse(words[i].lower())
                      if ("NOUN" in p.tag or "ADJF" in p.tag) and p.tag.case == "gent"), None)
        if parse is None:
            return text
        form = parse.inflect({"nomn", number}) if "NOUN" in parse.tag else parse.inflect({"nomn", number, noun.tag.gender or "masc"} if number == "sing" else {"nomn", number})
        if form is None:
            return text
        new = form.word
        words[i] = new[:1].upper() + new[1:] if words[i][:1].isupper() else new
    return " ".join(words)
