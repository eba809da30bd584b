"""Abbreviations and short forms of federal subjects; ambiguous ones only when the document settles them."""

from __future__ import annotations

import duckdb
import pytest

from loaders.build import build
from loaders.fields.enrich import document_regions
from loaders.fields.regions import ambiguity_issues, find_regions, region_ambiguities
from tests.builders import DEPT_A, HEADER, write_xlsx

# (text, region codes in order) — no context needed
PLAIN = [
    ("Делегация ХМАО – Югры приняла участие в форуме", ["KHM"]),
    ("представители ХМАО-Югра", ["KHM"]),
    ("гости из ЯНАО и НАО", ["YAN", "NEN"]),
    ("в ЕАО прошла выставка", ["YEV"]),
    ("Соглашение с Правительством ЧАО", ["CHU"]),
    ("команды КБР, КЧР", ["KB", "KC"]),
    ("Министерство культуры РСО – Алания", ["SE"]),
    ("коллеги из РСО-Алания", ["SE"]),
    ("фестиваль в РСО", ["SE"]),
    ("Ленобласть и Мособласть", ["LEN", "MOS"]),
    ("выезд в СПб", ["SPE"]),
    ("г. С.-Петербург, Невский пр.", ["SPE"]),
    ("Ярославская обл., г. Рыбинск", ["YAR"]),
    ("Орловская и Курская области", ["ORL", "KRS"]),
    ("Респ. Татарстан, г. Казань", ["TA"]),
    ("Удмуртская респ.", ["UD"]),
    ("г. Москва, ВДНХ", ["MOW"]),
    ("г.Севастополь", ["SEV"]),
    ("Ненецкий АО", ["NEN"]),
    ("Ханты-Мансийский АО – Югра", ["KHM"]),
    ("Еврейская АО", ["YEV"]),
    ("ЛНР, ДНР, Запорожская обл. и Херсонская область", ["LPR", "DPR", "ZAP", "KHE"]),
    ("Правительство РС(Я)", ["SA"]),
    ("делегация РС (Я)", ["SA"]),
    ("Краснодарский кр.", ["KDA"]),
    ("Приморского кр. и Хабаровского края", ["PRI", "KHA"]),
    ("организации НСО", ["NVS"]),
    ("Правительство РМЭ", ["ME"]),
    ("с участием УР", ["UD"]),
    ("Республика Коми (РК)", ["KO"]),  # the same text settles РК
    ("Республика Бурятия — РБ", ["BU"]),
]

# must not give a region (and no ambiguity either)
NOT_REGIONS = [
    "РКЦ «Прогресс»", "ПРК-центр", "РК-2021", "РТ-Капитал", "МО \"Город Гагарин\"", "МО «Сафоновский район»",
    "МО МВД России «Рославльский»", "МО РФ", "МО Смоленского района", "НАО «Северный завод»", "ЧАО \"Азот\"",
    "рб", "ркл", "Мо", "АО «Концерн»", "ООО «РТ»",
]


@pytest.mark.parametrize(("text", "codes"), PLAIN)
def test_abbreviations_and_short_forms(text, codes):
    assert [m.code for m in find_regions(text)] == codes
    assert region_ambiguities(text) == []


@pytest.mark.parametrize("text", NOT_REGIONS)
def test_not_a_region(text):
    assert find_regions(text, {"MOS", "TA", "KR", "NEN", "CHU", "BA"}) == []
    assert region_ambiguities(text) == []


def test_abbreviation_span_and_position():
    [m] = find_regions("Обмен опытом с коллегами из РС(Я).")
    assert (m.code, m.text) == ("SA", "РС(Я)")
    [m] = find_regions("НАО")
    assert (m.start, m.end) == (0, 3)


AMBIGUOUS = [  # (text, abbreviation, candidates)
    ("Соглашение с Правительством РБ", "РБ", ("BA", "BU")),
    ("делегация РК", "РК", ("KR", "KO", "KL", "CR")),
    ("Кабинет Министров РТ", "РТ", ("TA", "TY")),
    ("выставка в МО", "МО", ("MOS",)),
    ("Правительство РА и Смоленская область", "РА", ("AD", "AL")),
    ("спортсмены ЧР", "ЧР", ("CE", "CU")),
    ("Правительство РМ", "РМ", ("MO",)),
]


@pytest.mark.parametrize(("text", "abbr", "candidates"), AMBIGUOUS)
def test_ambiguous_without_context_is_no_region_and_an_issue(text, abbr, candidates):
    assert [m.code for m in find_regions(text)] in ([], ["SMO"])
    [a] = region_ambiguities(text)
    assert (a.abbr, a.candidates) == (abbr, candidates)
    [(field, raw, reason)] = ambiguity_issues({"partners": text})
    assert field == "partners" and raw == text and f"«{abbr}»" in reason and "регион не определён" in reason


@pytest.mark.parametrize(("text", "abbr", "candidates"), AMBIGUOUS)
def test_ambiguous_with_one_candidate_in_context(text, abbr, candidates):
    for code in candidates:
        assert code in [m.code for m in find_regions(text, {code, "SMO", "TVE"})]
        assert region_ambiguities(text, {code, "TVE"}) == []


@pytest.mark.parametrize(("text", "abbr", "candidates"), [a for a in AMBIGUOUS if len(a[2]) > 1])
def test_ambiguous_with_two_candidates_in_context_is_still_an_issue(text, abbr, candidates):
    ctx = set(candidates[:2])
    assert not set(candidates) & {m.code for m in find_regions(text, ctx)}
    assert [a.abbr for a in region_ambiguities(text, ctx)] == [abbr]


def test_issue_names_every_reading():
    [(_, _, reason)] = ambiguity_issues({"participants": "гости из РБ"})
    assert reason == ("сокращение «РБ» может означать: Республика Башкортостан; Республика Бурятия; "
                      "Республика Беларусь — документ не уточняет, регион не определён")


def test_document_regions():
    ctx = document_regions("План мероприятий по сотрудничеству Смоленской области и Республики Татарстан", "SMO",
                           ["Соглашение с Правительством Республики Бурятия", "Соглашение с РТ"])
    assert ctx == {"SMO", "TA", "BU"}


AGR_TA = "Соглашение между Администрацией Смоленской области и Кабинетом Министров Республики Татарстан"


def test_build_resolves_by_the_documents_agreements(tmp_path):
    rows = [HEADER, DEPT_A,
            ["1.", AGR_TA, "Выставка", "5 мая 2021 года", "г. Казань", "10 человек", ""],
            ["2.", "Соглашение с Кабинетом Министров РТ", "Семинар", "6 мая 2021 года", "г. Казань", "12 человек", ""],
            ["3.", "Соглашение с Правительством РБ", "Форум", "7 мая 2021 года", "г. Уфа", "гости из РК", ""]]
    db = tmp_path / "a.duckdb"
    [res] = build([write_xlsx(tmp_path / "a.xlsx", rows)], db)
    assert res.ok, res
    with duckdb.connect(str(db), read_only=True) as c:
        partners = c.execute("SELECT e.row_no, list(p.region_code ORDER BY p.region_code) FROM events e "
                             "LEFT JOIN event_partners p USING (event_id) GROUP BY 1 ORDER BY 1").fetchall()
        issues = c.execute("SELECT e.row_no, i.field, i.reason FROM parse_issues i JOIN events e USING (event_id) "
                           "WHERE i.reason LIKE 'сокращение%' ORDER BY 1, 2").fetchall()
    assert partners[:2] == [(1, ["TA"]), (2, ["TA"])]
    assert partners[2][1] in ([None], [])
    assert [(r, f, reason.split(" может")[0]) for r, f, reason in issues] == [
        (3, "participants", "сокращение «РК»"), (3, "partners", "сокращение «РБ»")]


@pytest.mark.parametrize(("text", "context", "codes"), [
    ("РТ и Смоленская область подписали план", {"TA"}, ["TA", "SMO"]),
    ("Обмен опытом с коллегами (РБ).", {"BA", "SMO"}, ["BA"]),
    ("в Уфе (Республика Башкортостан, РБ)", set(), ["BA"]),
    ("Соглашение между Правительством Смоленской области и Правительством РК", {"KR", "SMO"}, ["SMO", "KR"]),
    ("делегация РК; делегация РТ", {"CR", "TY"}, ["CR", "TY"]),
    ("форум в МО, г. Красногорск", {"MOS"}, ["MOS"]),
    ("Правительство ЧР", {"CU"}, ["CU"]),
])
def test_ambiguous_in_sentences_with_context(text, context, codes):
    assert [m.code for m in find_regions(text, context)] == codes
    assert region_ambiguities(text, context) == []


@pytest.mark.parametrize("bad", [None, 5, ["РТ"], {"a": 1}, b"\xd0\xa0\xd0\xa2"])
def test_odd_input_never_raises(bad):
    assert find_regions(bad, {"TA"}) == [] and region_ambiguities(bad) == []
    assert [m.code for m in find_regions("РТ", bad)] == []  # an odd context is no context
