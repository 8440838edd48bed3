"""GIVEN the built graduation-track warehouse, with two required columns of int_student_years
emptied in a known number of rows
WHEN `dbt test` runs that model's data tests
THEN its one `columns_not_null` test fails once per emptied column, and the failures it stores say
which column is null in how many rows (never a value), for the run summary to print; the same test
passes on the untouched warehouse."""

import shutil

import duckdb
import pytest

from orchestration.dbt_test_messages import stored_test_messages

TEST = "int_student_years__required_columns_are_filled"


def _run_model_tests(dbt, warehouse):
    result = dbt(warehouse, "test", "--select", "int_student_years", "--exclude", "test_type:unit")
    return {run.node.name: (str(run.status), run.failures) for run in result.result.results}


@pytest.fixture
def copy_of_warehouse(graduation_track_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(graduation_track_warehouse, warehouse)
    return warehouse


def test_the_untouched_model_has_every_required_column_filled(dbt, copy_of_warehouse):
    assert _run_model_tests(dbt, copy_of_warehouse)[TEST] == ("pass", 0)


def test_each_emptied_column_is_named_with_its_count(dbt, copy_of_warehouse):
    with duckdb.connect(str(copy_of_warehouse)) as connection:
        [(students,)] = connection.execute(
            "select count(*) from intermediate.int_student_years"
        ).fetchall()
        assert students >= 3
        # school_id emptied in 2 rows, grade_level in 1 (another row), student_id untouched
        connection.execute(
            "update intermediate.int_student_years set school_id = null where rowid in (0, 1)"
        )
        connection.execute(
            "update intermediate.int_student_years set grade_level = null where rowid = 2"
        )

    outcomes = _run_model_tests(dbt, copy_of_warehouse)

    assert outcomes[TEST] == ("fail", 2)
    assert {name for name, (status, _) in outcomes.items() if status != "pass"} == {TEST}
    assert stored_test_messages(copy_of_warehouse, [TEST]) == (
        f"{TEST}: grade_level is null in 1 row(s)",
        f"{TEST}: school_id is null in 2 row(s)",
    )
