"""A roster's spreadsheet is a to-do list a person can use; its CSV is the same list for tools.

GIVEN the packet warehouse's rosters (B: Vesper, Wren, Umber; C: nobody enrolled)
WHEN they are written
THEN the .xlsx says on its first line what the list is, whose, as of when and who may see it;
its header is frozen, filtered, readable and sized to the values; an empty list says why; and
the .csv holds the same students in the same order under the model's column names.
"""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from packet_warehouse import YEAR

from release.roster_sheet import COLUMNS
from release.roster_text import empty_reason
from release.rosters import SchoolHeading, roster, write_roster


@pytest.fixture
def written(packet_con, tmp_path):
    def write(name, school_id):
        paths = write_roster(roster(packet_con, name, school_id, YEAR), tmp_path, name)
        return paths[0], load_workbook(paths[1]).active

    return write


def test_the_first_line_says_what_the_list_is_and_who_may_see_it(written):
    _, sheet = written("students_off_track", "B")
    assert sheet["A1"].value == (
        "Students off track to graduate or at high early-warning risk: Beta High School, as of "
        "2026-03-15. Confidential student records (FERPA): for the school's staff who work with "
        "these students; do not forward or print for anyone else."
    )
    assert sheet["A2"].value == (
        "3 students. Ranked by early-warning tier (high risk first), then number of reasons, then "
        "name. No earlier release of the 2025-26 school year to compare with: every student is "
        "marked new."
    )


def test_header_frozen_filtered_and_readable(written):
    _, sheet = written("students_off_track", "B")
    assert sheet.freeze_panes == "A4"  # the two heading lines and the header stay in view
    # 20 columns (A-T), the header on row 3 and B's 3 students on rows 4-6
    assert sheet.auto_filter.ref == "A3:T6"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:8] == [
        "Rank",
        "Since the last release",
        "Last name",
        "First name",
        "Grade",
        "Early-warning tier",
        "Reasons",
        "Number of reasons",
    ]
    assert not any("_" in header for header in headers)  # no database codes as headers
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=6)]
    assert [row[:6] for row in rows] == [
        [1, "New", "Vesper", "Bea", "11", "High risk"],
        [2, "New", "Wren", "Xan", "12", None],
        [3, "New", "Umber", "=1+1", "10", None],
    ]
    assert [row[6] for row in rows] == [
        "Attendance: high risk; Course failures: warning",
        "Short of total credits; Short of English credits; Failing core courses",
        "Short of total credits; Failing core courses",
    ]
    assert [row[7] for row in rows] == [2, 3, 2]
    values = [value for row in rows for value in row if isinstance(value, str)]
    codes = ("high_risk", "_short", "still_on")
    assert not any(code in value for value in values for code in codes)
    # a first name that looks like a formula stays text
    assert sheet["D6"].value == "=1+1" and sheet["D6"].data_type == "s"


def test_columns_fit_their_values_up_to_a_cap(written):
    _, sheet = written("students_off_track", "B")
    width = {letter: sheet.column_dimensions[letter].width for letter in "ABCDG"}
    # longest value or header, plus 2: "Rank" 4; "Since the last release" 22; "Last name" 9
    # (Vesper 6); "First name" 10; Reasons: Wren's three labels are 70 characters, capped at 60
    assert width == {"A": 6, "B": 24, "C": 11, "D": 12, "G": 60}
    assert sheet["G5"].alignment.wrap_text  # the capped cell wraps
    assert not sheet["C5"].alignment.wrap_text
    assert sheet["N4"].number_format == "0.0%"  # attendance rate 0.98 shows as 98.0%


def test_the_csv_holds_the_same_list_under_the_models_column_names(written):
    csv_path, sheet = written("students_off_track", "B")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    names = [column for column, _ in COLUMNS["students_off_track"]] + ["reason_keys"]
    assert list(records[0]) == names
    assert [r["student_id"] for r in records] == ["STU-B2", "STU-X1", "STU-B1"]
    assert [r["student_id"] for r in records] == [c.value for c in sheet["S"][3:6]]
    assert records[0]["reason_keys"] == "attendance_high_risk; course_fs_warning"
    assert records[0]["change_since_last_release"] == "new"


def test_an_empty_roster_says_why(written):
    csv_path, sheet = written("students_off_track", "C")
    assert sheet["A1"].value.startswith(
        "Students off track to graduate or at high early-warning risk: Cedar Elementary School, "
        "as of 2026-03-15."
    )
    assert sheet["A2"].value == "No student is enrolled at the school on the as-of date."
    assert sheet.auto_filter.ref == "A3:T3" and sheet.max_row == 3  # the header, no student
    assert csv_path.read_text(encoding="utf-8").count("\n") == 1  # the CSV's header only


HIGH = SchoolHeading(
    "H", "High", "2026-03-15", students_enrolled=500, students_with_early_warning=500,
    students_judged_for_on_track=500, students_judged_for_chronic_absence=480,
    early_warning_lowest_grade=6, chronic_absence_min_days_enrolled=10,
    chronic_absence_threshold=0.1,
)  # fmt: skip
ELEMENTARY = replace(HIGH, students_with_early_warning=0, students_judged_for_on_track=0)
MIDDLE = replace(HIGH, students_judged_for_on_track=0)
JUST_OPENED = replace(HIGH, students_judged_for_chronic_absence=0)


class _Empty:
    def __init__(self, name, heading):
        self.name, self.heading = name, heading


@pytest.mark.parametrize(
    ("name", "heading", "reason"),
    [
        ("students_off_track", ELEMENTARY, "No student in grades 6-12: early warning applies "
         "from grade 6, the off-track indicator from grade 9."),
        ("students_off_track", MIDDLE, "No student is at high early-warning risk. The off-track "
         "indicator applies from grade 9, and the school has no student in grades 9-12."),
        ("students_off_track", HIGH,
         "No student is off track to graduate or at high early-warning risk."),
        ("chronic_absence", JUST_OPENED, "No student has been enrolled here the 10 days that "
         "chronic absence is judged on yet."),
        ("chronic_absence", HIGH, "No student is chronically absent: none has missed 10% or more "
         "of the days enrolled here."),
        ("chronic_absence", replace(HIGH, students_enrolled=0),
         "No student is enrolled at the school on the as-of date."),
    ],
)  # fmt: skip
def test_each_kind_of_empty_list_has_its_reason(name, heading, reason):
    assert empty_reason(_Empty(name, heading)) == reason
