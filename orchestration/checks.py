"""Asset checks on the raw extracts and on the dbt models.

The raw extracts' checks warn rather than block: a quarantined row is counted and kept for the
data team to fix at the source, a held or refused file leaves the previous load in place, and the
rest of the extract is still good. Each dbt model with tests gets one check that summarizes them.
"""

from collections.abc import Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    AssetsDefinition,
    MetadataValue,
    ResourceParam,
    asset_check,
    multi_asset_check,
)
from dagster_dbt import get_asset_key_for_model
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets

from ingestion import load_contract, quarantine_counts, unloaded_files
from orchestration.dbt_test_outcomes import (
    ModelTests,
    load_outcomes,
    models_with_tests,
    outcomes_folder,
)
from orchestration.resources import Warehouse
from orchestration.settings import Settings

QUARANTINE_CHECK_SUFFIX = "_has_no_quarantined_rows"
UNLOADED_FILES_CHECK_SUFFIX = "_has_no_held_or_refused_files"
DBT_TESTS_CHECK_SUFFIX = "_passes_its_dbt_tests"


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


def build_dbt_test_checks(dbt_models: AssetsDefinition) -> AssetChecksDefinition:
    """One check per model (or seed) with dbt tests, summarizing them from the outcomes the dbt
    step saved in this run (assets/dbt_models.py): it fails, naming every failed test and its
    failing-row count, when one of them failed. Not blocking: what a failed test withholds is
    the release gate's to decide, from the lineage (orchestration/dbt_test_outcomes.py)."""
    manifest, _, _ = get_manifest_and_translator_from_dbt_assets([dbt_models])
    keys = {
        model: get_asset_key_for_model([dbt_models], model)
        for model in sorted(models_with_tests(manifest))
    }
    specs = [
        AssetCheckSpec(
            name=f"{model}{DBT_TESTS_CHECK_SUFFIX}",
            asset=key,
            description=f"Fails when a dbt test on {model} fails; lists every test's outcome. "
            "Why it matters: this model, and every mart built from it, is withheld from the "
            "release. How to fix: read dbt's lines for the failed test in the run's log.",
        )
        for model, key in keys.items()
    ]

    @multi_asset_check(specs=specs, name="dbt_tests", can_subset=True)
    def dbt_tests(
        context: AssetCheckExecutionContext, settings: ResourceParam[Settings]
    ) -> Iterator[AssetCheckResult]:
        by_model = load_outcomes(outcomes_folder(settings.scratch_dir, context.run.run_id)) or {}
        for check_key in context.selected_asset_check_keys:
            model = check_key.name.removesuffix(DBT_TESTS_CHECK_SUFFIX)
            tests = by_model.get(model)
            if tests is None or not tests.outcomes:
                context.log.info(f"{model}: no dbt test ran in this run")
                continue
            yield dbt_tests_result(check_key.asset_key, tests)

    return dbt_tests


def dbt_tests_result(asset_key: AssetKey, tests: ModelTests) -> AssetCheckResult:
    """Test names, statuses and failing-row counts: never a value from a row."""
    failed = tests.failed
    described = ", ".join(
        f"{outcome.test} ({outcome.status}, {outcome.failing_rows} failing rows)"
        if outcome.failing_rows is not None
        else f"{outcome.test} ({outcome.status})"
        for outcome in failed
    )
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=f"{tests.model}{DBT_TESTS_CHECK_SUFFIX}",
        passed=not failed,
        severity=AssetCheckSeverity.ERROR,
        description=f"Failed: {described}." if failed else "Every dbt test passed or warned.",
        metadata={
            "tests": len(tests.outcomes),
            "passed": tests.count("pass"),
            "warned": tests.count("warn"),
            "failed": len(failed),
            "failed_tests": MetadataValue.json(
                [
                    {"test": o.test, "status": o.status, "failing_rows": o.failing_rows}
                    for o in failed
                ]
            ),
            "warned_tests": MetadataValue.json(
                [o.test for o in tests.outcomes if o.status == "warn"]
            ),
        },
    )
