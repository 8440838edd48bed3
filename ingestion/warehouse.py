"""The raw views, year tables, quarantine and load-log tables that ingestion writes.

`raw_<system>.<extract>` is a view over one table per loaded school year
(`raw_<system>.<extract>__<year>`), each the file exactly as DuckDB read it: the read is the
final write, and replacing a year swaps one table and the view in one transaction. The lineage
columns are derived in the view from the load log instead of stored on every row.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from ingestion.contract import Contract, Extract
from ingestion.errors import ContractViolation
from ingestion.sql import sql_identifier, sql_literal, sql_string

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
    # JSON object: raw column -> SQL over the year's table, how the raw view shows the year.
    ("columns_sql", "varchar"),
    # The source profile's rewrites the file was loaded with ('': none): when they change, the
    # next load checks the unchanged file again (ingestion/source_profile.py).
    ("source_profile_sha256", "varchar"),
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


def year_table(extract: Extract, school_year: int) -> str:
    """The table holding one school year's file as it was read: columns c1..cN in the file's
    order, row k of the file at rowid k - 1 (the table is written once and never updated)."""
    return f"raw_{extract.system}.{extract.name}__{int(school_year)}"


def incoming_table(extract: Extract, school_year: int) -> str:
    """Where a changed year file is read and checked, outside the write transaction; the write
    renames it to `year_table`. A killed load leaves it behind for the next load to drop."""
    return f"{year_table(extract, school_year)}{_INCOMING_SUFFIX}"


_INCOMING_SUFFIX = "__incoming"


def ensure_raw_table(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    """Create the extract's view (empty until a year loads), so dbt sources always resolve.

    A warehouse written before the per-year tables has a base table under the view's name;
    it is left for `load_extract` to replace (it needs the landing files to reload from)."""
    con.execute(f"create schema if not exists raw_{extract.system}")
    if relation_type(con, extract.table) is None:
        refresh_raw_view(con, extract)


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Every contract extract gets its (possibly empty) raw view, so dbt sources resolve."""
    ensure_bookkeeping_tables(con)
    for extract in contract.extracts.values():
        ensure_raw_table(con, extract)


def relation_type(con: duckdb.DuckDBPyConnection, qualified: str) -> str | None:
    """'BASE TABLE', 'VIEW', or None when `schema.name` does not exist."""
    schema, name = qualified.split(".")
    row = con.execute(
        "select table_type from information_schema.tables where table_catalog = "
        f"current_database() and table_schema = {sql_string(schema)} "
        f"and table_name = {sql_string(name)}"
    ).fetchone()
    return row[0] if row else None


def drop_incoming_tables(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    """Drop the extract's incoming tables: a killed or failed load's reads, never loaded."""
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        f"and schema_name = {sql_string(f'raw_{extract.system}')} "
        f"and starts_with(table_name, {sql_string(f'{extract.name}__')}) "
        f"and ends_with(table_name, {sql_string(_INCOMING_SUFFIX)})"
    ).fetchall()
    for (name,) in rows:
        con.execute(f"drop table if exists raw_{extract.system}.{sql_identifier(name)}")


def refresh_raw_view(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    """(Re)write `raw_<system>.<extract>` over the year tables of the extract's current loads.

    Each year's columns come from its load-log row: `columns_sql` maps every raw column to SQL
    over the year table (a file column, or the source profile's rewriting of one). Lineage is
    derived, not stored: constants of the load, and the row number from the rowid. Rows the
    load quarantined stay in the year table (deleting would renumber rowids) and are left out
    here. Contract columns come first, then lineage, then every extra column of any year."""
    loads = con.execute(
        f"select school_year, source_file, source_sha256, loaded_at, rows_rejected, columns_sql "
        f"from {FILE_LOADS_TABLE} where system = {sql_string(extract.system)} "
        f"and extract = {sql_string(extract.name)} and superseded_at is null "
        f"order by school_year"
    ).fetchall()
    years = [(load, json.loads(load[-1])) for load in loads]
    extras = list(
        dict.fromkeys(
            name for _, columns in years for name in columns if name not in extract.column_names
        )
    )
    branches = [_year_select(extract, load, columns, extras) for load, columns in years] or [
        _empty_select(extract, extras)
    ]
    body = "\nunion all\n".join(branches)
    con.execute(f"create or replace view {extract.table} as\n{body}")


def _year_select(extract: Extract, load: tuple, columns: dict[str, str], extras: list[str]) -> str:
    year, source_file, sha256, loaded_at, rows_rejected, _ = load
    lineage = {
        "_school_year": f"cast({int(year)} as integer)",
        "_source_file": f"cast({sql_literal(source_file)} as varchar)",
        "_source_sha256": f"cast({sql_literal(sha256)} as varchar)",
        "_source_row_number": "rowid + 1",
        "_loaded_at": f"cast({sql_literal(loaded_at)} as timestamp)",
    }
    values = [columns.get(name, _NULL_TEXT) for name in extract.column_names]
    values += [lineage[name] for name, _ in LINEAGE_COLUMNS]
    values += [columns.get(name, _NULL_TEXT) for name in extras]
    names = [*extract.column_names, *(name for name, _ in LINEAGE_COLUMNS), *extras]
    listed = ", ".join(
        f"{value} as {sql_identifier(name)}" for value, name in zip(values, names, strict=True)
    )
    where = ""
    if rows_rejected:
        where = (
            f" where rowid + 1 not in (select source_row_number from {QUARANTINE_TABLE} "
            f"where system = {sql_string(extract.system)} "
            f"and extract = {sql_string(extract.name)} and school_year = {int(year)})"
        )
    return f"select {listed} from {year_table(extract, year)}{where}"


def _empty_select(extract: Extract, extras: list[str]) -> str:
    columns = [(name, "varchar") for name in extract.column_names] + list(LINEAGE_COLUMNS)
    columns += [(name, "varchar") for name in extras]
    listed = ", ".join(
        f"cast(null as {type_}) as {sql_identifier(name)}" for name, type_ in columns
    )
    return f"select {listed} where false"


_NULL_TEXT = "cast(null as varchar)"


def retire_single_raw_table(
    con: duckdb.DuckDBPyConnection, extract: Extract, landing_years: set[int], now: datetime
) -> None:
    """Replace a raw table written before the year tables by the (empty) view, superseding its
    loads so that every year reloads from its landing file. Runs in the caller's transaction.

    A year the old table holds with no landing file to reload from stops the load: dropping it
    would lose the year without a word."""
    if relation_type(con, extract.table) != "BASE TABLE":
        return
    held = [year for (year,) in con.execute(
        f"select distinct _school_year from {extract.table} order by 1"
    ).fetchall()]  # fmt: skip
    missing = [year for year in held if year not in landing_years]
    if missing:
        raise ContractViolation(
            f"{extract.system}/{extract.name}/{missing[0]}.csv",
            None,
            None,
            f"{extract.table} was written by an older k12 as one table and must be reloaded "
            f"year by year, but years {', '.join(map(str, missing))} have no landing file: put "
            f"back their archived copies (archive_path in {FILE_LOADS_TABLE}) and run again",
        )
    con.execute(
        f"update {FILE_LOADS_TABLE} set superseded_at = {sql_literal(now)} "
        f"where system = {sql_string(extract.system)} and extract = {sql_string(extract.name)} "
        "and superseded_at is null"
    )
    con.execute(f"delete from {QUARANTINE_TABLE} where system = {sql_string(extract.system)} "
                f"and extract = {sql_string(extract.name)}")  # fmt: skip
    con.execute(f"drop table {extract.table}")
    refresh_raw_view(con, extract)
