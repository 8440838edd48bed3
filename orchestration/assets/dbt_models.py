"""The dbt project as Dagster assets. dbt tests surface as asset checks on their models."""

from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.settings import DBT_PROJECT_DIR, ensure_paths_in_env

ensure_paths_in_env()  # dbt's profile needs K12_WAREHOUSE even to parse the project

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    project_files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        project_files.extend((DBT_PROJECT_DIR / folder).rglob("*"))
    return any(path.stat().st_mtime > built for path in project_files if path.is_file())


# A fresh clone has no manifest, and a data team edits models and seeds in place: parsing takes
# seconds and keeps the graph Dagster shows equal to the project dbt runs.
if _manifest_is_stale():
    dbt_project.preparer.prepare(dbt_project)


class LayerGroups(DagsterDbtTranslator):
    """Groups dbt assets by warehouse schema (seeds, staging, marts...), as analysts see them."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema") or super().get_group_name(dbt_resource_props)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LayerGroups(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
)
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(["build"], context=context).stream()
