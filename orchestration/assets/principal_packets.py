"""The early release to principals as one Dagster asset: a thin call into release.release_run.

It depends on every mart the packets read, so the release gate's blocking checks on those marts
(orchestration/release_gate.py) stop it on a critical failure. It publishes from the check's
result, which the check saved in the run's scratch folder (Dagster hands a downstream asset no
Python object from a check): the gate runs once per run. Materialized on its own, when no check
ran in this run, the asset validates the warehouse itself.
"""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    ResourceParam,
    asset,
)
from dagster_dbt import get_asset_key_for_model

from expectations.frames import RELEASE_TABLES
from orchestration.resources import Warehouse
from orchestration.settings import Settings
from release.sources import SOURCES

# Every relation a packet reads (marts, and the restricted roster models for the rosters)
# and every table the gate validates, as the dbt assets that build them.
PACKET_MODELS = sorted({relation.split(".")[1] for relation in SOURCES} | set(RELEASE_TABLES))


def build_principal_packets(dbt_models: AssetsDefinition) -> AssetsDefinition:
    @asset(
        deps=[get_asset_key_for_model([dbt_models], model) for model in PACKET_MODELS],
        group_name="release",
        description="One packet per open school, published all at once under K12_RELEASE_DIR "
        "after the Great Expectations gate: critical failures publish nothing, schools that fail "
        "a school expectation are withheld, warnings are listed in the manifests.",
    )
    def principal_packets(
        context: AssetExecutionContext, warehouse: Warehouse, settings: ResourceParam[Settings]
    ) -> MaterializeResult:
        # Imported here: the packet writer and Great Expectations are slow to import, and
        # loading the code location must not wait for them.
        from orchestration.release_gate import gate_result_folder, load_gate_result
        from release.release_run import ReleaseBlockedError, release_principal_packets

        validated = load_gate_result(gate_result_folder(settings, context.run.run_id))
        context.log.info(
            "publishing from this run's release_gate check"
            if validated is not None
            else "no release_gate check ran in this run: validating the warehouse here"
        )
        try:
            published = release_principal_packets(
                Path(warehouse.database_path),
                settings.release_dir,
                settings.scratch_dir / "releases",
                minimum_n=settings.minimum_reporting_n,
                run_id=context.run.run_id,
                settings=settings.gate_for_this_run,
                validated=validated,
            )
        except ReleaseBlockedError as error:
            raise Failure(description=str(error)) from error
        context.log.info(
            f"release {published.release_id}: {len(published.released)} schools released, "
            f"{len(published.withheld)} withheld"
        )
        # School ids and expectation names only: never a value from a student's row.
        return MaterializeResult(
            metadata={
                "release_id": published.release_id,
                "school_year": published.school_year,
                "as_of_date": published.as_of_date,
                "schools_released": len(published.released),
                "schools_withheld": len(published.withheld),
                "withheld_schools": MetadataValue.json(published.withheld),
                "warnings": MetadataValue.json(published.warnings),
                "release_path": MetadataValue.path(str(published.path)),
                "validation_report": MetadataValue.path(str(published.report)),
            }
        )

    return principal_packets
