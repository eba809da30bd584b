"""Participant counts from the "Участники" cell (rules: notes/conventions.md, "Participants").

Only people are counted. Each number followed by a people noun (or a "участников: 120" label) is a
mention; mentions are then sorted into:
- sub-counts after "в том числе"/"из них"/a bracket or colon right after another count (never added);
- region-attributed counts ("10 представителей от Смоленской области", "от Смоленской области – 3 человека",
  "ОГКУ «… Смоленской области» - 2 человека"); the reporting region's one is the delegation;
- general counts; one introduced by "всего"/"общее количество"/"количество участников" is the total,
  otherwise distinct audiences are summed ("200 специалистов очно, около 2000 онлайн-подключений" → 2200).
When no general count exists, the region-attributed counts are the only known people and make the total.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass

from loaders.fields.cap import clip
from loaders.fields.people import counts_people, is_modifier
from loaders.fields.text import blank_quotes, fold

__all__ = ["Participants", "parse_participants"]

MAX_COUNT = 10_000_000


@dataclass(frozen=True)
class Participants:
    total: int | None = None
    qualifier: str | None = None  # 'exact' | 'approx' | 'at_least'
    regions_count: int | None = None
    delegation_size: int | None = None
    issue: str | None = None


# ---------------------------------------------------------------- normalisation
def _lower(s: str) -> str:
    """Lower-case without changing the length (positions stay valid across versions)."""
    low = s.lower()
    if len(low) == len(s):  # all but a few exotic letters ("İ") keep their length
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


# ---------------------------------------------------------------- vocabulary
_UNITS = {"один": 1, "одна": 1, "одного": 1, "одной": 1, "одну": 1, "два": 2, "две": 2, "двух": 2, "двое": 2,
          "три": 3, "трех": 3, "трое": 3, "четыре": 4, "четырех": 4, "четверо": 4, "пять": 5, "пяти": 5,
          "пятеро": 5, "шесть": 6, "шести": 6, "шестеро": 6, "семь": 7, "семи": 7, "семеро": 7, "восемь": 8,
          "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "десятеро": 10,
          "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
          "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19}
_TENS = {"двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
         "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
         "девяносто": 90, "сто": 100}
_U = "|".join(sorted(_UNITS, key=len, reverse=True))
_T = "|".join(sorted(_TENS, key=len, reverse=True))
_WORDNUM = rf"(?:(?:{_T})(?: (?:{_U}))?|{_U})(?![а-я-])"
_NUM = rf"(?:\d{{1,3}}(?: \d{{3}})+(?!\d)|\d+(?:[.,]\d+)?|{_WORDNUM})"
_NUMSUF = r"(?:-?(?:х|ти|ми|ух|ех)(?![а-я]))?"  # "4-х", "5-ти"
_START = r"(?<![\w№/])(?<![а-яa-z]-)(?<!№ )(?<!\d[.,])"
_MULT = r"(?:тысяч[аи]?|тыс\.?|млн\.?|миллион(?:а|ов)?)(?![а-я])"

_NOUNS = "|".join([
    r"человек(?:а|у)?", r"чел\.?",
    r"участни(?:ками|кам|ках|ков|ком|ка|ку|ке|ки|к|цами|цам|цы|цу|ца|ц)",
    r"представител(?:ями|ям|ях|ей|ем|ь|я|ю|е|и)", r"специалист(?:ами|ам|ах|ов|ом|а|у|е|ы|ки)?",
    r"делегат(?:ами|ам|ах|ов|ом|а|у|е|ы)?", r"спортсмен(?:ами|ам|ах|ов|ом|ок|ка|ки|а|у|е|ы)?",
    r"гост(?:ями|ям|ях|ей|ем|ь|я|ю|и)", r"посетител(?:ями|ям|ей|ь|я|ю|и)", r"зрител(?:ями|ям|ей|ь|я|и)",
    r"слушател(?:ями|ям|ей|ь|я|и)", r"(?:об)?уча(?:ющ|щ)(?:ийся|аяся|иеся|ихся|имся|егося)",
    r"студент(?:ами|ам|ов|ок|ка|ки|а|ы)?", r"школьни(?:ками|ков|ка|ки|к|ц)", r"педагог(?:ами|ов|а|и)?",
    r"волонтер(?:ами|ам|ов|а|ы)?", r"член(?:ами|ам|ов|а|ы)?", r"руководител(?:ями|ям|ей|ь|я|и)",
    r"подключени(?:ями|ям|е|я|й)", r"сотрудни(?:ками|ков|ка|ки|к|ц)", r"работни(?:ками|ков|ка|ки|к)",
    r"дет(?:ей|и)", r"ребенок|ребенка|ребят", r"воспитанни(?:ков|ка|ки|к)", r"учител(?:ей|ь|я|и)",
    r"преподавател(?:ей|ь|я|и)", r"тренер(?:ов|а|ы)?", r"суд(?:ей|ья|ьи)", r"эксперт(?:ов|а|ы)?",
    r"спикер(?:ов|а|ы)?", r"докладчи(?:ков|ка|ки|к)", r"граждан(?:ин|ина)?", r"жител(?:ей|ь|я|и)",
    r"турист(?:ов|а|ы)?", r"журналист(?:ов|а|ы)?", r"лиц(?:а)?", r"юнош(?:ей|а|и)", r"девуш(?:ек|ка|ки)",
    r"учени(?:ков|ка|ки|к|ц)", r"кадет(?:ов|а|ы)?", r"курсант(?:ов|а|ы)?", r"предпринимател(?:ей|ь|я|и)",
    r"артист(?:ов|а|ы)?", r"музыкант(?:ов|а|ы)?", r"исполнител(?:ей|ь|я|и)", r"врач(?:ей|а|и)?",
    r"экскурсант(?:ов|а|ы)?", r"игро(?:ков|ка|ки|к)", r"спасател(?:ей|ь|я|и)", r"бойц(?:ов|а|ы)",
    r"военнослужащ(?:их|ие|ий|его)", r"паломни(?:ков|ка|ки|к)", r"люд(?:ей|и)", r"пользовател(?:ей|ь|я|и)",
])
_ADJ = r"[а-я]+(?:-[а-я]+)?(?:ых|их|ые|ие|ый|ий|ой|ая|яя|ое|ее|ого|его|ым|им)"
_QUAL_APPROX = {"около", "порядка", "примерно", "приблизительно", "ориентировочно", "почти", "~", "≈", "до",
                "менее", "меньше", "не более", "не больше"}
_QUAL_RE = re.compile(r"(?:^|[^а-я])(около|порядка|примерно|приблизительно|ориентировочно|почти|свыше|"
                      r"более(?: чем)?|больше(?: чем)?|не менее(?: чем)?|не меньше(?: чем)?|не более|не больше|"
                      r"менее|меньше|от|до|~|≈|>=|≥|>)\s*$")

_COUNT_RE = re.compile(
    rf"{_START}(?P<n1>{_NUM}){_NUMSUF}(?:\s*(?:-|до)\s*(?P<n2>{_NUM}){_NUMSUF})?"
    rf"(?P<mult>\s*{_MULT})?(?P<plus>\s*\+|\s+и более(?![а-я])|\s+с (?:лишним|небольшим)(?![а-я]))?"
    rf"(?:\s+(?:{_ADJ}|онлайн|он-лайн|очно|заочно)(?![а-я-])){{0,2}}"
    rf"\s*(?:[а-я]+-)?(?:{_NOUNS})(?![а-я-])")
# A number and the words after it, for counts of nouns the list above does not hold: the counted noun is
# then judged by meaning (people.counts_people: an animate noun).
_ANIM_RE = re.compile(
    rf"{_START}(?P<n1>{_NUM}){_NUMSUF}(?:\s*(?:-|до)\s*(?P<n2>{_NUM}){_NUMSUF})?"
    rf"(?P<mult>\s*{_MULT})?(?P<plus>\s*\+|\s+и более(?![а-я])|\s+с (?:лишним|небольшим)(?![а-я]))?"
    rf"(?P<words>(?:\s+[а-я]+(?:-[а-я]+)?(?![а-я-])){{1,3}})")
_LABEL_RE = re.compile(
    rf"(?<![а-я-])(?:{_NOUNS})(?![а-я-])\s*(?:[:-]\s*)?(?:(?:составил[аои]?|составляет)\s+)?"
    rf"(?:(?:около|порядка|примерно|более|свыше|не менее)\s+)?"
    rf"(?<![\w№/])(?P<n1>\d{{1,3}}(?: \d{{3}})+(?!\d)|\d+(?:[.,]\d+)?)(?P<mult>\s*{_MULT})?"
    rf"(?=\s*(?:[,.;()]|$|-\s|и\s|в т))")
_REGIONS_RE = re.compile(
    rf"{_START}(?P<n>\d+|{_WORDNUM}){_NUMSUF}\s+(?P<adjs>(?:{_ADJ}\s+){{0,2}})"
    rf"(?:регион|субъект|област(?:ей|и)(?![а-я])|республик|краев)")
# A participants cell that is only a number, qualified or not ("120", "не менее 30", "около 150"): that many
# people (a count column such as «Кол-во участников, чел.» holds bare numbers).
_BARE_RE = re.compile(
    r"(?:(?P<q>около|порядка|примерно|приблизительно|ориентировочно|почти|свыше|более(?: чем)?|больше(?: чем)?|"
    r"не менее(?: чем)?|не меньше(?: чем)?|не более|не больше|менее|меньше|до|~|≈|>=|≥|>)\s*)?"
    r"(?P<n>\d{1,3}(?: \d{3})+|\d+)\s*\+?\s*[.;,]?")
# The same, the number written as a word («двадцать», «около тридцати» is not: only the nominative a count
# column holds)
_BARE_WORD_RE = re.compile(_BARE_RE.pattern.replace(r"(?P<n>\d{1,3}(?: \d{3})+|\d+)", rf"(?P<n>{_WORDNUM})"))
_NEGATIVE_RE = re.compile(r"(?:^|\s)[-−]\d")  # «-5 человек»: a minus sign on the number, not a dash before it
LARGE_COUNT = 100_000  # above this a count is kept, with an issue asking to check it
_SUB_RE = re.compile(r"в том числе|в т\. ?ч|из них|из которых|включая|среди них|среди которых|в числе которых")
_STRONG_RE = re.compile(r"всего|итого|в общей сложности|общ(?:ее|ая|ей) (?:количеств|числ|численност)|"
                        r"(?:количеств|числ|численност)\w* (?:участник|человек|посетител|зрител|гост)")

_RADJ = r"[а-я]+(?:-[а-я]+)?(?:ск|цк)(?:ой|ая|ую|ого|ому|ом|ие|их|им)"
_RTYPE = r"(?:област\w*|обл\b\.?|кра[йяею]\w*|республик\w*|автономн\w+ округ\w*|округ\w*|ао\b)"
_RCHAIN = rf"{_RADJ}(?:\s*(?:,|и)\s*{_RADJ})*"
_RNAMED = (r"республик\w*\s+[а-я][а-я-]+|(?:г\.\s*|города\s+)[а-я][а-я-]+|"
           r"(?:санкт-петербург|петербург|москв|севастопол|кузбасс|югр|крым)\w*")
_REGION = rf"(?:(?<![а-я]){_RCHAIN}\s+{_RTYPE}|{_RNAMED})"
_FROM_REGION_RE = re.compile(rf"(?<![а-я])(от|из)\s+(?P<r>{_REGION})")
# Searching for a region anywhere must stay linear: a chain of region adjectives without a type word
# ("смоленской, брянской, … " × 3,000) made a plain search of _REGION retry the chain from each of its
# adjectives (quadratic, 20 s on 40,000 characters). So a chain is matched whole, type word optional, once.
_CHAIN_RE = re.compile(rf"(?<![а-я]){_RCHAIN}(?P<type>\s+{_RTYPE})?")
_NAMED_RE = re.compile(_RNAMED)
_TAIL_END_RE = re.compile(r"(?:[:-]|в составе|в количестве|представлял[аи]?)$")


def _region_spans(text: str, pos: int = 0) -> list[tuple[int, int]]:
    """Region phrases in text[pos:], leftmost first, non-overlapping (what finditer of _REGION gives)."""
    typed = [(m.start(), m.end()) for m in _CHAIN_RE.finditer(text, pos) if m.group("type")]
    named = [(m.start(), m.end()) for m in _NAMED_RE.finditer(text, pos)]
    out: list[tuple[int, int]] = []
    for a, b in sorted(typed + named, key=lambda x: (x[0], -x[1])):
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


def _tail_region(window: str) -> str | None:
    """The region phrase that ends the window before a dash, colon or "в составе": "<Region>» - "."""
    w = window.rstrip()
    m = _TAIL_END_RE.search(w, max(0, len(w) - 20))
    if not m:
        return None
    end = len(w[:m.start()].rstrip(" \t\n»\")"))
    return next((window[a:b] for a, b in _region_spans(window) if b == end), None)


_REGION_TYPE_WORDS = re.compile(rf"^(?:{_RTYPE}|г\.?|города|и|автономн\w*)$")
_ABBR = {"г", "гг", "д", "с", "п", "пос", "обл", "им", "ул", "р-н", "чел", "тыс", "т", "ч", "др", "пр", "ст",
         "св", "млн", "руб", "кв", "просп", "пл", "корп", "стр", "в"}


@dataclass
class _Mention:
    start: int
    end: int
    value: int
    qual: str
    strong: bool = False
    sub: bool = False
    region: str | None = None  # 'home' | 'other' | 'any' (attributed, no home words given)


# ---------------------------------------------------------------- helpers
def _num_value(tok: str) -> float | None:
    tok = tok.strip()
    if tok[:1].isdigit():
        try:
            return float(tok.replace(" ", "").replace(",", "."))
        except ValueError:
            return None
    words = tok.split()
    total = 0
    for w in words:
        total += _TENS.get(w, _UNITS.get(w, 0))
    return float(total) if total else None


def _qualifier(before: str) -> str:
    m = _QUAL_RE.search(before[-40:])
    if not m:
        return "exact"
    return "approx" if m.group(1) in _QUAL_APPROX else "at_least"


_NEXT_SENTENCE_RE = re.compile(r"\s*(?:[А-ЯA-Z«\"(-]|$)")


def _sentence_ends(tn: str) -> list[int]:
    ends = []
    for m in re.finditer(r"[.;!?]", tn):
        i = m.start()
        if tn[i] == "." and not _NEXT_SENTENCE_RE.match(tn, i + 1):
            continue
        if tn[i] == ".":
            tok = re.search(r"([\w-]*)$", tn[max(0, i - 40):i]).group(1)
            if tok.lower() in _ABBR or (len(tok) == 1 and tok.isupper()):
                continue
        ends.append(i + 1)
    return ends


def _classify_region(phrase: str, home: tuple[str, ...]) -> str:
    if not home:
        return "any"
    names = [w for w in re.split(r"[\s,]+", phrase) if w and not _REGION_TYPE_WORDS.match(w)]
    if names and all(any(n.startswith(h) or f"-{h}" in n for h in home) for n in names):
        return "home"
    return "other"


def _attribute(m: _Mention, noun_end: int, tl: str, win_start: int, ends: list[int],
               home: tuple[str, ...]) -> str | None:
    window = tl[win_start:m.start]
    # "от <Region> ... N человек" / "из <Region> - N человек"
    froms = list(_FROM_REGION_RE.finditer(window))
    if froms:
        f = froms[-1]
        gap = window[f.end():]
        if f.group(1) == "от" and not _STRONG_RE.search(gap) or re.fullmatch(r"[\s»\")]*[:,-]?\s*", gap):
            kinds = {_classify_region(window[a:b], home) for a, b in _region_spans(window, f.start("r"))}
            kinds = kinds or {_classify_region(f.group("r"), home)}
            return "other" if "other" in kinds else kinds.pop()
    tail = _tail_region(window)  # "<Region>» - N человек"
    if tail:
        return _classify_region(tail, home)
    # "N представителей от <Region>" / "N сотрудников … <Region>"
    k = bisect_right(ends, noun_end)
    stop = ends[k] if k < len(ends) else len(tl)
    clause = tl[noun_end:min(stop, noun_end + 150)]
    cut = re.search(rf"[;()\d]|в том числе|из них|в т\. ?ч|, (?!{_RADJ})", clause)
    clause = clause[:cut.start()] if cut else clause
    spans = _region_spans(clause)
    return _classify_region(clause[spans[0][0]:spans[0][1]], home) if spans else None


def _mentions(tn: str, home: tuple[str, ...]) -> list[_Mention]:
    tl = _lower(tn)
    tb = blank_quotes(tl, same_length=True)
    ends = _sentence_ends(tn)
    raw: list[tuple[int, int, int, float, str]] = []  # start, end, noun_end, value, qual
    count_starts: list[int] = []
    for rx in (_COUNT_RE, _LABEL_RE):
        for mm in rx.finditer(tb):
            v = _num_value(mm.group("n1"))
            if v is None:
                continue
            if mm.group("mult"):
                v *= 1_000_000 if "млн" in mm.group("mult") or "миллион" in mm.group("mult") else 1000
            elif v != int(v) or (rx is _LABEL_RE and 1900 <= v <= 2100):
                continue
            if not 0 <= v <= MAX_COUNT:
                continue
            qual = _qualifier(tb[:mm.start("n1")])
            if rx is _COUNT_RE and (mm.group("plus") or mm.group("n2")) and qual == "exact":
                qual = "at_least"
            s = mm.start("n1") if rx is _LABEL_RE else mm.start()
            if rx is _LABEL_RE:  # a label inside a count already found (counts never overlap each other)
                k = bisect_right(count_starts, s)
                if k and s < raw[k - 1][1]:
                    continue
            raw.append((s, mm.end(), mm.end(), round(v), qual))
        if rx is _COUNT_RE:
            count_starts = [r[0] for r in raw]
    raw += _animate_counts(tb, sorted(raw))
    raw.sort()
    out: list[_Mention] = []
    prev_end = sub_until = 0
    for s, e, ne, v, q in raw:
        m = _Mention(s, e, v, q)
        k = bisect_right(ends, s)
        sent_start = ends[k - 1] if k else 0
        win_start = max(prev_end, sent_start)
        between = tb[prev_end:s]
        if out and s < sub_until:
            m.sub = True  # still inside the breakdown opened after an earlier count
        elif out and (_SUB_RE.search(between) or re.match(r"\s*[(:]", between)):
            m.sub = True
            if re.match(r"\s*\(", between) or "(" in between and ")" not in between:
                close = tb.find(")", s)
                sub_until = close if close >= 0 else len(tb)
            else:
                k = bisect_right(ends, s)
                sub_until = ends[k] if k < len(ends) else len(tb)
        m.strong = bool(_STRONG_RE.search(tb[win_start:s]))
        m.region = _attribute(m, ne, tl, win_start, ends, home)
        if m.region is None and out and out[-1].region and re.fullmatch(r"\s*(?:,|и|а также)?\s*", between):
            m.region = out[-1].region  # "от г. Смоленска 4 спортсмена и 2 тренера"
        out.append(m)
        prev_end = e
    return out


def _animate_counts(tb: str, found: list[tuple[int, int, int, float, str]]) -> list[tuple[int, int, int, float, str]]:
    """Counts of animate nouns outside the word list ("30 фельдшеров"), where no count was found."""
    starts = [f[0] for f in found]
    out = []
    for mm in _ANIM_RE.finditer(tb):
        s = mm.start()
        k = bisect_right(starts, s)
        if k and s < found[k - 1][1]:
            continue
        words = list(re.finditer(r"[а-я]+(?:-[а-я]+)?", mm.group("words")))
        head = counts_people([w.group() for w in words])
        v = _num_value(mm.group("n1"))
        if head is None or v is None:
            continue
        if mm.group("mult"):
            v *= 1_000_000 if "млн" in mm.group("mult") or "миллион" in mm.group("mult") else 1000
        elif v != int(v):
            continue
        if not 0 <= v <= MAX_COUNT:
            continue
        qual = _qualifier(tb[:mm.start("n1")])
        if (mm.group("plus") or mm.group("n2")) and qual == "exact":
            qual = "at_least"
        end = mm.start("words") + words[head].end()
        out.append((s, end, end, round(v), qual))
    return out


def _regions_count(tb: str) -> int | None:
    """"из 5 регионов", "3 приграничных субъектов"; not "15 предприятий Смоленской области" (the words before
    the region noun must be adjectives: "предприятий" only looks like one)."""
    for rm in _REGIONS_RE.finditer(tb):
        if all(is_modifier(w) for w in rm.group("adjs").split()):
            rv = _num_value(rm.group("n"))
            return int(rv) if rv is not None and 0 < rv < 1000 else None
    return None


def _combine(ms: list[_Mention]) -> tuple[int, str]:
    quals = {m.qual for m in ms}
    q = "approx" if "approx" in quals else "at_least" if "at_least" in quals else "exact"
    return sum(m.value for m in ms), q


@functools.lru_cache(maxsize=1 << 16)  # cells repeat (the same result text for many rows)
def _evaluate(text: str, home: tuple[str, ...]) -> tuple[int | None, str | None, int | None, int | None, str | None]:
    """(total, qualifier, regions_count, delegation, issue) of one cell."""
    tn = fold(text)
    ms = _mentions(tn, home)
    issue = None
    general = [m for m in ms if not m.sub and m.region is None]
    strong = [m for m in general if m.strong]
    total = qual = None
    if strong:
        total, qual = strong[0].value, strong[0].qual
        if len({m.value for m in strong}) > 1:
            issue = "в ячейке несколько итоговых чисел участников; взято первое"
    elif general:
        rest = general[1:]
        if len(rest) >= 2 and sum(m.value for m in rest) == general[0].value:
            total, qual = general[0].value, general[0].qual  # "50 человек: 30 … и 20 …"
        else:
            total, qual = _combine(general)
    else:
        attributed = [m for m in ms if not m.sub and m.region]
        if attributed:
            total, qual = _combine(attributed)
    homes = [m for m in ms if m.region == "home" and not m.sub] or [m for m in ms if m.region == "home"]
    delegation = sum(m.value for m in homes) if homes else None
    regions = _regions_count(blank_quotes(_lower(tn), same_length=True))
    return total, qual, regions, delegation, issue


def _clean_home(home_words: object) -> tuple[str, ...]:
    if isinstance(home_words, str):
        home_words = (home_words,)
    try:
        return tuple(_lower(fold(str(h))) for h in home_words if str(h).strip())  # type: ignore[union-attr]
    except TypeError:
        return ()


def parse_participants(participants_text: str, result_text: str = "",
                       home_words: tuple[str, ...] = ()) -> Participants:
    """Parse the participants cell (falling back to the result cell per field), any input."""
    issues = []
    if not isinstance(participants_text, str):
        if participants_text is not None:
            issues.append("participants text is not a string")
        participants_text = "" if participants_text is None else str(participants_text)
    if not isinstance(result_text, str):
        result_text = "" if result_text is None else str(result_text)
    participants_text, result_text = clip(participants_text), clip(result_text)
    home = _clean_home(home_words)
    total, qual, regions, deleg, issue = _evaluate(participants_text, home)
    folded = _lower(fold(participants_text)).strip()
    if total is None and (bare_m := _BARE_RE.fullmatch(folded) or _BARE_WORD_RE.fullmatch(folded)):
        value = _num_value(bare_m.group("n"))
        total, qual = (int(value), _qualifier(bare_m.group("q") or "")) if value is not None else (None, None)
    if issue:
        issues.append(issue)
    refused = False  # a count read but not taken (the issue says why)
    if total is not None and _NEGATIVE_RE.search(participants_text):
        issues.append(f"отрицательное число участников: '{participants_text.strip()[:60]}'")
        total, qual, refused = None, None, True
    if total is not None and total > MAX_COUNT:
        issues.append(f"число участников больше {MAX_COUNT:,} — не принято".replace(",", " "))
        total, qual, refused = None, None, True
    elif total is not None and total > LARGE_COUNT:
        issues.append(f"очень большое число участников ({total:,}): проверьте".replace(",", " "))
    if result_text.strip() and (total is None or regions is None or deleg is None):
        r_total, r_qual, r_regions, r_deleg, _ = _evaluate(result_text, home)
        if total is None and r_total is not None:
            total, qual = r_total, r_qual
        regions = regions if regions is not None else r_regions
        deleg = deleg if deleg is not None else r_deleg
    if total is None and not refused:
        bare = re.sub(r"№\s*\d+", " ", blank_quotes(fold(participants_text), same_length=True))
        if re.search(r"\d", bare):
            issues.append("в ячейке есть числа, но не найдено число людей")
    return Participants(total, qual, regions, deleg, "; ".join(issues) or None)
