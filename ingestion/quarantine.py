"""Counts of quarantined rows by reason, and the files held or refused, without values, for
results and asset checks; and the rows that follow a quarantined parent row into quarantine."""

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


def any_orphaned_keys(
    con: duckdb.DuckDBPyConnection, school_year: int, parent: tuple[str, str, str]
) -> bool:
    return (
        con.execute(f"select count(*) from ({orphaned_keys_sql(school_year, parent)})").fetchone()[
            0
        ]
        > 0
    )


def orphaned_keys_sql(school_year: int, parent: tuple[str, str, str]) -> str:
    """SELECT parent_key, line: the keys of `parent` rows (system, extract, key column) this
    year quarantined and not loaded, with the first such row's line. A key that loaded from
    another row of the parent's file (the first of two duplicates) is not orphaned."""
    system, extract, key = parent
    parent_key = f"trim(quarantined.record->>{sql_string(key)})"
    return (
        f"select {parent_key} as parent_key, min(quarantined.source_row_number) as line "
        f"from {QUARANTINE_TABLE} as quarantined "
        f"where system = {sql_string(system)} and extract = {sql_string(extract)} "
        f"and school_year = {int(school_year)} and not exists (select 1 from "
        f"raw_{system}.{extract} as loaded where loaded._school_year = {int(school_year)} "
        f"and trim(loaded.{key}) = {parent_key}) group by parent_key"
    )


def orphan_rows_sql(
    parent_key_sql: str, source_table: str, school_year: int, parent: tuple[str, str, str]
) -> str:
    """SELECT row_index, reasons for the rows of `source_table` whose parent row was
    quarantined and not loaded. Without this, a student's enrollments would load without the
    student, and dim_student would lack its sex and race."""
    system, extract, key = parent
    return (
        f"select rows.rowid as row_index, [{sql_string(_orphan_reason(parent))} || "
        f"parents.line || ')'] as reasons from {source_table} as rows "
        f"join ({orphaned_keys_sql(school_year, parent)}) as parents "
        f"on trim({parent_key_sql}) = parents.parent_key"
    )


def orphans_changed(
    con: duckdb.DuckDBPyConnection, system: str, extract: str, school_year: int, parent
) -> bool:
    """Whether a loaded year of a follower extract has orphans to release or to take: a row in
    quarantine for a parent that now loaded, or a loaded row whose parent is now quarantined."""
    key = parent[2]
    orphaned = orphaned_keys_sql(school_year, parent)
    any_orphaned = any_orphaned_keys(con, school_year, parent)
    released = (
        f"select count(*) from {QUARANTINE_TABLE} where system = {sql_string(system)} "
        f"and extract = {sql_string(extract)} and school_year = {int(school_year)} "
        f"and len(list_filter(reasons, reason -> starts_with(reason, "
        f"{sql_string(_orphan_reason(parent))}))) > 0 "
        f"and trim(record->>{sql_string(key)}) not in (select parent_key from ({orphaned}))"
    )
    taken = (
        f"select count(*) from raw_{system}.{extract} where _school_year = {int(school_year)} "
        f"and trim({key}) in (select parent_key from ({orphaned}))"
    )
    # With no student quarantined, no loaded row can be taken: the follower is not scanned.
    checks = (released, taken) if any_orphaned else (released,)
    return any(con.execute(sql).fetchone()[0] for sql in checks)


def _orphan_reason(parent: tuple[str, str, str]) -> str:
    system, extract, key = parent
    return f"{key} not loaded: its {system}/{extract} row was quarantined (line "


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
