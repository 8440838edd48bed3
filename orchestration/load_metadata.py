"""Counts about a load, for Dagster metadata and the run summary. Counts and column names only:
no value from a row ever leaves the warehouse this way (FERPA)."""

from dagster import MetadataValue

from ingestion import ExtractLoadResult
from ingestion.results import UNCHANGED


def describe_extract_load(result: ExtractLoadResult) -> dict:
    new_files = [file for file in result.files if file.status != UNCHANGED]
    return {
        "table": result.table,
        "rows_in_table": result.rows_in_table,
        "files_seen": len(result.files),
        "files_loaded": len(new_files),
        "files_unchanged": len(result.files) - len(new_files),
        "rows_loaded_this_run": sum(file.rows_loaded for file in new_files),
        "rows_rejected_this_run": sum(file.rows_rejected for file in new_files),
        "rejected_by_reason": MetadataValue.json(result.rejected_by_reason),
        "extra_columns": MetadataValue.json(result.extra_columns),
        "files": MetadataValue.md(_files_table(result)),
        "unrecognized_files": MetadataValue.json(list(result.unrecognized)),
    }


def _files_table(result: ExtractLoadResult) -> str:
    lines = [
        "| school year | file | status | encoding | rows | loaded | quarantined | sha256 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for file in sorted(result.files, key=lambda f: f.school_year):
        lines.append(
            f"| {file.school_year} | {file.path} | {file.status} | {file.encoding} "
            f"| {file.rows_in_file} | {file.rows_loaded} | {file.rows_rejected} "
            f"| {file.sha256[:12]} |"
        )
    return "\n".join(lines)
