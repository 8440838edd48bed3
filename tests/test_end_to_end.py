"""GIVEN a small generated district with planted defects
WHEN the whole asset graph runs, then runs again, then a corrected snapshot arrives
THEN every row is loaded or quarantined, counts match what the generator wrote, and re-runs are
idempotent."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from demo_district import generate_district
from expectations.frames import RELEASE_TABLES
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


def _open_schools(warehouse: Path, school_year: int) -> list[str]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    rows = connection.execute(
        "select school_id from marts.dim_school where school_status = 'open' "
        "and ? between first_school_year and last_school_year order by 1",
        [school_year],
    ).fetchall()
    connection.close()
    return [school_id for (school_id,) in rows]


def _packet_folders(release: Path) -> list[str]:
    return sorted(p.name for p in release.iterdir() if (p / "packet.html").is_file())


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
    # The release gate's checks (one per mart) are counted apart from the dbt tests.
    assert sum(first.release_gate_checks.values()) == len(RELEASE_TABLES)
    assert first.release_gate_checks["failed"] == 0
    assert first.quarantine_checks["warned"] == len(generated.planted_rejects)
    assert first.quarantine_checks["passed"] == 17 - len(generated.planted_rejects)
    release = isolated_paths / "releases" / "latest"
    manifest = json.loads((release / "manifest.json").read_text())
    open_schools = _open_schools(warehouse, manifest["school_year"])
    assert len(open_schools) > 1
    assert _packet_folders(release) == manifest["schools_released"] == open_schools
    assert manifest["schools_withheld"] == [] and manifest["validation"]["passed"]
    assert first.release["schools_released"] == len(open_schools)

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
