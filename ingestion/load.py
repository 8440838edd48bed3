"""Load an extract's landing files into its raw table, quarantining rows that break the contract.

One extract loads in one transaction: a file that cannot be loaded leaves the previous load of
every year of that extract in place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingestion.archive import archive_copy, hash_and_archive, sha256_of
from ingestion.contract import Contract, Extract, load_contract
from ingestion.csv_reader import ReadFile, read_into_temp_table
from ingestion.header import HeaderMatch, match_header
from ingestion.landing import LandingFile, discover
from ingestion.quarantine import quarantine_counts, reason_counts
from ingestion.results import LOADED, REPLACED, UNCHANGED, ExtractLoadResult, FileLoadResult
from ingestion.validation import rejected_rows_sql, sql_identifier, sql_string
from ingestion.warehouse import (
    FILE_LOADS_TABLE,
    QUARANTINE_TABLE,
    add_varchar_columns,
    ensure_bookkeeping_tables,
    ensure_raw_table,
    ensure_raw_tables,
)

_ROWS = "_ingest_rows"
_REJECTS = "_ingest_rejects"


@dataclass(frozen=True)
class _Job:
    con: duckdb.DuckDBPyConnection
    landing_dir: Path
    archive_dir: Path
    extract: Extract
    accepted_codes: Callable[[str], frozenset[str]]
    loaded_at: datetime


@dataclass(frozen=True)
class _CurrentLoad:
    sha256: str
    bytes: int
    encoding: str
    rows_in_file: int
    rows_loaded: int
    rows_rejected: int
    extra_columns: list[str]
    archive_path: str


def load_extract(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    archive_dir: Path,
    system: str,
    extract: str,
    contract: Contract | None = None,
    seeds_dir: Path | None = None,
) -> ExtractLoadResult:
    """Load every year file of one extract; raises ContractViolation for an unloadable file.

    `con` must not be inside a transaction: this function commits or rolls back its own.
    `seeds_dir` holds the crosswalk seeds whose source codes are accepted (default: dbt's).
    """
    contract = contract or load_contract()
    spec = contract.extract(system, extract)
    landing_dir, archive_dir = Path(landing_dir), Path(archive_dir)
    scan = discover(landing_dir, contract)

    # The empty raw table is committed first, so dbt sources resolve even if this load fails.
    con.begin()
    ensure_bookkeeping_tables(con)
    ensure_raw_table(con, spec)
    con.commit()

    job = _Job(
        con=con,
        landing_dir=landing_dir,
        archive_dir=archive_dir,
        extract=spec,
        accepted_codes=functools.lru_cache(
            lambda code_set: contract.accepted_codes(code_set, seeds_dir)
        ),
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
    )
    con.begin()
    try:
        year_files = scan.files.get((system, extract), [])
        files = [_load_file(job, landing_file) for landing_file in year_files]
        rows_in_table = con.execute(f"select count(*) from {spec.table}").fetchone()[0]
        con.execute(f"drop table if exists {_ROWS}")
        con.execute(f"drop table if exists {_REJECTS}")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return ExtractLoadResult(
        system=system,
        extract=extract,
        table=spec.table,
        files=files,
        unrecognized=scan.unrecognized_under(system, extract),
        rows_in_table=rows_in_table,
    )


def load_all(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    archive_dir: Path,
    contract: Contract | None = None,
    seeds_dir: Path | None = None,
) -> list[ExtractLoadResult]:
    """Load every extract of the contract in turn; stops at the first ContractViolation."""
    contract = contract or load_contract()
    con.begin()
    ensure_raw_tables(con, contract)
    con.commit()
    return [
        load_extract(con, landing_dir, archive_dir, system, name, contract, seeds_dir)
        for system, name in contract.extracts
    ]


def _load_file(job: _Job, landing_file: LandingFile) -> FileLoadResult:
    con, spec = job.con, job.extract
    year, path = landing_file
    relative = path.relative_to(job.landing_dir).as_posix()
    size = path.stat().st_size
    current = _current_load(con, spec, year)

    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing: Future
        if current and current.bytes == size:
            # Probably the same file again: hash before reading so an unchanged file costs one pass.
            sha256 = sha256_of(path)
            if sha256 == current.sha256:
                return _unchanged(con, spec, year, relative, current)
            hashing = pool.submit(lambda: (sha256, archive_copy(path, job.archive_dir, sha256)))
        else:
            hashing = pool.submit(hash_and_archive, path, job.archive_dir)
        matched: list[HeaderMatch] = []

        def check_header(header: tuple[str, ...]) -> None:
            matched.append(match_header(spec, header, path))

        read = read_into_temp_table(con, path, path, _ROWS, check_header)
        sha256, archived = hashing.result()
    match = matched[-1]

    extra_columns = list(match.extra_fields)
    add_varchar_columns(con, spec, extra_columns)
    field_sql = {
        name: read.column(position)
        for name, position in (match.contract_fields | match.extra_fields).items()
    }
    rejected_sql = rejected_rows_sql(spec, field_sql, job.accepted_codes, _ROWS, read.first_rowid)
    if rejected_sql is None:
        rejected_sql = "select null::bigint as row_index, []::varchar[] as reasons limit 0"
    con.execute(f"create or replace temp table {_REJECTS} as {rejected_sql}")
    rows_rejected = con.execute(f"select count(*) from {_REJECTS}").fetchone()[0]

    if current:
        _remove_year(con, spec, year)
    lineage = [year, relative, sha256, job.loaded_at]
    _insert_raw(con, spec, read, field_sql, lineage, skip_rejects=rows_rejected > 0)
    if rows_rejected:
        _insert_quarantine(con, spec, read, field_sql, lineage)
    rows_loaded = read.rows - rows_rejected
    con.execute(
        f"insert into {FILE_LOADS_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        [
            spec.system, spec.name, year, relative, sha256, str(archived), size, read.encoding,
            read.rows, rows_loaded, rows_rejected, extra_columns, job.loaded_at,
        ],
    )  # fmt: skip
    return FileLoadResult(
        path=relative,
        school_year=year,
        sha256=sha256,
        status=REPLACED if current else LOADED,
        encoding=read.encoding,
        rows_in_file=read.rows,
        rows_loaded=rows_loaded,
        rows_rejected=rows_rejected,
        rejected_by_reason=reason_counts(con, f"select reasons from {_REJECTS}"),
        extra_columns=extra_columns,
        archive_path=str(archived),
    )


def _insert_raw(
    con, spec: Extract, read: ReadFile, field_sql: dict, lineage: list, skip_rejects: bool
) -> None:
    names = list(field_sql) + [
        "_school_year", "_source_file", "_source_sha256", "_loaded_at", "_source_row_number",
    ]  # fmt: skip
    values = list(field_sql.values()) + ["?", "?", "?", "?", read.row_number_sql]
    where = f" where rowid not in (select row_index from {_REJECTS})" if skip_rejects else ""
    con.execute(
        f"insert into {spec.table} ({', '.join(map(sql_identifier, names))}) "
        f"select {', '.join(values)} from {_ROWS}{where}",
        lineage,
    )


def _insert_quarantine(con, spec: Extract, read: ReadFile, field_sql: dict, lineage: list) -> None:
    year, relative, sha256, loaded_at = lineage
    record = ", ".join(f"{sql_string(name)}: rows.{column}" for name, column in field_sql.items())
    con.execute(
        f"insert into {QUARANTINE_TABLE} select ?, ?, ?, ?, ?, "
        f"rows.rowid - {read.first_rowid} + 1, rejects.reasons, "
        f"to_json({{{record}}}), ? from {_ROWS} as rows join {_REJECTS} as rejects "
        f"on rows.rowid = rejects.row_index order by rows.rowid",
        [spec.system, spec.name, year, relative, sha256, loaded_at],
    )


def _remove_year(con, spec: Extract, year: int) -> None:
    con.execute(f"delete from {spec.table} where _school_year = ?", [year])
    con.execute(
        f"delete from {QUARANTINE_TABLE} where system = ? and extract = ? and school_year = ?",
        [spec.system, spec.name, year],
    )
    con.execute(
        f"update {FILE_LOADS_TABLE} set superseded_at = ? "
        f"where system = ? and extract = ? and school_year = ? and superseded_at is null",
        [datetime.now(UTC).replace(tzinfo=None), spec.system, spec.name, year],
    )


def _current_load(con, spec: Extract, year: int) -> _CurrentLoad | None:
    row = con.execute(
        f"select source_sha256, bytes, encoding, rows_in_file, rows_loaded, rows_rejected, "
        f"extra_columns, archive_path from {FILE_LOADS_TABLE} "
        f"where system = ? and extract = ? and school_year = ? and superseded_at is null "
        f"order by loaded_at desc limit 1",
        [spec.system, spec.name, year],
    ).fetchone()
    return _CurrentLoad(*row) if row else None


def _unchanged(con, spec: Extract, year: int, relative: str, current: _CurrentLoad):
    reasons = quarantine_counts(con, spec.system, spec.name, year)
    return FileLoadResult(
        path=relative,
        school_year=year,
        sha256=current.sha256,
        status=UNCHANGED,
        encoding=current.encoding,
        rows_in_file=current.rows_in_file,
        rows_loaded=current.rows_loaded,
        rows_rejected=current.rows_rejected,
        rejected_by_reason=reasons,
        extra_columns=list(current.extra_columns or []),
        archive_path=current.archive_path,
    )
