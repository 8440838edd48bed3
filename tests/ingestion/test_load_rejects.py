"""Rows that break a column rule or repeat a key: quarantined with reasons, never dropped."""

import json
from pathlib import Path

import pytest

from ingestion.errors import ContractViolation

FIXTURES = Path(__file__).parent / "fixtures"


def _quarantine(ws, extract):
    return ws.rows(
        "select source_row_number, reasons, record from raw_quarantine.rejected_rows "
        "where extract = ? order by source_row_number",
        [extract],
    )


def _assert_every_row_accounted_for(ws, result):
    file = result.files[0]
    assert file.rows_loaded + file.rows_rejected == file.rows_in_file
    assert ws.rows(f"select count(*) from {result.table}") == [(file.rows_loaded,)]
    assert ws.rows(
        "select count(*) from raw_quarantine.rejected_rows where extract = ?", [result.extract]
    ) == [(file.rows_rejected,)]


def test_bad_student_values_are_quarantined_with_each_reason(ws):
    # GIVEN 9 students: 2 good, 7 with a bad date, code, flag or empty required value
    ws.use("bad_values")
    # WHEN loaded
    result = ws.load("sis", "students")
    # THEN the 2 good rows load and the 7 others are quarantined, counted by reason
    file = result.files[0]
    assert (file.rows_in_file, file.rows_loaded, file.rows_rejected) == (9, 2, 7)
    assert file.rejected_by_reason == {
        "birth_date: not an ISO date (YYYY-MM-DD)": 2,
        "birth_date: required value is empty": 1,
        "economically_disadvantaged: not a Y/N flag": 1,
        "first_name: required value is empty": 1,
        "race_ethnicity: not in code set 'race_ethnicity'": 1,
        "sex: not in code set 'sex'": 1,
        "student_id: required value is empty": 1,
    }
    # A padded date is fine (staging trims); the raw value is kept as received.
    assert ws.rows("select student_id, birth_date, _source_row_number from raw_sis.students") == [
        ("S001", "2010-01-05", 1),
        ("S009", " 2012-12-31 ", 9),
    ]
    quarantined = _quarantine(ws, "students")
    assert [(row, reasons) for row, reasons, _ in quarantined] == [
        (2, ["birth_date: '2024-02-30' is not an ISO date (YYYY-MM-DD)"]),  # no such day
        (3, ["birth_date: '2011/03/04' is not an ISO date (YYYY-MM-DD)"]),
        (4, ["sex: 'Q' is not in code set 'sex'"]),
        (5, ["student_id: required value is empty"]),
        (6, ["first_name: required value is empty"]),  # whitespace only
        (7, ["economically_disadvantaged: 'Yes' is not a Y/N flag"]),
        (
            8,
            [
                "birth_date: required value is empty",
                "race_ethnicity: 'martian' is not in code set 'race_ethnicity'",
            ],
        ),
    ]
    # AND the record holds the whole row as received
    assert json.loads(quarantined[4][2]) == {
        "student_id": "S006",
        "state_student_id": "T006",
        "first_name": "   ",
        "last_name": "Ray",
        "birth_date": "2011-03-04",
        "sex": " f ",
        "race_ethnicity": "WHITE",
        "economically_disadvantaged": "N",
        "english_learner": "N",
        "students_with_disabilities": "N",
        "homeless": "N",
        "foster_care": "N",
    }
    _assert_every_row_accounted_for(ws, result)
    # AND neither the summary nor its text carries a value from a row
    text = json.dumps(result.summary()) + "\n".join(result.summary_lines())
    assert "2024-02-30" not in text and "S004" not in text and "martian" not in text


def test_integer_and_range_rules(ws):
    ws.use("bad_values")
    result = ws.load("sis", "enrollments")
    assert result.files[0].rejected_by_reason == {
        "class_of: above maximum 2100": 1,
        "class_of: below minimum 1900": 1,
        "class_of: not an integer": 1,
        "exit_code: not in code set 'exit_code'": 1,
        "exit_date: not an ISO date (YYYY-MM-DD)": 1,
        "grade_level: not in code set 'grade_level'": 1,
    }
    assert [(row, reasons) for row, reasons, _ in _quarantine(ws, "enrollments")] == [
        (2, ["grade_level: '9' is not in code set 'grade_level'"]),
        (3, ["class_of: '20x7' is not an integer"]),
        (4, ["class_of: '1850' is below minimum 1900"]),
        (5, ["class_of: '2101' is above maximum 2100"]),
        (
            7,
            [
                "exit_date: '2024-13-01' is not an ISO date (YYYY-MM-DD)",
                "exit_code: 'moved' is not in code set 'exit_code'",
            ],
        ),
    ]
    # '+2037' is an integer with a sign; 'KG' matches without regard to case
    assert ws.rows("select student_id from raw_sis.enrollments order by 1") == [
        ("S001",),
        ("S006",),
    ]
    _assert_every_row_accounted_for(ws, result)


def test_decimal_rules(ws):
    ws.use("bad_values")
    result = ws.load("hr", "staff_assignments")
    assert [(row, reasons) for row, reasons, _ in _quarantine(ws, "staff_assignments")] == [
        (2, ["fte: '1.5' is above maximum 1"]),
        (3, ["base_salary: '-10' is below minimum 0"]),
        (4, ["fte: 'half' is not a decimal number"]),
        (5, ["base_salary: '1e5' is not a decimal number"]),  # no exponents
    ]
    _assert_every_row_accounted_for(ws, result)


def test_repeated_primary_key_keeps_the_first_row(ws):
    # GIVEN attendance where rows 3 and 5 repeat row 1's key (code case and spaces differ),
    # rows 7 and 8 repeat row 4's, and row 6 differs only by the student id's case
    ws.use("duplicates")
    result = ws.load("sis", "attendance")
    # THEN the first of each key loads, later repeats are quarantined pointing at it
    assert ws.rows("select _source_row_number from raw_sis.attendance order by 1") == [
        (1,),
        (2,),
        (4,),
        (6,),
    ]
    assert [(row, reasons) for row, reasons, _ in _quarantine(ws, "attendance")] == [
        (3, ["duplicate primary key (first at row 1)"]),
        (5, ["duplicate primary key (first at row 1)"]),
        (7, ["duplicate primary key (first at row 4)"]),
        (
            8,
            [
                "day_fraction_absent: '2' is above maximum 1",
                "duplicate primary key (first at row 4)",
            ],
        ),
    ]
    # AND duplicates count as one reason whatever row they point at
    assert result.files[0].rejected_by_reason == {
        "duplicate primary key": 4,
        "day_fraction_absent: above maximum 1": 1,
    }
    _assert_every_row_accounted_for(ws, result)


def test_extract_without_primary_key_keeps_identical_rows(ws):
    ws.use("duplicates")
    result = ws.load("hr", "professional_learning")
    assert (result.files[0].rows_loaded, result.files[0].rows_rejected) == (2, 0)


def test_crosswalk_seed_codes_are_accepted(ws):
    # GIVEN students coded 'Female' and ' female ', which only the district's sex crosswalk knows
    ws.use("crosswalk")
    result = ws.load("sis", "students", seeds_dir=FIXTURES / "crosswalk" / "seeds")
    # THEN those load; 'Hispanic or Latino' has no race crosswalk and is quarantined
    assert ws.rows("select student_id from raw_sis.students order by 1") == [("S1",), ("S3",)]
    assert result.files[0].rejected_by_reason == {
        "race_ethnicity: not in code set 'race_ethnicity'": 1
    }


def test_without_the_crosswalk_seed_district_codes_are_quarantined(ws):
    ws.use("crosswalk")
    # the workspace points at an empty seeds folder: every row breaks a code set, and a file
    # rejected whole fails its extract with the counts (ingestion/guards.py)
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    assert "all 3 rows would be quarantined" in raised.value.message
    assert "2 x sex: not in code set 'sex'" in raised.value.message
    assert "1 x race_ethnicity: not in code set 'race_ethnicity'" in raised.value.message
