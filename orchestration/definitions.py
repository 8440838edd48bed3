"""The k12-warehouse code location: what Dagster shows in its UI and runs on its schedule."""

from dagster import Definitions, EnvVar, in_process_executor
from dagster_dbt import DbtCliResource, get_asset_key_for_model

from expectations.frames import RELEASE_TABLES
from orchestration.assets.dbt_models import dbt_models, dbt_project
from orchestration.assets.principal_packets import principal_packets
from orchestration.assets.raw_extracts import build_raw_extract_assets
from orchestration.automation import daily_refresh, materialize_everything, new_landing_files
from orchestration.checks import build_quarantine_checks
from orchestration.release_gate import build_release_gate_checks
from orchestration.resources import Warehouse

defs = Definitions(
    assets=[*build_raw_extract_assets(), dbt_models, principal_packets],
    asset_checks=[
        *build_quarantine_checks(),
        # The Great Expectations release gate, blocking, on the marts the principal packets read.
        build_release_gate_checks(
            {table: get_asset_key_for_model([dbt_models], table) for table in RELEASE_TABLES}
        ),
    ],
    jobs=[materialize_everything],
    schedules=[daily_refresh],
    sensors=[new_landing_files],
    resources={
        "warehouse": Warehouse(
            database_path=EnvVar("K12_WAREHOUSE"),
            landing_dir=EnvVar("K12_LANDING_DIR"),
            archive_dir=EnvVar("K12_ARCHIVE_DIR"),
            memory_limit=EnvVar("K12_DUCKDB_MEMORY_LIMIT"),
        ),
        "dbt": DbtCliResource(project_dir=dbt_project),
    },
    # DuckDB takes one writer per file, so steps run one after another in one process;
    # DuckDB itself uses every core inside each step.
    executor=in_process_executor,
)
