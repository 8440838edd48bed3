"""GIVEN the equity fixture district (fixtures/equity, story in its README), loaded by ingestion
WHEN `dbt build` runs every model, unit test and data test
THEN fct_course_access holds the advanced-coursework counts, rates and representation indexes
worked out by hand below from the fixture's rows (fixtures/equity/district.py).

How the 2025 high-school students read off district.py: in each school, students are ordered by
(grade, number); the first round(share x n) of them carry each flag; of color alternates hispanic
(even number in the grade) and black (odd); sex alternates F, M by position.
 0901 (12): positions 0-3 = 9th 0-3, 4-6 = 10th 0-2, 7-9 = 11th 0-2, 10-11 = 12th 0-1.
   economically disadvantaged 9 (pos 0-8), English learner 3 (pos 0-2), disability 2 (pos 0-1),
   of color 10 (pos 0-9: hispanic 6, black 4), white 2 (the 12th graders); F 6, M 6.
   Advanced: APBIO for 9th #0 (pos 0: disadvantaged, EL, disability, hispanic, F) and for
   12th #1 (pos 11: white, M).
 0902 (8): positions 0-1 = 9th, 2-3 = 10th, 4-5 = 11th, 6-7 = 12th.
   economically disadvantaged 2 (pos 0-1), English learner 0, disability 1 (pos 0),
   of color 2 (9th #0 hispanic, 9th #1 black), white 6; F 4 (#0 of each grade), M 4.
   Advanced: 10th #0 APBIO (white F); 11th #0 IBENG and DECOMP with an A, 1 of 1 credit, 3
   college hours (white F); 12th #1 DECOMP failed, 0 credits: enrolled, no hours (white M);
   12th #0 withdrew (W) from APBIO: not an advanced-course student.
"""

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    yield connection
    connection.close()


def course_access(connection, school_year):
    rows = connection.sql(f"""
        select school_id, subgroup, students, advanced_course_students, advanced_course_rate,
               representation_index
        from marts.fct_course_access
        where school_year = {school_year} and reporting_level = 'school'""").fetchall()
    return {(school, subgroup): tuple(values) for school, subgroup, *values in rows}


def test_course_access_counts_advanced_students_and_their_representation_by_subgroup(marts):
    # rate = advanced / students; index = (advanced / school advanced) / (students / school
    # students). 0901: 2 of 12 advanced. Disadvantaged 1 of 9: (1/2) / (9/12) = 2/3. EL 1 of 3:
    # (1/2) / (3/12) = 2. Disability 1 of 2: (1/2) / (2/12) = 3. White 1 of 2: 3. Black 0 of 4: 0.
    # 0902: 3 of 8 advanced (the W does not count). Disadvantaged and disability: nobody, index 0.
    # White 3 of 6: (3/3) / (6/8) = 4/3. F 2 of 4: (2/3) / (4/8) = 4/3; M 1 of 4: 2/3.
    # No English learner at 0902, but the group is in the district's high schools: a row with
    # 0 students and null rate and index.
    approx = pytest.approx
    assert course_access(marts, 2025) == {
        ("0901", "all_students"): (12, 2, approx(1 / 6), 1.0),
        ("0901", "economically_disadvantaged"): (9, 1, approx(1 / 9), approx(2 / 3)),
        ("0901", "english_learner"): (3, 1, approx(1 / 3), approx(2.0)),
        ("0901", "students_with_disabilities"): (2, 1, 0.5, approx(3.0)),
        ("0901", "hispanic"): (6, 1, approx(1 / 6), approx(1.0)),
        ("0901", "black"): (4, 0, 0.0, 0.0),
        ("0901", "white"): (2, 1, 0.5, approx(3.0)),
        ("0901", "F"): (6, 1, approx(1 / 6), approx(1.0)),
        ("0901", "M"): (6, 1, approx(1 / 6), approx(1.0)),
        ("0902", "all_students"): (8, 3, 0.375, 1.0),
        ("0902", "economically_disadvantaged"): (2, 0, 0.0, 0.0),
        ("0902", "english_learner"): (0, 0, None, None),
        ("0902", "students_with_disabilities"): (1, 0, 0.0, 0.0),
        ("0902", "hispanic"): (1, 0, 0.0, 0.0),
        ("0902", "black"): (1, 0, 0.0, 0.0),
        ("0902", "white"): (6, 3, 0.5, approx(4 / 3)),
        ("0902", "F"): (4, 2, 0.5, approx(4 / 3)),
        ("0902", "M"): (4, 1, 0.25, approx(2 / 3)),
    }


def test_course_access_reports_offerings_course_levels_and_college_hours(marts):
    # 0901 runs only APBIO. 0902 runs APBIO (an A and a W), IBENG and DECOMP. DECOMP: 11th #0
    # earned 1 of 1 credit -> 3 x 1/1 = 3 hours; 12th #1 failed with 0 credits -> enrolled, 0 hours.
    rows = marts.sql("""
        select school_id, offers_ap, offers_ib, offers_dual_enrollment, ap_students, ib_students,
               dual_enrollment_students, dual_enrollment_college_credit_hours
        from marts.fct_course_access
        where school_year = 2025 and subgroup = 'all_students'""").fetchall()
    assert {school: tuple(values) for school, *values in rows} == {
        "0901": (True, False, False, 2, 0, 0, 0),
        "0902": (True, True, True, 1, 1, 2, 3),
        None: (True, True, True, 3, 1, 2, 3),  # the district: both schools, offers what either does
    }


def test_course_access_has_no_index_where_nobody_takes_advanced_coursework(marts):
    # Before 2025 nobody has an advanced mark: no school offers anything, every rate is 0 where
    # the group has students, and with no advanced students there is no share to compare.
    rows = marts.sql("""
        select school_id, count(*), bool_or(offers_ap or offers_ib or offers_dual_enrollment),
               sum(advanced_course_students), count(representation_index),
               sum(students) filter (where subgroup = 'all_students')
        from marts.fct_course_access where school_year = 2024 group by school_id""").fetchall()
    # only the two high schools have grade 9-12 students of record; the district sums them
    assert {school: tuple(values) for school, *values in rows} == {
        "0901": (9, False, 0, 0, 12),
        "0902": (9, False, 0, 0, 8),
        None: (9, False, 0, 0, 20),
    }
