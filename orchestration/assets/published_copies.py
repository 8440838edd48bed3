"""The published copies analysts and BI tools read, as two Dagster assets: thin calls into
release.analyst_database and release.exports.

Both come after `principal_packets` and every mart, so a failed dbt build or a blocking gate
failure (which stops `principal_packets`) publishes neither, and the last good copies stay. The
release id, as-of date and the schools the gate withheld are read from the release just published
(`<K12_RELEASE_DIR>/latest/manifest.json`). The marts the gate withheld (their own or an upstream
dbt test failed) come from the gate's result this run saved, as the release's do
(orchestration/assets/principal_packets.py), and go down to release/ as plain data, mart ->
reason: each copy keeps its previous copy of such a mart and says why.
"""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    ResourceParam,
    asset,
)

from orchestration.resources import Warehouse
from orchestration.settings import Settings

GROUP = "published"


def withheld_marts(context: AssetExecutionContext, settings: Settings) -> dict[str, str]:
    """Mart -> the gate's reason, from this run's release_gate check; none when no check ran in
    this run (the release then validated the warehouse itself, with no dbt verdicts)."""
    from orchestration.release_gate import gate_result_folder, load_gate_result

    validated = load_gate_result(gate_result_folder(settings, context.run.run_id))
    withheld = {} if validated is None else validated[0].withheld_marts
    # model names only, never a value from a row
    context.log.info(f"withheld by their dbt checks: {', '.join(withheld) or 'none'}")
    return withheld


def build_published_copies(dbt_models: AssetsDefinition) -> list[AssetsDefinition]:
    marts = [key for key, group in dbt_models.group_names_by_key.items() if group == "marts"]
    deps = [AssetKey("principal_packets"), *marts]

    @asset(
        deps=deps,
        group_name=GROUP,
        description="The marts, with the dbt descriptions as comments, published as the analyst "
        "database K12_ANALYST_DB: built under a hidden name beside it and renamed into place, so "
        "a reader holding it open is never disturbed.",
    )
    def analyst_database(
        context: AssetExecutionContext, warehouse: Warehouse, settings: ResourceParam[Settings]
    ) -> MaterializeResult:
        from release.analyst_database import publish_analyst_database
        from release.exports import latest_manifest
        from release.mart_docs import mart_docs

        published = publish_analyst_database(
            Path(warehouse.database_path),
            settings.analyst_db,
            mart_docs(settings.dbt_project_dir),
            release_id=latest_manifest(settings.release_dir)["release_id"],
            withheld=withheld_marts(context, settings),
        )
        context.log.info(
            f"analyst database: {len(published.tables)} marts, "
            f"{len(published.withheld)} withheld (previous copy kept where there is one)"
        )
        return MaterializeResult(
            metadata={
                "path": MetadataValue.path(str(published.path)),
                "marts": len(published.tables),
                "rows": MetadataValue.json(published.tables),  # counts only
                # mart -> the release its kept rows are of (null: no previous copy)
                "withheld": MetadataValue.json(published.withheld),
            }
        )

    @asset(
        deps=deps,
        group_name=GROUP,
        description="Every aggregate mart as Parquet under K12_EXPORT_DIR with catalog.json, "
        "suppressed as the release is; student-level marts only under K12_INTERNAL_EXPORT_DIR, "
        "when set. Swapped in all at once (docs/connect-bi.md).",
    )
    def parquet_exports(
        context: AssetExecutionContext, warehouse: Warehouse, settings: ResourceParam[Settings]
    ) -> MaterializeResult:
        from release.exports import latest_release_info, publish_exports
        from release.mart_docs import mart_docs

        release = latest_release_info(
            settings.release_dir, context.run.run_id, withheld_marts(context, settings)
        )
        options = {
            "release": release,
            "minimum_n": settings.minimum_reporting_n,
            "docs": mart_docs(settings.dbt_project_dir),
        }
        staging = settings.scratch_dir / "exports"
        source = Path(warehouse.database_path)
        published = publish_exports(source, settings.export_dir, staging, **options)
        metadata = {
            "release_id": release.release_id,
            "path": MetadataValue.path(str(settings.export_dir)),
            "marts": len(published.marts),
            "rows": MetadataValue.json(published.marts),  # counts only
            "withheld": MetadataValue.json(published.withheld),  # mart -> release of its files
        }
        if settings.internal_export_dir is not None:
            internal = publish_exports(
                source,
                settings.internal_export_dir,
                settings.scratch_dir / "internal_exports",
                internal=True,
                **options,
            )
            metadata["internal_marts"] = len(internal.marts)
        context.log.info(f"exports of release {release.release_id}: {len(published.marts)} marts")
        return MaterializeResult(metadata=metadata)

    return [analyst_database, parquet_exports]
