"""The dbt project as Dagster assets. dbt tests surface as asset checks on their models."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

# Unit tests prove the SQL's logic on hand-made rows; they run in the test suite (tests/dbt),
# where a change to a model is made, not in every production run, where they cannot fail.
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


def dbt_project_for(project_dir: Path, profiles_dir: Path, dbt_executable: Path) -> DbtProject:
    """The project, its manifest parsed again when a file changed since the last parse: a data
    team edits models and seeds in place, and the graph Dagster shows must be the one dbt runs.
    (dagster-dbt's own preparer would look for dbt on PATH, which cron does not have.)"""
    project = DbtProject(project_dir=project_dir, profiles_dir=profiles_dir)
    if _manifest_is_stale(project):
        DbtCliResource(
            project_dir=project, profiles_dir=str(profiles_dir), dbt_executable=str(dbt_executable)
        ).cli(["--quiet", "parse"], target_path=project.target_path).wait()
    return project


def _manifest_is_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    project_dir = Path(project.project_dir)
    # Not the profile: it names the warehouse, which the parsed project does not depend on.
    project_files = [project_dir / "dbt_project.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        project_files.extend((project_dir / folder).rglob("*"))
    return any(path.stat().st_mtime > built for path in project_files if path.is_file())


class LayerGroups(DagsterDbtTranslator):
    """Groups dbt assets by warehouse schema (seeds, staging, marts...), as analysts see them."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema") or super().get_group_name(dbt_resource_props)


def build_dbt_assets(project: DbtProject) -> AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=LayerGroups(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
        ),
    )
    def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
        # A run of part of the graph (one changed extract, a mart chosen in the UI) is a Dagster
        # asset selection; dagster-dbt turns it into dbt's --select of those models and tests.
        yield from dbt.cli(BUILD_ARGS, context=context).stream()

    return dbt_models
