"""First phase of a load, outside the write transaction: hash, archive, read and check one file.

The file is read into its year's incoming table outside the write transaction, which later only
renames it: DuckDB scans rows that a still open transaction created single-threaded.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from ingestion.archive import archive_copy, hash_and_archive, sha256_of
from ingestion.contract import Extract, quarantine_parent
from ingestion.csv_reader import MAX_LINE_BYTES, ReadFile, read_into_table
from ingestion.guards import IngestionGuards
from ingestion.header import HeaderMatch, match_header
from ingestion.landing import LandingFile
from ingestion.line_count import check_rows_read, quick_data_lines
from ingestion.quarantine import (
    any_orphaned_keys,
    orphan_rows_sql,
    orphans_changed,
    quarantine_counts,
    reason_counts,
    table_exists,
)
from ingestion.results import HELD, REFUSED, UNCHANGED, FileLoadResult
from ingestion.shrink import ShrinkAcceptance, shrink_decision
from ingestion.source_profile import ExtractProfile
from ingestion.source_profile_sql import converted_columns
from ingestion.sql import sql_string
from ingestion.validation import (
    all_valid_count_sql,
    duplicate_rows_sql,
    invalid_rows_sql,
    primary_key_sql,
    raw_key_sql,
    rejected_rows_sql,
    repeated_key_hashes_sql,
)
from ingestion.warehouse import FILE_LOADS_TABLE, incoming_table


@dataclass(frozen=True)
class LoadJob:
    con: duckdb.DuckDBPyConnection
    landing_dir: Path
    archive_dir: Path
    extract: Extract
    accepted_codes: Callable[[str], frozenset[str]]
    loaded_at: datetime
    guards: IngestionGuards
    shrink_markers: dict[int, Path]  # school year -> its `<year>.accept-shrink` marker
    scratch_dir: Path | None  # where temporary copies of a file go
    profile: ExtractProfile  # how the district's files differ from the contract


@dataclass(frozen=True)
class CurrentLoad:
    sha256: str
    bytes: int
    encoding: str
    rows_in_file: int
    rows_loaded: int
    rows_rejected: int
    extra_columns: list[str]
    archive_path: str
    source_profile_sha256: str | None  # the rewrites it was loaded with; None/'': none


@dataclass
class PreparedFile:
    school_year: int
    relative_path: str
    size: int
    sha256: str
    archive_path: Path
    current: CurrentLoad | None
    read: ReadFile
    match: HeaderMatch
    rejects_table: str
    rows_rejected: int
    rejected_by_reason: dict[str, int]
    data_lines: int  # counted apart from DuckDB's reader: loaded + quarantined must equal it
    shrink_accepted: ShrinkAcceptance | None
    # Contract column -> the source profile's rewriting of it (source_profile_sql.py).
    conversions: dict[str, str]

    @property
    def received_sql(self) -> dict[str, str]:
        """Raw table column name -> temp table column as received, contract columns then
        extras: what a quarantine record keeps."""
        return fields_as_sql(self.read, self.match)

    @property
    def field_sql(self) -> dict[str, str]:
        """Raw table column name -> its value in the contract's form: what the raw table keeps."""
        return self.received_sql | self.conversions

    @property
    def temp_tables(self) -> list[str]:
        return [self.read.table, self.rejects_table]


def fields_as_sql(read: ReadFile, match: HeaderMatch) -> dict[str, str]:
    """Column name -> its temp-table column; a contract column the file left out is null."""
    fields = match.contract_fields | match.extra_fields
    return {
        name: "cast(null as varchar)" if position is None else read.column(position)
        for name, position in fields.items()
    }


def temp_table_names(index: int) -> tuple[str, str]:
    return f"_ingest_rejects_{index}", f"_ingest_key_hashes_{index}"


def prepare_file(
    job: LoadJob, landing_file: LandingFile, index: int
) -> PreparedFile | FileLoadResult:
    """Read and check one year file. An unchanged file (same sha256), a refused year and a held
    shrink give their result at once; nothing of them reaches the warehouse."""
    con, spec = job.con, job.extract
    year, path = landing_file
    relative = path.relative_to(job.landing_dir).as_posix()
    refusal = job.guards.year_refusal(year)
    if refusal:
        return FileLoadResult(relative, year, "", REFUSED, "", 0, 0, 0, reason=refusal)
    size = path.stat().st_size
    current = current_load(con, spec, year)
    rows_table = incoming_table(spec, year)  # the year's table, once it is loaded
    rejects_table, hashes_table = temp_table_names(index)

    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing: Future
        if current and current.bytes == size:
            # Probably the same file again: hash first, so an unchanged file is read only once.
            sha256 = sha256_of(path)
            if sha256 == current.sha256 and not _needs_checking_again(job, year, current):
                return _unchanged(con, spec, year, relative, current)
            hashing = pool.submit(lambda: (sha256, archive_copy(path, job.archive_dir, sha256)))
        else:
            # hashlib releases the GIL, so hashing overlaps with DuckDB's read.
            hashing = pool.submit(hash_and_archive, path, job.archive_dir)
        counting = pool.submit(quick_data_lines, path)
        matched: list[HeaderMatch] = []

        def check_header(header: tuple[str, ...]) -> None:
            matched.append(match_header(spec, header, path, job.profile.aliases))

        read = read_into_table(
            con, path, path, rows_table, check_header, job.scratch_dir, job.profile.encoding
        )
        data_lines = check_rows_read(path, path, read.rows, counting.result(), MAX_LINE_BYTES)
        sha256, archived = hashing.result()
    match = matched[-1]
    previous_rows = current.rows_loaded if current else None
    shrink = shrink_decision(
        con, spec, job.guards, job.shrink_markers.get(year), year, read.rows, previous_rows
    )
    if shrink.held_reason:
        return FileLoadResult(
            relative, year, sha256, HELD, read.encoding, read.rows, 0, 0,
            archive_path=str(archived), previous_rows_loaded=previous_rows,
            reason=shrink.held_reason,
        )  # fmt: skip

    received_sql = fields_as_sql(read, match)
    conversions = converted_columns(spec, received_sql, job.profile)
    field_sql = received_sql | conversions
    invalid_sql = _invalid_sql(job, field_sql, received_sql, rows_table, read.rows)
    duplicates_sql = None
    if spec.primary_key:
        keys = _key_sql(job, field_sql, rows_table)
        con.execute(
            f"create or replace temp table {hashes_table} as "
            f"{repeated_key_hashes_sql(keys, rows_table)}"
        )
        if con.execute(f"select count(*) from {hashes_table}").fetchone()[0]:
            duplicates_sql = duplicate_rows_sql(keys, rows_table, hashes_table, read.first_rowid)
    orphans_sql = _orphans_sql(job, field_sql, rows_table, year)
    con.execute(
        f"create or replace temp table {rejects_table} as "
        f"{rejected_rows_sql(invalid_sql, duplicates_sql, orphans_sql)}"
    )
    con.execute(f"drop table if exists {hashes_table}")
    rows_rejected = con.execute(f"select count(*) from {rejects_table}").fetchone()[0]
    rejected_by_reason = reason_counts(con, f"select reasons from {rejects_table}")
    if job.guards.rejects_too_many(rows_rejected, read.rows):
        raise job.guards.too_many_rejected(path, rows_rejected, read.rows, rejected_by_reason)
    return PreparedFile(
        school_year=year,
        relative_path=relative,
        size=size,
        sha256=sha256,
        archive_path=archived,
        current=current,
        read=read,
        match=match,
        rejects_table=rejects_table,
        rows_rejected=rows_rejected,
        rejected_by_reason=rejected_by_reason,
        data_lines=data_lines,
        shrink_accepted=shrink.accepted,
        conversions=conversions,
    )


def _invalid_sql(
    job: LoadJob, field_sql: dict[str, str], received_sql: dict[str, str], table: str, rows: int
) -> str | None:
    """The reasons query, or None when one cheap filtering pass shows every row is valid."""
    spec, codes = job.extract, job.accepted_codes
    count_sql = all_valid_count_sql(spec, field_sql, codes, table)
    if count_sql is None or job.con.execute(count_sql).fetchone()[0] == rows:
        return None
    return invalid_rows_sql(spec, field_sql, codes, table, received_sql)


def _orphans_sql(job: LoadJob, field_sql: dict[str, str], table: str, year: int) -> str | None:
    """Rows whose parent row (a student) this year's parent file quarantined, or None."""
    parent = quarantine_parent(job.extract)
    if parent is None:
        return None
    system, extract, key = parent
    if not table_exists(job.con, f"raw_{system}.{extract}"):
        return None
    if not any_orphaned_keys(job.con, year, parent):
        return None  # the usual year: nothing to join the file against
    return orphan_rows_sql(field_sql[key], table, year, parent)


def _key_sql(job: LoadJob, field_sql: dict[str, str], table: str) -> list[str]:
    """Key expressions to group by: the raw columns when no value needs normalizing."""
    raw_keys, needs_work_sql = raw_key_sql(job.extract, field_sql, job.accepted_codes, table)
    if job.con.execute(needs_work_sql).fetchone()[0] == 0:
        return raw_keys
    return primary_key_sql(job.extract, field_sql, job.accepted_codes)


def _needs_checking_again(job: LoadJob, year: int, current: CurrentLoad) -> bool:
    """An unchanged file is loaded again when the source profile's rewrites of it changed, or
    when the quarantined students of its year changed so that rows of it must follow one into
    quarantine or come back (quarantine.orphan_rows_sql)."""
    if (current.source_profile_sha256 or "") != job.profile.fingerprint:
        return True
    parent = quarantine_parent(job.extract)
    if parent is None or not table_exists(job.con, f"raw_{parent[0]}.{parent[1]}"):
        return False
    return orphans_changed(job.con, job.extract.system, job.extract.name, year, parent)


def current_load(con: duckdb.DuckDBPyConnection, spec: Extract, year: int) -> CurrentLoad | None:
    row = con.execute(
        f"select source_sha256, bytes, encoding, rows_in_file, rows_loaded, rows_rejected, "
        f"extra_columns, archive_path, source_profile_sha256 from {FILE_LOADS_TABLE} "
        f"where system = {sql_string(spec.system)} and extract = {sql_string(spec.name)} "
        f"and school_year = {int(year)} and superseded_at is null "
        f"order by loaded_at desc limit 1"
    ).fetchone()
    return CurrentLoad(*row) if row else None


def _unchanged(
    con: duckdb.DuckDBPyConnection, spec: Extract, year: int, relative: str, current: CurrentLoad
) -> FileLoadResult:
    return FileLoadResult(
        path=relative,
        school_year=year,
        sha256=current.sha256,
        status=UNCHANGED,
        encoding=current.encoding,
        rows_in_file=current.rows_in_file,
        rows_loaded=current.rows_loaded,
        rows_rejected=current.rows_rejected,
        rejected_by_reason=quarantine_counts(con, spec.system, spec.name, year),
        extra_columns=list(current.extra_columns or []),
        archive_path=current.archive_path,
    )
