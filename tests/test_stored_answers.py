"""Stored "no filter" answers know the query that made them: a changed query is answered live, `is_current` says
so and `migrate` stores it anew (issue 13, finding 1). The loader imports nothing of the dashboard."""

from __future__ import annotations

import ast
import importlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.filters import Filters
from analytics.stored_answers import STORED
from analytics.summaries import VERSION, Registry, summarised
from loaders.build import build, is_current, migrate
from tests.conftest import ROOT

QUERIES = '''
from analytics.filters import Filters
from analytics.summaries import summarised

LABEL = "{label}"


def _where(f):
    return f.where("e")


@summarised("table")
def per_department(conn, f: Filters):
    where, params = _where(f)
    return conn.execute(f"SELECT department, count(*) AS events{extra} FROM events e WHERE {{where}} "
                        "GROUP BY 1 ORDER BY 2 DESC, 1", params).df()


@summarised("record")
def totals(conn, f: Filters):
    where, params = _where(f)
    return {{"events": conn.execute(f"SELECT count(*) FROM events e WHERE {{where}}", params).fetchone()[0],
            "label": LABEL}}
'''


@pytest.fixture()
def module_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A query module of our own on sys.path: write(...) (re)writes and (re)imports it."""
    monkeypatch.syspath_prepend(str(tmp_path))
    path = tmp_path / "stored_probe_queries.py"

    def write(extra: str = "", label: str = "x"):
        path.write_text(QUERIES.format(extra=extra, label=label), encoding="utf-8")
        sys.modules.pop("stored_probe_queries", None)
        importlib.invalidate_caches()
        return importlib.import_module("stored_probe_queries")

    yield write
    sys.modules.pop("stored_probe_queries", None)


@pytest.fixture()
def db(sample_db: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, dest)
    return dest


def stored_rows(db: Path) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return {n: (k, fp) for n, k, fp in conn.execute("SELECT * FROM stored_answers").fetchall()}


def test_a_changed_query_is_answered_live_until_migrate_stores_it_anew(module_file, db):
    old = module_file()
    registry = Registry.of_module(old)
    assert [spec.name for spec in registry] == ["per_department", "totals"]
    assert migrate(db, registry)  # the sample database stores the dashboard's answers, not these
    assert is_current(db, registry)
    before = stored_rows(db)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert list(old.per_department(conn, Filters()).columns) == ["department", "events"]

    new = module_file(extra=", 1 AS new_column")  # one column added to one query
    registry = Registry.of_module(new)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert registry["per_department"].read(conn) is None  # the stored answer of the old query is not read
        assert list(new.per_department(conn, Filters()).columns) == ["department", "events", "new_column"]
        assert registry["totals"].read(conn) == {"events": 86, "label": "x"}  # unchanged: still read
        assert registry.stale(conn) == ["per_department"]
    assert not is_current(db, registry)

    assert migrate(db, registry)
    after = stored_rows(db)
    assert after["totals"] == before["totals"] and after["per_department"] != before["per_department"]
    assert is_current(db, registry) and not migrate(db, registry)
    with duckdb.connect(str(db), read_only=True) as conn:
        stored = registry["per_department"].read(conn)
        assert isinstance(stored, pd.DataFrame) and list(stored.columns) == ["department", "events", "new_column"]
        live = registry["per_department"].live(conn)
        assert stored.values.tolist() == live.values.tolist()


def test_a_changed_helper_or_constant_or_version_changes_the_fingerprint(module_file):
    first = Registry.of_module(module_file())
    prints = {spec.name: spec.fingerprint for spec in first}
    relabelled = Registry.of_module(module_file(label="y"))  # LABEL is read by totals only
    assert relabelled["totals"].fingerprint != prints["totals"]
    assert relabelled["per_department"].fingerprint == prints["per_department"]
    assert Registry.of_module(module_file())["totals"].fingerprint == prints["totals"]  # same source, same print

    def probe(conn, f):
        return {}

    assert summarised("record", version="2")(probe).summarised.fingerprint != \
        summarised("record")(probe).summarised.fingerprint


def test_the_kind_is_declared_and_checked(tmp_path):
    with pytest.raises(ValueError, match="tabel"):
        summarised("tabel")(lambda conn: None)  # type: ignore[arg-type]

    def wrong(conn):
        return {"events": 1}

    registry = Registry([summarised("table")(wrong).summarised])
    with duckdb.connect(str(tmp_path / "x.duckdb")) as conn, pytest.raises(TypeError, match="wrong answered dict"):
        registry.refresh(conn)


def test_answers_stored_before_fingerprints_are_ignored_until_migrate(db):
    """A database of schema 3 as the previous version wrote it: summaries('_version') written, no fingerprints."""
    with duckdb.connect(str(db)) as conn:
        conn.execute("DROP TABLE stored_answers")
        conn.execute("UPDATE summaries SET value = json_object('events', 1) WHERE name = 'headline'")
        assert STORED["headline"].read(conn) is None and STORED["by_region"].read(conn) is None
        from analytics import queries

        assert queries.headline(conn, Filters())["events"] == 86  # live
    assert not is_current(db, STORED)
    assert is_current(db)  # without the hook only the schema counts
    assert migrate(db, STORED) and is_current(db, STORED)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert STORED["headline"].read(conn)["events"] == 86
        assert json.loads(conn.execute("SELECT value FROM summaries WHERE name = '_version'").fetchone()[0]) == VERSION


def test_a_build_without_the_hook_stores_no_answers(tmp_path):
    db = tmp_path / "plain.duckdb"
    assert all(r.ok for r in build([ROOT / "data" / "reports"], db))
    with duckdb.connect(str(db), read_only=True) as conn:
        assert STORED["headline"].read(conn) is None
        assert conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stored_answers'").fetchone() \
            == (0,)
    assert not is_current(db, STORED) and migrate(db, STORED) and is_current(db, STORED)


def test_the_cli_migrates_a_stale_answer(db):
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE stored_answers SET fingerprint = 'older' WHERE name = 'by_department'")
    run = [sys.executable, "-m", "loaders", "migrate", "--db", str(db)]
    first = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and "обновлена" in first.stdout, first.stdout + first.stderr
    assert is_current(db, STORED)
    again = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "уже в актуальном состоянии" in again.stdout


# --- loaders/ imports nothing from analytics/ or ui/ ---------------------------------------------------------

LOADER_MODULES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "loaders").rglob("*.py"))


def test_importing_every_loader_module_imports_no_dashboard_module():
    assert "loaders.build" in LOADER_MODULES and "loaders.__main__" in LOADER_MODULES
    probe = textwrap.dedent(f"""
        import importlib, sys
        for name in {LOADER_MODULES!r}:
            importlib.import_module(name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("analytics", "ui", "pages", "dashboard")))
    """)
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_loader_source_imports_the_dashboard():
    """Static: no import statement in loaders/ (at any depth, lazy ones included) names analytics, ui or pages."""
    found = []
    for path in sorted((ROOT / "loaders").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                      if n.split(".")[0] in ("analytics", "ui", "pages", "dashboard")]
    assert found == []
