"""`import_oneroster` on hand-written 1.0, 1.1 and 1.2 bundles: the fold, the spells, the gaps."""

from __future__ import annotations

import shutil

import pytest

from ingestion.errors import ContractViolation
from ingestion.importers.oneroster import import_oneroster
from ingestion.importers.oneroster_source import OneRosterBundle
from tests.importers.conftest import FIXTURES, contract_rows

STUDENT = "sourcedId,role,givenName,familyName,grades\n{id},student,A,B,09\n"
DEMOGRAPHICS_HEADER = (
    "sourcedId,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
    "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
    "hispanicOrLatinoEthnicity\n"
)


@pytest.fixture(scope="module")
def v1p1(tmp_path_factory):
    out = tmp_path_factory.mktemp("oneroster")
    return out, import_oneroster(FIXTURES / "oneroster_v1p1", out, 2025)


def test_students_fold_race_map_sex_and_read_every_date_format(v1p1):
    out, _ = v1p1
    students = {r["student_id"]: r for r in contract_rows(out, "sis/students")}
    # U5 is marked tobedeleted and the teacher U4 is not a student.
    assert sorted(students) == ["U1", "U2", "U3"]
    # U1: Hispanic and White -> hispanic; U2: Asian and White -> two_or_more; U3: Black.
    # Dates: ISO, ISO with time and Z, US month/day/year.
    assert [(s["race_ethnicity"], s["sex"], s["birth_date"]) for s in students.values()] == [
        ("hispanic", "F", "2010-03-04"),
        ("two_or_more", "M", "2009-12-01"),
        ("black", "X", "2011-05-06"),
    ]
    # OneRoster has no program flags: written N and reported.
    assert {
        students["U1"][f] for f in ("economically_disadvantaged", "homeless", "foster_care")
    } == {"N"}


@pytest.mark.parametrize(
    ("booleans", "expected"),
    [
        ("false,false,false,false,false,false,false", ""),
        ("true,false,false,false,false,false,false", "american_indian"),
        ("false,false,false,true,false,false,false", "pacific_islander"),
        ("false,false,false,false,false,true,false", "two_or_more"),
        ("true,false,true,false,false,false,true", "hispanic"),
        ("false,true,true,false,false,false,false", "two_or_more"),
    ],
)
def test_the_race_fold_rule(tmp_path, booleans, expected):
    (tmp_path / "users.csv").write_text(STUDENT.format(id="X1"))
    (tmp_path / "demographics.csv").write_text(
        DEMOGRAPHICS_HEADER + f"X1,2010-01-01,female,{booleans}\n"
    )
    import_oneroster(tmp_path, tmp_path / "out", 2025)
    [student] = contract_rows(tmp_path / "out", "sis/students")
    assert student["race_ethnicity"] == expected


def test_spells_run_from_the_first_class_begin_to_the_last_end(v1p1):
    out, _ = v1p1
    assert contract_rows(out, "sis/enrollments") == [
        # U1: C1 2024-08-19..2025-06-06 and C2 with no dates (its term T2): open at the year's end.
        {
            "student_id": "U1",
            "school_id": "H1",
            "grade_level": "09",
            "entry_date": "2024-08-19",
            "exit_date": "",
            "exit_code": "",
            "class_of": "2028",
        },
        # U2 left on 2025-02-14, before the last session day 2025-06-06: exit code unknown.
        {
            "student_id": "U2",
            "school_id": "H1",
            "grade_level": "10",
            "entry_date": "2024-09-03",
            "exit_date": "2025-02-14",
            "exit_code": "unknown",
            "class_of": "2027",
        },
        # U3: begin 8/26/2024, no end: its class's term T1 ends 2024-12-20.
        {
            "student_id": "U3",
            "school_id": "M1",
            "grade_level": "07",
            "entry_date": "2024-08-26",
            "exit_date": "2024-12-20",
            "exit_code": "unknown",
            "class_of": "2030",
        },
    ]


def test_schools_take_grades_from_their_students_and_level_from_the_seed(v1p1):
    out, _ = v1p1
    # The district org D1 is not a school.
    assert [
        (
            s["school_id"],
            s["school_level"],
            s["grade_low"],
            s["grade_high"],
            s["is_charter"],
            s["status"],
        )
        for s in contract_rows(out, "sis/schools")
    ] == [("H1", "high", "09", "10", "N", "open"), ("M1", "middle", "07", "07", "N", "open")]


def test_report_names_what_oneroster_cannot_provide(v1p1):
    _, report = v1p1
    for extract in ("sis/attendance", "sis/course_marks", "hr/*", "finance/*", "sis/calendar"):
        assert extract in report.extracts_not_filled
    assert (
        "OneRoster has no program flags" in report.fields_not_filled["sis/students.english_learner"]
    )
    assert report.rows_quarantined == {}


def test_version_1_0_without_manifest_and_with_1_0_header_names(tmp_path):
    import_oneroster(FIXTURES / "oneroster_v1p0", tmp_path, 2025)
    # termSourcedId (1.0) finds the class's term for an enrollment without dates.
    assert contract_rows(tmp_path, "sis/enrollments") == [
        {
            "student_id": "P1",
            "school_id": "S9",
            "grade_level": "KG",
            "entry_date": "2024-08-19",
            "exit_date": "",
            "exit_code": "",
            "class_of": "",
        },
    ]
    [school] = contract_rows(tmp_path, "sis/schools")
    assert (school["school_level"], school["grade_low"]) == ("elementary", "KG")


def test_version_1_2_roles_file_and_a_delta_file_left_unread(tmp_path):
    report = import_oneroster(FIXTURES / "oneroster_v1p2", tmp_path, 2025)
    # users.csv has no role column in 1.2: roles.csv says V1 is a student.
    [student] = contract_rows(tmp_path, "sis/students")
    assert (student["student_id"], student["birth_date"], student["sex"]) == ("V1", "", "")
    assert "delta" in report.extracts_not_filled["oneroster demographics.csv"]
    assert report.required_empty["sis/students.birth_date"] == 1
    assert OneRosterBundle(FIXTURES / "oneroster_v1p2").version == "1.2"


def test_an_unmapped_sex_quarantines_the_student(tmp_path):
    (tmp_path / "users.csv").write_text(STUDENT.format(id="X1"))
    (tmp_path / "demographics.csv").write_text(
        DEMOGRAPHICS_HEADER + "X1,2010-01-01,unspecified,false,false,false,false,true,false,false\n"
    )
    report = import_oneroster(tmp_path, tmp_path / "out", 2025)
    assert report.unmapped == {"xwalk_oneroster_sex": {"unspecified": 1}}
    assert report.rows_quarantined["sis/students"] == 1


def test_an_unreadable_date_names_file_line_and_column(tmp_path):
    (tmp_path / "users.csv").write_text(STUDENT.format(id="X1"))
    (tmp_path / "demographics.csv").write_text(
        DEMOGRAPHICS_HEADER + "X1,31.12.2010,male,false,false,false,false,true,false,false\n"
    )
    with pytest.raises(ContractViolation) as error:
        import_oneroster(tmp_path, tmp_path / "out", 2025)
    assert (error.value.path.name, error.value.line, error.value.column) == (
        "demographics.csv",
        2,
        "birthDate",
    )


def test_a_row_with_too_many_fields_names_file_and_line(tmp_path):
    (tmp_path / "users.csv").write_text("sourcedId,role\nX1,student\nX2,student,extra\n")
    with pytest.raises(ContractViolation) as error:
        import_oneroster(tmp_path, tmp_path / "out", 2025)
    assert (error.value.path.name, error.value.line) == ("users.csv", 3)


def test_a_bulk_file_the_manifest_declares_but_is_missing(tmp_path):
    shutil.copytree(FIXTURES / "oneroster_v1p1", tmp_path / "bundle")
    (tmp_path / "bundle" / "enrollments.csv").unlink()
    with pytest.raises(ContractViolation, match="declares bulk, file missing") as error:
        import_oneroster(tmp_path / "bundle", tmp_path / "out", 2025)
    assert error.value.column == "file.enrollments"
