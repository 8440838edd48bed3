"""GIVEN the gate tests' tiny district in a DuckDB warehouse with a planted critical defect, and a
previous release
WHEN Dagster materializes principal_packets on its own (no check has run)
THEN the asset fails with a message naming the failing expectation, and the release folder is as
it was: no new release, `latest` unchanged.

The gate runs once per run: with the release_gate check in the run, the asset publishes from the
result the check saved (one validation in all); alone, it validates itself."""

import os
from dataclasses import replace

import pandas as pd
from dagster import AssetKey, materialize

from expectations.runner import MartVerdict, validate_release
from expectations.snapshot import school_metrics
from expectations.spec import GateSettings
from orchestration.code_location import build_definitions
from orchestration.release_gate import build_release_gate_checks, load_gate_result, save_gate_result
from orchestration.settings import Settings
from release.publish import latest_release, write_release
from tests.expectations.conftest import build_good_tables
from tests.expectations.test_gate_asset_checks import MART_KEYS, _resources, marts


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


class Calls:
    """Counts the gate's validations and keeps the gate each release was published from."""

    def __init__(self, monkeypatch):
        import expectations.runner
        import release.release_run

        self.validations, self.published_from = 0, []
        real_validate = expectations.runner.validate_release

        def validate(*args, **kwargs):
            self.validations += 1
            return real_validate(*args, **kwargs)

        def publish(con, release_dir, staging_dir, gate, snapshot, **kwargs):
            self.published_from.append((gate, snapshot))
            return release.release_run.PublishedRelease(
                "r", release_dir / "r", gate.release_year, str(gate.as_of_date), [], {}
            )

        monkeypatch.setattr(expectations.runner, "validate_release", validate)
        monkeypatch.setattr(release.release_run, "validate_release", validate)
        monkeypatch.setattr(release.release_run, "publish_release", publish)


def _packets_and_gate(monkeypatch, tmp_path, with_check: bool):
    monkeypatch.setenv("K12_RELEASE_FRESHNESS_DAYS", "100000")  # the fixture's as-of is fixed
    calls = Calls(monkeypatch)
    principal_packets = build_definitions(Settings.load()).get_assets_def(
        AssetKey("principal_packets")
    )
    assets = [principal_packets]
    if with_check:
        assets += [marts, build_release_gate_checks(MART_KEYS)]
    result = materialize(assets, resources=_resources(tmp_path / "w.duckdb", build_good_tables()))
    return result, calls


def test_in_a_run_with_the_check_the_asset_publishes_from_the_checks_result(
    tmp_path, isolated_paths, monkeypatch
):
    result, calls = _packets_and_gate(monkeypatch, tmp_path, with_check=True)
    assert result.success
    assert calls.validations == 1  # the check's; the asset validated nothing
    [(gate, snapshot)] = calls.published_from
    saved = load_gate_result(isolated_paths / "work" / "tmp" / "gate" / result.run_id)
    assert saved is not None
    assert gate == saved[0] and gate.passed
    pd.testing.assert_frame_equal(snapshot, saved[1])


def test_materialized_alone_the_asset_validates_itself(tmp_path, isolated_paths, monkeypatch):
    result, calls = _packets_and_gate(monkeypatch, tmp_path, with_check=False)
    assert result.success
    assert calls.validations == 1  # the asset's own
    assert not (isolated_paths / "work" / "tmp" / "gate" / result.run_id).exists()
    assert len(calls.published_from) == 1


def test_a_saved_gate_result_reads_back_equal(tmp_path):
    tables = build_good_tables()
    # a school failure (S6 on school 101's early-warning roster, enrolled elsewhere): school ids
    # and sample rows must come back as they were
    warning = tables.fct_early_warning
    warning.loc[warning["student_id"] == "S6", "school_id"] = "101"
    gate = validate_release(
        tables, GateSettings(freshness_days=100000, early_warning_lowest_grade=6)
    )
    assert list(gate.withheld_schools) == ["101"]  # the planted defect is in the result
    # and a mart this run's dbt tests withheld
    gate = replace(
        gate, marts={"fct_school_spending": MartVerdict(False, "withheld: checks failed; x")}
    )
    metrics = school_metrics(tables)

    save_gate_result(tmp_path / "run", gate, metrics)
    loaded_gate, loaded_metrics = load_gate_result(tmp_path / "run")

    assert loaded_gate == gate
    assert loaded_gate.withheld_schools == gate.withheld_schools
    assert loaded_gate.withheld_marts == {"fct_school_spending": "withheld: checks failed; x"}
    pd.testing.assert_frame_equal(loaded_metrics, metrics)
    assert load_gate_result(tmp_path / "another run") is None
