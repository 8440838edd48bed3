"""The release gate as Dagster asset checks: one blocking check per mart that feeds the principal
packets, all computed in one Great Expectations run (expectations/). A critical failure fails
the check with ERROR severity, so nothing downstream of the marts (the release) materializes;
school and warning failures warn and name the schools whose packets wait."""

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from expectations.frames import RELEASE_TABLES
from expectations.spec import GateSettings
from orchestration.resources import Warehouse
from orchestration.settings import DBT_PROJECT_DIR, declared_whole_number_var, resolve_paths

PUBLISHABLE_CHECK_SUFFIX = "_is_publishable"


def release_gate_settings(dbt_project_dir: Path = DBT_PROJECT_DIR) -> GateSettings:
    """The gate's limits from the environment, and the dbt vars the marts were built with, so the
    gate expects the rows the marts hold (the check and the principal_packets asset both)."""
    lowest_grade = declared_whole_number_var("k12_early_warning_lowest_grade", dbt_project_dir)
    return replace(GateSettings.from_env(), early_warning_lowest_grade=lowest_grade)


def _table_result(gate, table: str, asset_key: AssetKey, report_path: str) -> AssetCheckResult:
    results = gate.for_table(table)
    failures = [result for result in results if not result.success]
    blocking = [result for result in failures if result.blocks_everything]
    # Counts, names and school ids only: the gate's results hold no student-level values.
    failing = [
        {
            "name": result.name,
            "severity": result.severity,
            "school_ids": list(result.school_ids),
            "unexpected_count": result.unexpected_count,
            "element_count": result.element_count,
            "observed_value": result.observed_value,
            "sample_rows": list(result.sample_rows),
            "error": result.error,
        }
        for result in failures
    ]
    schools = sorted({school for result in failures for school in result.school_ids})
    # A critical failure anywhere blocks the whole release, so every mart's check fails with
    # ERROR then: whichever marts the release reads, it does not run.
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=f"{table}{PUBLISHABLE_CHECK_SUFFIX}",
        passed=not failures and gate.passed,
        severity=AssetCheckSeverity.WARN if gate.passed else AssetCheckSeverity.ERROR,
        metadata={
            "expectations": len(results),
            "failing_expectations": MetadataValue.json(failing),
            "blocking_failures": len(blocking),
            "release_blocked_by": MetadataValue.json([r.name for r in gate.blocking_failures]),
            "school_ids_failing": MetadataValue.json(schools),
            "release_year": gate.release_year,
            "as_of_date": str(gate.as_of_date),
            "report": MetadataValue.path(report_path),
        },
    )


def build_release_gate_checks(asset_keys: Mapping[str, AssetKey]) -> AssetChecksDefinition:
    """`asset_keys` maps each table the gate reads to its asset (the dbt marts)."""
    specs = [
        AssetCheckSpec(
            name=f"{table}{PUBLISHABLE_CHECK_SUFFIX}",
            asset=asset_keys[table],
            blocking=True,
            description=f"The Great Expectations suite of {table} for the principal-packet "
            "release: critical failures block the release, school failures withhold those "
            "schools' packets, warnings are reported. See the validation report.",
        )
        for table in RELEASE_TABLES
    ]

    @multi_asset_check(specs=specs, name="release_gate")
    def release_gate(
        context: AssetCheckExecutionContext, warehouse: Warehouse
    ) -> Iterator[AssetCheckResult]:
        # Imported here: Great Expectations takes seconds to import, and loading the code
        # location must not wait for it.
        from expectations.report import write_report
        from expectations.runner import validate_warehouse
        from release.release_run import previous_snapshot

        release_dir = resolve_paths().release_dir
        previous = previous_snapshot(release_dir)
        gate = validate_warehouse(warehouse.database_path, release_gate_settings(), previous)
        report = write_report(gate, release_dir / "validation_runs" / context.run.run_id)
        context.log.info(f"release gate: passed={gate.passed}; report at {report}")
        for table in RELEASE_TABLES:
            yield _table_result(gate, table, asset_keys[table], str(report))

    return release_gate
