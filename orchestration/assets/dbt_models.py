"""The dbt project as Dagster assets: every seed and model is built first, then every data test
runs, and the tests' outcomes are saved for the checks and the release gate of the same run.

Why not one `dbt build`: it skips everything downstream of a failing test, so one failed finance
test left the marts unbuilt, Dagster then skipped every step after dbt, and no packet went out.
Built first and tested after, a failing test stops nothing; what it withholds is decided from the
lineage (orchestration/dbt_test_outcomes.py): the marts on it or downstream of it.

Why not one Dagster asset check per dbt test: about 1,400 of them wrote about 2,800 events to
Dagster's storage in every run. Each model with tests gets one check summarizing them
(orchestration/checks.py), which names every test that failed.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition, Failure, ResourceParam
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.dbt_test_outcomes import outcomes_by_model, outcomes_folder, save_outcomes
from orchestration.settings import Settings

# Unit tests prove the SQL's logic on hand-made rows; they run in the test suite (tests/dbt),
# where a change to a model is made, not in every production run, where they cannot fail.
BUILD_ARGS = ["build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
TEST_ARGS = ["test", "--exclude-resource-type", "unit_test"]
# dbt's exit code when it ran and some node failed; any other non-zero code means it could not run.
DBT_NODES_FAILED = 1


def dbt_project_for(
    project_dir: Path, profiles_dir: Path, dbt_executable: Path, target_dir: Path
) -> DbtProject:
    """The project, its manifest parsed again when a file changed since the last parse: a data
    team edits models and seeds in place, and the graph Dagster shows must be the one dbt runs.
    (dagster-dbt's own preparer would look for dbt on PATH, which cron does not have.)

    Every invocation, this parse included, uses `target_dir`, where dbt keeps
    partial_parse.msgpack: dagster-dbt would give each invocation a new target folder, and dbt
    then parsed the whole project again in each (29 s against 13 s on this machine)."""
    project = DbtProject(project_dir=project_dir, profiles_dir=profiles_dir, target_path=target_dir)
    if _manifest_is_stale(project):
        DbtCliResource(
            project_dir=project, profiles_dir=str(profiles_dir), dbt_executable=str(dbt_executable)
        ).cli(["--quiet", "parse"], target_path=target_path_of(project)).wait()
    return project


def target_path_of(project: DbtProject) -> Path:
    return Path(project.project_dir) / project.target_path  # an absolute target_path stays


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


def run_tests(invocation: DbtCliInvocation, folder: Path) -> dict:
    """Wait for `dbt test`, save its outcomes by model in `folder`, and return them. A failing
    test is an outcome, not an error; dbt that could not run at all is."""
    invocation.wait()
    returncode = invocation.process.returncode
    if returncode not in (0, DBT_NODES_FAILED):
        raise Failure(description=f"dbt test could not run (exit code {returncode})")
    by_model = outcomes_by_model(
        invocation.get_artifact("manifest.json"), invocation.get_artifact("run_results.json")
    )
    save_outcomes(folder, by_model)
    return by_model


def build_dbt_assets(project: DbtProject) -> AssetsDefinition:
    target_path = target_path_of(project)

    # Not dagster-dbt's one asset check per test: orchestration/checks.py has one per model.
    translator = LayerGroups(settings=DagsterDbtTranslatorSettings(enable_asset_checks=False))

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator)
    def dbt_models(
        context: AssetExecutionContext, dbt: DbtCliResource, settings: ResourceParam[Settings]
    ):
        # A run of part of the graph (one changed extract, a mart chosen in the UI) is a Dagster
        # asset selection; dagster-dbt turns it into dbt's --select of those models (and, for
        # `dbt test`, the tests on them).
        yield from dbt.cli(BUILD_ARGS, context=context, target_path=target_path).stream()
        tests = dbt.cli(TEST_ARGS, context=context, target_path=target_path, raise_on_error=False)
        by_model = run_tests(tests, outcomes_folder(settings.scratch_dir, context.run.run_id))
        failed = sum(len(model_tests.failed) for model_tests in by_model.values())
        # Test and model names only: a failing test's rows stay in the warehouse.
        context.log.info(f"dbt tests: {failed} failed; see each model's dbt-tests check")

    return dbt_models
