"""`k12 export-raw --format parquet DIR`: the raw tables where a Spark cluster's dbt reads them.

Thin: the export lives in orchestration/export_raw.py; this parses options and prints what it
wrote (table folders only: no student value is printed).
"""

from __future__ import annotations

from pathlib import Path

import click

from orchestration.settings import Settings


@click.command("export-raw")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["parquet"]),
    default="parquet",
    show_default=True,
    help="File format written (Parquet: what Spark, Iceberg and Delta loaders read).",
)
@click.option(
    "--warehouse",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Warehouse file to read [env K12_WAREHOUSE].",
)
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
def export_raw(file_format: str, warehouse: Path | None, out: Path) -> None:
    """Write each raw extract as OUT/<schema>/<extract>/data.parquet (K12_SPARK_RAW_DIR)."""
    from orchestration.export_raw import export_raw_parquet

    warehouse = warehouse or Settings.load().warehouse
    try:
        folders = export_raw_parquet(warehouse, out)
    except (FileNotFoundError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    for folder in folders:
        click.echo(folder)
    click.echo(f"{len(folders)} raw extracts written as {file_format} under {out}")
