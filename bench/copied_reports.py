"""A corpus of copied reports: N quarterly files of one office, each repeating most of the previous
quarter's rows and adding some new ones, as offices do (copy last quarter's table, add to it).

    .venv/bin/python bench/copied_reports.py --files 40 --out /tmp/copied [--events 360] [--keep 0.9]

The same event, copied from quarter to quarter, is reported up to N times with the same name, dates
and partner: the twin linker's worst case (one (partner, day) block holding forty copies). Seeded:
the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synth import SynthReport, SynthSection, _period_text, make_report, write_report  # noqa: E402


def _renumber(sections: list[SynthSection]) -> list[SynthSection]:
    item = 0
    out = []
    for sec in sections:
        events = []
        for ev in sec.events:
            item += 1
            events.append(replace(ev, item_no=f"{item}."))
        out.append(SynthSection(sec.department, events))  # no merged agreement cells in the copies
    return out


def _agreements_report(seed: int, n: int, events: int) -> tuple[int, list[SynthSection]]:
    """The sections of the first agreements-template synthetic report from number `n` on (named rows only)."""
    while True:
        rep = make_report(seed, n, events, events)
        if rep.template == "agreements":
            return n, [SynthSection(s.department, [ev for ev in s.events if ev.name]) for s in rep.sections]
        n += 1


def copied(n_files: int, out_dir: str | Path, seed: int = 0, events: int = 360, keep: float = 0.9
           ) -> list[tuple[Path, SynthReport]]:
    """Write the corpus into `out_dir`; returns each path with its content."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"copied:{seed}")
    n, base = _agreements_report(seed, 0, events)
    sections = _renumber(base)
    result = []
    for k in range(n_files):
        year, quarter = 2015 + k // 4, k % 4 + 1
        if k:
            n, fresh = _agreements_report(seed, n + 1, events)
            next_sections = []
            for sec, new in zip(sections, fresh + sections[len(fresh):]):
                kept = [ev for ev in sec.events if rng.random() < keep]
                added = new.events[: max(0, len(sec.events) - len(kept))]  # about as many rows as before
                next_sections.append(SynthSection(sec.department, kept + added))
            sections = _renumber(next_sections)
        title = ["Отчет о реализации соглашений в сфере межрегионального сотрудничества",
                 _period_text(year, quarter)]
        rep = SynthReport(f"copied-{seed}-{k:03d}-{year}-q{quarter}.xlsx", "agreements", title, sections,
                          number_row=False, bad_rows=0)
        result.append((write_report(rep, out), rep))
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--out", required=True)
    ap.add_argument("--events", type=int, default=360)
    ap.add_argument("--keep", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    files = copied(args.files, args.out, args.seed, args.events, args.keep)
    total = sum(rep.event_count for _, rep in files)
    print(f"{len(files)} files, {total} event rows → {args.out}")


if __name__ == "__main__":
    main()
