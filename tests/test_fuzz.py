"""Fuzzing the loader: damaged report files never escape build() and never damage the database.

Mutated copies of the four sample files (tests/mutations.py) and tiny reports whose cell
texts hypothesis generates are each loaded into a database built from data/reports:
- build() returns (no exception), one result for the file;
- a failed file has a one-line message naming the file, and the database is byte-identical;
- a loaded file leaves a database that passes loaders.check.
Seeded and deterministic. RUN_SLOW=1 runs the 1,000-case version.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.build import build
from loaders.check import run_checks
from tests.builders import DEPT_A, HEADER, TITLE, write_docx, write_xlsx
from tests.conftest import SAMPLES
from tests.mutations import mutate

SEED = 20210630
FAST_CASES = 24
SLOW_CASES = 1_000
FAST_EXAMPLES = 6
SLOW_EXAMPLES = 200


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Fuzzer:
    """Runs cases against a working copy of the base database, restoring it after every load."""

    base_db: Path
    workdir: Path
    loaded: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db = self.workdir / "fuzz.duckdb"
        shutil.copy(self.base_db, self.db)

    @property
    def cases(self) -> int:
        return self.loaded + self.refused + len(self.crashes)

    def run(self, path: Path, label: str) -> None:
        before = sha256(self.db)
        try:
            results = build([path], self.db)
        except BaseException as exc:  # noqa: B036 - the point is to see anything that escapes
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.crashes.append(f"{label}: build() raised {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
            shutil.copy(self.base_db, self.db)
            return
        problem = self._judge(path, results, before)
        if problem:
            self.crashes.append(f"{label}: {problem}")
        if sha256(self.db) != before:
            shutil.copy(self.base_db, self.db)

    def _judge(self, path: Path, results: list, before: str) -> str | None:
        if len(results) != 1:
            return f"{len(results)} results for one file"
        result = results[0]
        if not result.ok:
            self.refused += 1
            if "\n" in result.message or not result.message.strip():
                return f"message is not one line: {result.message!r}"
            if path.name not in result.message:
                return f"message does not name the file: {result.message!r}"
            if "Traceback" in result.message:
                return f"traceback in the message: {result.message!r}"
            if sha256(self.db) != before:
                return f"database changed although the file failed: {result.message}"
            return None
        self.loaded += 1
        failed = [r.line() for r in run_checks(self.db) if not r.ok]
        return f"loaded ({result.message}) but check fails: {failed}" if failed else None

    def summary(self) -> str:
        return f"cases {self.cases}: loaded {self.loaded}, refused {self.refused}, crashes {len(self.crashes)}"


def mutation_cases(fuzzer: Fuzzer, count: int, seed: int) -> None:
    originals = [(p, p.read_bytes()) for p in SAMPLES]
    for i in range(count):
        rng = random.Random(seed * 100_003 + i)
        source, data = originals[i % len(originals)]
        mutated, names = mutate(rng, data)
        path = fuzzer.workdir / f"fuzz-{i:04d}-{'-'.join(names) or 'none'}{source.suffix}"
        path.write_bytes(mutated)
        fuzzer.run(path, f"case {i} ({source.name}: {', '.join(names)})")
        path.unlink()


@pytest.fixture()
def fuzzer(sample_db: Path, tmp_path: Path) -> Fuzzer:
    return Fuzzer(sample_db, tmp_path)


def test_mutated_samples(fuzzer: Fuzzer, capsys):
    mutation_cases(fuzzer, FAST_CASES, SEED)
    with capsys.disabled():
        print(f"\nfuzz (mutations): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_mutated_samples_many(fuzzer: Fuzzer, capsys):
    mutation_cases(fuzzer, SLOW_CASES, SEED + 1)
    with capsys.disabled():
        print(f"\nfuzz (mutations, slow): {fuzzer.summary()}")
    assert fuzzer.cases >= SLOW_CASES
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes[:20])


# --- generated cell texts in tiny reports -------------------------------------------------------

# XML cannot hold control characters (other than tab / line breaks) or lone surrogates
_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t ")
SNIPPETS = ["Итого", "Всего:", "№ п/п", "1.", "2", "Смоленск", "г. Тверь", "Тверской области", "5 мая 2021 года",
            "в течение года", "около 300 человек", "=1+1", "=SUM(A1:A3)", "01.02.2021", "Соглашение", "онлайн",
            "Департамент", "Наименование мероприятия", "Сроки проведения", "\u00a0", "", " "]
cell_text = st.one_of(st.text(_chars, max_size=60), st.sampled_from(SNIPPETS),
                      st.lists(st.sampled_from(SNIPPETS), max_size=4).map(" ".join))
row = st.lists(cell_text, min_size=0, max_size=9)
report_rows = st.lists(st.one_of(row, cell_text.filter(bool)), min_size=0, max_size=6)


def tiny_report(tmp: Path, name: str, fmt: str, title: list[str], header: bool, rows: list) -> Path:
    body = ([HEADER] if header else []) + [DEPT_A] + rows
    if not any(isinstance(r, list) and r for r in body):
        body.append(["x"])  # the builders need at least one column
    if fmt == "xlsx":
        return write_xlsx(tmp / f"{name}.xlsx", body, title=title)
    return write_docx(tmp / f"{name}.docx", [body], title=title)


def generated_cases(fuzzer: Fuzzer, examples: int) -> None:
    counter = iter(range(1_000_000))

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(fmt=st.sampled_from(["xlsx", "docx"]),
           title=st.one_of(st.just(TITLE), st.lists(cell_text, max_size=3)),
           header=st.booleans(), rows=report_rows)
    def case(fmt: str, title: list[str], header: bool, rows: list) -> None:
        i = next(counter)
        path = tiny_report(fuzzer.workdir, f"gen-{i:04d}", fmt, title, header, rows)
        fuzzer.run(path, f"generated {i} ({fmt}: title={title!r}, header={header}, rows={rows!r})")
        path.unlink()

    case()


def test_generated_cell_texts(fuzzer: Fuzzer, capsys):
    generated_cases(fuzzer, FAST_EXAMPLES)
    with capsys.disabled():
        print(f"\nfuzz (generated): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_generated_cell_texts_many(fuzzer: Fuzzer, capsys):
    generated_cases(fuzzer, SLOW_EXAMPLES)
    with capsys.disabled():
        print(f"\nfuzz (generated, slow): {fuzzer.summary()}")
    assert not fuzzer.crashes, "\n\n".join(fuzzer.crashes[:20])
