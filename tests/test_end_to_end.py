"""GIVEN a small generated district with planted defects
WHEN the whole asset graph runs, then runs again, then a corrected snapshot arrives
THEN every row is loaded or quarantined, counts match what the generator wrote, and re-runs are
idempotent."""

import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from demo_district import generate_district
from orchestration.run_pipeline import run_everything

pytestmark = pytest.mark.e2e

DBT_PROJECT = Path(__file__).parents[1] / "dbt_project"
GRADUATION_TRACK_MARTS = [
    "fct_student_attendance",
    "fct_student_course_performance",
    "fct_student_on_track",
    "fct_freshman_on_track",
    "fct_early_warning",
    "fct_cohort_graduation",
    "fct_on_track_summary",
]


def _run():
    with DagsterInstance.ephemeral() as instance:
        return run_everything(instance)


def _table_counts(warehouse: Path) -> dict[tuple[str, str, int], int]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    counts = {}
    for schema, table in connection.execute(
        "select schema_name, table_name from duckdb_tables() where schema_name like 'raw_%' "
        "and schema_name not in ('raw_quarantine', 'raw_meta')"
    ).fetchall():
        for year, rows in connection.execute(
            f"select _school_year, count(*) from {schema}.{table} group by all"
        ).fetchall():
            counts[(schema.removeprefix("raw_"), table, year)] = rows
    connection.close()
    return counts


def _quarantined(warehouse: Path) -> dict[str, int]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    rows = connection.execute(
        "select system || '/' || extract, count(*) from raw_quarantine.rejected_rows group by all"
    ).fetchall()
    connection.close()
    return dict(rows)


def _rows_in_mart(warehouse: Path, mart: str) -> int:
    connection = duckdb.connect(str(warehouse), read_only=True)
    rows = connection.execute(f"select count(*) from marts.{mart}").fetchone()[0]
    connection.close()
    return rows


def test_whole_graph_on_a_small_messy_district(isolated_paths):
    landing = isolated_paths / "landing"
    warehouse = isolated_paths / "warehouse.duckdb"
    generated = generate_district(landing, students=600, years=2, seed=7, messy=True)

    first = _run()

    assert first.succeeded, first.failures
    assert first.files_loaded == len(generated.files)
    assert first.rows_rejected == sum(generated.planted_rejects.values())
    assert _quarantined(warehouse) == generated.planted_rejects
    counts = _table_counts(warehouse)
    for relative_path, rows_written in generated.files.items():
        system, extract, year_file = Path(relative_path).parts
        key = (system, extract, int(Path(year_file).stem))
        rejected_here = generated.planted_rejects_by_file.get(relative_path, 0)
        assert counts.get(key, 0) + rejected_here == rows_written, relative_path
    assert first.rows_loaded == sum(counts.values())
    assert first.dbt_models == len(list((DBT_PROJECT / "models").rglob("*.sql")))
    assert first.dbt_seeds == len(list((DBT_PROJECT / "seeds").rglob("*.csv")))
    assert all(_rows_in_mart(warehouse, mart) > 0 for mart in GRADUATION_TRACK_MARTS)
    assert first.dbt_tests["failed"] == 0
    assert first.dbt_tests["passed"] > 100
    assert first.quarantine_checks["warned"] == len(generated.planted_rejects)
    assert first.quarantine_checks["passed"] == 17 - len(generated.planted_rejects)

    second = _run()

    assert second.succeeded
    assert second.rows_loaded == 0
    assert second.files_unchanged == len(generated.files)
    assert _table_counts(warehouse) == counts

    late = generated.late_arrivals[0]
    system, extract, year_file = late.parts[-3:]
    shutil.copyfile(late, landing / system / extract / year_file)
    corrected_rows = sum(1 for _ in late.open(encoding="utf-8")) - 1

    third = _run()

    assert third.succeeded
    assert third.files_loaded == 1
    assert third.files_unchanged == len(generated.files) - 1
    after = _table_counts(warehouse)
    assert after[(system, extract, int(Path(year_file).stem))] == corrected_rows
    unchanged = {key: rows for key, rows in counts.items() if key[:2] != (system, extract)}
    assert {key: rows for key, rows in after.items() if key[:2] != (system, extract)} == unchanged
