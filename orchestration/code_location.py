"""Every asset, check, job, schedule and sensor, wired to one Settings object.

`k12 run` calls `build_definitions` with the settings its options gave; `dagster dev` (and
`k12 ui`) load orchestration/definitions.py, which builds them from its environment.
"""

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource, get_asset_key_for_model

from expectations.frames import RELEASE_TABLES
from orchestration.assets.dbt_models import build_dbt_assets, dbt_project_for
from orchestration.assets.imports import build_import_asset
from orchestration.assets.principal_packets import build_principal_packets
from orchestration.assets.published_copies import build_published_copies
from orchestration.assets.raw_extracts import build_raw_extract_assets
from orchestration.automation import build_automation
from orchestration.checks import build_dbt_test_checks, build_quarantine_checks
from orchestration.release_gate import build_release_gate_checks
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings, write_dbt_profile


def build_definitions(settings: Settings) -> Definitions:
    project = dbt_project_for(
        settings.dbt_project_dir,
        write_dbt_profile(settings),
        settings.dbt_executable,
        settings.dbt_target_dir,
    )
    dbt_models = build_dbt_assets(project)
    job, schedules, sensors = build_automation(settings)
    # An Ed-Fi or OneRoster source, when one is configured, is imported into the landing folder;
    # the landing sensor (or the next run) then loads what it wrote.
    imports = (
        [
            build_import_asset(
                settings.import_source, settings.import_kind, settings.import_school_year
            )
        ]
        if settings.import_source
        else []
    )
    return Definitions(
        assets=[
            *build_raw_extract_assets(),
            dbt_models,
            build_principal_packets(dbt_models),
            *build_published_copies(dbt_models),
            *imports,
        ],
        asset_checks=[
            *build_quarantine_checks(),
            # One check per dbt model with tests, summarizing them (not one per test).
            build_dbt_test_checks(dbt_models),
            # The Great Expectations release gate, blocking, on the marts the packets read.
            build_release_gate_checks(
                {table: get_asset_key_for_model([dbt_models], table) for table in RELEASE_TABLES}
            ),
        ],
        jobs=[job],
        schedules=schedules,
        sensors=sensors,
        resources={
            **pipeline_resources(settings),
            "dbt": DbtCliResource(
                project_dir=project,
                profiles_dir=str(project.profiles_dir),
                dbt_executable=str(settings.dbt_executable),
            ),
        },
        # DuckDB takes one writer per file, so steps run one after another in one process;
        # DuckDB itself uses every core inside each step.
        executor=in_process_executor,
    )
