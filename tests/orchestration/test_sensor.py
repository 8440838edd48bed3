"""GIVEN a landing folder and the record of the last successful run
WHEN the sensor or the daily schedule ticks
THEN it starts everything the first time, nothing when nothing is new, and only the changed
extracts and what depends on them when files change; one run per plan, however many ticks."""

from dagster import (
    AssetKey,
    DagsterInstance,
    RunRequest,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
)

from orchestration.automation import PLAN_TAG
from orchestration.code_location import build_definitions
from orchestration.run_plan import record_planned_success
from orchestration.settings import Settings


def _tick(defs, name="new_landing_files"):
    with DagsterInstance.ephemeral() as instance:
        repository = defs.get_repository_def()
        if name == "daily_refresh":
            context = build_schedule_context(instance=instance, repository_def=repository)
            return defs.resolve_schedule_def(name).evaluate_tick(context).run_requests or None
        context = build_sensor_context(instance=instance, repository_def=repository)
        return defs.resolve_sensor_def(name)(context)


def test_ticks_run_what_is_new_and_nothing_else(isolated_paths):
    settings = Settings.load()
    defs = build_definitions(settings)
    for extract in ("sis/students", "hr/staff"):
        (settings.landing_dir / extract).mkdir(parents=True)
        (settings.landing_dir / extract / "2026.csv").write_text("id\n1\n")

    first = _tick(defs)
    assert isinstance(first, RunRequest)
    assert first.asset_selection is None  # no run has succeeded: everything
    assert first.tags[PLAN_TAG] == first.run_key
    assert _tick(defs).run_key == first.run_key  # a second tick: the same run, not another

    assert record_planned_success(settings, first.run_key)  # the run succeeded
    quiet = _tick(defs)
    assert isinstance(quiet, SkipReason) and "nothing new" in quiet.skip_message
    assert _tick(defs, "daily_refresh") is None  # the schedule skips too

    (settings.landing_dir / "sis" / "students" / "2026.csv").write_text("id\n1\n2\n")
    changed = _tick(defs)
    assert isinstance(changed, RunRequest)
    selected = set(changed.asset_selection)
    assert AssetKey(["sis", "students"]) in selected
    assert AssetKey(["staging", "stg_sis__students"]) in selected
    assert AssetKey(["marts", "dim_student"]) in selected
    assert AssetKey("principal_packets") in selected
    assert AssetKey(["hr", "staff"]) not in selected
    assert AssetKey(["staging", "stg_hr__staff"]) not in selected
    [scheduled] = _tick(defs, "daily_refresh")
    assert scheduled.run_key == changed.run_key


def test_sensor_skips_when_landing_folder_is_missing(isolated_paths):
    result = _tick(build_definitions(Settings.load()))
    assert isinstance(result, SkipReason)
    assert "does not exist" in result.skip_message
