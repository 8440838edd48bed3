"""When the pipeline runs: every morning, and whenever new files land, each time only if
something is new, and then only what it changes (orchestration.run_plan, as `k12 run` does)."""

from dagster import (
    AssetKey,
    AssetSelection,
    DagsterRunStatus,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    JobDefinition,
    RunRequest,
    RunStatusSensorContext,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    run_status_sensor,
    schedule,
    sensor,
)

from orchestration.run_plan import plan_run, record_planned_success, save_plan
from orchestration.settings import Settings

JOB_NAME = "materialize_everything"
PLAN_TAG = "k12/plan"


def build_automation(settings: Settings) -> tuple[JobDefinition, list, list]:
    """The job, its schedule, and its sensors."""
    materialize_everything = define_asset_job(
        JOB_NAME,
        selection=AssetSelection.all(),
        description="Ingest every landing file, then build and test every dbt model.",
    )

    def planned_run(repository_def) -> RunRequest | SkipReason:
        plan = plan_run(settings)
        if plan.nothing_new:
            return SkipReason("nothing new since the last successful run")
        selection = None
        if not plan.everything:
            changed = [AssetKey(list(key)) for key in plan.changed_extracts]
            downstream = AssetSelection.assets(*changed).downstream()
            selection = sorted(downstream.resolve(repository_def.asset_graph))
        key = save_plan(settings, plan)
        return RunRequest(run_key=key, asset_selection=selection, tags={PLAN_TAG: key})

    @schedule(
        name="daily_refresh",
        job=materialize_everything,
        # Early enough that marts are fresh before the school day; BI extracts read after this.
        cron_schedule=settings.daily_cron,
        execution_timezone=settings.timezone,
        default_status=DefaultScheduleStatus.STOPPED,
    )
    def daily_refresh(context: ScheduleEvaluationContext):
        return planned_run(context.repository_def)

    @sensor(
        job=materialize_everything,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description="Starts a run when files in the landing folder are added, replaced or "
        "removed: those extracts and what depends on them.",
    )
    def new_landing_files(context: SensorEvaluationContext):
        if not settings.landing_dir.exists():
            return SkipReason(f"landing folder {settings.landing_dir} does not exist")
        return planned_run(context.repository_def)

    @run_status_sensor(
        name="record_successful_runs",
        run_status=DagsterRunStatus.SUCCESS,
        monitored_jobs=[materialize_everything],
        default_status=DefaultSensorStatus.RUNNING,
        description="Remembers what a planned run was built from, so the next tick knows "
        "whether anything is new.",
    )
    def record_successful_runs(context: RunStatusSensorContext):
        key = context.dagster_run.tags.get(PLAN_TAG)
        if key and record_planned_success(settings, key):
            return SkipReason(f"recorded plan {key}")
        return SkipReason("not a planned run")

    return materialize_everything, [daily_refresh], [new_landing_files, record_successful_runs]
