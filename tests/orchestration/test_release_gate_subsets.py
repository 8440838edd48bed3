"""GIVEN the k12 code location, whose release gate checks seven marts in one Great Expectations run
WHEN the UI asks for a run of part of the graph (one gated mart, a raw extract, the release alone,
a mart with only some of its checks)
THEN Dagster builds that run, with exactly the gate checks of the selected marts: no
DagsterInvalidSubsetError. Building the run's job needs no warehouse and no dbt run."""

import pytest
from dagster import AssetCheckKey, AssetKey

from expectations.frames import RELEASE_TABLES
from orchestration.code_location import build_definitions
from orchestration.release_gate import PUBLISHABLE_CHECK_SUFFIX, RELEASE_WARNINGS_CHECK_SUFFIX
from orchestration.settings import Settings

DIM_SCHOOL = AssetKey(["marts", "dim_school"])
EARLY_WARNING = AssetKey(["marts", "fct_early_warning"])
STUDENTS_EXTRACT = AssetKey(["sis", "students"])
PACKETS = AssetKey("principal_packets")
# Every folder the settings name, in the test's temporary folder (tests/conftest.py's list).
PATH_VARIABLES = ["K12_LANDING_DIR", "K12_WAREHOUSE", "K12_ARCHIVE_DIR", "K12_RELEASE_DIR"]
PATH_VARIABLES += ["K12_WORK_DIR", "K12_LOG_DIR", "K12_DAGSTER_STORAGE", "K12_EXPORT_DIR"]
PATH_VARIABLES += ["K12_DAGSTER_COMPUTE_LOGS", "K12_ANALYST_DB"]


def _gate_checks(asset_key: AssetKey) -> set[AssetCheckKey]:
    table = asset_key.path[-1]
    return {
        AssetCheckKey(asset_key, f"{table}{PUBLISHABLE_CHECK_SUFFIX}"),
        AssetCheckKey(asset_key, f"{table}{RELEASE_WARNINGS_CHECK_SUFFIX}"),
    }


@pytest.fixture(scope="module")
def defs(tmp_path_factory, shared_dbt_target_dir):
    # Built once: a code location in a fresh folder parses the dbt project (seconds).
    root = tmp_path_factory.mktemp("k12_subsets")
    env = {name: str(root / name) for name in PATH_VARIABLES}
    # The session's dbt target folder (tests/conftest.py): the project is parsed once.
    env["K12_DBT_TARGET_DIR"] = str(shared_dbt_target_dir)
    return build_definitions(Settings.load(env=env))


def _every_check_of(defs, asset_keys: set[AssetKey]) -> set[AssetCheckKey]:
    """What the UI's Materialize button selects: the assets and all of their checks."""
    graph = defs.resolve_asset_graph()
    return {key for key in graph.asset_check_keys if key.asset_key in asset_keys}


def _subset(defs, assets: set[AssetKey], checks: set[AssetCheckKey]):
    job = defs.resolve_implicit_global_asset_job_def()
    return job.get_subset(asset_selection=assets, asset_check_selection=checks)


def _gate_checks_in(job) -> set[AssetCheckKey]:
    selected = job.asset_layer.asset_graph.asset_check_keys
    names = (PUBLISHABLE_CHECK_SUFFIX, RELEASE_WARNINGS_CHECK_SUFFIX)
    return {key for key in selected if key.name.endswith(names)}


@pytest.mark.parametrize(
    ("assets", "expected_gate_checks"),
    [
        ({DIM_SCHOOL}, _gate_checks(DIM_SCHOOL)),
        ({DIM_SCHOOL, EARLY_WARNING}, _gate_checks(DIM_SCHOOL) | _gate_checks(EARLY_WARNING)),
        ({STUDENTS_EXTRACT}, set()),
        ({PACKETS}, set()),
    ],
    ids=["one gated mart", "two gated marts", "one raw extract", "principal_packets alone"],
)
def test_the_ui_can_materialize_part_of_the_graph(defs, assets, expected_gate_checks):
    job = _subset(defs, assets, _every_check_of(defs, assets))

    assert _gate_checks_in(job) == expected_gate_checks
    assert job.asset_layer.selected_asset_keys == assets


def test_a_mart_with_only_its_blocking_check(defs):
    blocking = AssetCheckKey(DIM_SCHOOL, f"dim_school{PUBLISHABLE_CHECK_SUFFIX}")

    job = _subset(defs, {DIM_SCHOOL}, {blocking})

    assert _gate_checks_in(job) == {blocking}


def test_every_gate_check_at_once_still_builds(defs):
    marts = {AssetKey(["marts", table]) for table in RELEASE_TABLES}

    job = _subset(defs, marts, _every_check_of(defs, marts))

    assert _gate_checks_in(job) == set().union(*(_gate_checks(key) for key in marts))
