"""`k12 import edfi|oneroster`: turn a standard export into contract landing files.

Thin: the importers live in ingestion/importers; this only parses options and prints the report.
"""

from __future__ import annotations

from pathlib import Path

import click

from ingestion.errors import ContractViolation
from ingestion.importers.output import IMPORT_DIR_NAME

_folder = click.Path(path_type=Path, exists=True, file_okay=False)
_out = click.Path(path_type=Path, file_okay=False)


def _options(command):
    command = click.option(
        "--school-year", type=int, required=True, help="Spring year of the data, 2024-25 is 2025."
    )(command)
    command = click.option("--out", type=_out, required=True, help="Landing folder to write into.")(
        command
    )
    return click.argument("source", type=_folder)(command)


@click.group("import")
def import_group() -> None:
    """Write contract landing files from an Ed-Fi or OneRoster export."""


@import_group.command()
@_options
def edfi(source: Path, out: Path, school_year: int) -> None:
    """SOURCE: a folder of Ed-Fi interchange XML, or of API JSON lines (a file per resource)."""
    from ingestion.importers.edfi import import_edfi

    _run(import_edfi, source, out, school_year)


@import_group.command()
@_options
def oneroster(source: Path, out: Path, school_year: int) -> None:
    """SOURCE: a OneRoster 1.0, 1.1 or 1.2 CSV folder (manifest.csv, orgs.csv, users.csv, ...)."""
    from ingestion.importers.oneroster import import_oneroster

    _run(import_oneroster, source, out, school_year)


def _run(importer, source: Path, out: Path, school_year: int) -> None:
    try:
        report = importer(source, out, school_year)
    except ContractViolation as error:
        raise click.ClickException(str(error)) from None
    for line in report.lines():
        click.echo(line)
    if report.rows_quarantined:
        quarantine = out / IMPORT_DIR_NAME / report.kind / "quarantine"
        click.echo(f"Quarantined rows, with their problems: {quarantine}")
