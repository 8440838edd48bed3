"""Counts of quarantined rows by reason, and the files held or refused, without values, for
results and asset checks."""

from __future__ import annotations

import duckdb

from ingestion.sql import sql_string
from ingestion.validation import value_free_reason_sql
from ingestion.warehouse import QUARANTINE_TABLE, UNLOADED_FILES_TABLE, relation_type


def reason_counts(con: duckdb.DuckDBPyConnection, reasons_sql: str) -> dict[str, int]:
    """Rows per reason over `reasons_sql` (a query with a `reasons VARCHAR[]` column).

    Counts leave the warehouse (logs, Dagster metadata), so the values a reason quotes and the
    row it points at are dropped: every `sex: 'Q' is not in code set 'sex'` counts as one
    `sex: not in code set 'sex'`, every duplicate as one `duplicate primary key`.
    """
    rows = con.execute(
        f"select {value_free_reason_sql('reason')} as reason, count(*) as rows "
        f"from (select unnest(reasons) as reason from ({reasons_sql})) "
        f"group by 1 order by rows desc, reason"
    ).fetchall()
    return dict(rows)


def quarantine_counts(
    con: duckdb.DuckDBPyConnection, system: str, extract: str, school_year: int | None = None
) -> dict[str, int]:
    """Currently quarantined rows of an extract (all years, or one), counted by reason."""
    if not table_exists(con, QUARANTINE_TABLE):
        return {}
    year_filter = "" if school_year is None else f" and school_year = {int(school_year)}"
    return reason_counts(
        con,
        f"select reasons from {QUARANTINE_TABLE} where system = {sql_string(system)} "
        f"and extract = {sql_string(extract)}{year_filter}",
    )


def unloaded_files(
    con: duckdb.DuckDBPyConnection, system: str | None = None, extract: str | None = None
) -> list[dict]:
    """The files the last loads held or refused (of one extract, or of every extract): paths,
    counts and reasons."""
    if not table_exists(con, UNLOADED_FILES_TABLE):
        return []
    where = "true"
    if system is not None and extract is not None:
        where = f"system = {sql_string(system)} and extract = {sql_string(extract)}"
    rows = con.execute(
        f"select source_file, status, rows_in_file, previous_rows_loaded, reason "
        f"from {UNLOADED_FILES_TABLE} where {where} order by source_file"
    ).fetchall()
    names = ("path", "status", "rows_in_file", "rows_loaded_now", "reason")
    return [dict(zip(names, row, strict=True)) for row in rows]


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """A table or a view (the raw extracts are views over their year tables)."""
    return relation_type(con, table) is not None
