"""Federal subjects (regions), foreign countries and cities named in Russian report text.

Matching works on pymorphy3 normal forms of ALL parses of a word (plus the word's own surface
form), so inflected mentions ("Брянской и Орловской областей", "Правительством Москвы",
"Кемеровской области – Кузбасса") are found. Data lives in data/regions.csv, data/cities.csv
and data/countries.csv.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, NamedTuple

from loaders.fields.cap import clip
from loaders.fields.morph import morph
from loaders.fields.region_abbr import Ambiguity, find_abbreviations  # the one shared, lazily created MorphAnalyzer
from loaders.fields.text import lower_yo, same_width

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Region:
    code: str
    name_ru: str
    name_en: str
    federal_district: str
    admin_center: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RegionMention:
    code: str
    name: str  # official name_ru
    start: int
    end: int
    text: str  # matched text as it appears in the input


class Tok(NamedTuple):
    start: int
    end: int
    surf: str
    key: str  # lower case, ё→е, soft hyphens and stress marks removed
    cap: bool  # first letter is upper case


class WordInfo(NamedTuple):
    lemmas: frozenset[str]  # normal forms of all parses + the word itself
    geox: bool
    person: bool  # has a Surn/Name/Patr parse
    adj: bool  # has an ADJF parse
    nomn: bool  # has a nominative parse
    known: bool


_WCH = "0-9A-Za-zА-Яа-яЁё\u00ad\u0301"
_WORD_RE = re.compile(f"[{_WCH}]+(?:-[{_WCH}]+)*")
_CONNECTORS = {"и", "или", "а", "также"}
_FILLERS = frozenset({"другой", "иной", "соседний", "прочий"})
_COMPOUND_PREFIXES = {"ханты", "ямало", "кабардино", "карачаево", "санкт"}
_CLOSE_PAREN = re.compile(r"\s*\)")


def normalize(text: str) -> str:
    """Spaces and hyphens unified one character for one (loaders/fields/text.py)."""
    return same_width(text)


@lru_cache(maxsize=100_000)  # a report's words repeat: the same few thousand again and again
def word_key(word: str) -> str:
    return lower_yo(word).replace("\u00ad", "").replace("\u0301", "")


@lru_cache(maxsize=200_000)
def word_info(key: str) -> WordInfo:
    parses = morph().parse(key) if key else []
    lemmas = {p.normal_form.replace("ё", "е") for p in parses} | {key}
    tags = [p.tag for p in parses]
    return WordInfo(frozenset(lemmas), any("Geox" in t for t in tags),
                    any(("Surn" in t or "Name" in t or "Patr" in t) for t in tags),
                    any("ADJF" in t for t in tags), any("nomn" in t for t in tags),
                    morph().word_is_known(key) if key else False)


@lru_cache(maxsize=50_000)
def phrase_keys(phrase: str) -> tuple[frozenset[str], ...]:
    """Per word of a nominative data phrase: surface, lemmas and all lexeme forms of its nominative parses."""
    out = []
    for m in _WORD_RE.finditer(normalize(phrase)):
        key = word_key(m.group())
        keys = {key}
        parses = morph().parse(key)
        nom = [p for p in parses if "nomn" in p.tag] or parses[:1]
        for p in nom:
            keys.add(p.normal_form.replace("ё", "е"))
            keys.update(f.word.replace("ё", "е") for f in p.lexeme)
        out.append(frozenset(keys))
    return tuple(out)


def _raw_tokens(text: str) -> list[Tok]:
    toks = []
    for m in _WORD_RE.finditer(text):
        s = m.group()
        toks.append(Tok(m.start(), m.end(), s, word_key(s), s[:1].isupper()))
    return toks


def tokenize(text: str, vocab: frozenset[str] = frozenset()) -> list[Tok]:
    """Word tokens of normalised text; spaced compounds merged, unknown hyphen chains split."""
    raw = _raw_tokens(text)
    toks: list[Tok] = []
    i = 0
    while i < len(raw):
        t = raw[i]
        if t.key in _COMPOUND_PREFIXES and i + 1 < len(raw) and \
                re.fullmatch(r"\s*[-–—]?\s*", text[t.end:raw[i + 1].start]):
            n = raw[i + 1]
            t = Tok(t.start, n.end, text[t.start:n.end], f"{t.key}-{n.key}", t.cap)
            i += 1
        if "-" in t.key and vocab and not (word_info(t.key).lemmas & vocab):
            parts = [Tok(t.start + m.start(), t.start + m.end(), m.group(), word_key(m.group()),
                         m.group()[:1].isupper()) for m in re.finditer(f"[{_WCH}]+", t.surf)]
            if any(word_info(p.key).lemmas & vocab for p in parts):
                toks.extend(parts)
                i += 1
                continue
        toks.append(t)
        i += 1
    return toks


class PhraseIndex:
    """Multi-word phrases indexed by the keys of their first word."""

    def __init__(self) -> None:
        self.first: dict[str, list[tuple[tuple[frozenset[str], ...], Any]]] = {}
        self.keys: set[str] = set()
        # the first three letters of every form of a first word: inflection keeps them, so a token
        # without them needs no morphological analysis (about a millisecond per new word)
        self.stems: set[str] = set()

    def add(self, phrase: str, payload: Any) -> None:
        ks = phrase_keys(phrase)
        if not ks:
            return
        for k in ks[0]:
            self.first.setdefault(k, []).append((ks[1:], payload))
            self.stems.add(k[:3])
        for kset in ks:
            self.keys.update(kset)

    def match(self, text: str, toks: list[Tok], i: int) -> tuple[int, Any] | None:
        """Longest phrase starting at token i -> (index of its last token, payload)."""
        if toks[i].key[:3] not in self.stems:
            return None
        best: tuple[int, Any] | None = None
        seen = set()
        for k in word_info(toks[i].key).lemmas:
            for rest, payload in self.first.get(k, ()):
                if (id(rest), payload) in seen:
                    continue
                seen.add((id(rest), payload))
                j = i
                for kset in rest:
                    if j + 1 >= len(toks) or text[toks[j].end:toks[j + 1].start].strip() or \
                            not (word_info(toks[j + 1].key).lemmas & kset):
                        break
                    j += 1
                else:
                    if best is None or j > best[0]:
                        best = (j, payload)
        return best


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def _regions() -> tuple[Region, ...]:
    return tuple(Region(r["region_code"], r["name_ru"], r["name_en"], r["federal_district"],
                        r["admin_center"], float(r["lat"]), float(r["lon"]),
                        tuple(a.strip() for a in r["aliases"].split("|") if a.strip()))
                 for r in _read_csv("regions.csv"))


def load_regions() -> list[Region]:
    """All 89 federal subjects from data/regions.csv."""
    return list(_regions())


def region_names() -> dict[str, str]:
    """region_code -> official name_ru."""
    return {r.code: r.name_ru for r in _regions()}


_HEAD_KIND = {"область": "obl", "край": "krai", "округ": "okr", "республика": "rep"}


def _adj_lemma(word: str) -> str:
    parses = [p for p in morph().parse(word_key(word)) if "ADJF" in p.tag and "nomn" in p.tag]
    return (parses[0].normal_form if parses else word_key(word)).replace("ё", "е")


class _Tables(NamedTuple):
    adj: dict[str, dict[str, str]]  # kind -> adjective lemma -> code
    names: PhraseIndex  # stand-alone names: federal cities and aliases
    repnames: PhraseIndex  # names that follow "Республика"
    vocab: frozenset[str]
    by_code: dict[str, Region]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    adj: dict[str, dict[str, str]] = {k: {} for k in ("obl", "krai", "rep", "nrep", "aokr", "aobl")}
    names, repnames = PhraseIndex(), PhraseIndex()
    for r in _regions():
        main, _, suffix = r.name_ru.partition(" — ")
        paren = re.search(r"\(([^)]*)\)", main)
        main = re.sub(r"\s*\([^)]*\)", "", main).strip()
        phrases = [main] + list(r.aliases) + [x for x in (suffix, paren and paren.group(1)) if x]
        is_rep = "Республик" in r.name_ru
        for ph in phrases:
            words = ph.split()
            low = [word_key(w) for w in words]
            kind = None
            if len(words) >= 2 and low[-1] in ("область", "край", "округ", "республика"):
                kind = {"область": "obl", "край": "krai", "округ": "aokr", "республика": "rep"}[low[-1]]
                if low[-2] in ("автономная", "автономный"):
                    kind = "aobl" if kind == "obl" else "aokr"
                elif low[-2] == "народная":
                    kind = "nrep"
                adj[kind][_adj_lemma(words[0])] = r.code
            elif low[0] == "республика":
                repnames.add(" ".join(words[1:]), r.code)
            else:
                names.add(ph, r.code)
                if is_rep:
                    repnames.add(ph, r.code)
    vocab = set(names.keys) | set(repnames.keys) | set(_HEAD_KIND) | {"автономный", "народный"}
    for d in adj.values():
        vocab.update(d)
    return _Tables(adj, names, repnames, frozenset(vocab), {r.code: r for r in _regions()})


def _gap(text: str, toks: list[Tok], i: int) -> str:
    return text[toks[i].end:toks[i + 1].start] if 0 <= i < len(toks) - 1 else "\n"


# every form of область / край / республика / округ and of обл., кр., респ., АО starts with one of these
_HEAD_STEMS = frozenset({"обл", "кра", "кр", "рес", "окр", "ао"})


def _heads(toks: list[Tok], text: str, i: int) -> list[tuple[str, int]]:
    """(kind, index of the first head word) for a region head noun at token i."""
    if toks[i].key[:3] not in _HEAD_STEMS:
        return []
    lem = word_info(toks[i].key).lemmas
    prev = word_info(toks[i - 1].key).lemmas if i > 0 and not _gap(text, toks, i - 1).strip() else frozenset()
    if "область" in lem or toks[i].key == "обл":
        return [("aobl", i - 1)] if "автономный" in prev else [("obl", i)]
    if "край" in lem or toks[i].key == "кр":
        return [("krai", i)]
    if "республика" in lem or toks[i].key == "респ":
        return [("nrep", i - 1)] if "народный" in prev else [("rep", i)]
    if "округ" in lem and "автономный" in prev:
        return [("aokr", i - 1)]
    if toks[i].surf == "АО":
        return [("aokr", i), ("aobl", i)]
    return []


def _sep_ok(text: str, toks: list[Tok], a: int, b: int) -> bool:
    """Tokens a < b are separated only by commas, whitespace and connector words (at least one)."""
    if any(toks[k].key not in _CONNECTORS for k in range(a + 1, b)):
        return False
    gaps = [text[toks[k].end:toks[k + 1].start] for k in range(a, b)]
    return all(not g.replace(",", "").strip() for g in gaps) and (b - a > 1 or "," in gaps[0])


def _adj_chain(toks: list[Tok], text: str, h: int, adj: dict[str, str]) -> list[tuple[int, str]]:
    """Coordinated region adjectives ending right before head token h: [(token index, code)]."""
    out: list[tuple[int, str]] = []
    j = h - 1
    if j < 0 or _gap(text, toks, j).strip():
        return out
    if j >= 2 and word_info(toks[j].key).lemmas & _FILLERS and toks[j - 1].key == "и" and \
            not _gap(text, toks, j - 1).strip():  # "Смоленской, Брянской и других областей"
        j -= 2
        if _gap(text, toks, j).strip():
            return out
    while True:
        code = next((adj[lm] for lm in word_info(toks[j].key).lemmas if lm in adj), None)
        if code is None:
            break
        out.append((j, code))
        k = j - 1
        while k >= 0 and toks[k].key in _CONNECTORS:
            k -= 1
        if k < 0 or not _sep_ok(text, toks, k, j):
            break
        j = k
    return out


def find_regions(text: str, context: Collection[str] | None = None) -> list[RegionMention]:
    """Federal subjects mentioned in text, in order of first appearance, one per code.

    `context`: region codes the document names unambiguously (its agreements' partners, its title's
    regions, the reporting region); an ambiguous abbreviation ("РБ", "РТ", "МО") is a region only when
    exactly one of its candidates is there or elsewhere in the same text (see region_abbr.py).
    """
    return list(_scan(text, _context(context))[0]) if isinstance(text, str) else []


def region_ambiguities(text: str, context: Collection[str] | None = None) -> list[Ambiguity]:
    """The abbreviations of text that could name several subjects and that the context does not settle."""
    return list(_scan(text, _context(context))[1]) if isinstance(text, str) else []


def _context(context: Collection[str] | None) -> frozenset[str]:
    if type(context) is frozenset:  # what the loader passes (document_regions): used as it is
        return context
    try:
        return frozenset(c for c in context or () if isinstance(c, str))
    except TypeError:
        return frozenset()


def ambiguity_reason(a: Ambiguity) -> str:
    """The parse issue for an unresolved abbreviation (Russian, like every parse issue)."""
    names = [re.sub(r"\s*\([^)]*\)", "", _tables().by_code[c].name_ru) for c in a.candidates] + list(a.others)
    return f"сокращение «{a.abbr}» может означать: {'; '.join(names)} — документ не уточняет, регион не определён"


def ambiguity_issues(texts: dict[str, str], context: Collection[str] | None = None) -> list[tuple[str, str, str]]:
    """(field, text, reason) for each unresolved abbreviation in each field's text."""
    return [(f, t, ambiguity_reason(a)) for f, t in texts.items() for a in region_ambiguities(t, context)]


@lru_cache(maxsize=1 << 14)
def _scan(text: str, context: frozenset[str]) -> tuple[tuple[RegionMention, ...], tuple[Ambiguity, ...]]:
    found, ambiguous = _find_regions(clip(text), context)
    return tuple(found), tuple(ambiguous)


def _find_regions(text: str, context: frozenset[str] = frozenset()) -> tuple[list[RegionMention], list[Ambiguity]]:
    if not isinstance(text, str) or not text.strip():
        return [], []
    tb = _tables()
    norm = normalize(text)
    toks = tokenize(norm, tb.vocab)
    found: list[tuple[int, int, str]] = []  # (start token, end token, code)
    for i, t in enumerate(toks):
        for kind, h in _heads(toks, norm, i):
            for j, code in _adj_chain(toks, norm, h, tb.adj[kind]):
                found.append((j, i if j == h - 1 else j, code))
            if kind == "rep" and not _gap(norm, toks, i).strip():
                j = i + 1
                while j < len(toks) and (m := tb.repnames.match(norm, toks, j)):
                    found.append((i if j == i + 1 else j, m[0], m[1]))
                    k = m[0] + 1
                    while k < len(toks) and toks[k].key in _CONNECTORS:
                        k += 1
                    if k >= len(toks) or not _sep_ok(norm, toks, m[0], k):
                        break
                    j = k
        if t.cap and (m := tb.names.match(norm, toks, i)):
            found.append((i, m[0], m[1]))
    spans = []
    for s, e, code in found:  # extend over "– Кузбасс", "(Якутия)" of the same subject
        if re.fullmatch(r"\s*[-–—(]\s*", _gap(norm, toks, e)) and (m := tb.names.match(norm, toks, e + 1)) \
                and m[1] == code:
            e = m[0]
        end = toks[e].end
        if _CLOSE_PAREN.match(norm, end) and "(" in norm[toks[s].start:end]:
            end = norm.index(")", end) + 1
        spans.append((toks[s].start, end, code))
    ambiguous: list[Ambiguity] = []
    for h in find_abbreviations(norm, context, frozenset(c for *_, c in spans)):
        if h.code:
            spans.append((h.start, h.end, h.code))
        elif not any(a < h.end and h.start < b for a, b, _ in spans):
            ambiguous.append(h.ambiguity)
    spans.sort(key=lambda x: (x[0], -x[1]))
    out: list[RegionMention] = []
    last_end, codes = -1, set()
    for s, e, code in spans:
        if s < last_end:
            continue
        last_end = e
        if code not in codes:
            codes.add(code)
            out.append(RegionMention(code, tb.by_code[code].name_ru, s, e, text[s:e]))
    return out, ambiguous


@lru_cache(maxsize=1)
def _countries() -> PhraseIndex:
    idx = PhraseIndex()
    for r in _read_csv("countries.csv"):
        for ph in [r["name_ru"]] + [a for a in r["aliases"].split("|") if a.strip()]:
            idx.add(ph.strip(), r["name_ru"])
    return idx


def find_countries(text: str) -> list[str]:
    """Foreign countries named in text (canonical name_ru from countries.csv), in order, unique."""
    if not isinstance(text, str) or not text.strip():
        return []
    idx, norm = _countries(), normalize(clip(text))
    # a country name starts with a capitalised word whose first letters start a country's name: most
    # cells have none, and need no tokenising
    if not any(m.group()[:1].isupper() and word_key(m.group())[:3] in idx.stems for m in _WORD_RE.finditer(norm)):
        return []
    toks, out, i = tokenize(norm), [], 0
    while i < len(toks):
        m = idx.match(norm, toks, i) if toks[i].cap else None
        if m:
            if m[1] not in out:
                out.append(m[1])
            i = m[0]
        i += 1
    return out


def city_key(name: str) -> str:
    s = word_key(normalize(name)).strip()
    s = re.sub(r"^(?:г|гор|город)\.?\s+", "", s)
    return re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", s))


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, tuple[str, ...]]]:
    """city key -> (canonical spelling, region codes)."""
    acc: dict[str, tuple[str, list[str]]] = {}
    rows = [(r.admin_center, r.code) for r in _regions()] + \
           [(r["city"], r["region_code"]) for r in _read_csv("cities.csv")]
    for city, code in rows:
        name, codes = acc.setdefault(city_key(city), (city.strip(), []))
        if code not in codes:
            codes.append(code)
    return {k: (n, tuple(c)) for k, (n, c) in acc.items()}


def lookup_city(city: str) -> tuple[str, str | None] | None:
    """(canonical name, region code or None if ambiguous) for a nominative city name, or None."""
    hit = _cities().get(city_key(city)) if isinstance(city, str) else None
    if not hit:
        return None
    name, codes = hit
    if len(codes) == 1:
        return name, codes[0]
    admin = [c for c in codes if city_key(_tables().by_code[c].admin_center) == city_key(name)]
    return name, admin[0] if len(admin) == 1 else None


def region_of_city(city: str) -> str | None:
    """Region code of a city (nominative); admin centres win over same-named towns; else None."""
    hit = lookup_city(city)
    if hit is None and isinstance(city, str) and city.strip():
        for cand in nominative_variants(city.split()):
            if (hit := lookup_city(cand)):
                break
    return hit[1] if hit else None


@lru_cache(maxsize=20_000)
def _word_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    for p in morph().parse(word_key(word)):
        if p.tag.POS in ("NOUN", "ADJF"):
            f = p.inflect({"nomn"})
            forms += [f.word] if f else []
            forms.append(p.normal_form)
    return tuple(dict.fromkeys(forms))


def nominative_variants(words: list[str], limit: int = 64) -> list[str]:
    """Candidate nominative spellings of a (possibly inflected) place name, raw form first."""
    per_word = []
    for w in words:
        opts = list(_word_forms(w))
        if "-" in w:
            parts = [_word_forms(p)[:4] for p in w.split("-")]
            opts += ["-".join(c) for c in list(product(*parts))[:16]]
        per_word.append(list(dict.fromkeys(opts)))
    return [" ".join(c) for c in list(product(*per_word))[:limit]]
