"""The two rules every student-level mart that feeds a roster shares."""

from expectations.spec import Expectation


def roster_students_are_enrolled_in_their_school(table: str) -> Expectation:
    return Expectation(
        name=f"{table}_roster_students_are_enrolled_in_that_school_on_the_as_of_date",
        severity="school",
        gx_type="ExpectColumnValuesToBeBetween",
        kwargs={"column": "students_not_enrolled_here", "min_value": 0, "max_value": 0},
        frame="roster",
        checks=f"Every student a school's roster would take from {table} is enrolled in that "
        "school on the as-of date (dim_student.is_enrolled_at_as_of and school_id).",
        why_it_matters="FERPA: a principal may see records only of their own students. A "
        "student listed at the wrong school would be disclosed to another school.",
        how_to_fix=f"Compare the school's rows in {table} with dim_student for the release year; "
        "usually a transfer whose exit date is missing. The school's packet waits until fixed.",
    )


def row_count_matches(table: str, expected: str) -> Expectation:
    return Expectation(
        name=f"{table}_has_a_row_for_every_student_it_should",
        severity="critical",
        gx_type="ExpectColumnValuesToBeBetween",
        kwargs={"column": "rows_missing_or_extra", "min_value": 0, "max_value": 0},
        frame="row_count",
        checks=f"The release year's row count of {table} equals the count of {expected}.",
        why_it_matters="A missing student is missing from the principal's list of students to "
        "act for; an extra one is counted twice.",
        how_to_fix=f"Rerun dbt and compare {table} with dim_student for the release year.",
    )
