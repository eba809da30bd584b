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
    from loaders.parse import parse_file
    from tests.builders import HEADER, write_xlsx

    path = write_xlsx(tmp_path / "by.xlsx", [
        HEADER, "Департамент Смоленской области по культуре",
        ["1.", "Соглашение между Администрацией Смоленской области и Правительством Республики Беларусь",
         "Дни культуры", "5 мая 2021 года", "г. Минск, Республика Беларусь", "40 человек", ""],
    ])
    report = parse_file(path)
    assert report.events[0].partner_codes == []  # not a federal subject: never mapped to one
    countries = {(c.country, c.source) for c in report.countries}
    assert ("Беларусь", "agreement") in countries and ("Беларусь", "place") in countries
    assert report.events[0].place_region_code is None


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


# --- linking only what a build adds ------------------------------------------------------------------

def _links(db) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT event_id, event_key, duplicate_of FROM events ORDER BY event_id").fetchall()


def test_adding_reports_links_as_a_full_build_does(tmp_path):
    """Samples one after the other (the second build only adds: incremental linking) = both at once."""
    from loaders.build import build
    from tests.conftest import ROOT

    files = sorted((ROOT / "data" / "reports").iterdir())
    build(files, tmp_path / "once.duckdb")
    for f in files:
        build([f], tmp_path / "steps.duckdb")
    assert _links(tmp_path / "steps.duckdb") == _links(tmp_path / "once.duckdb")
    assert sum(1 for _, _, dup in _links(tmp_path / "once.duckdb") if dup) == 2


def test_a_new_event_joins_two_earlier_groups(tmp_path):
    """A new row that names both of two unlinked earlier events merges their groups: the earlier group's
    root stays the root and the other group's members are pointed at it."""
    from rapidfuzz import fuzz

    from loaders.build import build
    from tests.builders import AGR_TVER, DEPT_A, HEADER, write_xlsx

    a = "Выставка народных промыслов Тверской области"
    b = "Выставка молодых художников фестиваль"
    n = "Выставка народных промыслов Тверской области молодых художников фестиваль"
    assert fuzz.token_set_ratio(a.lower(), b.lower()) < 85  # a and b alone are not twins

    def report(name: str, rows: list[str]):
        body = [HEADER, DEPT_A] + [[f"{i}.", AGR_TVER, r, "5 мая 2021 года", "г. Тверь", "", ""]
                                   for i, r in enumerate(rows, 1)]
        title = [f"Отчет о мероприятиях ({name})", "во II квартале 2021 года"]
        return write_xlsx(tmp_path / f"{name}.xlsx", body, title=title)

    first, second, third = report("r1", [a]), report("r2", [a, b]), report("r3", [n])
    build([first, second, third], tmp_path / "once.duckdb")
    build([first, second], tmp_path / "steps.duckdb")
    before = _links(tmp_path / "steps.duckdb")
    assert [dup is not None for _, _, dup in before] == [False, True, False]  # {a, a'} and {b}
    build([third], tmp_path / "steps.duckdb")
    after = _links(tmp_path / "steps.duckdb")
    assert after == _links(tmp_path / "once.duckdb")
    root = after[0][0]
    assert [dup for _, _, dup in after] == [None, root, root, root]  # one group of four, rooted at r1's row


# --- replacing a report relinks only the groups it broke ---------------------------------------------------

def _groups(db) -> tuple[set[frozenset[tuple[str, int]]], dict[tuple[str, int], tuple[str, int] | None]]:
    """Twin groups as sets of (file, row), and each event's earliest twin as (file, row): comparable
    between two databases whose event ids differ."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("""SELECT e.event_id, r.file_name, e.row_no, e.event_key, e.duplicate_of
                               FROM events e JOIN reports r USING (report_id)""").fetchall()
    where = {eid: (f, n) for eid, f, n, _, _ in rows}
    groups: dict[str, set] = {}
    for _, f, n, key, _ in rows:
        groups.setdefault(key, set()).add((f, n))
    return ({frozenset(g) for g in groups.values() if len(g) > 1},
            {(f, n): where[dup] if dup is not None else None for _, f, n, _, dup in rows})


def _chain_reports(tmp_path):
    """r1 [a], r2 [n], r3 [b]: a and b are not twins, n (naming both) is a twin of each: one group through n."""
    from rapidfuzz import fuzz

    from tests.builders import AGR_TVER, DEPT_A, HEADER, write_xlsx

    a = "Выставка народных промыслов Тверской области"
    b = "Выставка молодых художников фестиваль"
    n = "Выставка народных промыслов Тверской области молодых художников фестиваль"
    assert fuzz.token_set_ratio(a.lower(), b.lower()) < 85

    def report(file: str, title: str, rows: list[str]):
        body = [HEADER, DEPT_A] + [[f"{i}.", AGR_TVER, r, "5 мая 2021 года", "г. Тверь", "", ""]
                                   for i, r in enumerate(rows, 1)]
        return write_xlsx(tmp_path / file, body, title=[f"Отчет о мероприятиях ({title})", "во II квартале 2021 года"])

    other = "Семинар по вопросам поддержки малого бизнеса региона"
    return {"r1": report("r1.xlsx", "r1", [a]), "r2": report("r2.xlsx", "r2", [n]), "r3": report("r3.xlsx", "r3", [b]),
            # corrected versions (same title and period, other content): the chain's bridge or root is gone
            "r2_fixed": report("r2-fixed.xlsx", "r2", [other]), "r1_fixed": report("r1-fixed.xlsx", "r1", [other])}


def test_a_corrected_report_without_the_bridging_row_splits_the_group(tmp_path):
    from loaders.build import build

    files = _chain_reports(tmp_path)
    db = tmp_path / "steps.duckdb"
    build([files["r1"], files["r2"], files["r3"]], db)
    assert _groups(db)[0] == {frozenset({("r1.xlsx", 1), ("r2.xlsx", 1), ("r3.xlsx", 1)})}
    build([files["r2_fixed"]], db)  # replaces r2: a and b are no longer joined by anything
    assert _groups(db)[0] == set()
    build([files["r1"], files["r2_fixed"], files["r3"]], tmp_path / "once.duckdb")
    assert _groups(db) == _groups(tmp_path / "once.duckdb")


def test_a_corrected_report_without_the_root_gives_the_group_a_new_root(tmp_path):
    from loaders.build import build

    files = _chain_reports(tmp_path)
    db = tmp_path / "steps.duckdb"
    build([files["r1"], files["r2"], files["r3"]], db)
    build([files["r1_fixed"]], db)  # replaces r1, whose row was the group's root
    groups, earliest = _groups(db)
    assert groups == {frozenset({("r2.xlsx", 1), ("r3.xlsx", 1)})}
    assert earliest[("r3.xlsx", 1)] == ("r2.xlsx", 1) and earliest[("r2.xlsx", 1)] is None
    assert earliest[("r1-fixed.xlsx", 1)] is None


def test_replacing_one_report_reads_only_its_neighbourhood(tmp_path, monkeypatch):
    """The relink after a replacement compares only pairs with a touched event: not a full relink."""
    from loaders.build import build
    from loaders.derive import duplicates

    files = _chain_reports(tmp_path)
    db = tmp_path / "steps.duckdb"
    build([files["r1"], files["r2"], files["r3"]], db)
    scopes = []
    real = duplicates.twin_pairs
    monkeypatch.setattr(duplicates, "twin_pairs", lambda conn, new_reports=None, touched=None: scopes.append(
        (new_reports, touched)) or real(conn, new_reports, touched))
    build([files["r2_fixed"]], db)
    assert len(scopes) == 1 and scopes[0][0] is not None  # scoped, not twin_pairs(conn) over every event
    assert len(scopes[0][1]) == 2  # the broken group's two other members: r1's and r3's rows
