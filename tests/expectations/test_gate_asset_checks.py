"""GIVEN the tiny district in a DuckDB warehouse, stand-ins for the dbt marts and a release asset
downstream of one of them
WHEN Dagster materializes them with the release gate's blocking checks
THEN a good warehouse releases; a critical defect stops the release with the failing
expectation in the check's metadata; a school defect passes the blocking check, warns on the
mart's warnings check and names the school; a run of one mart runs only that mart's checks."""

from dataclasses import fields

import duckdb
import pytest
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    asset,
    materialize,
    multi_asset,
)

from expectations.frames import RELEASE_TABLES
from orchestration.release_gate import build_release_gate_checks
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings
from tests.expectations.conftest import build_good_tables

MART_KEYS = {table: AssetKey(["marts", table]) for table in RELEASE_TABLES}


@multi_asset(specs=[AssetSpec(key) for key in MART_KEYS.values()], can_subset=True)
def marts(context: AssetExecutionContext):
    """Stands in for the dbt marts: the tables are already in the warehouse."""
    for key in context.selected_asset_keys:
        yield MaterializeResult(asset_key=key)


@asset(deps=[MART_KEYS["fct_early_warning"]])
def principal_packets() -> None:
    """Stands in for the release."""


def _resources(path, tables) -> dict:
    """The pipeline's resources (settings from the test's environment) on a warehouse of tables."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        for field in fields(tables):
            frame = getattr(tables, field.name)  # noqa: F841 (read by DuckDB by name)
            connection.execute(f"create table marts.{field.name} as select * from frame")
    return pipeline_resources(Settings.load(warehouse=path))


def _run(tmp_path, tables, selection=None):
    return materialize(
        [marts, principal_packets, build_release_gate_checks(MART_KEYS)],
        resources=_resources(tmp_path / "warehouse.duckdb", tables),
        selection=selection,
        raise_on_error=False,
    )


def _evaluations(result):
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.fixture(autouse=True)
def wide_freshness_window(monkeypatch):
    # The fixture's as-of date is fixed; the checks run on today's date.
    monkeypatch.setenv("K12_RELEASE_FRESHNESS_DAYS", "100000")


def _released(result) -> bool:
    return AssetKey("principal_packets") in {
        event.asset_key for event in result.get_asset_materialization_events()
    }


def test_a_good_warehouse_passes_every_check_and_releases(tmp_path, isolated_paths):
    result = _run(tmp_path, build_good_tables())
    evaluations = _evaluations(result)
    assert set(evaluations) == {
        f"{table}{suffix}"
        for table in RELEASE_TABLES
        for suffix in ("_is_publishable", "_has_no_release_warnings")
    }
    assert all(evaluation.passed for evaluation in evaluations.values())
    assert result.success and _released(result)
    report = evaluations["dim_school_is_publishable"].metadata["report"].value
    assert report.startswith(str(isolated_paths / "releases" / "validation_runs"))


def test_a_critical_defect_stops_the_release(tmp_path):
    tables = build_good_tables()
    attendance = tables.fct_student_attendance
    tables = tables.__class__(
        **{
            **{f.name: getattr(tables, f.name) for f in fields(tables)},
            "fct_student_attendance": attendance[attendance["reporting_level"] == "school"],
        }
    )
    result = _run(tmp_path, tables)
    evaluation = _evaluations(result)["fct_student_attendance_is_publishable"]
    assert not evaluation.passed and evaluation.severity.value == "ERROR"
    failing = evaluation.metadata["failing_expectations"].value
    assert [(f["name"], f["severity"]) for f in failing] == [
        ("fct_student_attendance_has_a_district_row_per_student", "critical")
    ]
    # Every mart's check fails with it, so no release reads a blocked warehouse.
    assert not _evaluations(result)["fct_early_warning_is_publishable"].passed
    assert not _released(result)


def test_a_school_defect_warns_names_the_school_and_releases(tmp_path):
    tables = build_good_tables()
    tables.fct_early_warning.loc[tables.fct_early_warning["student_id"] == "S6", "school_id"] = (
        "101"
    )
    result = _run(tmp_path, tables)
    evaluations = _evaluations(result)
    # The release goes out, so the blocking check passes; the warning is on its own check.
    assert evaluations["fct_early_warning_is_publishable"].passed
    evaluation = evaluations["fct_early_warning_has_no_release_warnings"]
    assert not evaluation.passed and evaluation.severity.value == "WARN"
    assert evaluation.metadata["school_ids_failing"].value == ["101"]
    assert "S6" not in str(evaluation.metadata)
    assert _released(result)


def test_one_mart_runs_only_its_own_gate_checks(tmp_path):
    result = _run(tmp_path, build_good_tables(), selection=[MART_KEYS["dim_school"]])

    assert result.success
    assert set(_evaluations(result)) == {
        "dim_school_is_publishable",
        "dim_school_has_no_release_warnings",
    }
    assert not _released(result)


def test_the_code_location_blocks_on_the_dbt_marts():
    from orchestration.code_location import build_definitions

    defs = build_definitions(Settings.load())

    gate = next(c for c in defs.asset_checks if c.node_def.name == "release_gate")
    assert {spec.asset_key for spec in gate.check_specs} == set(MART_KEYS.values())
    blocking = {spec.name for spec in gate.check_specs if spec.blocking}
    assert blocking == {f"{table}_is_publishable" for table in RELEASE_TABLES}
    dbt_keys = defs.resolve_asset_graph().get_all_asset_keys()
    assert set(MART_KEYS.values()) <= dbt_keys
