"""Every test runs against temporary paths, never the developer's `data/` folder."""

import pytest


@pytest.fixture(scope="session")
def shared_dbt_target_dir(tmp_path_factory):
    """One dbt target folder for the whole session: the project is parsed once (about 30 s), not
    in every test that builds the definitions. Tests of the target folder set their own."""
    return tmp_path_factory.getbasetemp() / "dbt-target"


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path_factory, monkeypatch, shared_dbt_target_dir):
    root = tmp_path_factory.mktemp("k12")
    for variable, name in [
        ("K12_LANDING_DIR", "landing"),
        ("K12_WAREHOUSE", "warehouse.duckdb"),
        ("K12_ARCHIVE_DIR", "archive"),
        ("K12_RELEASE_DIR", "releases"),
        ("K12_DAGSTER_STORAGE", "dagster"),
        ("K12_DAGSTER_COMPUTE_LOGS", "dagster_logs"),
        ("K12_WORK_DIR", "work"),
        ("K12_LOG_DIR", "logs"),
        ("K12_ANALYST_DB", "analytics.duckdb"),
        ("K12_EXPORT_DIR", "exports"),
    ]:
        monkeypatch.setenv(variable, str(root / name))
    monkeypatch.setenv("K12_DBT_TARGET_DIR", str(shared_dbt_target_dir))
    return root


# What makes a test slow, in one place: `pytest -m "not slow"` leaves these out for a quick local
# loop; `make test` (plain pytest) runs everything. A test is slow when it needs dbt (the `dbt`
# fixture of tests/dbt, behind every built warehouse there), runs the whole asset graph
# (e2e), or drives a browser or the Dagster UI; modules may also mark themselves.
SLOW_FIXTURES = frozenset({"dbt"})
SLOW_MODULES = frozenset(
    {
        "test_end_to_end",
        "test_ui_browser",
        "test_packet_browser",
        "test_dashboard_browser",
        "test_bench",
        "test_finance_state_chart_example",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.path.stem
        if (
            SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
            or module in SLOW_MODULES
            or item.get_closest_marker("e2e")
        ):
            item.add_marker(pytest.mark.slow)
