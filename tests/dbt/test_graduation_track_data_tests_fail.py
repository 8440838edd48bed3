"""GIVEN the built graduation-track warehouse with one defect planted in each mart
WHEN `dbt test` runs the marts' data tests
THEN exactly the tests that guard against those defects fail, and no others."""

import shutil

import duckdb
import pytest

DEFECTS = [
    # more absent days than enrolled days, on a district row
    "update marts.fct_student_attendance set days_absent = 25 "
    "where student_id = 'F03' and reporting_level = 'district'",
    # cumulative credits below the year's own credits
    "update marts.fct_student_course_performance set cumulative_credits_earned = 1 "
    "where student_id = 'F01' and school_year = 2025",
    # off track with no reason given
    "update marts.fct_student_on_track set is_on_track = false "
    "where student_id = 'F06' and school_year = 2025",
    # more credits earned than attempted
    "update marts.fct_freshman_on_track set credits_earned = 99 "
    "where student_id = 'F01' and school_year = 2025",
    # a tier with no indicator raised
    "update marts.fct_early_warning set early_warning_tier = 'high_risk' "
    "where student_id = 'F06' and school_year = 2025",
    # more graduates than the adjusted cohort
    "update marts.fct_cohort_graduation set four_year_graduates = 20 "
    "where entering_school_year = 2021 and reporting_level = 'district' "
    "and subgroup = 'all_students'",
    # a rate above 100%
    "update marts.fct_on_track_summary set chronic_absence_rate = 1.5 "
    "where school_year = 2025 and reporting_level = 'district' and grade_level = 'all' "
    "and subgroup = 'all_students'",
    # a school row counting one student more than the district row holds
    "update marts.fct_on_track_summary set n = n + 1 "
    "where school_year = 2025 and reporting_level = 'school' and school_id = '0901' "
    "and grade_level = 'all' and subgroup = 'all_students'",
    # the same student twice in a year
    "insert into marts.dim_student select * from marts.dim_student "
    "where student_id = 'F01' and school_year = 2025",
]


@pytest.fixture(scope="module")
def failed_tests(dbt, graduation_track_warehouse, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("defects") / "warehouse.duckdb"
    shutil.copy(graduation_track_warehouse, warehouse)
    connection = duckdb.connect(str(warehouse))
    for statement in DEFECTS:
        assert connection.execute(statement).fetchone()[0] == 1, statement
    connection.close()

    result = dbt(
        warehouse,
        "test",
        "--select",
        "marts.graduation_track",
        "dim_student",
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
    assert failed_tests["fail"] == {
        "fct_student_attendance__absent_days_do_not_exceed_enrolled_days",
        "fct_student_attendance__present_and_absent_days_make_up_enrolled_days",
        "fct_student_attendance_district_rows_add_up_school_rows",
        # the cumulative total fell below the cumulative core-subject credits as well
        "fct_student_course_performance__cumulative_credits_include_the_year",
        "fct_student_course_performance__core_subject_credits_are_part_of_the_total",
        "fct_student_on_track__off_track_exactly_when_a_reason_is_given",
        "fct_early_warning__no_tier_exactly_when_no_indicator_is_raised",
        # 20 graduates also exceed the five-year graduates and break the cohort's accounting
        "fct_cohort_graduation__four_year_graduates_are_at_most_the_adjusted_cohort",
        "fct_cohort_graduation__four_year_graduates_are_five_year_graduates",
        "fct_cohort_graduation__adjusted_cohort_is_graduates_and_each_kind_of_non_graduate",
        "accepted_range_fct_on_track_summary_chronic_absence_rate__1__0",
        "fct_on_track_summary_school_rows_add_up_to_district_rows",
        "dim_student__one_row_per_student_and_year",
    }


def test_a_rule_the_sis_may_break_only_warns(failed_tests):
    assert failed_tests["warn"] == {
        "fct_freshman_on_track__credits_earned_do_not_exceed_credits_attempted"
    }
    assert set(failed_tests) == {"fail", "warn"}
