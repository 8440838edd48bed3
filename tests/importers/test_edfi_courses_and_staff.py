"""`import_edfi` on fixtures/edfi_xml: courses, marks, assessments, discipline and HR."""

from __future__ import annotations

from tests.importers.conftest import contract_rows, quarantine_rows


def test_courses_level_core_credits_and_conflicting_levels(xml_import):
    out, report = xml_import
    courses = {r["course_code"]: r for r in contract_rows(out, "sis/courses")}
    assert [
        courses["ALG-1"][c] for c in ("subject_area", "course_level", "is_core", "credit_value")
    ] == [
        "math",
        "general",
        "Y",
        "1.00",
    ]
    assert [
        courses["AP-CHEM"][c] for c in ("subject_area", "course_level", "is_core", "credit_value")
    ] == [
        "science",
        "ap",
        "N",
        "0.5",
    ]
    [held] = quarantine_rows(out, "edfi", "sis/courses")
    assert held["course_code"] == "HON-AP" and "disagree" in held["_import_problems"]
    assert report.rows_skipped["sis/courses"] == {
        "a course code another organization also defines": 1
    }


def test_course_marks_term_credits_teacher_and_missing_transcript(xml_import):
    out, _ = xml_import
    marks = {r["student_id"]: r for r in contract_rows(out, "sis/course_marks")}
    # The final mark takes the session's term and the transcript's credits.
    assert [
        marks["S1"][c]
        for c in (
            "course_code",
            "term",
            "mark",
            "is_final",
            "credits_attempted",
            "credits_earned",
            "teacher_staff_id",
        )
    ] == [
        "ALG-1",
        "S1",
        "B+",
        "Y",
        "1.00",
        "1.00",
        "T1",
    ]
    # A grading-period mark takes its period's term and has earned nothing yet.
    assert [
        marks["S3"][c] for c in ("term", "is_final", "credits_attempted", "credits_earned")
    ] == [
        "Q1",
        "N",
        "1.00",
        "0",
    ]
    [held] = quarantine_rows(out, "edfi", "sis/course_marks")
    assert held["student_id"] == "S2" and "CourseTranscript" in held["_import_problems"]


def test_assessments_subject_scale_score_and_level(xml_import):
    out, report = xml_import
    assert contract_rows(out, "sis/assessments") == [
        {
            "student_id": "S1",
            "test_name": "State Math",
            "subject": "math",
            "grade_level": "09",
            "test_date": "2025-04-01",
            "scale_score": "512",
            "performance_level": "3",
            "is_proficient": "",
        },
    ]
    assert "sis/assessments.is_proficient" in report.fields_not_filled


def test_discipline_takes_the_incident_date_and_skips_no_action(xml_import):
    out, report = xml_import
    assert contract_rows(out, "sis/discipline") == [
        {
            "student_id": "S3",
            "school_id": "100",
            "incident_id": "7",
            "incident_date": "2024-10-01",
            "offense_category": "Fighting",
            "action": "out_of_school_suspension",
            "days_removed": "2",
        },
    ]
    assert sum(report.rows_skipped["sis/discipline"].values()) == 1


def test_staff_assignments_and_certifications(xml_import):
    out, _ = xml_import
    staff = {r["staff_id"]: r for r in contract_rows(out, "hr/staff")}
    assert [
        staff["T1"][c]
        for c in (
            "sex",
            "race_ethnicity",
            "hire_date",
            "separation_date",
            "prior_experience_years",
            "highest_degree",
        )
    ] == [
        "F",
        "black",
        "2020-08-01",
        "",
        "3.50",
        "masters",
    ]
    assert [staff["T2"][c] for c in ("hire_date", "separation_date", "separation_reason")] == [
        "2015-08-01",
        "2025-01-31",
        "retired",
    ]
    # T1's FTE and wage come from the employment at the same school; T2's Dean is unmapped.
    [assignment] = contract_rows(out, "hr/staff_assignments")
    assert [
        assignment[c]
        for c in (
            "staff_id",
            "location_id",
            "position_code",
            "job_category",
            "fte",
            "base_salary",
            "start_date",
        )
    ] == [
        "T1",
        "100",
        "Math Teacher",
        "teacher",
        "0.8",
        "55000",
        "2020-08-01",
    ]
    assert contract_rows(out, "hr/staff_certifications") == [
        {
            "staff_id": "T1",
            "certification_area": "math",
            "certification_type": "standard",
            "issue_date": "2020-06-01",
            "expiration_date": "2026-06-30",
        },
    ]
