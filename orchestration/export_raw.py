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

from ingestion.contract import load_contract


def raw_relations(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(schema, name) of each contract extract's raw relation, the one dbt's source reads.

    Ingestion keeps each year's file in its own table and serves the extract as a view over
    them, without quarantined rows; a warehouse built otherwise (tests/dbt fixtures) may hold
    a plain table. Either way the contract names it: `raw_<system>.<extract>`.
    """
    present = set(
        connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    )
    names = [tuple(extract.table.split(".")) for extract in load_contract().extracts.values()]
    return sorted(name for name in names if name in present)


def export_raw_parquet(warehouse: Path, out: Path) -> list[Path]:
    """Write `<out>/<raw schema>/<extract>/data.parquet` for each raw extract; return the folders.

    A table's folder is replaced whole, so a re-export never leaves an older file beside the new
    one for Spark to read twice. The warehouse is opened read-only: a run may hold it.
    """
    if not warehouse.is_file():
        raise FileNotFoundError(f"{warehouse}: no such warehouse file")
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = raw_relations(connection)
        if not tables:
            raise ValueError(f"{warehouse}: no raw tables to export (has ingestion run?)")
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
