"""GIVEN the built fixture warehouse (fixtures/raw) with one defect planted in each of the marts
whose school rows add up to district rows (assessments, course access, the school profile), and
a test result from a student the SIS never enrolled
WHEN `dbt test` runs those marts' data tests
THEN exactly the tests that guard against those defects fail (or warn), and no others."""

import duckdb
import pytest
from dbt_run_results import failed_nodes

SCHOOL_ALL_STUDENTS = (
    "reporting_level = 'school' and school_id = '0305' and subgroup = 'all_students'"
)
DEFECTS = [
    # a school row counting one student more than the district row holds
    "update marts.fct_assessment_proficiency set students_enrolled = students_enrolled + 1 "
    f"where {SCHOOL_ALL_STUDENTS} and grade_level = 'all' and assessment_subject = 'ela'",
    "update marts.fct_course_access set students = students + 1 "
    f"where {SCHOOL_ALL_STUDENTS} and school_year = 2025",
    "update marts.fct_school_profile set census_enrollment = census_enrollment + 1 "
    "where reporting_level = 'school' and school_id = '0305' and school_year = 2025",
]


@pytest.fixture(scope="module")
def failed_tests(dbt, built_warehouse, copy_of_built_warehouse):
    assert built_warehouse[1].result is not None, failed_nodes(built_warehouse[1])
    connection = duckdb.connect(str(copy_of_built_warehouse))
    for statement in DEFECTS:
        assert connection.execute(statement).fetchone()[0] == 1, statement
    # a result whose student has no record that year: nowhere to count it
    connection.execute(
        "insert into raw_sis.assessments (student_id, test_name, subject, grade_level, "
        "test_date, _school_year, _source_row_number) "
        "values ('S999', 'State Test', 'MATH', '9', '2025-04-16', 2025, 3)"
    )
    connection.close()

    result = dbt(
        copy_of_built_warehouse,
        "test",
        "--select",
        "fct_assessment_proficiency",
        "int_assessment_participants",
        "fct_course_access",
        "fct_school_profile",
        "--exclude",
        "test_type:unit",
    )
    assert not result.success
    outcomes = {}
    for run in result.result.results:
        if str(run.status) != "pass":
            outcomes.setdefault(str(run.status), set()).add(run.node.name)
    return outcomes


def test_each_planted_defect_fails_the_add_up_test_of_its_mart(failed_tests):
    assert failed_tests["fail"] == {
        "fct_assessment_proficiency_school_rows_add_up_to_district_rows",
        "fct_course_access_school_rows_add_up_to_district_rows",
        "fct_school_profile_school_rows_add_up_to_district_rows",
    }


def test_a_result_without_a_student_of_record_warns(failed_tests):
    assert failed_tests["warn"] == {
        "int_assessment_participants_every_result_has_a_student_of_record"
    }
    assert set(failed_tests) == {"fail", "warn"}
