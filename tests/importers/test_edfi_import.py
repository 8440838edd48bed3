"""`import_edfi` on a hand-written Ed-Fi district: every mapped field, unknown descriptors, gaps.

The fixture (fixtures/edfi_xml) is a DS 5 district of two schools, four students and two staff;
fixtures/edfi_json holds the same students, schools, enrollments and attendance as API JSON lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.errors import ContractViolation
from ingestion.importers.edfi import import_edfi
from tests.importers.conftest import FIXTURES, contract_rows, quarantine_rows


def test_schools_take_grade_span_level_charter_and_status_from_descriptors(xml_import):
    out, _ = xml_import
    schools = {row["school_id"]: row for row in contract_rows(out, "sis/schools")}
    # GIVEN Lake High lists 10, 9, 12 and Adult Education; Pine is a closed charter middle school
    assert [
        schools["100"][c]
        for c in ("school_level", "grade_low", "grade_high", "is_charter", "status")
    ] == [
        "high",
        "09",
        "12",
        "N",
        "open",
    ]
    assert [
        schools["200"][c]
        for c in ("school_level", "grade_low", "grade_high", "is_charter", "status")
    ] == [
        "middle",
        "06",
        "08",
        "Y",
        "closed",
    ]


def test_students_fold_race_and_set_flags_from_every_association(xml_import):
    out, _ = xml_import
    students = {row["student_id"]: row for row in contract_rows(out, "sis/students")}
    # S1 is Hispanic and White: Hispanic wins. S2 is Asian and White: two or more.
    assert students["S1"]["race_ethnicity"] == "hispanic"
    assert students["S2"]["race_ethnicity"] == "two_or_more"
    assert students["S3"]["race_ethnicity"] == "black"
    flags = (
        "economically_disadvantaged",
        "english_learner",
        "students_with_disabilities",
        "homeless",
        "foster_care",
    )
    # S2: Economic Disadvantaged and Limited English; Immigrant is ignored by the seed.
    assert [students["S2"][f] for f in flags] == ["Y", "Y", "N", "N", "N"]
    # S3: a disability on the district association, Homeless on the school's.
    assert [students["S3"][f] for f in flags] == ["N", "N", "Y", "Y", "N"]
    assert (students["S1"]["sex"], students["S1"]["birth_date"], students["S1"]["last_name"]) == (
        "F",
        "2010-03-04",
        "Ortiz",
    )


def test_an_unknown_descriptor_quarantines_its_row_and_is_reported(xml_import):
    out, report = xml_import
    # GIVEN S4 has a district-namespace characteristic no seed row maps
    assert "S4" not in {row["student_id"] for row in contract_rows(out, "sis/students")}
    [held] = quarantine_rows(out, "edfi", "sis/students")
    assert held["student_id"] == "S4"
    assert "xwalk_edfi_student_characteristic_descriptor" in held["_import_problems"]
    gifted = "uri://lake.example.org/StudentCharacteristicDescriptor#Gifted"
    assert report.unmapped["xwalk_edfi_student_characteristic_descriptor"] == {gifted: 1}
    assert report.rows_quarantined["sis/students"] == 1
    assert any(gifted in line for line in report.lines())


def test_enrollments_crosswalk_grade_exit_type_and_keep_only_the_year(xml_import):
    out, report = xml_import
    rows = contract_rows(out, "sis/enrollments")
    assert rows == [
        {
            "student_id": "S1",
            "school_id": "100",
            "grade_level": "09",
            "entry_date": "2024-08-20",
            "exit_date": "",
            "exit_code": "",
            "class_of": "2028",
        },
        {
            "student_id": "S2",
            "school_id": "200",
            "grade_level": "07",
            "entry_date": "2024-08-20",
            "exit_date": "2025-01-15",
            "exit_code": "transfer_out_documented",
            "class_of": "",
        },
    ]
    # S3's exit type is unknown (quarantined); S1's 2023-24 spell is of another year (skipped).
    assert [r["student_id"] for r in quarantine_rows(out, "edfi", "sis/enrollments")] == ["S3"]
    # S4's Postsecondary spell is outside PK-12 by the seed: skipped, counted.
    assert report.rows_skipped["sis/enrollments"] == {
        "a StudentSchoolAssociation of another school year": 1,
        "the seed marks the grade as outside PK-12": 1,
    }


def test_attendance_durations_present_days_and_missing_durations(xml_import):
    out, report = xml_import
    rows = [
        (r["student_id"], r["date"], r["attendance_code"], r["day_fraction_absent"])
        for r in contract_rows(out, "sis/attendance")
    ]
    # Half-day excused keeps 0.5; a tardy is 0 by the contract's definition; Present is not a row.
    assert rows == [
        ("S1", "2024-08-20", "absent_excused", "0.5"),
        ("S1", "2024-08-21", "tardy", "0"),
        ("S3", "2024-08-26", "absent_unexcused", "1"),
    ]
    problems = [r["_import_problems"] for r in quarantine_rows(out, "edfi", "sis/attendance")]
    assert problems[0] == "an absence without EventDuration"
    assert "Field Trip" in problems[1]
    assert report.rows_skipped["sis/attendance"] == {"the seed marks the category as present": 1}


def test_calendar_merges_tracks_and_leaves_out_other_years(xml_import):
    out, _ = xml_import
    # 2024-08-20 is instructional on the main calendar and a teacher day on track B: instructional.
    assert [(r["date"], r["is_instructional_day"]) for r in contract_rows(out, "sis/calendar")] == [
        ("2024-08-20", "Y"),
        ("2024-09-02", "N"),
    ]


def test_report_names_extracts_ed_fi_cannot_fill(xml_import):
    _, report = xml_import
    assert set(report.extracts_not_filled) == {
        "hr/staff_evaluations",
        "hr/professional_learning",
        "finance/chart_of_accounts",
        "finance/gl_actuals",
        "finance/budget",
    }


def test_api_json_lines_give_the_same_rows_as_xml(xml_import, tmp_path):
    out, _ = xml_import
    report = import_edfi(FIXTURES / "edfi_json", tmp_path, 2025)
    for extract in ("sis/schools", "sis/students", "sis/enrollments", "sis/attendance"):
        assert contract_rows(tmp_path, extract) == contract_rows(out, extract), extract
    # Resources without a file are reported, not guessed.
    assert report.extracts_not_filled["hr/staff"] == "no Staff for 2025 in the source"


def test_a_malformed_xml_file_names_file_and_line(tmp_path):
    (tmp_path / "Student.xml").write_text("<InterchangeStudent>\n<Student>\n</Oops>\n")
    with pytest.raises(ContractViolation) as error:
        import_edfi(tmp_path, tmp_path / "out", 2025)
    assert error.value.path == tmp_path / "Student.xml" and error.value.line == 3


def test_a_bad_json_line_names_file_line_and_column(tmp_path):
    (tmp_path / "students.jsonl").write_text('{"studentUniqueId": "S1"}\n{"studentUniqueId": S2}\n')
    with pytest.raises(ContractViolation) as error:
        import_edfi(tmp_path, tmp_path / "out", 2025)
    assert (error.value.path.name, error.value.line, error.value.column_index) == (
        "students.jsonl",
        2,
        21,
    )


def test_a_folder_without_ed_fi_files_is_refused(tmp_path: Path):
    with pytest.raises(ContractViolation, match="no Ed-Fi"):
        import_edfi(tmp_path, tmp_path / "out", 2025)
