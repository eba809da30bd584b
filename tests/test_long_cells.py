"""Long and adversarial cells: every field parser stays linear, and reads at most MAX_PARSE_CHARS.

Each timed test fails on the former code by timing out (pytest-timeout): `period.normalize` took 12 s on
40,000 letters (`_MIXED_WORD_RE` backtracked), participants' region search ~20 s on a chain of region
adjectives, place's bare-city search and the dates' list resolution were quadratic.
"""

from __future__ import annotations

import duckdb
import pytest

from loaders.build import build
from loaders.fields.calendar_words import normalize
from loaders.fields.cap import MAX_PARSE_CHARS, TOO_LONG, clip, too_long_issues
from loaders.fields.dates import parse_dates
from loaders.fields.departments import normalise_department
from loaders.fields.enrich import enrich_event
from loaders.fields.event_format import parse_format
from loaders.fields.event_type import classify_event
from loaders.fields.participants import _region_spans, _tail_region, parse_participants
from loaders.fields.period import parse_period
from loaders.fields.place import parse_place
from loaders.fields.regions import find_countries, find_regions
from loaders.table.classify import RowKind, TableRow
from loaders.table.columns import Col
from tests.builders import AGR_TVER, DEPT_A, HEADER, write_xlsx

N = 40_000
ADVERSARIAL = {
    "cyrillic letters": "а" * N, "latin letters": "a" * N, "capitals": "Ы" * N, "mixed scripts": "аa" * (N // 2),
    "letters and digits": "1а" * (N // 2), "words": "слово " * (N // 6), "capitalised words": "Аа " * (N // 3),
    "hyphen chain": "а-" * (N // 2), "numbers": "1 " * (N // 2), "number list": "1, " * (N // 3),
    "number ranges": "1-" * (N // 2), "dotted numbers": "1." * (N // 2), "people": "5 человек " * (N // 10),
    "adjective chain": "смоленской, " * (N // 12), "adjective chain и": "смоленской и " * (N // 13),
    "from chain": "от смоленской, " * (N // 15), "towns": "г. Аа " * (N // 6), "nested quotes": "«" * (N // 2) + "»" * (N // 2),
    "year labels": "5 мая, 2021, " * (N // 13), "spaces": " " * N + "а",
}
PARSERS = {
    "dates": lambda t: parse_dates(t, None), "period": parse_period, "participants": parse_participants,
    "regions": find_regions, "countries": find_countries, "place": parse_place, "event_type": classify_event,
    "format": parse_format, "department": normalise_department,
}


@pytest.mark.timeout(2)
@pytest.mark.parametrize("text", ["а" * N, "Ы" * N, "a" * N, "аa" * (N // 2), ("б" * 999 + "z") * 40])
def test_normalize_is_linear_on_long_letter_runs(text):
    # normalize itself reads the whole text (no cap): the former regex took 12 s here
    out = normalize(text)
    assert len(out) == len(text)


def test_normalize_still_fixes_latin_look_alikes():
    assert normalize("31 мaя 2021") == "31 мая 2021"  # Latin "a"
    assert normalize("Сeнтябрь, oктябрь") == "сентябрь, октябрь"
    assert normalize("online и zoom, мая") == "online и zoom, мая"  # all-Latin words stay
    assert normalize("x" * 5 + "ж") == "хххххж"  # a mixed run is one word


@pytest.mark.timeout(20)  # the whole grid: 9 parsers × 20 inputs, each ~0-300 ms (was minutes)
@pytest.mark.parametrize("parser", list(PARSERS))
def test_every_parser_is_fast_on_adversarial_cells(parser):
    fn = PARSERS[parser]
    for text in ADVERSARIAL.values():
        fn(text)
        fn(text.upper())


@pytest.mark.timeout(2)
@pytest.mark.parametrize("text", ["смоленской, " * 3300, "смоленской и " * 3000, "брянской,смоленской " * 2000])
def test_region_search_is_linear_on_adjective_chains(text):
    assert _region_spans(text) == []
    assert _tail_region(text + " - ") is None


def test_region_search_finds_what_it_did():
    t = "от смоленской и брянской областей 5 человек, делегация г. твери, москвы"
    spans = [t[a:b] for a, b in _region_spans(t)]
    assert spans == ["смоленской и брянской областей", "г. твери", "москвы"]
    assert _tail_region("огку «центр» смоленской области» - ") == "смоленской области"
    assert _tail_region("представители смоленской области в составе ") == "смоленской области"
    assert _tail_region("смоленской области, затем ") is None


@pytest.mark.timeout(5)
def test_dates_of_long_lists_are_linear_and_right():
    assert parse_dates("15, 16 и 20 апреля 2021").date_start.isoformat() == "2021-04-15"
    info = parse_dates(", ".join(["1"] * 1500) + " мая 2021")
    assert (info.date_start.isoformat(), info.date_end.isoformat()) == ("2021-05-01", "2021-05-01")
    info = parse_dates("2021 г., " + ", ".join(f"{d} мая" for d in range(1, 29)) + ", 2022 г., 3 июня")
    assert (info.date_start.isoformat(), info.date_end.isoformat()) == ("2021-05-01", "2022-06-03")


def test_clip_and_issue():
    assert clip("а" * 10) == "а" * 10
    assert clip("б" * (MAX_PARSE_CHARS + 1)) == "б" * MAX_PARSE_CHARS
    assert clip(None) is None and clip(5) == 5
    assert too_long_issues({"dates": "короткий", "place": "м" * MAX_PARSE_CHARS}) == []
    long = "Москва " + "я" * MAX_PARSE_CHARS
    assert too_long_issues({"place": long, "name": None}) == [("place", long[:200] + "…", TOO_LONG)]


def test_parsers_read_the_start_of_a_long_cell():
    tail = " ж" * MAX_PARSE_CHARS
    assert parse_participants("Около 150 человек" + tail).total == 150
    assert parse_dates("5 мая 2021 года" + tail).date_start.isoformat() == "2021-05-05"
    assert parse_place("г. Тверь" + tail).city == "Тверь"
    assert [m.code for m in find_regions("Тверская область" + tail)] == ["TVE"]
    # a count beyond the cap is not read (and the loader records TOO_LONG for the field)
    assert parse_participants("ж " * MAX_PARSE_CHARS + "150 человек").total is None
    assert find_regions("ж " * MAX_PARSE_CHARS + "Тверская область") == []


@pytest.mark.timeout(60)
def test_build_records_too_long_and_keeps_the_text(tmp_path):
    long_place = "г. Тверь, " + "очень длинное описание площадки " * 250  # 8k characters: over the parse cap, under the reader's 10,000-character cell limit
    rows = [HEADER, DEPT_A,
            ["1.", AGR_TVER, "Выставка «Смоленский лён»", "5 мая 2021 года", long_place, "120 человек", "Проведена"]]
    db = tmp_path / "t.duckdb"
    [res] = build([write_xlsx(tmp_path / "long.xlsx", rows)], db)
    assert res.ok, res
    with duckdb.connect(str(db), read_only=True) as c:
        place_text, city = c.execute("SELECT place_text, city FROM events").fetchone()
        issues = c.execute("SELECT field, reason, length(raw_text) FROM parse_issues ORDER BY field").fetchall()
    assert place_text == long_place  # stored as written
    assert city == "Тверь"
    assert ("place", TOO_LONG, 201) in issues


def test_enrich_flags_each_long_field():
    long = "ы" * (MAX_PARSE_CHARS + 1)
    row = TableRow(RowKind.EVENT, "Отчет!A5", "", {Col.NAME: long, Col.DATES: "5 мая 2021", Col.RESULT: long},
                   department=DEPT_A)
    out = enrich_event(row, template="agreements", period=None, home="SMO", title_partners=[])
    assert sorted(f for f, _, why in out.issues if why == TOO_LONG) == ["name", "result"]
