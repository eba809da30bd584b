"""Shared fixtures: the sample report files and throwaway databases built from them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics.stored_answers import STORED
from loaders.build import build
from loaders.db.store import ensure_schema
from loaders.fields.runner import STRICT_ENV

# Strict mode for the whole test run (and the builds it starts in subprocesses): a field parser that
# raises fails the test instead of becoming the parse issue «ошибка разбора (…)» (loaders/fields/runner.py).
os.environ[STRICT_ENV] = "1"
from loaders.db.stored import clear as clear_stored_answers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
AGREEMENTS = "smolensk-agreements-2021-q2"
ROADMAP = "smolensk-spb-roadmap-2021"
SAMPLES = [FIXTURES / f"{base}.{ext}" for base in (AGREEMENTS, ROADMAP) for ext in ("xlsx", "docx")]
# an undefined UI label raises in tests (ui.i18n.t) instead of showing the key's tail
os.environ["COOP_STRICT_LABELS"] = "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked @pytest.mark.slow run only with RUN_SLOW=1."""
    if os.environ.get("RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set RUN_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from data/reports (the agreements .xlsx and the road-map .docx)."""
    db = tmp_path_factory.mktemp("db") / "sample.duckdb"
    results = build([ROOT / "data" / "reports"], db, stored=STORED)
    assert all(r.ok for r in results), [r.message for r in results]
    return db


@pytest.fixture()
def sample_conn(sample_db: Path):
    conn = duckdb.connect(str(sample_db), read_only=True)
    yield conn
    conn.close()


@pytest.fixture()
def empty_db(tmp_path: Path) -> Path:
    """A database with the schema and the regions reference, but no report loaded."""
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
    return db


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture()
def reports_copy(tmp_path: Path) -> Path:
    """A writable copy of data/reports."""
    dest = tmp_path / "reports"
    shutil.copytree(ROOT / "data" / "reports", dest)
    return dest


def make_outdated(db: Path) -> None:
    """Turn a database into what schema version 1 wrote: no events.partner_list, no stored summaries,
    no search index."""
    with duckdb.connect(str(db)) as conn:
        conn.execute("ALTER TABLE events DROP COLUMN partner_list")
        clear_stored_answers(conn)
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        for table in ("event_terms", "search_lemmas", "search_indexed"):  # the search index came in version 3
            conn.execute(f"DROP TABLE {table}")
