"""Every test runs against temporary paths, never the developer's `data/` folder."""

import pytest


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path_factory, monkeypatch):
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
    # One dbt target folder for the whole session: the project is parsed once (about 30 s), not
    # in every test that builds the definitions. Tests of the target folder set their own.
    monkeypatch.setenv("K12_DBT_TARGET_DIR", str(tmp_path_factory.getbasetemp() / "dbt-target"))
    return root
