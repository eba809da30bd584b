"""Command line: a thin click layer over loaders.build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from loaders.build import BuildLocked, build, expand_paths

DEFAULT_DB = "data/cooperation.duckdb"


@click.group(help="Load interregional cooperation reports (.xlsx, .docx) into a DuckDB database.")
def cli() -> None:
    pass


@cli.command("build", help="Load report files or folders of them into the database (created if missing).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="DuckDB database file.")
def build_command(paths: tuple[Path, ...], db: Path) -> None:
    files = expand_paths(paths)
    if not files:
        raise click.UsageError("в указанных папках нет файлов отчётов (.xlsx, .docx)")
    show_bar = sys.stderr.isatty()
    try:
        if show_bar:
            with click.progressbar(length=len(files), label="Загрузка", file=sys.stderr) as bar:
                def step(_: Path) -> None:
                    bar.update(1)
                results = build(files, db, on_file=step)
        else:
            results = build(files, db)
    except BuildLocked as exc:
        click.echo(f"ОШИБКА {exc}", err=True)
        sys.exit(1)
    failed = 0
    for r in results:
        if r.ok:
            click.echo(f"OK     {r.message}")
        else:
            failed += 1
            click.echo(f"ОШИБКА {r.message}", err=True)
    events = sum(r.events for r in results)
    click.echo(f"Итого: файлов {len(results)}, загружено {len(results) - failed}, с ошибкой {failed}; "
               f"мероприятий {events}; база {db}")
    sys.exit(1 if failed else 0)


def main() -> None:
    cli(prog_name="python -m loaders")
