"""Load an extract's landing files into its raw table, quarantining rows that break the contract.

Two phases. First each changed file is hashed, archived, and read into its year's incoming table
(the read is the final write of its rows), then checked (`prepare`); a file that cannot be loaded
stops here, its incoming table is dropped, and nothing the warehouse shows has changed. Then one
transaction swaps the changed years' tables in, writes quarantine and load log, and rewrites the
raw view over the years, so an extract's years are never half-loaded
(ingestion/warehouse.py describes the tables).
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingestion.contract import Contract, Extract, load_contract
from ingestion.guards import IngestionGuards
from ingestion.landing import discover
from ingestion.line_count import check_rows_accounted
from ingestion.prepare import LoadJob, PreparedFile, prepare_file, temp_table_names
from ingestion.results import HELD, LOADED, REFUSED, REPLACED, ExtractLoadResult, FileLoadResult
from ingestion.source_profile import CONTRACT_PROFILE, SourceProfile
from ingestion.sql import sql_literal, sql_string, sql_values
from ingestion.warehouse import (
    FILE_LOADS_TABLE,
    QUARANTINE_TABLE,
    UNLOADED_FILES_TABLE,
    drop_incoming_tables,
    ensure_bookkeeping_tables,
    ensure_raw_table,
    ensure_raw_tables,
    refresh_raw_view,
    retire_single_raw_table,
    year_table,
)


def load_extract(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    archive_dir: Path,
    system: str,
    extract: str,
    contract: Contract | None = None,
    seeds_dir: Path | None = None,
    guards: IngestionGuards | None = None,
    scratch_dir: Path | None = None,
    profile: SourceProfile | None = None,
) -> ExtractLoadResult:
    """Load every year file of one extract; raises ContractViolation for an unloadable file.

    `con` must not be inside a transaction: this function commits or rolls back its own.
    `seeds_dir` holds the crosswalk seeds whose source codes are accepted (default: dbt's).
    `guards` holds the shrink and year-window settings (default: `IngestionGuards.default()`);
    a held or refused file is reported in the result and in raw_meta.unloaded_files, not loaded.
    `scratch_dir` receives temporary copies of files (the run's scratch folder; None: the system's).
    `profile` is the district's source profile (ingestion/source_profile.py); None is the
    contract's own, which rewrites nothing.
    Changed files of the extract wait in their incoming tables together until the write phase.
    """
    contract = contract or load_contract()
    guards = guards or IngestionGuards.default()
    spec = contract.extract(system, extract)
    landing_dir, archive_dir = Path(landing_dir), Path(archive_dir)
    scan = discover(landing_dir, contract)

    year_files = scan.files.get((system, extract), [])
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    # The raw view is committed first, so dbt sources resolve even if this load fails.
    con.begin()
    ensure_bookkeeping_tables(con)
    ensure_raw_table(con, spec)
    retire_single_raw_table(con, spec, {year for year, _ in year_files}, loaded_at)
    drop_incoming_tables(con, spec)  # what a killed load read
    con.commit()

    job = LoadJob(
        con=con,
        landing_dir=landing_dir,
        archive_dir=archive_dir,
        extract=spec,
        accepted_codes=functools.lru_cache(
            lambda code_set: contract.accepted_codes(code_set, seeds_dir)
        ),
        loaded_at=loaded_at,
        guards=guards,
        shrink_markers=scan.shrink_markers.get((system, extract), {}),
        scratch_dir=scratch_dir,
        profile=(profile or CONTRACT_PROFILE).for_extract(system, extract),
    )
    outcomes: list[PreparedFile | FileLoadResult] = []
    try:
        for index, landing_file in enumerate(year_files):
            outcomes.append(prepare_file(job, landing_file, index))
        files, rows_in_table = _write(job, outcomes)
    finally:
        for index in range(len(year_files)):
            for table in temp_table_names(index):
                con.execute(f"drop table if exists {table}")
        drop_incoming_tables(con, spec)  # a failed load's reads; a loaded one was renamed
    return ExtractLoadResult(
        system=system,
        extract=extract,
        table=spec.table,
        files=files,
        unrecognized=scan.unrecognized_under(system, extract),
        rows_in_table=rows_in_table,
        unrecognized_in_landing=list(scan.unrecognized),
    )


def load_all(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    archive_dir: Path,
    contract: Contract | None = None,
    seeds_dir: Path | None = None,
    guards: IngestionGuards | None = None,
    profile: SourceProfile | None = None,
) -> list[ExtractLoadResult]:
    """Load every extract of the contract in turn; stops at the first ContractViolation."""
    contract = contract or load_contract()
    con.begin()
    ensure_raw_tables(con, contract)
    con.commit()
    return [
        load_extract(
            con,
            landing_dir,
            archive_dir,
            system,
            name,
            contract,
            seeds_dir,
            guards,
            profile=profile,
        )  # fmt: skip
        for system, name in contract.extracts
    ]


def _write(
    job: LoadJob, outcomes: list[PreparedFile | FileLoadResult]
) -> tuple[list[FileLoadResult], int]:
    con, spec = job.con, job.extract
    con.begin()
    try:
        files = [
            _write_file(job, outcome) if isinstance(outcome, PreparedFile) else outcome
            for outcome in outcomes
        ]
        _record_unloaded(job, files)
        if any(isinstance(outcome, PreparedFile) for outcome in outcomes):
            refresh_raw_view(con, spec)
        rows_in_table = con.execute(f"select count(*) from {spec.table}").fetchone()[0]
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return files, rows_in_table


def _write_file(job: LoadJob, prepared: PreparedFile) -> FileLoadResult:
    con, spec, year = job.con, job.extract, prepared.school_year
    extra_columns = list(prepared.match.extra_fields)
    _remove_year(con, spec, year, job.loaded_at)
    quarantined = _insert_quarantine(job, prepared) if prepared.rows_rejected else 0
    # The quarantined rows stay in the year table; the raw view leaves them out.
    rows_loaded = prepared.read.rows - quarantined
    check_rows_accounted(prepared.relative_path, prepared.data_lines, rows_loaded, quarantined)
    if prepared.read.first_rowid != 0:
        raise RuntimeError(f"{prepared.read.table} was not read in a table of its own")
    con.execute(
        f"alter table {prepared.read.table} rename to {year_table(spec, year).split('.')[1]}"
    )
    accepted = prepared.shrink_accepted
    values = sql_values(
        spec.system, spec.name, year, prepared.relative_path, prepared.sha256,
        prepared.archive_path, prepared.size, prepared.read.encoding,
        prepared.read.rows, rows_loaded, quarantined, extra_columns, job.loaded_at, None,
        accepted.by if accepted else None, accepted.marker_mtime_ns if accepted else None,
        json.dumps(prepared.field_sql), job.profile.fingerprint,
    )  # fmt: skip
    con.execute(f"insert into {FILE_LOADS_TABLE} ({_FILE_LOADS_COLUMNS}) values ({values})")
    return FileLoadResult(
        path=prepared.relative_path,
        school_year=year,
        sha256=prepared.sha256,
        status=REPLACED if prepared.current else LOADED,
        encoding=prepared.read.encoding,
        rows_in_file=prepared.read.rows,
        rows_loaded=rows_loaded,
        rows_rejected=quarantined,
        rejected_by_reason=prepared.rejected_by_reason,
        extra_columns=extra_columns,
        archive_path=str(prepared.archive_path),
        previous_rows_loaded=prepared.current.rows_loaded if prepared.current else None,
        reason=accepted.reason if accepted else "",
    )


_FILE_LOADS_COLUMNS = (
    "system, extract, school_year, source_file, source_sha256, archive_path, bytes, encoding, "
    "rows_in_file, rows_loaded, rows_rejected, extra_columns, loaded_at, superseded_at, "
    "shrink_accepted_by, accept_marker_mtime_ns, columns_sql, source_profile_sha256"
)


def _record_unloaded(job: LoadJob, files: list[FileLoadResult]) -> None:
    """Replace this extract's held and refused files, for the asset check to warn about."""
    spec = job.extract
    job.con.execute(
        f"delete from {UNLOADED_FILES_TABLE} where system = {sql_string(spec.system)} "
        f"and extract = {sql_string(spec.name)}"
    )
    for file in files:
        if file.status in (HELD, REFUSED):
            values = sql_values(
                spec.system, spec.name, file.school_year, file.path, file.status,
                file.rows_in_file, file.previous_rows_loaded, file.reason, job.loaded_at,
            )  # fmt: skip
            job.con.execute(f"insert into {UNLOADED_FILES_TABLE} values ({values})")


def _lineage(job: LoadJob, prepared: PreparedFile) -> list[str]:
    """_school_year, _source_file, _source_sha256, _loaded_at as SQL literals."""
    values = [prepared.school_year, prepared.relative_path, prepared.sha256, job.loaded_at]
    return [sql_literal(value) for value in values]


def _insert_quarantine(job: LoadJob, prepared: PreparedFile) -> int:
    record = ", ".join(
        f"{sql_string(name)}: {column}" for name, column in prepared.received_sql.items()
    )
    year, relative, sha256, loaded_at = _lineage(job, prepared)
    system, extract = sql_values(job.extract.system), sql_values(job.extract.name)
    return job.con.execute(
        f"insert into {QUARANTINE_TABLE} select {system}, {extract}, {year}, {relative}, "
        f"{sha256}, rows.rowid - {prepared.read.first_rowid} + 1, rejects.reasons, "
        f"to_json({{{record}}}), {loaded_at} from {prepared.read.table} as rows "
        f"join {prepared.rejects_table} as rejects on rows.rowid = rejects.row_index "
        f"order by rows.rowid"
    ).fetchone()[0]


def _remove_year(con: duckdb.DuckDBPyConnection, spec: Extract, year: int, now: datetime) -> None:
    this_year = (
        f"system = {sql_string(spec.system)} and extract = {sql_string(spec.name)} "
        f"and school_year = {int(year)}"
    )
    con.execute(f"drop table if exists {year_table(spec, year)}")
    con.execute(f"delete from {QUARANTINE_TABLE} where {this_year}")
    con.execute(
        f"update {FILE_LOADS_TABLE} set superseded_at = {sql_literal(now)} "
        f"where {this_year} and superseded_at is null"
    )
