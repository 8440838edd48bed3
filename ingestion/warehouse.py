"""The raw, quarantine and load-log tables that ingestion writes, and their DDL."""

from __future__ import annotations

import duckdb

from ingestion.contract import Contract, Extract
from ingestion.sql import sql_identifier, sql_string

QUARANTINE_TABLE = "raw_quarantine.rejected_rows"
FILE_LOADS_TABLE = "raw_meta.file_loads"
# Year files the last load of their extract held or refused: what the asset check warns about.
UNLOADED_FILES_TABLE = "raw_meta.unloaded_files"

LINEAGE_COLUMNS = (
    ("_school_year", "integer"),
    ("_source_file", "varchar"),
    ("_source_sha256", "varchar"),
    ("_source_row_number", "bigint"),
    ("_loaded_at", "timestamp"),
)
LINEAGE_NAMES = frozenset(name for name, _ in LINEAGE_COLUMNS)

_QUARANTINE_DDL = f"""
create table if not exists {QUARANTINE_TABLE} (
    system varchar,
    extract varchar,
    school_year integer,
    source_file varchar,
    source_sha256 varchar,
    source_row_number bigint,
    reasons varchar[],
    record json,
    loaded_at timestamp
)"""

_FILE_LOADS_DDL = f"""
create table if not exists {FILE_LOADS_TABLE} (
    system varchar,
    extract varchar,
    school_year integer,
    source_file varchar,
    source_sha256 varchar,
    archive_path varchar,
    bytes bigint,
    encoding varchar,
    rows_in_file bigint,
    rows_loaded bigint,
    rows_rejected bigint,
    extra_columns varchar[],
    loaded_at timestamp,
    superseded_at timestamp
)"""

# Added after the first release; `add column if not exists` brings older warehouses along.
_FILE_LOADS_ADDED_COLUMNS = (
    # How a shrink the guard would have held was accepted: 'option' or 'marker'.
    ("shrink_accepted_by", "varchar"),
    # The accepting marker's modification time: a marker accepts one shrink, then is spent.
    ("accept_marker_mtime_ns", "bigint"),
)

_UNLOADED_FILES_DDL = f"""
create table if not exists {UNLOADED_FILES_TABLE} (
    system varchar,
    extract varchar,
    school_year integer,
    source_file varchar,
    status varchar,
    rows_in_file bigint,
    previous_rows_loaded bigint,
    reason varchar,
    seen_at timestamp
)"""


def ensure_bookkeeping_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw_quarantine")
    con.execute("create schema if not exists raw_meta")
    con.execute(_QUARANTINE_DDL)
    con.execute(_FILE_LOADS_DDL)
    for name, type_ in _FILE_LOADS_ADDED_COLUMNS:
        con.execute(f"alter table {FILE_LOADS_TABLE} add column if not exists {name} {type_}")
    con.execute(_UNLOADED_FILES_DDL)


def ensure_raw_table(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    """Create the raw table with contract and lineage columns; add contract columns it lacks."""
    con.execute(f"create schema if not exists raw_{extract.system}")
    columns = [(name, "varchar") for name in extract.column_names] + list(LINEAGE_COLUMNS)
    listed = ", ".join(f"{sql_identifier(name)} {type_}" for name, type_ in columns)
    con.execute(f"create table if not exists {extract.table} ({listed})")
    add_varchar_columns(con, extract, extract.column_names)


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Every contract extract gets its (possibly empty) raw table, so dbt sources resolve."""
    ensure_bookkeeping_tables(con)
    for extract in contract.extracts.values():
        ensure_raw_table(con, extract)


def add_varchar_columns(
    con: duckdb.DuckDBPyConnection, extract: Extract, names: tuple[str, ...] | list[str]
) -> None:
    existing = set(table_columns(con, extract))
    for name in names:
        if name not in existing:
            con.execute(f"alter table {extract.table} add column {sql_identifier(name)} varchar")


def table_columns(con: duckdb.DuckDBPyConnection, extract: Extract) -> list[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() "
        f"where schema_name = {sql_string(f'raw_{extract.system}')} "
        f"and table_name = {sql_string(extract.name)} and database_name = current_database() "
        "order by column_index"
    ).fetchall()
    return [name for (name,) in rows]
