"""Asset checks on the raw extracts. They warn rather than block: a quarantined row is counted
and kept for the data team to fix at the source, a held or refused file leaves the previous load
in place, and the rest of the extract is still good."""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from ingestion import load_contract, quarantine_counts, unloaded_files
from orchestration.resources import Warehouse

QUARANTINE_CHECK_SUFFIX = "_has_no_quarantined_rows"
UNLOADED_FILES_CHECK_SUFFIX = "_has_no_held_or_refused_files"


def build_quarantine_check(system: str, extract: str) -> AssetChecksDefinition:
    @asset_check(
        asset=[system, extract],
        name=f"{extract}{QUARANTINE_CHECK_SUFFIX}",
        description=(
            "Warns when rows of this extract broke the export contract and were quarantined in "
            "raw_quarantine.rejected_rows. Why it matters: those rows are missing from every mart. "
            "How to fix: read the reasons there, correct the export, drop the file again."
        ),
    )
    def quarantine_check(
        context: AssetCheckExecutionContext, warehouse: Warehouse
    ) -> AssetCheckResult:
        with warehouse.connect() as connection:
            by_reason = quarantine_counts(connection, system, extract)
        quarantined = sum(by_reason.values())
        return AssetCheckResult(
            passed=quarantined == 0,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "quarantined_rows": quarantined,
                "by_reason": MetadataValue.json(by_reason),
            },
        )

    return quarantine_check


def build_unloaded_files_check(system: str, extract: str) -> AssetChecksDefinition:
    @asset_check(
        asset=[system, extract],
        name=f"{extract}{UNLOADED_FILES_CHECK_SUFFIX}",
        description=(
            "Warns when the last load of this extract held a year file (it would shrink the "
            "loaded year by more than the allowed share, or empty it) or refused one (its "
            "file-name year is outside the accepted window). Why it matters: that year still "
            "holds the previous file's rows, or the file is in no table. How to fix: correct "
            "the file, or accept the shrink (k12 run --accept-shrink <system>/<extract>/<year>, "
            "or an empty <year>.accept-shrink beside it)."
        ),
    )
    def unloaded_files_check(
        context: AssetCheckExecutionContext, warehouse: Warehouse
    ) -> AssetCheckResult:
        with warehouse.connect() as connection:
            files = unloaded_files(connection, system, extract)
        statuses = [file["status"] for file in files]
        return AssetCheckResult(
            passed=not files,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "held_files": statuses.count("held"),
                "refused_files": statuses.count("refused"),
                "files": MetadataValue.json(files),
                "reason": "; ".join(f"{file['path']}: {file['reason']}" for file in files),
            },
        )

    return unloaded_files_check


def build_quarantine_checks() -> list[AssetChecksDefinition]:
    """Every raw extract's warning checks: quarantined rows, and held or refused files."""
    checks = []
    for extract in load_contract().extracts.values():
        checks.append(build_quarantine_check(extract.system, extract.name))
        checks.append(build_unloaded_files_check(extract.system, extract.name))
    return checks
