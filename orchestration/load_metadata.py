"""Counts about a load, for Dagster metadata and the run summary. Counts and column names only:
no value from a row ever leaves the warehouse this way (FERPA)."""

from collections import Counter

from dagster import MetadataValue

from ingestion import ExtractLoadResult


def describe_extract_load(result: ExtractLoadResult) -> dict:
    reasons: Counter[str] = Counter()
    for file in result.files:
        reasons.update(file.rejected_by_reason)
    return {
        "table": result.table,
        "rows_in_table": result.rows_in_table,
        "files_seen": len(result.files),
        "files_loaded": sum(file.status in ("loaded", "replaced") for file in result.files),
        "files_unchanged": sum(file.status == "unchanged" for file in result.files),
        "rows_loaded_this_run": sum(file.rows_loaded for file in result.files if _is_new(file)),
        "rows_rejected_this_run": sum(file.rows_rejected for file in result.files if _is_new(file)),
        "rejected_by_reason": MetadataValue.json(dict(reasons)),
        "extra_columns": MetadataValue.json(
            sorted({column for file in result.files for column in file.extra_columns})
        ),
        "files": MetadataValue.md(_files_table(result)),
        "unrecognized_files": MetadataValue.json([str(path) for path in result.unrecognized]),
    }


def _is_new(file) -> bool:
    return file.status in ("loaded", "replaced")


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
