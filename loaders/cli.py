"""Command line: a thin click layer over loaders.build.

`main(stored)` is given the stored answers that `build` and `migrate` refresh (loaders/__main__.py wires the
dashboard's); click passes them to the commands as the context object.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from loaders.build import BuildLocked, NothingToUndo, build, expand, migrate, undo
from loaders.db.stored import StoredAnswers
from loaders.read.detect import SUPPORTED

DEFAULT_DB = "data/cooperation.duckdb"
DEFAULT_SOURCES = "data/reports"


@click.group(help="Load interregional cooperation reports (Excel, Word, OpenDocument, RTF) into a DuckDB database.")
def cli() -> None:
    pass


@cli.command("build", help="Load report files or folders of them into the database (created if missing).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="DuckDB database file.")
@click.option("--strict", is_flag=True, help="Do not load a report the loader is unsure about (ВНИМАНИЕ): it fails, exit 1.")
@click.pass_obj
def build_command(stored: StoredAnswers | None, paths: tuple[Path, ...], db: Path, strict: bool) -> None:
    found = expand(paths)
    for path in found.skipped:
        click.echo(f"ПРОПУЩЕН {path}: не файл отчёта (формат «{path.suffix or 'без расширения'}»; "
                   f"отчёты читаются из {SUPPORTED})")
    files = found.files
    if not files:
        raise click.UsageError(f"в указанных папках нет файлов отчётов ({SUPPORTED})")
    show_bar = sys.stderr.isatty()
    try:
        if show_bar:
            with click.progressbar(length=len(files), label="Загрузка", file=sys.stderr) as bar:
                def step(_: Path) -> None:
                    bar.update(1)
                results = build(files, db, on_file=step, stored=stored, strict=strict)
        else:
            results = build(files, db, stored=stored, strict=strict)
    except BuildLocked as exc:
        click.echo(f"ОШИБКА {exc}", err=True)
        sys.exit(1)
    failed = 0
    warnings, in_db = _after_build(db, [r.report_id for r in results if r.ok and r.report_id is not None])
    for r in results:
        if r.ok:
            click.echo(f"OK     {r.message}")
            if r.report_id in warnings:
                click.echo(f"ВНИМАНИЕ {r.path.name}: {warnings[r.report_id]}")
        else:
            failed += 1
            click.echo(f"ОШИБКА {r.message}", err=True)
    events = sum(r.events for r in results)
    click.echo(f"Итого: файлов {len(results)}, загружено {len(results) - failed}, с ошибкой {failed}"
               + (f", пропущено {len(found.skipped)}" if found.skipped else "")
               + f"; мероприятий загружено {events}, в базе {in_db}; база {db}"
               + (f"; с предупреждением {len(warnings)}" if warnings else ""))
    sys.exit(1 if failed or (strict and warnings) else 0)


def _after_build(db: Path, report_ids: list[int]) -> tuple[dict[int, str], int]:
    """The health warnings of the reports just written (report_id → warning), and the events the database
    holds now (a file replacing another loaded in the same build counts once there, while each file's OK line
    counts its own)."""
    if not db.exists():
        return {}, 0
    from loaders.db.readonly import connect_readonly

    with connect_readonly(db) as conn:
        rows = conn.execute("SELECT report_id, warning FROM report_health WHERE warning IS NOT NULL "
                            "AND report_id IN (SELECT unnest(?))", [report_ids]).fetchall() if report_ids else []
        events = int(conn.execute("SELECT count(*) FROM events").fetchall()[0][0])
    return dict(rows), events


@cli.command("migrate", help="Bring a database written by an older version up to date (nothing to do: no change).")
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="DuckDB database file.")
@click.pass_obj
def migrate_command(stored: StoredAnswers | None, db: Path) -> None:
    try:
        changed = migrate(db, stored)
    except BuildLocked as exc:
        click.echo(f"ОШИБКА {exc}", err=True)
        sys.exit(1)
    if changed:
        click.echo(f"База {db} обновлена до текущей версии")
    elif db.exists():
        click.echo(f"База {db} уже в актуальном состоянии")
    else:
        click.echo(f"Базы {db} нет: нечего обновлять")


@cli.command("undo", help="Go back to the database as it was before the last build (DB.prev); again: redo.")
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="DuckDB database file.")
def undo_command(db: Path) -> None:
    try:
        prev = undo(db)
    except (BuildLocked, NothingToUndo) as exc:
        click.echo(f"ОШИБКА {exc}", err=True)
        sys.exit(1)
    click.echo(f"База {db} возвращена к версии до последней загрузки; отменённая версия сохранена как {prev} "
               f"(повторная команда вернёт её)")


@cli.command("check", help="Verify the database: schema, row accounting, links, unchanged source files.")
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="DuckDB database file.")
@click.option("--sources", "sources", multiple=True, type=click.Path(path_type=Path),
              help="Folder with the loaded report files (repeatable)  [default: data/reports]")
@click.pass_obj
def check_command(stored: StoredAnswers | None, db: Path, sources: tuple[Path, ...]) -> None:
    from loaders.db.check import all_passed, run_checks

    results = run_checks(db, sources or (Path(DEFAULT_SOURCES),), stored)
    for r in results:
        click.echo(r.line())
    sys.exit(0 if all_passed(results) else 1)


def main(stored: StoredAnswers | None = None) -> None:
    cli(prog_name="python -m loaders", obj=stored)
