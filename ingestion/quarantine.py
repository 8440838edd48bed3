"""Counts of quarantined rows by reason, without values, for results and asset checks."""

from __future__ import annotations

import duckdb

from ingestion.sql import sql_string
from ingestion.validation import DUPLICATE_REASON
from ingestion.warehouse import QUARANTINE_TABLE


def reason_counts(con: duckdb.DuckDBPyConnection, reasons_sql: str) -> dict[str, int]:
    """Rows per reason over `reasons_sql` (a query with a `reasons VARCHAR[]` column).

    The row a duplicate points at is dropped so that all duplicates count as one reason.
    """
    rows = con.execute(
        f"select regexp_replace(reason, '^{DUPLICATE_REASON} \\(first at row [0-9]+\\)$', "
        f"'{DUPLICATE_REASON}') as reason, count(*) as rows "
        f"from (select unnest(reasons) as reason from ({reasons_sql})) "
        f"group by 1 order by rows desc, reason"
    ).fetchall()
    return dict(rows)


def quarantine_counts(
    con: duckdb.DuckDBPyConnection, system: str, extract: str, school_year: int | None = None
) -> dict[str, int]:
    """Currently quarantined rows of an extract (all years, or one), counted by reason."""
    exists = con.execute(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'raw_quarantine' and table_name = 'rejected_rows' "
        "and database_name = current_database()"
    ).fetchone()[0]
    if not exists:
        return {}
    year_filter = "" if school_year is None else f" and school_year = {int(school_year)}"
    return reason_counts(
        con,
        f"select reasons from {QUARANTINE_TABLE} where system = {sql_string(system)} "
        f"and extract = {sql_string(extract)}{year_filter}",
    )
