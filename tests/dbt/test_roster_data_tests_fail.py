"""GIVEN the built graduation-track warehouse with one defect planted in each roster relation
WHEN `dbt test` runs the roster models' and the reason labels' data tests
THEN exactly the tests that guard against those defects fail, and no others."""

import shutil

import duckdb
import pytest

DEFECTS = [
    # a reason the seed has no label for (F03's only reason)
    "update intermediate.int_student_roster_reasons set reason_key = 'unlabelled_reason' "
    "where student_id = 'F03' and school_year = 2025",
    # two reasons with one label
    "insert into seeds.roster_reason_labels "
    "values ('total_credits_short_again', 'Short of total credits', 'A second row.')",
    # the same student twice in a year
    "insert into restricted.principal_roster_students select * "
    "from restricted.principal_roster_students where student_id = 'F01' and school_year = 2025",
    # two students in one place of a school's list (F02 is first)
    "update restricted.rpt_principal_roster_off_track set roster_rank = 1 "
    "where student_id = 'F01' and school_year = 2025",
    # a student on the list with no reason to be there
    "update restricted.rpt_principal_roster_off_track set reason_count = 0 "
    "where student_id = 'A03' and school_year = 2025",
    # a chronically absent student without an attendance rate
    "update restricted.rpt_principal_roster_chronic_absence set attendance_rate = null "
    "where student_id = 'F02' and school_year = 2025",
]


@pytest.fixture(scope="module")
def failed_tests(dbt, graduation_track_warehouse, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("roster_defects") / "warehouse.duckdb"
    shutil.copy(graduation_track_warehouse, warehouse)
    connection = duckdb.connect(str(warehouse))
    for statement in DEFECTS:
        assert connection.execute(statement).fetchone()[0] == 1, statement
    connection.close()

    result = dbt(
        warehouse,
        "test",
        "--select",
        "restricted",
        "int_student_roster_reasons",
        "roster_reason_labels",
        "--exclude",
        "test_type:unit",
    )

    assert not result.success
    outcomes = {}
    for run in result.result.results:
        if str(run.status) != "pass":
            outcomes.setdefault(str(run.status), set()).add(run.node.name)
    return outcomes


def test_each_planted_defect_fails_the_tests_that_guard_against_it(failed_tests):
    assert failed_tests == {
        "fail": {
            "relationships_int_student_roster_reasons_reason_key__reason_key__ref_roster_reason_labels_",
            "unique_roster_reason_labels_label",
            "principal_roster_students__one_row_per_student_and_year",
            "rpt_principal_roster_off_track__one_rank_per_place_in_a_school",
            "rpt_principal_roster_off_track__every_student_has_a_reason_to_be_listed",
            "rpt_principal_roster_chronic_absence__required_columns_are_filled",
        }
    }
