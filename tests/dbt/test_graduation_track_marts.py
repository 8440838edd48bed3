"""GIVEN the graduation-track fixture district (fixtures/graduation_track), loaded by ingestion
WHEN `dbt build` runs every model, unit test and data test
THEN the marts hold the numbers worked out by hand below, from the fixture's rows.

The fixture (two high schools, 0901 and 0902, school years 2021-2025) keeps the arithmetic short:
each year has 20 instructional days, 10 in September and 10 in June.
  2025 days: Sep 3 4 5 6 9 10 11 12 13 16 and Jun 2 3 4 5 6 9 10 11 12 13 (Sep 2 is not one).

Cohort entering grade 9 in 2021 (4-year deadline 2024-08-31, 5-year 2025-08-31):
  A01 0901 graduates 2024-06-14           A07 0901 GED 2023
  A02 0901 graduates 2024-07-15 (summer)  A08 0901 graduates 2023 (early)
  A03 0901 5th year, graduates 2025-06-13 A09 0902 transfers in, grade 11 in 2023; graduates 2024
  A04 0901 transfer_out_documented 2022   A10 0901 then 0902 from 2022; graduates 2024 at 0902
  A05 0901 'unknown' exit 2022            A11 0901 certificate 2024
  A06 0901 dropout 2023                   A12 0901 graduates 2024-09-05 (after the 4-year deadline)
Freshmen of 2025 at 0901: F01, F02, F03, F05 (arrives Jun 3: 9 days), F06; F04 repeats grade 9
(first in 2024) and moves to 0902 on Jun 5.
"""

import shutil

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(graduation_track_warehouse):
    connection = duckdb.connect(str(graduation_track_warehouse), read_only=True)
    yield connection
    connection.close()


def one(connection, sql):
    rows = connection.sql(sql).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def by_key(connection, sql):
    return {row[0]: row[1:] for row in connection.sql(sql).fetchall()}


# ---- attendance (EDFacts FS195) ----


def test_attendance_in_2025_counts_enrolled_instructional_days_and_absences(marts):
    rows = by_key(
        marts,
        "select student_id || '@' || coalesce(school_id, 'district'), days_enrolled, "
        "days_absent, attendance_rate, is_chronically_absent "
        "from marts.fct_student_attendance where school_year = 2025 "
        "and student_id in ('F01', 'F02', 'F03', 'F04', 'F05')",
    )
    # F01: absent Sep 10 and Jun 4; the tardy (Sep 11) and the absence on Sep 2 (no school) do not
    # count: 2 / 20 = exactly 10% -> chronically absent.
    assert rows["F01@0901"] == (20, 2, 0.9, True)
    assert rows["F01@district"] == (20, 2, 0.9, True)
    # F02: three half days (1.5) and an out-of-school suspension (1); the early dismissal does
    # not count: 2.5 / 20 = 12.5%.
    assert rows["F02@0901"] == (20, 2.5, 0.875, True)
    # F03: never absent.
    assert rows["F03@0901"] == (20, 0, 1.0, False)
    # F04 moves on Jun 5: 0901 Sep 3-16 and Jun 2-4 = 13 days, 1 absent (7.7%: not chronic);
    # 0902 Jun 5-13 = 7 days, 1 absent (under 10 days: not judged); district 2 / 20 = 10%.
    assert rows["F04@0901"][:2] == (13, 1)
    assert rows["F04@0901"][3] is False
    assert rows["F04@0902"][:2] == (7, 1)
    assert rows["F04@0902"][3] is None
    assert rows["F04@district"] == (20, 2, 0.9, True)
    # F05 arrives Jun 3: 9 days, 1 absent -> enrolled under 10 days, not judged.
    assert rows["F05@0901"][:2] == (9, 1)
    assert rows["F05@0901"][3] is None


# ---- course performance, on-track, freshman on-track ----


def test_course_performance_credits_fs_and_gpa(marts):
    rows = by_key(
        marts,
        "select student_id, credits_attempted, credits_earned, cumulative_credits_earned, "
        "core_semester_fs, gpa_unweighted, gpa_weighted "
        "from marts.fct_student_course_performance where school_year = 2025",
    )
    # F01: 12 semester marks of 0.5; F in ALG1 S2 (core) and PE S1 (not core): 6 - 1 = 5 earned.
    # GPA over the 11 graded marks (PE S2 is a P): A 4 + B 3 + C 2 + F 0 + B+ 3.3 + B 3 + A- 3.7
    # + B 3 + A 4 + A 4 + F 0 = 30 -> 30/11; weighted adds 1.0 to each AP mark: 32/11.
    f01 = rows["F01"]
    assert f01[:4] == (6, 5, 5, 1)
    assert f01[4] == pytest.approx(30 / 11, abs=1e-3)
    assert f01[5] == pytest.approx(32 / 11, abs=1e-3)
    # F02: F in ENG9 S1 and BIO S2, both core: 2 semester F's, 5 earned.
    assert rows["F02"][:4] == (6, 5, 5, 2)
    # F03: 9 semester marks (4.5) plus a summer English mark (0.5).
    assert rows["F03"][:4] == (5, 5, 5, 0)
    # F04 repeats grade 9: 2024 earns 1 (ALG1), 2025 earns 1 (ENG9): cumulative 2.
    assert one(
        marts,
        "select credits_earned, cumulative_credits_earned, core_semester_fs "
        "from marts.fct_student_course_performance where student_id = 'F04' and school_year = 2024",
    ) == (1, 1, 4)  # F in ENG9 S1 and S2, and a full-year F in BIOFY counting as two semesters
    assert one(
        marts,
        "select credits_earned, cumulative_credits_earned "
        "from marts.fct_student_course_performance where student_id = 'F04' and school_year = 2025",
    ) == (1, 2)


def test_freshman_on_track_follows_the_uchicago_indicator(marts):
    rows = by_key(
        marts,
        "select student_id, is_freshman_on_track from marts.fct_freshman_on_track "
        "where school_year = 2025",
    )
    # F01 5 credits and 1 core F: on track. F02 5 credits but 2 core F's: off. F03 4.5 credits
    # in fall and spring (the summer half credit does not count): off. F05 no credits: off.
    # F06 6 credits: on. F04 is not a first-time 9th grader in 2025.
    assert rows == {
        "F01": (True,),
        "F02": (False,),
        "F03": (False,),
        "F05": (False,),
        "F06": (True,),
    }
    assert by_key(
        marts,
        "select student_id, is_freshman_on_track from marts.fct_freshman_on_track "
        "where school_year = 2024",
    ) == {"F04": (False,)}


def test_on_track_against_the_requirements_at_the_end_of_grade_9(marts):
    rows = by_key(
        marts,
        "select student_id, is_on_track, off_track_reasons from marts.fct_student_on_track "
        "where school_year = 2025 and grade_level = '09'",
    )
    # End of grade 9 expects 6 credits, 1 English, 1 math. F01: 5 total, math 0.5, and chronically
    # absent. F03: 5 total (summer counts here). F06: 6 total, English 1, math 1, on track.
    assert rows["F06"] == (True, None)
    assert rows["F01"][0] is False
    assert set(rows["F01"][1].split("; ")) == {
        "total_credits_short",
        "math_credits_short",
        "chronically_absent",
    }
    assert rows["F03"] == (False, "total_credits_short")
    # F02: 5 total, English 0.5 (the S1 F), two core F's, and chronically absent.
    assert set(rows["F02"][1].split("; ")) == {
        "total_credits_short",
        "english_credits_short",
        "core_semester_fs",
        "chronically_absent",
    }


def test_a_transfer_in_without_a_district_transcript_is_not_off_track_for_credits(marts):
    # A09 arrives in grade 11 in 2023 with no marks in the district.
    assert one(
        marts,
        "select has_incomplete_history, is_on_track from marts.fct_student_on_track "
        "where student_id = 'A09' and school_year = 2023",
    ) == (True, True)


# ---- adjusted cohort graduation rate (34 CFR 200.19(b)) ----


def test_four_and_five_year_rates_of_the_2021_cohort(marts):
    rows = by_key(
        marts,
        "select coalesce(school_id, 'district'), adjusted_cohort, four_year_graduates, "
        "four_year_graduation_rate, five_year_adjusted_cohort, five_year_graduates, "
        "five_year_graduation_rate from marts.fct_cohort_graduation "
        "where entering_school_year = 2021 and subgroup = 'all_students'",
    )
    # 12 members (11 first-time 9th graders + A09), minus A04's documented transfer: 11.
    # 4-year graduates: A01, A02 (summer), A08 (early), A09, A10 = 5. A12 (Sep 5) is late.
    # 5-year adds A03 and A12: 7.
    assert rows["district"] == (11, 5, pytest.approx(5 / 11), 11, 7, pytest.approx(7 / 11))
    # A10 is attributed to 0902 (last school), with A09: 2 of 2.
    assert rows["0902"] == (2, 2, 1.0, 2, 2, 1.0)
    # 0901: A01-A08, A11, A12 less A04 = 9; graduates A01, A02, A08; 5-year + A03, A12.
    assert rows["0901"] == (9, 3, pytest.approx(3 / 9), 9, 5, pytest.approx(5 / 9))


def test_cohort_adjustments_are_counted(marts):
    counts = one(
        marts,
        "select transferred_in, transferred_out_documented, dropouts, ged_completers, "
        "certificate_completers from marts.fct_cohort_graduation "
        "where entering_school_year = 2021 and reporting_level = 'district' "
        "and subgroup = 'all_students'",
    )
    assert counts == (1, 1, 1, 1, 1)


def test_cohort_subgroup_is_the_status_in_the_last_year_in_the_cohort(marts):
    # Economically disadvantaged: A01 in 2021-2023 but not in 2024 (her last year): out.
    # A06 (dropout, last year 2023) and A09 (graduate) are in: 1 of 2.
    assert one(
        marts,
        "select adjusted_cohort, four_year_graduates from marts.fct_cohort_graduation "
        "where entering_school_year = 2021 and reporting_level = 'district' "
        "and subgroup = 'economically_disadvantaged'",
    ) == (2, 1)


# ---- early warning and the summary ----


def test_early_warning_tiers(marts):
    rows = by_key(
        marts,
        "select student_id, attendance_tier, suspension_tier, course_tier "
        "from marts.fct_early_warning where school_year = 2025",
    )
    # F01: attendance 90% is not under 90%; no out-of-school suspension (hers was in school);
    # one core F -> warning.
    assert rows["F01"] == ("none", "none", "warning")
    # F02: 87.5% (warning), one out-of-school suspension (warning), two core F's (high risk).
    assert rows["F02"] == ("warning", "warning", "high_risk")
    assert rows["F06"] == ("none", "none", "none")


def test_summary_rates_for_grade_9_in_2025(marts):
    rows = by_key(
        marts,
        "select coalesce(school_id, 'district'), n, on_track_count, on_track_evaluated, "
        "freshman_on_track_count, freshman_on_track_evaluated, chronically_absent_count, "
        "chronic_absence_eligible from marts.fct_on_track_summary where school_year = 2025 "
        "and grade_level = '09' and subgroup = 'all_students'",
    )
    # 0901 of record: F01, F02, F03, F05, F06 (F04 ends the year at 0902). On track: F06.
    # Freshmen on track: F01, F06 of 5. Chronic at 0901: F01, F02 of the 4 with 10+ days there.
    assert rows["0901"] == (5, 1, 5, 2, 5, 2, 4)
    # District adds F04 (repeater, off track, chronically absent across schools, 20 days).
    assert rows["district"] == (6, 1, 6, 2, 5, 3, 5)


# ---- a mid-year release: the same district as of 2024-09-16 ----


@pytest.fixture(scope="module")
def mid_year(dbt, graduation_track_warehouse, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("mid_year") / "warehouse.duckdb"
    shutil.copy(graduation_track_warehouse, warehouse)
    result = dbt(warehouse, "run", "--vars", "{k12_as_of_date: '2024-09-16'}")
    assert result.success
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def test_a_mid_year_release_counts_attendance_to_date(mid_year):
    rows = by_key(
        mid_year,
        "select student_id, days_enrolled, days_absent, is_chronically_absent "
        "from marts.fct_student_attendance where school_year = 2025 "
        "and reporting_level = 'district'",
    )
    # Sep 3-16 is 10 days. F01: Sep 10 only (her June absence has not happened): 10%.
    # F02: three half days, 15% (the June suspension has not happened). F04 is still at 0901.
    # F05 arrives in June: no row yet. A12 graduated on Sep 5: 3 days, not judged.
    assert rows == {
        "A03": (10, 0, False),
        "A12": (3, 0, None),
        "F01": (10, 1, True),
        "F02": (10, 1.5, True),
        "F03": (10, 0, False),
        "F04": (10, 1, True),
        "F06": (10, 0, False),
    }


def test_a_mid_year_release_judges_on_track_at_the_previous_grade(mid_year):
    rows = by_key(
        mid_year,
        "select student_id, is_on_track, off_track_reasons from marts.fct_student_on_track "
        "where school_year = 2025 and grade_level = '09'",
    )
    # Nothing is expected before the end of grade 9, so only this year's reasons apply.
    assert rows["F01"] == (False, "chronically_absent")
    assert rows["F03"] == (True, None)
    assert rows["F06"] == (True, None)
    assert set(rows["F02"][1].split("; ")) == {"core_semester_fs", "chronically_absent"}
    assert by_key(
        mid_year,
        "select student_id, freshman_on_track_status from marts.fct_freshman_on_track "
        "where school_year = 2025",
    ) == {
        "F01": ("not_yet_known",),
        "F02": ("off_track",),  # two core F's cannot be undone
        "F03": ("not_yet_known",),
        "F06": ("not_yet_known",),
    }


def test_a_mid_year_release_keeps_the_five_year_rate_provisional(mid_year):
    # A12 graduated on Sep 5 (before the as-of date); A03 graduates in June (after it).
    assert one(
        mid_year,
        "select four_year_graduates, five_year_graduates, is_five_year_deadline_passed "
        "from marts.fct_cohort_graduation where entering_school_year = 2021 "
        "and reporting_level = 'district' and subgroup = 'all_students'",
    ) == (5, 6, False)
