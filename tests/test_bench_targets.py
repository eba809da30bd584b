"""bench/targets.py: the table `make bench` ends with, as printed."""

from bench.targets import Scorecard


def test_the_scorecard_says_what_is_met_and_by_how_much_the_rest_miss() -> None:
    card = Scorecard()
    card.add("slowest page cold at 1,000,000 events (overview, text search)", 343.4, 300, "ms")
    card.add("CSV export of 100,000 rows", 1.234, 2.0, "s")
    card.add("`python -m loaders build` / the raw read, synthetic files", 2.7234, 1.5, "×")
    card.add("dashboard's peak memory (VmHWM)", 350.0, 350, "MB")
    assert card.table() == "\n".join([
        "## Issue 15's targets, this run",
        "| target | measured | limit | met? | over the limit by |",
        "|---|---:|---:|---|---:|",
        "| slowest page cold at 1,000,000 events (overview, text search) | 343 ms | ≤ 300 ms | no | +14 % |",
        "| CSV export of 100,000 rows | 1.23 s | ≤ 2.00 s | yes | — |",
        "| `python -m loaders build` / the raw read, synthetic files | 2.72× | ≤ 1.50× | no | +82 % |",
        "| dashboard's peak memory (VmHWM) | 350 MB | ≤ 350 MB | yes | — |",
        "2 of 4 met",
    ])


def test_an_empty_scorecard_prints_nothing() -> None:
    assert Scorecard().table() == ""
