"""`make test-spark`: the fixture districts (graduation track and equity, from tests/dbt) built on
local Spark give every mart and restricted table DuckDB gives, row for row (issue 16).

GIVEN a district loaded by ingestion into DuckDB and built there by dbt,
WHEN its raw tables go to Parquet (`k12 export-raw`) and dbt builds the same project on Spark,
THEN each table has the same columns and the same rows. Numbers compare within ABSOLUTE_TOLERANCE
or RELATIVE_TOLERANCE; everything else compares exactly. DuckDB divides two decimals in double;
Spark divides them in decimal, its result rounded to 6 decimal places (its minimum scale for a
division), so an unrounded share such as 2/3 is 0.6666666666666666 on one and 0.666667 on the
other. A flag or tier decided on such a share would still differ exactly, and fail.
"""

import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "dbt"))
from fixtures.equity.district import write_landing as write_equity_landing  # noqa: E402

from ingestion.load import load_all  # noqa: E402
from orchestration.export_raw import export_raw_parquet  # noqa: E402

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"
GRADUATION_TRACK_LANDING = Path(__file__).parents[1] / "dbt" / "fixtures" / "graduation_track"
SPARK_BUILD = Path(__file__).parent / "spark_build.py"
DBT = Path(sys.executable).with_name("dbt")
COMPARED_SCHEMAS = ("marts", "restricted")
# Half a unit in Spark's sixth decimal place of a quotient, with room for the double's own digits.
ABSOLUTE_TOLERANCE = 1e-6
# Sums and products of doubles, added up in another order by each engine.
RELATIVE_TOLERANCE = 1e-9


def values_match(expected, actual) -> bool:
    """Equal, or both numbers within the tolerances (a Decimal and a float may meet)."""
    numbers = (int, float, Decimal)
    if isinstance(expected, numbers) and isinstance(actual, numbers):
        if isinstance(expected, bool) or isinstance(actual, bool):
            return expected is actual
        return math.isclose(
            float(expected), float(actual), rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE
        )
    return expected == actual


def table_differences(name: str, expected: list[tuple], actual: list[tuple]) -> list[str]:
    """What differs between two tables' rows, both sorted the same way; empty when they match."""
    if len(expected) != len(actual):
        return [f"{name}: {len(expected)} rows on DuckDB, {len(actual)} on Spark"]
    return [
        f"{name} row {number}: DuckDB {expected_row} but Spark {actual_row}"
        for number, (expected_row, actual_row) in enumerate(
            zip(expected, actual, strict=True), start=1
        )
        if len(expected_row) != len(actual_row)
        or not all(map(values_match, expected_row, actual_row))
    ]


def _dbt_env(**variables: Path) -> dict[str, str]:
    return {**os.environ, "DO_NOT_TRACK": "1", **{k: str(v) for k, v in variables.items()}}


def _build_district(landing: Path, work: Path) -> tuple[Path, Path]:
    """(DuckDB warehouse, Spark table folder) of one district built on both engines."""
    warehouse = work / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    load_all(connection, landing, work / "archive")
    connection.close()
    subprocess.run(
        [DBT, "build", "--resource-type", "seed", "--resource-type", "model"]
        + ["--project-dir", PROJECT_DIR, "--profiles-dir", PROJECT_DIR]
        + ["--target-path", work / "duckdb_target", "--log-path", work / "duckdb_logs"],
        env=_dbt_env(K12_WAREHOUSE=warehouse),
        check=True,
        capture_output=True,
    )
    export_raw_parquet(warehouse, work / "raw")
    spark = subprocess.run(
        [sys.executable, SPARK_BUILD, work / "spark"],
        env=_dbt_env(K12_SPARK_RAW_DIR=work / "raw", K12_SPARK_WAREHOUSE_DIR=work / "spark"),
        cwd=work,  # Spark's derby.log and scratch files stay in the test's folder
        capture_output=True,
        text=True,
    )
    log = (work / "spark" / "logs" / "dbt.log").read_text() if spark.returncode else ""
    assert spark.returncode == 0, "dbt on Spark failed:\n" + log[-20_000:]
    return warehouse, work / "spark" / "tables"


def _compare(warehouse: Path, spark_tables: Path) -> tuple[list[str], list[str]]:
    """(tables compared, differences) over every table in COMPARED_SCHEMAS."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    tables = connection.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema in ? and table_type = 'BASE TABLE' order by all",
        [list(COMPARED_SCHEMAS)],
    ).fetchall()
    compared, differences = [], []
    for schema, table in tables:
        name = f"{schema}.{table}"
        folder = spark_tables / f"{schema}.db" / table
        if not folder.is_dir():
            differences.append(f"{name}: not built on Spark")
            continue
        columns = [row[0] for row in connection.execute(f"describe {name}").fetchall()]
        spark_columns = [
            row[0]
            for row in connection.execute(
                f"describe select * from read_parquet('{folder}/*.parquet')"
            ).fetchall()
        ]
        if sorted(columns) != sorted(spark_columns):
            differences.append(f"{name}: columns {columns} on DuckDB, {spark_columns} on Spark")
            continue
        # Sorted on every column, doubles rounded for the sort only, so a last-digit
        # difference cannot reorder rows.
        selected = ", ".join(f'"{column}"' for column in columns)
        order = ", ".join(
            f'round(try_cast("{column}" as double), 6), cast("{column}" as varchar)'
            for column in columns
        )
        expected = connection.execute(f"select {selected} from {name} order by {order}").fetchall()
        actual = connection.execute(
            f"select {selected} from read_parquet('{folder}/*.parquet') order by {order}"
        ).fetchall()
        compared.append(name)
        differences.extend(table_differences(name, expected, actual))
    connection.close()
    return compared, differences


@pytest.fixture(scope="module", params=["graduation_track", "equity"])
def district(request, tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp(request.param)
    landing = GRADUATION_TRACK_LANDING
    if request.param == "equity":
        landing = work / "landing"
        write_equity_landing(landing)
    return _build_district(landing, work)


def test_every_mart_built_on_spark_matches_duckdb_row_for_row(district):
    compared, differences = _compare(*district)
    assert not differences, "\n".join(differences[:50])
    assert len(compared) >= 20, compared  # the marts are there, not an empty schema


def test_rows_that_match_within_the_tolerance_pass():
    expected = [("a", 1, Decimal("0.10"), 0.3, 2 / 3, 1e12 / 3, None, True)]
    # 0.1 + 0.2 is 0.30000000000000004; Spark's 2/3 has six places
    actual = [("a", 1, 0.1, 0.1 + 0.2, Decimal("0.666667"), 1e12 / 3 + 1e-4, None, True)]
    assert table_differences("t", expected, actual) == []


@pytest.mark.parametrize(
    ("actual", "difference"),
    [
        ([("a", 1, 0.5)], "t: 2 rows on DuckDB, 1 on Spark"),
        (
            [("a", 1, 0.500002), ("b", 2, 0.25)],
            "t row 1: DuckDB ('a', 1, 0.5) but Spark ('a', 1, 0.500002)",
        ),
        ([("a", 2, 0.5), ("b", 2, 0.25)], "t row 1: DuckDB ('a', 1, 0.5) but Spark ('a', 2, 0.5)"),
        (
            [("a", 1, None), ("b", 2, 0.25)],
            "t row 1: DuckDB ('a', 1, 0.5) but Spark ('a', 1, None)",
        ),
        (
            [("a", 1, 0.5), ("b", 2, 0.25, "x")],
            "t row 2: DuckDB ('b', 2, 0.25) but Spark ('b', 2, 0.25, 'x')",
        ),
        (
            [("a", True, 0.5), ("b", 2, 0.25)],
            "t row 1: DuckDB ('a', 1, 0.5) but Spark ('a', True, 0.5)",
        ),
    ],
)
def test_a_differing_row_count_value_or_width_fails(actual, difference):
    expected = [("a", 1, 0.5), ("b", 2, 0.25)]
    assert table_differences("t", expected, actual) == [difference]
