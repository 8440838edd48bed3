"""When the pipeline runs: every morning, and whenever new files land."""

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    JobDefinition,
    RunRequest,
    ScheduleDefinition,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    sensor,
)

from ingestion import landing_fingerprint
from orchestration.settings import Settings

JOB_NAME = "materialize_everything"


def build_automation(
    settings: Settings,
) -> tuple[JobDefinition, ScheduleDefinition, SensorDefinition]:
    materialize_everything = define_asset_job(
        JOB_NAME,
        selection=AssetSelection.all(),
        description="Ingest every landing file, then build and test every dbt model.",
    )
    daily_refresh = ScheduleDefinition(
        name="daily_refresh",
        job=materialize_everything,
        # Early enough that marts are fresh before the school day; BI extracts read after this.
        cron_schedule=settings.daily_cron,
        execution_timezone=settings.timezone,
        default_status=DefaultScheduleStatus.STOPPED,
    )

    @sensor(
        job=materialize_everything,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description="Starts a run when files in the landing folder are added, replaced or removed.",
    )
    def new_landing_files(context: SensorEvaluationContext):
        landing_dir = settings.landing_dir
        if not landing_dir.exists():
            return SkipReason(f"landing folder {landing_dir} does not exist")
        fingerprint = landing_fingerprint(landing_dir)
        if fingerprint == context.cursor:
            return SkipReason("no landing file changed since the last run")
        context.update_cursor(fingerprint)
        # The run key makes a re-evaluation with the same files a no-op in Dagster too.
        return RunRequest(run_key=fingerprint)

    return materialize_everything, daily_refresh, new_landing_files
