"""Write the warehouse's raw tables as Parquet, one folder per table, where the dbt `spark`
target's sources read them (macros/portable/raw_tables_on_spark.sql).

Ingestion stays on DuckDB: it enforces the export contract per district. A state's cluster then
builds the same dbt models from these folders. Seeds are not written: `dbt seed` loads the same
CSV files on either engine, so a code mapping keeps its one home in seeds/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

RAW_SCHEMA_PREFIX = "raw_"


def raw_tables(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(schema, table) of every raw table, in a stable order."""
    return connection.execute(
        "select table_schema, table_name from information_schema.tables"
        " where starts_with(table_schema, ?) and table_type = 'BASE TABLE'"
        " order by table_schema, table_name",
        [RAW_SCHEMA_PREFIX],
    ).fetchall()


def export_raw_parquet(warehouse: Path, out: Path) -> list[Path]:
    """Write `<out>/<raw schema>/<table>/data.parquet` for each raw table; return the folders.

    A table's folder is replaced whole, so a re-export never leaves an older file beside the new
    one for Spark to read twice. The warehouse is opened read-only: a run may hold it.
    """
    if not warehouse.is_file():
        raise FileNotFoundError(f"{warehouse}: no such warehouse file")
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = raw_tables(connection)
        if not tables:
            raise ValueError(f"{warehouse}: no raw_* tables to export (has ingestion run?)")
        folders = []
        for schema, table in tables:
            folder = out / schema / table
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            target = str(folder / "data.parquet").replace("'", "''")
            connection.execute(
                f'copy (select * from "{schema}"."{table}") to \'{target}\' (format parquet)'
            )
            folders.append(folder)
        return folders
    finally:
        connection.close()
