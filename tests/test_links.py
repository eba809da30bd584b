"""Database-level links on the samples: home region, periods, agreements, duplicate events."""

from __future__ import annotations

import datetime as dt


def test_reports_period_home_region_and_accounting(sample_conn):
    rows = sample_conn.execute(
        """SELECT template, period_start, period_end, period_kind, home_region_code,
                  rows_source = rows_event + rows_heading + rows_header + rows_total + rows_blank + rows_reject
           FROM reports ORDER BY template""").fetchall()
    assert rows == [
        ("agreements", dt.date(2021, 4, 1), dt.date(2021, 6, 30), "quarter", "SMO", True),
        ("roadmap", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year", "SMO", True),
    ]


def test_exactly_the_two_known_duplicate_pairs_are_linked(sample_conn):
    pairs = sample_conn.execute(
        """SELECT a.name, b.name, a.dates_text FROM events a JOIN events b ON b.duplicate_of = a.event_id
           ORDER BY a.event_id""").fetchall()
    assert [(a, b) for a, b, _ in pairs] == [
        ("Межрегиональная конференция «Служба занятости населения России. Новая реальность. Тренды развития»",) * 2,
        ("Региональный этап Всероссийского полумарафона «Забег.РФ»",) * 2,
    ]
    assert sample_conn.execute("SELECT count(DISTINCT event_key) FROM events").fetchall() == [(84,)]


def test_agreement_spellings_fold_into_one_row_each(sample_conn):
    rows = sample_conn.execute("SELECT kind, partner_codes FROM agreements ORDER BY kind, partner_codes").fetchall()
    assert rows == [
        ("agreement", ["BRY", "KLU"]), ("agreement", ["CR"]), ("agreement", ["KEM"]), ("agreement", ["LIP"]),
        ("agreement", ["MOW"]), ("agreement", ["ORL"]), ("agreement", ["SAM"]), ("agreement", ["SPE"]),
        ("agreement", ["TVE"]), ("agreement", ["VGG"]), ("agreement", ["VLA"]), ("agreement", ["YAR"]),
        ("roadmap", ["SPE"]),
    ]
    # every event is linked to at least one agreement; the road map's 50 to the road map
    unlinked = sample_conn.execute(
        "SELECT count(*) FROM events WHERE event_id NOT IN (SELECT event_id FROM event_agreements)").fetchall()
    assert unlinked == [(0,)]
    moscow = sample_conn.execute(
        """SELECT count(DISTINCT e.agreement_text) FROM events e JOIN event_agreements USING (event_id)
           JOIN agreements a USING (agreement_id) WHERE a.partner_codes = ['MOW']""").fetchall()
    assert moscow[0][0] >= 3  # written several ways in the report, one agreement


def test_regions_reference_has_89_subjects(sample_conn):
    assert sample_conn.execute("SELECT count(*), count(DISTINCT region_code) FROM regions").fetchall() == [(89, 89)]
    name = sample_conn.execute("SELECT name_ru FROM regions WHERE region_code = 'KEM'").fetchall()
    assert name == [("Кемеровская область — Кузбасс",)]


def test_foreign_countries_are_kept_apart(tmp_path):
    from loaders.report import parse_report
    from tests.builders import HEADER, write_xlsx

    path = write_xlsx(tmp_path / "by.xlsx", [
        HEADER, "Департамент Смоленской области по культуре",
        ["1.", "Соглашение между Администрацией Смоленской области и Правительством Республики Беларусь",
         "Дни культуры", "5 мая 2021 года", "г. Минск, Республика Беларусь", "40 человек", ""],
    ])
    fields = parse_report(path).events[0].fields
    assert fields.partners == []  # not a federal subject: never mapped to one
    assert ("Беларусь", "agreement") in fields.countries and ("Беларусь", "place") in fields.countries
    assert fields.place_region_code is None


def test_partner_columns_on_the_row_equal_the_link_table(sample_conn):
    """events.partner_codes / partner_list are copies of event_partners that the dashboard groups and filters by."""
    rows = sample_conn.execute(
        """SELECT e.event_id, e.partner_codes, e.partner_list,
                  (SELECT list(p.region_code ORDER BY p.region_code) FROM event_partners p WHERE p.event_id = e.event_id)
           FROM events e""").fetchall()
    assert len(rows) == 86
    for event_id, codes, joined, linked in rows:
        assert codes == (linked or []), event_id
        assert joined == ("|" + "|".join(codes) + "|" if codes else None), event_id
    assert sum(1 for _, codes, _, _ in rows if len(codes) > 1) >= 1  # a row with two partners is covered
