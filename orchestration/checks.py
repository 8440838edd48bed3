"""Asset checks on the raw extracts. They warn rather than block: a quarantined row is counted
and kept for the data team to fix at the source, and the rest of the extract is still good."""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from ingestion import load_contract, quarantine_counts
from orchestration.resources import Warehouse

QUARANTINE_CHECK_SUFFIX = "_has_no_quarantined_rows"


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


def build_quarantine_checks() -> list[AssetChecksDefinition]:
    return [
        build_quarantine_check(extract.system, extract.name)
        for extract in load_contract().extracts.values()
    ]
