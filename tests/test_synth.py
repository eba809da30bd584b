"""Synthetic reports (bench.synth): seeded determinism, and they load with the expected counts."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from bench.synth import main as synth_main
from bench.synth import make_report, partners, synth, write_report
from loaders.build import build
from loaders.fields.regions import find_regions


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    for name in ("a", "b"):
        assert synth_main(["--reports", "3", "--out", str(tmp_path / name), "--seed", "7"]) == 0
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert len(_digests(tmp_path / "a")) == 3
    other = synth(1, tmp_path / "c", seed=8, min_events=5, max_events=10)
    assert make_report(8, 0, 5, 10) == other[0][1]
    assert make_report(7, 0).sections != make_report(8, 0).sections


def test_every_partner_region_is_inflected_and_recognised():
    regions = partners()
    assert len(regions) == 88  # every federal subject but the reporting one
    tver = next(p for p in regions if p.code == "TVE")
    assert (tver.gent, tver.ablt) == ("Тверской области", "Тверской областью")
    for p in regions:
        for form in (p.gent, p.ablt):
            assert [m.code for m in find_regions(form)] == [p.code], form


def _pick(seed, want, small=True):
    """Report numbers of `seed` covering both formats × both templates, with a bad row among them."""
    found = {}
    for n in range(200):
        rep = make_report(seed, n, 20, 60)
        key = (rep.template, rep.file_name.rsplit(".", 1)[1])
        if key not in found or (rep.bad_rows and not found[key].bad_rows):
            found[key] = rep
        if len(found) == want and any(r.bad_rows for r in found.values()):
            break
    return list(found.values())


def test_synthetic_files_load_with_expected_counts(tmp_path):
    reports = _pick(11, 4)
    assert {(r.template, r.file_name[-4:]) for r in reports} == {
        ("agreements", "xlsx"), ("agreements", "docx"), ("roadmap", "xlsx"), ("roadmap", "docx")}
    assert any(r.bad_rows for r in reports)
    for rep in reports:
        write_report(rep, tmp_path)
    db = tmp_path / "t.duckdb"
    results = build([tmp_path], db)
    assert all(r.ok for r in results), [r.message for r in results]
    conn = duckdb.connect(str(db), read_only=True)
    try:
        for rep in reports:
            (rid, template, events, rejects) = conn.execute(
                "SELECT report_id, template, rows_event, rows_reject FROM reports WHERE file_name = ?",
                [rep.file_name]).fetchall()[0]
            assert template == rep.template
            assert events == rep.event_count
            assert rejects == rep.bad_rows
            reasons = conn.execute("SELECT reason FROM rejects WHERE report_id = ?", [rid]).fetchall()
            assert [r[0] for r in reasons] == ["нет наименования мероприятия"] * rep.bad_rows
            n = conn.execute("SELECT count(*) FROM events WHERE report_id = ?", [rid]).fetchall()[0][0]
            assert n == rep.event_count
            # every event has its partner region(s): the agreement's other party or the road map's
            missing = conn.execute(
                """SELECT count(*) FROM events e WHERE report_id = ?
                   AND NOT EXISTS (SELECT 1 FROM event_partners p WHERE p.event_id = e.event_id)""",
                [rid]).fetchall()[0][0]
            assert missing == 0
        assert conn.execute("SELECT count(DISTINCT department) FROM events").fetchall()[0][0] >= 4
        assert conn.execute("SELECT count(*) FROM events WHERE quarter IS NULL AND NOT ongoing").fetchall()[0][0] \
            <= conn.execute("SELECT count(*) FROM events").fetchall()[0][0] * 0.1
    finally:
        conn.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_sizes_and_periods(seed):
    reps = [make_report(seed, n) for n in range(20)]
    sizes = [sum(len(s.events) for s in r.sections) for r in reps]
    assert all(50 <= s <= 500 for s in sizes)
    assert {r.template for r in reps} == {"agreements", "roadmap"}
    assert any("квартале" in " ".join(r.title) for r in reps) and any("году" in r.title[-2] or "году" in r.title[0]
                                                                       for r in reps)
