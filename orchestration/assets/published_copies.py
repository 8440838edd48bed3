"""The published copies analysts and BI tools read, as two Dagster assets: thin calls into
release.analyst_database and release.exports.

Both come after `principal_packets` and every mart, so a failed dbt build or a blocking gate
failure (which stops `principal_packets`) publishes neither, and the last good copies stay. The
release id, as-of date and the schools the gate withheld are read from the release just published
(`<K12_RELEASE_DIR>/latest/manifest.json`).
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
        from release.mart_docs import mart_docs

        published = publish_analyst_database(
            Path(warehouse.database_path), settings.analyst_db, mart_docs(settings.dbt_project_dir)
        )
        context.log.info(f"analyst database: {len(published.tables)} marts")
        return MaterializeResult(
            metadata={
                "path": MetadataValue.path(str(published.path)),
                "marts": len(published.tables),
                "rows": MetadataValue.json(published.tables),  # counts only
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

        release = latest_release_info(settings.release_dir, context.run.run_id)
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
