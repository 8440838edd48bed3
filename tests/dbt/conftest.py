"""Shared fixtures for the dbt project's tests: a raw warehouse built from `fixtures/raw`, and dbt
invoked in process (one Python start-up for all invocations keeps the suite fast)."""

import os
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner, dbtRunnerResult

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path; the fixture
# builder is also a command-line script, so it stays a plain module next to the tests.
sys.path.insert(0, str(Path(__file__).parent))
from dbt_run_results import failed_nodes  # noqa: E402
from fixtures.equity.district import write_landing as write_equity_landing  # noqa: E402
from raw_fixture_warehouse import build_raw_warehouse  # noqa: E402

from ingestion.load import load_all  # noqa: E402

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"
GRADUATION_TRACK_FIXTURE = Path(__file__).parent / "fixtures" / "graduation_track"


class Dbt:
    """Runs dbt commands against a given warehouse file, with target and logs kept in `work`."""

    def __init__(self, work: Path):
        self.work = work

    def __call__(self, warehouse: Path, *args: str) -> dbtRunnerResult:
        previous = os.environ.get("K12_WAREHOUSE")
        os.environ["K12_WAREHOUSE"] = str(warehouse)
        os.environ["DO_NOT_TRACK"] = "1"  # no anonymous usage events: the build has no internet
        try:
            return dbtRunner().invoke(
                [
                    *args,
                    "--project-dir",
                    str(PROJECT_DIR),
                    "--profiles-dir",
                    str(PROJECT_DIR),
                    "--target-path",
                    str(self.work / "target"),
                    "--log-path",
                    str(self.work / "logs"),
                ]
            )
        finally:
            close_dbt_duckdb_connection()
            if previous is None:
                os.environ.pop("K12_WAREHOUSE", None)
            else:
                os.environ["K12_WAREHOUSE"] = previous


def close_dbt_duckdb_connection() -> None:
    """dbt-duckdb keeps its DuckDB instance open in the process after an invocation; close it so the
    test can open the file itself (read-only, or copied) and the next invocation starts clean."""
    if DuckDBConnectionManager._ENV is not None:
        DuckDBConnectionManager._ENV.close()
    DuckDBConnectionManager.close_all_connections()


@pytest.fixture(scope="session")
def dbt(tmp_path_factory) -> Dbt:
    return Dbt(tmp_path_factory.mktemp("dbt"))


@pytest.fixture(scope="session")
def built_warehouse(dbt, tmp_path_factory) -> tuple[Path, dbtRunnerResult]:
    """The fixture district's raw tables, after `dbt build` (seeds, staging views, data tests)."""
    warehouse = tmp_path_factory.mktemp("built") / "warehouse.duckdb"
    build_raw_warehouse(warehouse)
    return warehouse, dbt(warehouse, "build")


@pytest.fixture(scope="module")
def copy_of_built_warehouse(built_warehouse, tmp_path_factory) -> Path:
    """A private copy of the built warehouse, for a test module that plants defects in it."""
    copy = tmp_path_factory.mktemp("copy") / "warehouse.duckdb"
    shutil.copy(built_warehouse[0], copy)
    return copy


@pytest.fixture(scope="session")
def graduation_track_warehouse(dbt, tmp_path_factory) -> Path:
    """The graduation-track fixture district, loaded by ingestion, after `dbt build` succeeded."""
    work = tmp_path_factory.mktemp("graduation_track")
    warehouse = work / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    load_all(connection, GRADUATION_TRACK_FIXTURE, work / "archive")
    connection.close()
    result = dbt(warehouse, "build")
    assert result.success, failed_nodes(result)
    return warehouse


@pytest.fixture(scope="session")
def equity_warehouse(dbt, tmp_path_factory) -> Path:
    """The equity fixture district (fixtures/equity), loaded by ingestion, after `dbt build`
    succeeded."""
    work = tmp_path_factory.mktemp("equity")
    write_equity_landing(work / "landing")
    warehouse = work / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    load_all(connection, work / "landing", work / "archive")
    connection.close()
    result = dbt(warehouse, "build")
    assert result.success, failed_nodes(result)
    return warehouse
