"""Counts about a load, for Dagster metadata and the run summary. Counts, paths and column names
only: no value from a row ever leaves the warehouse this way (FERPA)."""

from dagster import MetadataValue

from ingestion import ExtractLoadResult
from ingestion.results import LOADED, REPLACED, UNCHANGED, FileLoadResult


def describe_extract_load(result: ExtractLoadResult) -> dict:
    new_files = [file for file in result.files if file.status in (LOADED, REPLACED)]
    return {
        "table": result.table,
        "rows_in_table": result.rows_in_table,
        "files_seen": len(result.files),
        "files_loaded": len(new_files),
        "files_unchanged": sum(file.status == UNCHANGED for file in result.files),
        "files_held": len(result.held),
        "files_refused": len(result.refused),
        "rows_loaded_this_run": sum(file.rows_loaded for file in new_files),
        "rows_rejected_this_run": sum(file.rows_rejected for file in new_files),
        "rejected_by_reason": MetadataValue.json(result.rejected_by_reason),
        "extra_columns": MetadataValue.json(result.extra_columns),
        "files": MetadataValue.md(_files_table(result)),
        # Held and refused files with their counts and what to do, for the engineer.
        "not_loaded": MetadataValue.json(
            [_not_loaded(file) for file in result.held + result.refused]
        ),
        "unrecognized_files": MetadataValue.json(list(result.unrecognized)),
        # The whole landing folder's strays, on every extract, so a misspelt folder or a file at
        # the root shows wherever the engineer looks.
        "unrecognized_in_landing": MetadataValue.json(list(result.unrecognized_in_landing)),
    }


def _not_loaded(file: FileLoadResult) -> dict:
    return {
        "path": file.path,
        "status": file.status,
        "rows_in_file": file.rows_in_file,
        "rows_loaded_now": file.previous_rows_loaded,
        "reason": file.reason,
    }


def _files_table(result: ExtractLoadResult) -> str:
    lines = [
        "| school year | file | status | encoding | rows | loaded | quarantined | sha256 | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for file in sorted(result.files, key=lambda f: f.school_year):
        lines.append(
            f"| {file.school_year} | {file.path} | {file.status} | {file.encoding} "
            f"| {file.rows_in_file} | {file.rows_loaded} | {file.rows_rejected} "
            f"| {file.sha256[:12]} | {file.reason} |"
        )
    return "\n".join(lines)
