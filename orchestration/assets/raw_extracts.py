"""One asset per export extract: the landing files of `<system>/<extract>` loaded into
`raw_<system>.<extract>`. The asset key `[system, extract]` is the key dbt-dagster gives the dbt
source of the same name, so lineage from landing file to mart needs no translator."""

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    Failure,
    MaterializeResult,
    ResourceParam,
    asset,
)

from ingestion import ContractViolation, load_contract, load_extract
from ingestion.contract import quarantine_parent
from ingestion.source_profile import load_source_profile
from orchestration.load_metadata import describe_extract_load
from orchestration.resources import Warehouse
from orchestration.settings import Settings


def build_raw_extract_asset(
    system: str, extract: str, description: str, deps: list[list[str]] | None = None
) -> AssetsDefinition:
    """`deps`: raw extracts that must load first (a student's rows follow the student's)."""

    @asset(
        key=[system, extract],
        deps=deps or [],
        group_name=f"raw_{system}",
        description=f"{description}\n\nFrom `<landing>/{system}/{extract}/<school_year>.csv`.",
        kinds={"duckdb", "csv"},
    )
    def raw_extract(
        context: AssetExecutionContext, warehouse: Warehouse, settings: ResourceParam[Settings]
    ) -> MaterializeResult:
        try:
            with warehouse.connect() as connection:
                result = load_extract(
                    connection,
                    settings.landing_dir,
                    settings.archive_dir,
                    system,
                    extract,
                    guards=settings.ingestion_guards,
                    scratch_dir=settings.scratch_dir,
                    profile=load_source_profile(settings.source_profile_path),
                )
        except ContractViolation as violation:
            # The message names file, line and column; the previous load stays in place.
            raise Failure(description=str(violation)) from violation
        metadata = describe_extract_load(result)
        context.log.info(
            f"{system}/{extract}: {metadata['rows_loaded_this_run']} rows loaded, "
            f"{metadata['rows_rejected_this_run']} quarantined, "
            f"{metadata['rows_in_table']} in table"
        )
        return MaterializeResult(metadata=metadata)

    return raw_extract


def build_raw_extract_assets() -> list[AssetsDefinition]:
    assets = []
    for extract in load_contract().extracts.values():
        # A quarantined student quarantines its enrollments, attendance, ...: they load after it,
        # and load again when it does (ingestion/prepare.py).
        parent = quarantine_parent(extract)
        deps = [list(parent[:2])] if parent else None
        assets.append(
            build_raw_extract_asset(extract.system, extract.name, extract.description, deps)
        )
    return assets
