"""For the "never raises" suites: every field parser on a row holding the given cells, and the runner's
guard (loaders/fields/runner.py) did not fire. Strict mode is off inside, so a parser bug shows here as
a guard that fired (and, everywhere else in the test run, as the exception itself)."""

from __future__ import annotations

import os
from datetime import date

from loaders.fields.calendar_words import Period
from loaders.fields.parsers import PARSERS
from loaders.fields.runner import STRICT_ENV, FieldContext, run_parsers
from loaders.table.classify import RowKind, TableRow
from loaders.table.columns import Col

CTX = FieldContext(template="agreements", period=Period(date(2021, 4, 1), date(2021, 6, 30), "quarter"),
                   home="SMO", title_partners=("SPE",), regions=frozenset({"SMO", "SPE"}), home_words=("смоленск",))


CELLS = {"agreement": Col.AGREEMENT, "name": Col.NAME, "dates": Col.DATES, "place": Col.PLACE,
         "participants": Col.PARTICIPANTS, "result": Col.RESULT}


def assert_guard_silent(*, period: Period | None = CTX.period, department: object = None, **cells: object) -> None:
    """`cells`: agreement=, name=, dates=, place=, participants=, result= (what is not a string is left out,
    as a reader never gives it)."""
    row = TableRow(RowKind.EVENT, "A1", "", {CELLS[k]: v for k, v in cells.items() if isinstance(v, str)},
                   department=department if isinstance(department, str) else None)
    ctx = FieldContext(CTX.template, period, CTX.home, CTX.title_partners, CTX.regions, CTX.home_words)
    saved = os.environ.pop(STRICT_ENV, None)
    try:
        outcome = run_parsers(PARSERS, row, ctx)
    finally:
        if saved is not None:
            os.environ[STRICT_ENV] = saved
    assert outcome.failed == [], [i for i in outcome.issues if i[0] in outcome.failed]
