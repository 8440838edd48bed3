"""GIVEN the code location WHEN Dagster loads it
THEN the graph runs from landing files to staging models."""

import pytest
from dagster import AssetKey, Definitions

from ingestion import load_contract
from orchestration.code_location import build_definitions
from orchestration.settings import Settings


@pytest.fixture
def defs():
    # Built inside the test, so the settings come from the test's own paths (tests/conftest.py).
    return build_definitions(Settings.load())


def test_code_location_loads(defs):
    Definitions.validate_loadable(defs)


def test_one_raw_asset_per_extract_keyed_like_the_dbt_source(defs):
    extracts = list(load_contract().extracts.values())
    assert len(extracts) == 17
    graph = defs.resolve_asset_graph()
    for extract in extracts:
        key = AssetKey([extract.system, extract.name])
        assert graph.has(key), key
        staging = AssetKey(["staging", f"stg_{extract.system}__{extract.name}"])
        # The staging model's parent is the raw asset itself: lineage with no translator.
        assert key in graph.get(staging).parent_keys, staging


def test_assets_are_grouped_by_warehouse_schema(defs):
    graph = defs.resolve_asset_graph()
    assert graph.get(AssetKey(["sis", "students"])).group_name == "raw_sis"
    assert graph.get(AssetKey(["staging", "stg_sis__students"])).group_name == "staging"
    assert graph.get(AssetKey(["seeds", "xwalk_sex"])).group_name == "seeds"


def test_each_extract_has_a_quarantine_check(defs):
    check_keys = defs.resolve_asset_graph().asset_check_keys
    names = {key.name for key in check_keys}
    assert "students_has_no_quarantined_rows" in names
    assert "gl_actuals_has_no_quarantined_rows" in names


def test_a_models_dbt_tests_are_one_asset_check_on_it(defs):
    check_keys = defs.resolve_asset_graph().asset_check_keys
    on_dim_student = {key.name for key in check_keys if key.asset_key.path[-1] == "dim_student"}
    assert "dim_student_passes_its_dbt_tests" in on_dim_student
    # not one check per dbt test: no check is named after a test
    assert not [key for key in check_keys if key.name.startswith(("not_null_", "unique_"))]
    dbt_checks = [key for key in check_keys if key.name.endswith("_passes_its_dbt_tests")]
    assert 50 < len(dbt_checks) < 200


def test_schedule_and_sensor_target_the_whole_graph(defs):
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert schedule.cron_schedule == "0 5 * * *"
    assert schedule.job_name == "materialize_everything"
    assert defs.resolve_sensor_def("new_landing_files").job_name == "materialize_everything"


def test_principal_packets_follows_every_mart_the_release_gate_blocks_on(defs):
    graph = defs.resolve_asset_graph()
    parents = graph.get(AssetKey("principal_packets")).parent_keys
    gate = next(c for c in defs.asset_checks if c.node_def.name == "release_gate")
    gated = {spec.asset_key for spec in gate.check_specs}
    assert len(gated) == 7 and gated <= parents
    # The rosters come from the restricted roster models, outside marts: the packet waits for them.
    assert AssetKey(["restricted", "rpt_principal_roster_off_track"]) in parents
    assert AssetKey(["staging", "stg_sis__course_marks"]) not in parents  # release reads no staging
    assert graph.get(AssetKey("principal_packets")).group_name == "release"


def test_an_import_source_adds_its_import_asset(tmp_path, monkeypatch):
    monkeypatch.setenv("K12_IMPORT_SOURCE", str(tmp_path / "oneroster"))
    monkeypatch.setenv("K12_IMPORT_KIND", "oneroster")
    monkeypatch.setenv("K12_IMPORT_SCHOOL_YEAR", "2026")
    graph = build_definitions(Settings.load()).resolve_asset_graph()
    assert graph.has(AssetKey(["imports", "oneroster"]))


def test_an_import_source_without_its_kind_and_year_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("K12_IMPORT_SOURCE", str(tmp_path / "edfi"))
    with pytest.raises(ValueError, match="K12_IMPORT_KIND .* and K12_IMPORT_SCHOOL_YEAR"):
        Settings.load()
