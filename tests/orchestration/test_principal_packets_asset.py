"""GIVEN the gate tests' tiny district in a DuckDB warehouse with a planted critical defect, and a
previous release
WHEN Dagster materializes principal_packets on its own (no check has run)
THEN the asset fails with a message naming the failing expectation, and the release folder is as
it was: no new release, `latest` unchanged."""

import os
from dataclasses import replace

from dagster import AssetKey, materialize

from orchestration.code_location import build_definitions
from orchestration.settings import Settings
from release.publish import latest_release, write_release
from tests.expectations.conftest import build_good_tables
from tests.expectations.test_gate_asset_checks import _resources


def test_a_critical_defect_fails_the_asset_and_publishes_nothing(tmp_path, isolated_paths):
    releases = isolated_paths / "releases"
    with write_release(releases, "previous", tmp_path / "staging") as folder:
        (folder / "manifest.json").write_text("{}\n")
    tables = build_good_tables()
    attendance = tables.fct_student_attendance
    tables = replace(
        tables, fct_student_attendance=attendance[attendance["reporting_level"] == "school"]
    )

    principal_packets = build_definitions(Settings.load()).get_assets_def(
        AssetKey("principal_packets")
    )
    result = materialize(
        [principal_packets],
        resources=_resources(tmp_path / "warehouse.duckdb", tables),
        raise_on_error=False,
    )

    assert not result.success
    [failure] = [event for event in result.all_events if event.is_step_failure]
    message = str(failure.step_failure_data.user_failure_data.description)
    assert "release blocked by 1 critical expectation(s)" in message
    assert "fct_student_attendance_has_a_district_row_per_student" in message
    assert sorted(os.listdir(releases)) == ["latest", "previous"]
    assert latest_release(releases) == "previous"
